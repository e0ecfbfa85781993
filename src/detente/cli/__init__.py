"""The `detente` command line: a thin shell over the library (Typer + Rich).

```
cli/
  app.py       the Typer app, where every command is registered; main()
  _common.py   consoles, shared options, format choices, checks, opening the store
  ingest.py    ingest, demo, migrate      (write the store)
  browse.py    stats, failures, search, export
  views.py     positions, quotes
  brief.py     brief, timeline
  actors.py    actors (list), actors merge, actors split
  evaluate.py  eval
```
Read-only commands open the store read-only and create nothing; every option is checked
before any work starts.
"""

from detente.cli.app import app, main

__all__ = ["app", "main"]
