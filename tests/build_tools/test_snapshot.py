"""The memory snapshot in the built site (build_tools/snapshot.mjs), the page's head that asks
for it, the deferred search worker, the compressing local server and the service worker that
precaches through the HTTP cache (issue 17). Reads the built site/ (`make test-browser` builds it)."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import subprocess
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import zstandard

from build_tools import serve

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
MAGIC = 0x706E7300  # Pyodide's snapshot header ("\0snp"), then offset, JSON length, padding, build id

pytestmark = pytest.mark.skipif(not (SITE / "wheels" / "wheels.json").is_file(), reason="site/ is not built")


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads((SITE / "wheels" / "wheels.json").read_text())["snapshot"]


def read_snapshot(stored: bytes) -> bytes:
    """Pyodide's snapshot as stored (memory-snapshot.mjs): gzip, then a 4-byte length, a JSON
    header {total, header, base, runs} and the bytes of each run; the rest is zeros. Python's
    memory up to the base's length is a difference from the memory Pyodide starts with, which
    only the worker has: read here as it is stored."""
    data = gzip.decompress(stored)
    length = int.from_bytes(data[:4], "little")
    assert (4 + length) % 4 == 0, "a run's bytes must start on a 4-byte boundary"
    header = json.loads(data[4:4 + length])
    memory = bytearray(header["total"])
    at = 4 + length
    for offset, size in header["runs"]:
        memory[offset:offset + size] = data[at:at + size]
        at += size
    assert at == len(data), "the stored snapshot has bytes no run accounts for"
    return bytes(memory)


@pytest.fixture(scope="module")
def inflated(manifest) -> bytes:
    return read_snapshot((SITE / "wheels" / manifest["file"]).read_bytes())


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_manifest_ties_the_snapshot_to_this_build(manifest):
    """The key is a hash of the runtime, the standard library and the wheel the site ships."""
    made_from = manifest["made_from"]
    assert set(made_from) == {"pyodide/pyodide.asm.mjs", "pyodide/pyodide.asm.wasm", "pyodide/python_stdlib.zip",
                              next(f"wheels/{p.name}" for p in (SITE / "wheels").glob("calculators-*.whl"))}
    for name, digest in made_from.items():
        assert sha256(SITE / name) == digest, name
    assert manifest["key"] == hashlib.sha256(json.dumps(made_from, sort_keys=True).encode()).hexdigest()[:20]
    assert manifest["wheel_sha256"] == made_from[next(n for n in made_from if n.startswith("wheels/"))]


def test_the_snapshot_is_of_the_runtime_the_site_ships(manifest, inflated):
    """Pyodide's own format once read back, with its runtime's build id; stored without its zeros,
    and Python's static data as a difference from the memory Pyodide starts with."""
    assert len(inflated) == manifest["raw_bytes"]
    # That memory (the .wasm's data segments) is checked by its fingerprint before it is used.
    stored = gzip.decompress((SITE / "wheels" / manifest["file"]).read_bytes())
    base = json.loads(stored[4:4 + int.from_bytes(stored[:4], "little")])["base"]
    assert 0 < base["length"] < 8 << 20 and re.fullmatch(r"[0-9a-f]{8}", base["fingerprint"])
    assert (SITE / "wheels" / manifest["file"]).stat().st_size < len(inflated) / 4
    magic, offset, json_length = (int.from_bytes(inflated[i:i + 4], "little") for i in (0, 4, 8))
    assert magic == MAGIC and offset % 16 == 0 and json_length < offset
    build_id = "".join(f"{int.from_bytes(inflated[i:i + 4], 'little'):08x}" for i in range(16, 48, 4))
    assert f'BUILD_ID:"{build_id}"' in (SITE / "pyodide" / "pyodide.mjs").read_text()
    # The build's record is in Python's memory, for the worker to check.
    assert manifest["key"].encode() in inflated


