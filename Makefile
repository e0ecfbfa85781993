# detente — the two set-up commands of the README, and the checks CI runs.
#   make demo   creates .venv, installs detente and its model, runs the demo job
#   make test   creates .venv with the test extras, runs ruff, mypy and pytest
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CONSTRAINTS := requirements/constraints.txt
PIP := $(BIN)/python -m pip install --disable-pip-version-check -q -c $(CONSTRAINTS)

.PHONY: demo test lint typecheck pytest bench lock docs clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "detente needs Python >= 3.11: run make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q --upgrade "pip>=24.2"

# pip >= 24 is needed: pip 23 silently skips lxml_html_clean, without which trafilatura 2 fails.
$(VENV)/.installed: $(BIN)/python pyproject.toml $(CONSTRAINTS)
	$(PIP) -e .
	@touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml $(CONSTRAINTS)
	$(PIP) -e '.[test]'
	@touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/detente demo --db demo.db

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

pytest: $(VENV)/.installed-test
	$(BIN)/pytest -n 2 -q

test: lint typecheck pytest

bench: $(VENV)/.installed-test
	$(BIN)/python bench/ingest.py

# Refresh the pinned versions after changing dependencies (then commit the file).
lock: $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^detente' > $(CONSTRAINTS)

# Regenerate src/detente/data/petrarch/ from the PETRARCH2 dictionaries (commit the result).
petrarch: $(VENV)/.installed
	$(BIN)/python -m tools.petrarch

docs: $(VENV)/.installed
	$(BIN)/python -m detente.docs > docs/cli.md

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm briefing.html .pytest_cache .mypy_cache .ruff_cache
