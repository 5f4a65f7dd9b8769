"""The wheel build, the local server and the policy they share with the pages."""

from __future__ import annotations

import hashlib
import json
import re
import urllib.request
import zipfile
from pathlib import Path

import pytest

from build_tools import build_wheel, serve
from calculators.rulebook import load

ROOT = Path(__file__).resolve().parents[2]


def test_csp_in_pages_equals_csp_of_server():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    m = re.search(r"content_security_policy: >-\n((?:    .*\n)+)", text)
    assert m, "mkdocs.yml: extra.content_security_policy is missing"
    in_pages = " ".join(line.strip() for line in m.group(1).splitlines())
    assert in_pages == serve.CONTENT_SECURITY_POLICY
    directives = dict(d.strip().split(" ", 1) for d in serve.CONTENT_SECURITY_POLICY.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self' 'wasm-unsafe-eval'"
    assert "unsafe-inline" not in serve.CONTENT_SECURITY_POLICY
    assert "unsafe-eval'" not in serve.CONTENT_SECURITY_POLICY.replace("'wasm-unsafe-eval'", "")


@pytest.fixture(scope="module")
def wheels(tmp_path_factory):
    first = build_wheel.build(tmp_path_factory.mktemp("one"))
    second = build_wheel.build(tmp_path_factory.mktemp("two"))
    return first, second


def test_wheel_is_pure_and_reproducible(wheels):
    first, second = wheels
    rb = load()
    assert first.name == f"calculators-{rb.version}-py3-none-any.whl"
    assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()


def test_wheel_carries_the_package_and_the_rulebook(wheels):
    names = set(zipfile.ZipFile(wheels[0]).namelist())
    for py in (ROOT / "calculators").glob("*.py"):
        assert f"calculators/{py.name}" in names
    for toml in (ROOT / "procedures").rglob("*.toml"):
        if toml.name in ("partnership-template.toml", "changes.toml"):
            continue  # a template for procedures officers, and the "What's new" page's data: not the rulebook's
        assert f"calculators/procedures/{toml.relative_to(ROOT / 'procedures').as_posix()}" in names
    assert not any(n.endswith((".pyc", ".md")) for n in names)
    # The packaged rulebook's version, worked out from the checkout (it has no Git history).
    assert "calculators/procedures/content-version.json" in names
    # Nothing was written into the source tree's package.
    assert not (ROOT / "calculators" / "procedures").exists()


def test_server_types_and_policy(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><title>x</title>")
    (tmp_path / "a.wasm").write_bytes(b"\0asm\1\0\0\0")
    (tmp_path / "b.mjs").write_text("export const x = 1;")
    with serve.serving(tmp_path) as origin:
        assert origin.startswith("http://127.0.0.1:")
        for name, kind in (("a.wasm", "application/wasm"), ("b.mjs", "text/javascript"), ("", "text/html")):
            with urllib.request.urlopen(f"{origin}/{name}") as response:
                assert response.headers["Content-Type"].split(";")[0] == kind
                assert response.headers["Content-Security-Policy"].startswith(serve.CONTENT_SECURITY_POLICY)
                assert response.headers["X-Content-Type-Options"] == "nosniff"


# ------------------------------------------------------------------ build-time bytecode

SITE = ROOT / "site"
#: Only the command line needs these; the page's worker never imports them.
# stage_view words the trainer's handout, which the build writes: no page asks it.
NOT_IN_THE_BROWSER = {"cli", "__main__", "stage_view"}


@pytest.fixture(scope="module")
def bytecode():
    manifest = json.loads((SITE / "wheels" / "wheels.json").read_text())
    return manifest["bytecode"], zipfile.ZipFile(SITE / "wheels" / manifest["bytecode"]["file"])


def test_bytecode_is_for_the_python_the_site_ships(bytecode):
    """The worker uses the archive only for the exact Python recorded, which must be Pyodide's."""
    info, _ = bytecode
    lock = json.loads((SITE / "pyodide" / "pyodide-lock.json").read_text())
    assert info["python"].split()[0] == lock["info"]["python"]


def test_bytecode_covers_every_module_the_browser_imports(bytecode):
    info, archive = bytecode
    names = set(archive.namelist())
    assert names == set(info["modules"])
    compiled = {Path(n).name.split(".")[0] for n in names if n.startswith("calculators/__pycache__/")}
    sources = {p.stem for p in (ROOT / "calculators").glob("*.py")} - NOT_IN_THE_BROWSER
    assert sources <= compiled, f"not compiled at build time: {sorted(sources - compiled)}"
    # The standard library modules the tool imports that Pyodide has not loaded at start.
    assert f"{info['stdlib_dir']}/zoneinfo/__init__.pyc" in names


def test_bytecode_is_used_without_checking_sources(bytecode):
    """Unchecked-hash .pyc (PEP 552): a wheel keeps no modification times to compare with."""
    _, archive = bytecode
    magics = set()
    for name in archive.namelist():
        head = archive.read(name)[:16]
        magics.add(head[:4])
        assert int.from_bytes(head[4:8], "little") == 0b01, f"{name}: not an unchecked-hash .pyc"
    assert len(magics) == 1


# ------------------------------------------------------------------ the trimmed standard library

FULL_STDLIB = ROOT / "node_modules" / "pyodide" / "python_stdlib.zip"


def test_the_site_carries_only_part_of_pyodides_standard_library_unchanged():
    """A subset of the pinned zip, file for file the same bytes (the build answered every worked
    example, case and error on it under Pyodide before writing the site; the browser tests run on it)."""
    with zipfile.ZipFile(FULL_STDLIB) as full, zipfile.ZipFile(SITE / "pyodide" / "python_stdlib.zip") as kept:
        full_names, kept_names = set(full.namelist()), set(kept.namelist())
        assert kept_names < full_names
        for name in kept_names:
            assert kept.read(name) == full.read(name), name
        # Every file that is not Python source is kept; so is Pyodide's own Python.
        assert {n for n in full_names if not n.endswith(".py")} <= kept_names
        assert {"_pyodide/_base.py", "pyodide/__init__.py", "zoneinfo/__init__.py", "json/__init__.py"} <= kept_names


def test_every_standard_library_module_compiled_is_also_kept(bytecode):
    info, archive = bytecode
    with zipfile.ZipFile(SITE / "pyodide" / "python_stdlib.zip") as kept:
        kept_names = set(kept.namelist())
    prefix = info["stdlib_dir"] + "/"
    compiled = {n[len(prefix):].removesuffix("c") for n in archive.namelist() if n.startswith(prefix)}
    assert compiled and compiled <= kept_names
