# One command each: `make test` and `make serve` (see README.md).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: test test-python serve clean

$(STAMP): requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $(STAMP)

test: test-python

test-python: $(STAMP)
	$(PY) -m pytest -q tests

clean:
	rm -rf $(VENV) site dist build .pytest_cache .hypothesis
