"""The command line run in-process, as the tests use it: a subprocess adds nothing but
start-up time (tests/test_cli.py keeps one run of ``python -m calculators`` as a program)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

from calculators.cli import main
from calculators.rulebook import RULEBOOK_ENV, load


@contextlib.contextmanager
def answering_from(book: Path | None) -> Iterator[None]:
    """Within it, the package answers from ``book`` (a copy of the rulebook), as
    ``$HANDBOOK_RULEBOOK`` makes it; the rulebook read once per process is read again."""
    if book is None:
        yield
        return
    before = os.environ.get(RULEBOOK_ENV)
    os.environ[RULEBOOK_ENV] = str(book)
    load.cache_clear()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(RULEBOOK_ENV, None)
        else:
            os.environ[RULEBOOK_ENV] = before
        load.cache_clear()


def cli(*args: str, book: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m calculators ARGS``: exit status, standard output and error (``book``: as
    ``answering_from``)."""
    out, err = io.StringIO(), io.StringIO()
    with answering_from(book), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's usage errors and --help
            code = exc.code if isinstance(exc.code, int) else 2
    return subprocess.CompletedProcess(["python", "-m", "calculators", *args], code, out.getvalue(), err.getvalue())
