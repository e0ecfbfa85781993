"""The PETRARCH2 dictionary converter: `python -m tools.petrarch` (see `convert.py`)."""
