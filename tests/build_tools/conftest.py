"""Tests of the site's build tools: they need the site venv (requirements-site.txt).

`make test-browser` runs them there. Under the Python-only venv of `make test-python`
(no Markdown, no pymdown-extensions) this folder is left out instead of failing.
"""

import importlib.util

if not all(importlib.util.find_spec(m) for m in ("markdown", "pymdownx", "markdown_it")):
    collect_ignore_glob = ["test_*.py"]
