# One command each: `make test` and `make serve` (see README.md).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: test test-python test-browser site serve chromium bench clean

# The site and the browser tests (build_tools/README.md): their own venv, pinned.
SITE_VENV  := .venv-site
SITE_PY    := $(SITE_VENV)/bin/python
SITE_STAMP := $(SITE_VENV)/.installed
NODE_STAMP := node_modules/.installed
CHROMIUM   := /usr/bin/chromium

$(STAMP): requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $(STAMP)

test: test-python test-browser

test-python: $(STAMP)
	$(PY) -m pytest -q tests

$(SITE_STAMP): requirements-site.txt
	$(PYTHON) -m venv $(SITE_VENV)
	$(SITE_PY) -m pip install --quiet --disable-pip-version-check -r requirements-site.txt
	touch $(SITE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

# The wheel, the pages (mkdocs build --strict), Pyodide and the service worker, into site/.
site: $(SITE_STAMP) $(NODE_STAMP)
	$(SITE_PY) -m build_tools.build_site

serve: site
	$(SITE_PY) -m build_tools.serve

# Debian's Chromium for the browser tests (Playwright's own browser download does not work here).
chromium:
	@test -x $(CHROMIUM) || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

test-browser: site chromium
	$(SITE_PY) -m pytest -q tests/build_tools tests/pages tests/browser

# Speed and size, measured (not tested): prints a table with the budgets' pass/fail and
# writes bench/results/latest.json. It builds the site itself, to time the build.
bench: $(SITE_STAMP) $(NODE_STAMP) chromium
	$(SITE_PY) bench/run.py

clean:
	rm -rf $(VENV) $(SITE_VENV) node_modules site dist build .pytest_cache .hypothesis
