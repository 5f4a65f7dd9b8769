"""Build the whole site into `site/`: wheel, pages, Pyodide, service worker.

    python -m build_tools.build_site        (run from the site venv; `make site` does)

1. the `calculators` wheel with the rulebook inside (build_tools/build_wheel.py);
2. the pinned extra wheels of build_tools/wheels.txt (tzdata, whose Europe/London file
   goes into the calculators wheel: the page does not load tzdata whole), `pip download
   --require-hashes`;
3. `mkdocs build --strict`;
4. the Pyodide runtime files from node_modules/pyodide (from `npm ci`) into site/pyodide/;
5. the wheels into site/wheels/ with wheels.json, the list the page's worker installs;
   with them, the bytecode of every module the worker imports, compiled by the same
   Pyodide under Node (build_tools/precompile.mjs), so the browser need not compile it,
   and site/pyodide/python_stdlib.zip trimmed to the modules the tools load (checked by
   answering every worked example, case and error again on the trimmed copy);
   then the memory snapshot the worker starts from (build_tools/snapshot.mjs): Python with
   the tools imported and the rulebook read, made by the same Pyodide under Node, keyed in
   wheels.json by a hash of the runtime, the standard library and the wheel it was made
   with (the key is inside the snapshot too), and checked by answering everything again
   from it;
6. site/version.json, the handbook's version (build_tools/site_pages.py), and site/sw.js with
   Workbox (build_tools/sw.mjs), precaching all of the above but version.json;
7. a check that no page, script or style names another host to fetch from.

Any failure stops the build with a message.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from build_tools import precompressed

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
WHEELS = ROOT / "build" / "wheels"
EXTRA_WHEELS = ROOT / "build" / "extra-wheels"
PYODIDE = ROOT / "node_modules" / "pyodide"
#: What the browser needs of the pyodide npm package (no .d.ts, maps, consoles, node glue).
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json",
                 "package.json")


def step(message: str) -> None:
    print(f"build_site: {message}", flush=True)


def run(args: list[str], **kwargs: object) -> None:
    done = subprocess.run(args, cwd=ROOT, **kwargs)  # type: ignore[call-overload]
    if done.returncode:
        raise SystemExit(f"build_site: {' '.join(args[:4])} ... failed (exit {done.returncode})")


def build_wheel() -> Path:
    from build_tools.build_wheel import build

    wheel = build(WHEELS)
    step(f"wheel {wheel.name}")
    return wheel


def download_extra_wheels() -> list[Path]:
    if EXTRA_WHEELS.exists():
        shutil.rmtree(EXTRA_WHEELS)
    EXTRA_WHEELS.mkdir(parents=True)
    run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps",
         "--only-binary=:all:", "--require-hashes", "-r", str(ROOT / "build_tools" / "wheels.txt"),
         "-d", str(EXTRA_WHEELS)])
    wheels = sorted(EXTRA_WHEELS.glob("*.whl"))
    for w in wheels:
        if not w.name.endswith("-none-any.whl"):
            raise SystemExit(f"build_site: {w.name} is not a pure-Python wheel; Pyodide cannot load it")
    step("extra wheels " + ", ".join(w.name for w in wheels))
    return wheels


def mkdocs_build() -> None:
    """The pages, with one per procedure written from its file (build_tools/procedure_pages.py)."""
    from build_tools.procedure_pages import build_pages

    done = build_pages(SITE, ROOT / "build" / "pages")
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    if done.returncode:
        raise SystemExit(f"build_site: mkdocs build --strict failed (exit {done.returncode})")


def drop_unused_search_languages() -> None:
    """Material ships lunr's support for other languages (about 1 MB, wordcut.js alone
    0.7 MB); with `lang: en` the search worker never loads it, and it would only swell
    what the service worker precaches (issue 8). The offline search test guards this."""
    lunr = SITE / "assets" / "javascripts" / "lunr"
    if lunr.is_dir():
        shutil.rmtree(lunr)
        step("dropped assets/javascripts/lunr (other languages' search support, unused with lang: en)")


def copy_pyodide() -> None:
    if not PYODIDE.is_dir():
        raise SystemExit("build_site: node_modules/pyodide is missing: run `npm ci` first")
    dest = SITE / "pyodide"
    dest.mkdir()
    for name in PYODIDE_FILES:
        shutil.copy2(PYODIDE / name, dest / name)
    version = json.loads((PYODIDE / "package.json").read_text())["version"]
    step(f"pyodide {version} ({sum((dest / n).stat().st_size for n in PYODIDE_FILES) / 1048576:.1f} MB)")


#: The archive of build-time bytecode in site/wheels/ (docs/performance.md).
BYTECODE = "calculators-bytecode.zip"


def precompile(wheel: Path, dest: Path) -> tuple[dict[str, object], dict]:
    """Bytecode, and a standard library of only what the tools load, from the pinned Pyodide.

    build_tools/precompile.mjs answers every worked example, case and error under Pyodide,
    writes the bytecode to ``dest`` and the trimmed library over site/pyodide's copy, then
    answers everything again on the trimmed library; any failure stops the build.
    """
    stdlib = SITE / "pyodide" / "python_stdlib.zip"
    full_size = stdlib.stat().st_size
    done = subprocess.run(["node", str(ROOT / "build_tools" / "precompile.mjs"), str(PYODIDE), str(wheel),
                           str(dest / BYTECODE), str(stdlib)], cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"build_site: the build-time pass under Pyodide failed (exit {done.returncode})")
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    kept = summary["stdlib"]
    step(f"bytecode of {len(summary['modules'])} modules for Python {summary['python'].split()[0]} "
         f"({(dest / BYTECODE).stat().st_size / 1024:.0f} kB), after {summary['requests_answered']} requests")
    step(f"standard library trimmed to what the tools load: {kept['files_kept']} of {kept['files_in_full']} files, "
         f"{full_size / 1e6:.2f} MB -> {stdlib.stat().st_size / 1e6:.2f} MB; "
         f"all {summary['requests_answered_on_trimmed']} requests answered again on it")
    return {"file": BYTECODE, "python": summary["python"], "stdlib_dir": summary["stdlib_dir"],
            "modules": summary["modules"]}, summary


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


#: What the memory snapshot depends on: Pyodide's runtime (its build id is in the snapshot
#: too), the standard library zip (whose table of contents zipimport holds in memory) and
#: the wheel (whose modules are imported in it).
SNAPSHOT_INPUTS = ("pyodide/pyodide.asm.mjs", "pyodide/pyodide.asm.wasm", "pyodide/python_stdlib.zip")


#: The memory snapshot in site/wheels/. One name for every build, so that the pages can ask for it
#: from their head (build_tools/theme/main.html) before any script runs; which build it belongs
#: to is the key in wheels.json, which the worker checks against the record inside the snapshot.
SNAPSHOT = "python-memory.gz"
#: The same snapshot, not gzip-compressed but meant to travel with a Content-Encoding: a page
#: asks for this name, and a server that has a compressed file beside it (this name plus ``.zst``
#: or ``.br``) sends the one the browser accepts, which the browser decodes as it arrives
#: (build_tools/serve.py does, zstd first; a server that does not answers 404, and the page asks
#: for SNAPSHOT instead). About a quarter smaller than SNAPSHOT; the offline copy keeps SNAPSHOT
#: only (build_tools/sw.mjs). (wheels.json calls it "brotli", its first encoding.)
SNAPSHOT_BROTLI = "python-memory.bin"


#: The scripts that make and read the snapshot, and the build's cache of the last one made.
SNAPSHOT_MAKERS = ("build_tools/snapshot.mjs", "build_tools/snapshot_in_pyodide.py",
                   "docs/assets/javascripts/python-setup.mjs", "docs/assets/javascripts/memory-snapshot.mjs")
SNAPSHOT_CACHE = ROOT / "build" / "snapshot-cache"


def run_snapshot(wheel: Path, bytecode: dict[str, object], summary: dict, dest: Path, key: str) -> dict:
    """Make the snapshot with build_tools/snapshot.mjs, which checks it; what it reports of it."""
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "snapshot.json"
        config.write_text(json.dumps({
            "pyodideDir": str(SITE / "pyodide"), "stdlib": str(SITE / "pyodide" / "python_stdlib.zip"),
            "wheel": str(wheel), "bytecode": str(dest / BYTECODE), "stdlibDir": bytecode["stdlib_dir"],
            "moduleNames": summary["module_names"], "key": key, "out": str(dest / SNAPSHOT),
            "outBrotli": str(dest / f"{SNAPSHOT_BROTLI}.br"),
            "answersSha256": summary["answers_sha256"]}))
        done = subprocess.run(["node", str(ROOT / "build_tools" / "snapshot.mjs"), str(config)], cwd=ROOT,
                              capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"build_site: the memory snapshot failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def make_snapshot(wheel: Path, bytecode: dict[str, object], summary: dict, dest: Path) -> dict[str, object]:
    """The memory snapshot (build_tools/snapshot.mjs), keyed by a hash of what it was made with."""
    made_from = {name: sha256(SITE / name) for name in SNAPSHOT_INPUTS}
    made_from[f"wheels/{wheel.name}"] = sha256(wheel)
    key = hashlib.sha256(json.dumps(made_from, sort_keys=True).encode()).hexdigest()[:20]
    name = SNAPSHOT
    outputs = (name, f"{SNAPSHOT_BROTLI}.br", f"{SNAPSHOT_BROTLI}.zst")
    # Made again only when something it is made from or with changes: the brotli copy takes
    # half a minute. (Python's memory is not the same byte for byte from one making to the
    # next, so what is kept is the snapshot itself, not only its compressed copy.)
    recipe = {"key": key, "answers": summary["answers_sha256"], "modules": summary["module_names"],
              **{script: sha256(ROOT / script) for script in SNAPSHOT_MAKERS}}
    cache = SNAPSHOT_CACHE / hashlib.sha256(json.dumps(recipe, sort_keys=True).encode()).hexdigest()[:20]
    if all((cache / f).is_file() for f in (*outputs, "made.json")):
        for f in outputs:
            shutil.copy2(cache / f, dest / f)
        made = json.loads((cache / "made.json").read_text())
        step(f"memory snapshot: made and checked by an earlier build from the same runtime, library, wheel and scripts "
             f"({cache.relative_to(ROOT)})")
    else:
        made = run_snapshot(wheel, bytecode, summary, dest, key)
        # The zstd copy of what snapshot.mjs stored and read back (Node has no zstd).
        zstd = precompressed.zstd_copy(gzip.decompress((dest / name).read_bytes()))
        (dest / f"{SNAPSHOT_BROTLI}.zst").write_bytes(zstd)
        made["zstd_bytes"] = len(zstd)
        shutil.rmtree(SNAPSHOT_CACHE, ignore_errors=True)
        cache.mkdir(parents=True)
        for f in outputs:
            shutil.copy2(dest / f, cache / f)
        (cache / "made.json").write_text(json.dumps(made))
    step(f"memory snapshot {name} (key {key}): {made['raw_bytes'] / 1e6:.1f} MB, {made['gzip_bytes'] / 1e6:.2f} MB gzip, "
         f"{made['zstd_bytes'] / 1e6:.2f} MB zstd, {made['brotli_bytes'] / 1e6:.2f} MB brotli; "
         f"restored under Node, all {made['requests_answered_from_snapshot']} requests answered as by an ordinary start "
         "before its files were put back")
    return {"file": name, "brotli": SNAPSHOT_BROTLI, "key": key, "raw_bytes": made["raw_bytes"],
            "wheel_sha256": made_from[f"wheels/{wheel.name}"],
            "made_from": made_from}


def copy_wheels(wheels: list[Path]) -> None:
    dest = SITE / "wheels"
    dest.mkdir()
    for w in wheels:
        shutil.copy2(w, dest / w.name)
    bytecode, summary = precompile(wheels[0], dest)
    manifest = {"wheels": [w.name for w in wheels], "bytecode": bytecode,
                "snapshot": make_snapshot(dest / wheels[0].name, bytecode, summary, dest)}
    (dest / "wheels.json").write_text(json.dumps(manifest, indent=1) + "\n")


#: The site's version (build_tools/site_pages.py), which an open tab fetches to learn of a newer
#: build: never precached (build_tools/sw.mjs), so it always comes from the server.
VERSION_JSON = "version.json"


def write_version() -> None:
    """site/version.json: the version the pages of this build show at their foot."""
    from build_tools.site_pages import site_version

    version = site_version()
    (SITE / VERSION_JSON).write_text(json.dumps(version.as_dict()) + "\n", encoding="utf-8")
    step(f"handbook version {version.version} (site/{VERSION_JSON})")


def service_worker() -> None:
    run(["node", str(ROOT / "build_tools" / "sw.mjs"), str(SITE)])


#: A reference to another host in something the browser would load: src=, href= on
#: <link>/<script>, url(...) in CSS, import/fetch in scripts. Plain links (<a href>) to
#: other sites are allowed: a person chooses to follow them.
_FETCHING = [
    re.compile(r"<(?:script|img|iframe|audio|video|source|embed|object)\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//", re.I),
    re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//", re.I),
    re.compile(r"url\(\s*[\"']?(?:https?:)?//", re.I),
    re.compile(r"@import\s+[\"'](?:https?:)?//", re.I),
]


def check_no_other_host() -> None:
    bad = []
    for path in SITE.rglob("*"):
        if path.suffix not in {".html", ".css"}:
            continue
        text = path.read_text(errors="replace")
        for pattern in _FETCHING:
            m = pattern.search(text)
            if m:
                bad.append(f"{path.relative_to(SITE)}: {m.group(0)[:120]}")
    if bad:
        raise SystemExit("build_site: the site would fetch from another host:\n  " + "\n  ".join(bad))


def main() -> int:
    os.chdir(ROOT)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    extra = download_extra_wheels()
    step("tzdata is not loaded whole: the calculators wheel carries its Europe/London file "
         "(" + ", ".join(w.name for w in extra) + ")")
    wheel = build_wheel()
    mkdocs_build()
    step("pages built (mkdocs --strict)")
    drop_unused_search_languages()
    copy_pyodide()
    # Made in the background while the wheel's bytecode and the memory snapshot are made.
    copies = precompressed.start(SITE)
    copy_wheels([wheel])
    step(copies.finish())
    check_no_other_host()
    write_version()
    service_worker()
    step(f"done: {SITE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
