"""The browser scripts (docs/**/*.mjs): small, one job each, and wordless.

Every word of an answer, a date or a recap is Python's (calculators/presenter.py,
calculators/training_words.py): a page script only places it. The words the page needs
before Python has started (the status line, the wait) are embedded by the build, from the
same Python. So a sentence in a page script is a sentence Python does not know about.
"""

from __future__ import annotations

import re

from repo_paths import ROOT

SCRIPTS = sorted([*(ROOT / "docs").rglob("*.mjs"), *(ROOT / "docs").rglob("*.js")])
#: The worker's side: it reports in words only where Python could not start, so has no Python to ask.
WORKER_SIDE = {"tool-worker.mjs", "python-setup.mjs", "memory-snapshot.mjs"}
#: Words in a string: a capitalised word, then another ("Not quite", "Your answer: right").
SENTENCE = re.compile(r"""(["'`])[^"'`\n]*?\b[A-Z][a-z]+[:,]? [a-z]+""")
COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)


def test_no_browser_script_is_over_400_lines():
    assert SCRIPTS
    long = {p.relative_to(ROOT).as_posix(): n for p in SCRIPTS if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert not long, long


def test_page_scripts_write_no_sentence_of_their_own():
    found = []
    for path in SCRIPTS:
        if path.name in WORKER_SIDE:
            continue
        code = COMMENT.sub("", path.read_text(encoding="utf-8"))
        code = re.sub(r"console\.\w+\([^)]*\)", "", code)  # the developer's console, not the page
        found += [f"{path.relative_to(ROOT).as_posix()}: {m.group(0)}" for m in SENTENCE.finditer(code)]
    assert not found, found


def test_one_client_of_the_worker():
    """Only worker-client.mjs talks to the worker (tool-start.js creates the tools' pages' one)."""
    talk = [p.name for p in SCRIPTS if "tool-worker.mjs" in COMMENT.sub("", p.read_text(encoding="utf-8"))]
    assert sorted(talk) == ["tool-start.js", "worker-client.mjs"]
