"""`python -m tools.petrarch`: compile the PETRARCH2 dictionaries into detente's data."""

import sys

from .convert import main

sys.exit(main())
