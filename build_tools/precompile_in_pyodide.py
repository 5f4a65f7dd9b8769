"""Runs inside Pyodide at build time (driven by build_tools/precompile.mjs), never in a checkout.

Two pieces of work the browser would otherwise do, or carry, for nothing:

**Bytecode.** Pyodide's ``python_stdlib.zip`` holds source only, and so does a wheel, so
every module the tool imports would be compiled in the browser at each start: measured
under Pyodide, that compiling was the largest part of the handbook's own start-up cost
(docs/performance.md). Here the same Pyodide that the site ships compiles, once, each
module that was loaded from the standard library zip or from the calculators package
after Pyodide started, into one zip rooted at site-packages:
``calculators/__pycache__/*.pyc`` beside the package's sources, and
``sdh_stdlib_bytecode/**.pyc`` (source-less, put first on ``sys.path`` by the worker).
The ``.pyc`` files are unchecked-hash ones (PEP 552): a wheel keeps no modification
times to compare them with. The worker uses them only under the Python recorded here.

**The standard library the site carries.** Pyodide's zip holds the whole standard
library (2.5 MB); the handbook's Python loads about a quarter of it. The trimmed copy
keeps every module that was loaded by the end of ``exercise()`` (Pyodide's own start
included) and every file that is not Python source. precompile.mjs then starts a second
Pyodide on the trimmed copy and runs ``exercise()`` again, so the build fails if the
trimmed library lacks anything the tools use.

``exercise()`` is what makes both safe: it answers, through ``calculators.web.run`` (the
page's own entry point), every worked example of every timescale, every worked example
of every decision tool, the timeline from every event, every stage of every training case
under every procedure it supports (its expected answer, and the marking of a wrong answer
and of none), the comparison of each case, how a case went under each procedure, and
requests with every kind of error, and it fails on any answer that is an internal error
(a missing module would be one). It also keeps a SHA-256 of every answer in
order (``ANSWERS``), so build_tools/snapshot.mjs can check that a start from the memory
snapshot gives, request for request, the same answers as the ordinary start.
"""

from __future__ import annotations

import hashlib
import json
import py_compile
import sys
import zipfile
from pathlib import Path

SITE_PACKAGES = Path(next(p for p in sys.path if p.endswith("site-packages")))
STDLIB_ZIP = next(p for p in sys.path if p.endswith(".zip"))
STDLIB_DIR = "sdh_stdlib_bytecode"
#: Fixed times in the zips, so an archive depends only on its contents.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: The start of web.run's message for an exception it did not expect.
INTERNAL_ERROR = "The tool could not answer ("
#: A digest of every answer given by the last ``exercise()``, in order.
ANSWERS = hashlib.sha256()


def exercise() -> int:
    """Answer every worked example, case and error through the page's entry point.

    Returns the number of requests answered; raises RuntimeError on any internal error.
    ``ANSWERS`` then holds a digest of all the answers.
    """
    global ANSWERS
    ANSWERS = hashlib.sha256()
    from calculators import training, web
    from calculators.rulebook import load

    rb = load()
    failures: list[str] = []
    count = 0

    def ask(tool: str, request: object) -> None:
        nonlocal count
        text = request if isinstance(request, str) else json.dumps(request)
        raw = web.run(tool, text)
        ANSWERS.update(raw.encode("utf-8") + b"\n")
        answer = json.loads(raw)
        count += 1
        for error in answer.get("errors", []):
            if error.get("message", "").startswith(INTERNAL_ERROR):
                failures.append(f"{tool} {text[:120]}: {error['message']}")

    for rule in rb.all_rules():
        for ex in rule.examples:
            ask("deadlines", {"procedure": rule.procedure, "event": ex.event, "at": ex.at,
                              "circumstances": list(ex.circumstances)})
            ask("deadlines", {"procedure": "all", "event": ex.event, "at": ex.at,
                              "circumstances": list(ex.circumstances)})
    # The timeline from every event under every procedure, alone and with each later event's time.
    from calculators.timeline import later_events

    for event in rb.events:
        ask("timeline", {"procedure": "all", "event": event, "at": "2026-12-24T16:30"})
        for later in later_events(rb, event):
            ask("timeline", {"procedure": "all", "event": event, "at": "2026-12-24T16:30",
                             "known": {later: "2027-01-05T10:00"}})
    for procedure in rb.procedures.values():
        for check in procedure.checks:
            ask(check.tool, {"procedure": check.procedure, "facts": check.facts})
    for scenario in training.load_scenarios().values():
        ask("training", {"action": "differences", "scenario": scenario.id})
        for pid in scenario.procedures:
            for stage in scenario.stages:
                base = {"scenario": scenario.id, "stage": stage.id, "procedure": pid}
                ask("training", {"action": "expected", **base})
                ask("training", {"action": "mark", **base, "answer": "2026-02-30"})
                ask("training", {"action": "mark", **base, "answer": ["not-a-line"]})
                ask("training", {"action": "mark", **base, "answer": ""})
            # How the case went, with every stage answered under this procedure.
            ask("training", {"action": "progress", "scenario": scenario.id, "procedure": pid,
                             "played": {pid: {st.id: {"correct": False, "given": ""} for st in scenario.stages}}})
    # Every kind of refusal: nothing, nonsense, impossible dates, unknown names.
    for tool in web.TOOLS:
        ask(tool, {})
        ask(tool, {"procedure": "no-such-procedure", "facts": {"x": 1}, "action": "mark"})
    for at in ("2026-02-30T10:00", "2026-03-29T01:30", "2026-10-25T01:30", "1999-01-01T10:00", "soon"):
        ask("deadlines", {"procedure": "all", "event": next(iter(rb.events)), "at": at})
    ask("deadlines", "not json")
    ask("no-such-tool", {})
    if failures:
        raise RuntimeError("internal errors while exercising the tools:\n  " + "\n  ".join(failures[:20]))
    return count


