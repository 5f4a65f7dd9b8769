"""Runs inside Pyodide at build time (driven by build_tools/precompile.mjs), never in a checkout.

Pyodide's ``python_stdlib.zip`` holds source only, and a wheel holds source only, so
every module the tool imports is compiled to bytecode in the browser at each start:
measured under Pyodide, that compiling was the largest part of the handbook's own
start-up cost (docs/performance.md). Here the same Pyodide that the site ships does the
compiling once, at build time:

1. import what the page's worker imports, and answer one request of each tool, so that
   every module used in the browser is loaded;
2. compile each module that came from the standard library zip or from the calculators
   package (and was not already loaded when Pyodide started) with ``py_compile``;
3. write one zip, rooted at site-packages: ``calculators/__pycache__/*.pyc`` beside the
   package's sources, and ``sdh_stdlib_bytecode/**.pyc`` (source-less, put first on
   ``sys.path`` by the worker) for the standard library modules.

The ``.pyc`` files use the unchecked-hash form, so the worker's imports use them without
comparing them against the sources' modification times (which a wheel does not keep).
The worker uses the archive only when its Python is the one recorded here.
"""

from __future__ import annotations

import json
import py_compile
import sys
import zipfile
from pathlib import Path

SITE_PACKAGES = Path(next(p for p in sys.path if p.endswith("site-packages")))
STDLIB_ZIP = next(p for p in sys.path if p.endswith(".zip"))
STDLIB_DIR = "sdh_stdlib_bytecode"
#: Fixed times in the zip, so the archive depends only on its contents.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def exercise() -> None:
    """Load every module the page's worker loads: its imports, then one request per tool."""
    import calculators  # noqa: F401
    import calculators.training  # noqa: F401  (imported lazily by the training tool)
    from calculators import web
    from calculators.rulebook import load

    rb = load()
    event = next(iter(rb.events))
    web.run("deadlines", json.dumps({"procedure": "all", "event": event, "at": "2026-12-24T16:30"}))
    for tool in web.TOOLS:
        web.run(tool, "{}")


def compile_module(name: str, origin: str, source: str, out: zipfile.ZipFile, scratch: Path) -> str:
    """Compile one module's source into the archive; returns its path in the archive."""
    module_path = name.replace(".", "/")
    is_package = origin.endswith("__init__.py")
    if origin.startswith(str(SITE_PACKAGES / "calculators")):
        rel = Path(origin).relative_to(SITE_PACKAGES)
        target = f"{rel.parent.as_posix()}/__pycache__/{rel.stem}.{sys.implementation.cache_tag}.pyc"
    else:
        target = f"{STDLIB_DIR}/{module_path}/__init__.pyc" if is_package else f"{STDLIB_DIR}/{module_path}.pyc"
    src = scratch / "source.py"
    src.write_text(source, encoding="utf-8")
    pyc = scratch / "module.pyc"
    py_compile.compile(str(src), cfile=str(pyc), dfile=origin, doraise=True,
                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    info = zipfile.ZipInfo(target, ZIP_TIME)
    info.external_attr = 0o644 << 16
    out.writestr(info, pyc.read_bytes(), compress_type=zipfile.ZIP_DEFLATED)
    return target


def main(archive: str) -> str:
    """Write the archive; returns a JSON summary for build_site."""
    already = set(sys.modules)
    exercise()
    scratch = Path("/tmp/sdh-precompile")
    scratch.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    with zipfile.ZipFile(archive, "w") as out:
        for name in sorted(set(sys.modules) - already):
            module = sys.modules[name]
            spec = getattr(module, "__spec__", None)
            origin = getattr(spec, "origin", None) or ""
            if not origin.endswith(".py"):
                continue  # built into the interpreter or a C extension: nothing to compile
            from_stdlib = origin.startswith(STDLIB_ZIP + "/")
            from_package = origin.startswith(str(SITE_PACKAGES / "calculators") + "/")
            if not (from_stdlib or from_package):
                continue
            source = spec.loader.get_source(name)
            if source is None:
                continue
            written.append(compile_module(name, origin, source, out, scratch))
    return json.dumps({
        "python": sys.version,
        "cache_tag": sys.implementation.cache_tag,
        "stdlib_dir": STDLIB_DIR,
        "modules": sorted(written),
    })
