"""Runs inside Pyodide at build time (driven by build_tools/snapshot.mjs), never in a checkout.

It brings a Pyodide that was set up exactly as the page's worker sets it up (the wheel and
the build-time bytecode unpacked by docs/assets/javascripts/python-setup.mjs) to the state
the worker reaches before it says "ready", and a little further, so that a start from the
snapshot of its memory has nothing left to do:

- every module that answering every worked example, case and refusal loaded at build time
  (build_tools/precompile_in_pyodide.py lists them) is imported, so no request compiles a
  module in the browser (the build-time bytecode is a file, and files do not survive in a
  snapshot);
- the rulebook and the training cases are read (both are cached in memory), and the London
  zone file was read when ``calculators.london_time`` was imported.

What the snapshot cannot hold is the file system: ``_sdh_after_restore`` (called by the
worker once the wheel is unpacked again) makes Python's importers look at the files anew.
``_sdh_snapshot`` records the build (the key, the wheel's and the standard library's
SHA-256) for the worker to check before anything else, with the rulebook's facts;
``_sdh_run`` is ``calculators.web.run_for_page``. They stay in ``__main__`` (the worker's globals).

Python must hold no JavaScript object when the snapshot is taken: nothing here touches
``js`` or ``pyodide.ffi``, and the arguments are plain strings.
"""

from __future__ import annotations

import gc
import hashlib
import importlib
import json
import sys

_SDH_STDLIB_ZIP = next(p for p in sys.path if p.endswith(".zip"))
_SDH_SITE_PACKAGES = next(p for p in sys.path if p.endswith("site-packages"))
_SDH_BYTECODE_DIR = "/sdh_stdlib_bytecode"


def _sdh_after_restore(with_bytecode: bool) -> None:
    """The wheel (and the bytecode, if ``with_bytecode``) is unpacked again: forget what the
    importers knew of the build's files."""
    if not with_bytecode:
        sys.path[:] = [p for p in sys.path if not p.endswith(_SDH_BYTECODE_DIR)]
    for path in list(sys.path_importer_cache):
        if not path.endswith(".zip"):
            del sys.path_importer_cache[path]
    if "random" in sys.modules:  # a snapshot would give every page the same sequence
        sys.modules["random"].seed()


def _sdh_warm_up_requests() -> list[tuple[str, str]]:
    """What the worker answers, one request at a time, just after it has said "ready".

    After a start from a snapshot the browser has compiled none of the WebAssembly that a
    request runs: it compiles each function quickly the first time it is called, and well
    only once it has run for a while. The reader's first answers would pay for both. One
    worked example of each procedure under "all" procedures, and one example of each
    decision tool, answered a few times while the reader reads, pay for them instead."""
    from calculators.rulebook import load

    rulebook = load()
    asks: list[tuple[str, str]] = []
    seen: set[str] = set()
    for rule in rulebook.all_rules():
        if rule.procedure not in seen and rule.examples:
            seen.add(rule.procedure)
            example = rule.examples[0]
            asks.append(("deadlines", json.dumps({"procedure": "all", "event": example.event, "at": example.at,
                                                  "circumstances": list(example.circumstances)})))
    # The case timeline's own question (issue 16): its chain asks the engine once a step.
    asks.append(("timeline", json.dumps({"procedure": "all", "event": "referral-received", "at": "2026-12-24T16:30"})))
    tools: set[str] = set()
    for procedure in rulebook.procedures.values():
        for check in procedure.checks:
            if check.tool not in tools:
                tools.add(check.tool)
                asks.append((check.tool, json.dumps({"procedure": check.procedure, "facts": check.facts})))
    return asks


def prepare(modules_json: str, record_json: str) -> str:
    """Import and read everything the tools need; returns the rulebook's facts as JSON."""
    global _sdh_snapshot, _sdh_run
    for name in json.loads(modules_json):
        importlib.import_module(name)
    from calculators import training, web
    from calculators.rulebook import load

    rulebook = load()
    training.load_scenarios()
    with open(_SDH_STDLIB_ZIP, "rb") as fh:
        stdlib_sha256 = hashlib.sha256(fh.read()).hexdigest()
    facts = {"version": rulebook.version, "date": rulebook.date.isoformat()}
    # What the worker checks and uses (python-setup.mjs, checkSnapshot and restoreFiles): plain strings only.
    _sdh_snapshot = {**json.loads(record_json), "stdlib_zip": _SDH_STDLIB_ZIP, "stdlib_sha256": stdlib_sha256,
                     "site_packages": _SDH_SITE_PACKAGES, "facts": facts,
                     "bytecode": any(p.endswith(_SDH_BYTECODE_DIR) for p in sys.path)}
    _sdh_run = web.run_for_page
    gc.collect()
    return json.dumps({**facts, "modules": len(sys.modules)})


_sdh_snapshot: dict[str, object] = {}
_sdh_run = None