def test_a_snapshot_that_does_not_belong_is_refused_under_node(manifest):
    """python-setup.mjs as the worker calls it: a snapshot of another build is refused
    (checkSnapshot), and so are files from another wheel (restoreFiles); the right ones answer."""
    script = """
const [site, key] = process.argv.slice(1);
const { readFileSync } = await import("node:fs");
const { loadPyodide } = await import(site + "/pyodide/pyodide.mjs");
const setup = await import(site + "/assets/javascripts/python-setup.mjs");
const memory = await import(site + "/assets/javascripts/memory-snapshot.mjs");
const { default: createModule } = await import(site + "/pyodide/pyodide.asm.mjs");
const m = JSON.parse(readFileSync(site + "/wheels/wheels.json"));
const wheel = new Uint8Array(readFileSync(site + "/wheels/" + m.wheels[0]));
const parsed = memory.parseSnapshot(await memory.inflateSnapshot(new Blob([readFileSync(site + "/wheels/" + m.snapshot.file)])));
const start = async () => loadPyodide({ indexURL: site + "/pyodide/", env: setup.PYODIDE_ENV,
  createPyodideModule: memory.restoring(createModule, parsed), _loadSnapshot: memory.zerosOf(parsed) });
const why = (promise) => promise.then(() => "", (e) => e.message);
const other = wheel.slice(); other[other.length - 30] ^= 1;
const pyodide = await start();
const refusals = [await why(setup.checkSnapshot(pyodide, "another-key"))];
const { record, facts, run } = await setup.checkSnapshot(pyodide, key);
const before = JSON.parse(run("no-such-tool", "{}")).ok;
refusals.push(await why(setup.restoreFiles(pyodide, record, setup.prepareFiles([{ bytes: other }], null))));
await setup.restoreFiles(pyodide, record, setup.prepareFiles([{ bytes: wheel }], null));
console.log(JSON.stringify({ refusals, facts, answer: before, after: JSON.parse(run("no-such-tool", "{}")).ok }));
"""
    done = subprocess.run(["node", "--input-type=module", "-e", script, str(SITE), manifest["key"]],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert "manifest names another-key" in out["refusals"][0]
    assert "another calculators wheel" in out["refusals"][1]
    assert out["facts"]["version"] and out["answer"] is False and out["after"] is False


def test_pages_with_a_tool_ask_for_the_snapshot_and_start_search_late(manifest):
    timing = (SITE / "timing" / "index.html").read_text()
    # The script that creates the worker and fetches the snapshot comes first, before the style sheets.
    starter = timing.index('<script src="../assets/javascripts/tool-start.js"></script>')
    assert starter == timing.index("<script", timing.index("<head>")) and starter < timing.index('<link rel="stylesheet"')
    # The copies are in the site: zstd- and brotli-compressed (only as NAME.zst and NAME.br, for the
    # server), and gzip-compressed; the first two hold the same bytes as the third.
    assert (SITE / "wheels" / manifest["file"]).is_file() and (SITE / "wheels" / f'{manifest["brotli"]}.br').is_file()
    zstd = (SITE / "wheels" / f'{manifest["brotli"]}.zst').read_bytes()
    assert zstandard.ZstdDecompressor().decompress(zstd) == gzip.decompress((SITE / "wheels" / manifest["file"]).read_bytes())
    assert not (SITE / "wheels" / manifest["brotli"]).exists()
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', timing, re.S)[1])
    deferred, real = config["search"].split("?worker=")
    assert deferred == "../assets/javascripts/search-when-ready.js"
    assert (SITE / "timing" / real).resolve().is_file() and "workers/search." in real
    # The gate that holds this page's search worker runs before Material's script makes it.
    gate = timing.index('<script src="../assets/javascripts/search-gate.js"></script>')
    assert gate < timing.index('src="../assets/javascripts/bundle.')
    home = (SITE / "index.html").read_text()
    assert "search-when-ready" not in home and "tool-start" not in home and "search-gate" not in home


def test_the_service_worker_precaches_through_the_http_cache():
    sw = (SITE / "sw.js").read_text()
    assert 'importScripts("sw-precache-fetch.js")' in sw
    assert '"sw-precache-fetch.js"' in sw or "url:\"sw-precache-fetch.js\"" in sw
    assert 'cache: "no-cache"' in (SITE / "sw-precache-fetch.js").read_text()
    # The offline copy keeps the gzip-compressed snapshot, not the zstd or brotli one (for the server to send).
    assert '"wheels/python-memory.gz"' in sw and "python-memory.bin" not in sw


def test_the_local_server_compresses_what_compresses(tmp_path):
    (tmp_path / "a.wasm").write_bytes(b"\0asm\1\0\0\0" + bytes(10000))
    (tmp_path / "b.gz").write_bytes(gzip.compress(b"x" * 1000))
    server = serve.make_server(tmp_path, port=0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        def get(name: str, **headers: str):
            return urllib.request.urlopen(urllib.request.Request(base + name, headers=headers))

        with get("a.wasm", **{"Accept-Encoding": "gzip, br"}) as r:
            assert r.headers["Content-Encoding"] == "gzip" and r.headers["Content-Type"] == "application/wasm"
            assert gzip.decompress(r.read()) == (tmp_path / "a.wasm").read_bytes()
            modified = r.headers["Last-Modified"]
        with get("a.wasm") as r:
            assert r.headers["Content-Encoding"] is None and r.read() == (tmp_path / "a.wasm").read_bytes()
        with get("b.gz", **{"Accept-Encoding": "gzip"}) as r:
            assert r.headers["Content-Encoding"] is None
        with pytest.raises(urllib.error.HTTPError) as not_modified:
            get("a.wasm", **{"Accept-Encoding": "gzip", "If-Modified-Since": modified})
        assert not_modified.value.code == 304
    finally:
        server.shutdown()
        server.server_close()