def _compile(name: str, origin: str, source: str, out: zipfile.ZipFile, scratch: Path) -> str:
    """Compile one module's source into the archive; returns its path in the archive."""
    if origin.startswith(str(SITE_PACKAGES / "calculators") + "/"):
        rel = Path(origin).relative_to(SITE_PACKAGES)
        target = f"{rel.parent.as_posix()}/__pycache__/{rel.stem}.{sys.implementation.cache_tag}.pyc"
    else:
        module_path = name.replace(".", "/")
        target = (f"{STDLIB_DIR}/{module_path}/__init__.pyc" if origin.endswith("__init__.py")
                  else f"{STDLIB_DIR}/{module_path}.pyc")
    src = scratch / "source.py"
    src.write_text(source, encoding="utf-8")
    pyc = scratch / "module.pyc"
    py_compile.compile(str(src), cfile=str(pyc), dfile=origin, doraise=True,
                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    info = zipfile.ZipInfo(target, ZIP_TIME)
    info.external_attr = 0o644 << 16
    out.writestr(info, pyc.read_bytes(), compress_type=zipfile.ZIP_DEFLATED)
    return target


def _origin(module: object) -> str:
    spec = getattr(module, "__spec__", None)
    return getattr(spec, "origin", None) or ""


def write_bytecode(archive: str, new_modules: list[str]) -> list[str]:
    """The bytecode zip of the modules loaded since Pyodide started; returns its members."""
    scratch = Path("/tmp/sdh-precompile")
    scratch.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    with zipfile.ZipFile(archive, "w") as out:
        for name in new_modules:
            module = sys.modules[name]
            origin = _origin(module)
            if not origin.endswith(".py"):
                continue  # built into the interpreter or a C extension: nothing to compile
            ours = origin.startswith(str(SITE_PACKAGES / "calculators") + "/")
            if not (ours or origin.startswith(STDLIB_ZIP + "/")):
                continue
            source = module.__spec__.loader.get_source(name)
            if source is not None:
                written.append(_compile(name, origin, source, out, scratch))
    return written


def stdlib_files_in_use() -> set[str]:
    """The standard library zip's files of every module loaded now."""
    return {_origin(m)[len(STDLIB_ZIP) + 1:] for m in list(sys.modules.values())
            if _origin(m).startswith(STDLIB_ZIP + "/")}


def write_trimmed_stdlib(target: str, used: set[str]) -> dict[str, int]:
    """The standard library zip with only the files in ``used``, and every non-source file."""
    kept = 0
    with zipfile.ZipFile(STDLIB_ZIP) as full, zipfile.ZipFile(target, "w") as out:
        members = full.infolist()
        for info in members:
            if info.filename.endswith(".py") and info.filename not in used:
                continue
            copy = zipfile.ZipInfo(info.filename, ZIP_TIME)
            copy.external_attr = info.external_attr
            out.writestr(copy, full.read(info), compress_type=zipfile.ZIP_DEFLATED)
            kept += 1
    return {"files_kept": kept, "files_in_full": len(members), "modules_used": len(used)}


def main(bytecode_archive: str, trimmed_stdlib: str) -> str:
    """Exercise the tools, then write both archives; returns a JSON summary for build_site."""
    already = set(sys.modules)
    answered = exercise()
    used = stdlib_files_in_use()  # before writing the archives loads modules of its own
    loaded = sorted(set(sys.modules) - already)
    modules = write_bytecode(bytecode_archive, loaded)
    stdlib = write_trimmed_stdlib(trimmed_stdlib, used)
    return json.dumps({
        "python": sys.version,
        "cache_tag": sys.implementation.cache_tag,
        "stdlib_dir": STDLIB_DIR,
        "modules": sorted(modules),
        # What the tools loaded, by name: build_tools/snapshot.mjs imports them before the snapshot.
        "module_names": loaded,
        "stdlib": stdlib,
        "requests_answered": answered,
    })
