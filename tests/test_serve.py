"""The local server (`build_tools/serve.py`): plain 404s, no listings, no version banner."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from build_tools.serve import PERMISSIONS_POLICY, serving


@pytest.fixture()
def base(tmp_path):
    (tmp_path / "index.html").write_text("<p>home</p>")
    (tmp_path / "timing").mkdir()
    (tmp_path / "timing" / "index.html").write_text("<p>timing</p>")
    (tmp_path / "wheels").mkdir()
    (tmp_path / "wheels" / "wheels.json").write_text("{}")
    with serving(tmp_path) as origin:
        yield origin


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_pages_are_served_with_the_policies(base):
    with urllib.request.urlopen(base + "/timing/", timeout=5) as response:
        assert response.status == 200
        assert response.headers["Permissions-Policy"] == PERMISSIONS_POLICY
        assert response.headers["Server"] == "handbook"  # no Python or server version


@pytest.mark.parametrize("path", ["/%00", "/timing/%00", "/a%00b.html", "/wheels/", "/timing/../wheels/"])
def test_nul_and_folders_without_a_page_are_not_found(base, path):
    assert _status(base + path) == 404


def test_a_file_stored_brotli_compressed_goes_as_it_is_to_a_browser_that_accepts_it(base, tmp_path):
    """``NAME.br`` with no ``NAME`` (the memory snapshot's brotli copy): sent for ``NAME`` with
    Content-Encoding: br, byte for byte; to a client that does not accept br, a 404, so that the
    page asks for the gzip-compressed copy instead."""
    stored = bytes(range(256)) * 4  # any bytes: the server neither reads nor decodes them
    (tmp_path / "wheels" / "python-memory.bin.br").write_bytes(stored)
    asked = urllib.request.Request(base + "/wheels/python-memory.bin", headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    with urllib.request.urlopen(asked, timeout=5) as response:
        assert response.headers["Content-Encoding"] == "br"
        assert response.headers["Vary"] == "Accept-Encoding"
        assert response.read() == stored
    assert _status(base + "/wheels/python-memory.bin") == 404  # urllib accepts no br
    refused = urllib.request.Request(base + "/wheels/python-memory.bin", headers={"Accept-Encoding": "gzip, br;q=0"})
    with pytest.raises(urllib.error.HTTPError) as refusal:
        urllib.request.urlopen(refused, timeout=5)
    assert refusal.value.code == 404


def test_a_file_with_a_brotli_copy_beside_it_goes_as_that_copy_where_accepted(base, tmp_path):
    """``NAME`` with ``NAME.br`` beside it (Pyodide's WebAssembly, build_tools/precompressed.py):
    the copy, with NAME's own type, to a browser that accepts br; otherwise NAME, gzip-compressed."""
    import gzip

    wasm = b"\0asm" + bytes(range(256)) * 64
    (tmp_path / "pyodide").mkdir()
    (tmp_path / "pyodide" / "pyodide.asm.wasm").write_bytes(wasm)
    (tmp_path / "pyodide" / "pyodide.asm.wasm.br").write_bytes(b"brotli bytes")
    url = base + "/pyodide/pyodide.asm.wasm"
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Encoding": "gzip, br"}), timeout=5) as r:
        assert (r.headers["Content-Encoding"], r.headers["Content-Type"]) == ("br", "application/wasm")
        assert r.read() == b"brotli bytes"
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Encoding": "gzip"}), timeout=5) as r:
        assert r.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(r.read()) == wasm


def test_an_unchanged_brotli_copy_is_a_304_to_a_revalidation(base, tmp_path):
    """The service worker revalidates what the page has just downloaded (If-Modified-Since): the
    brotli copy is not sent twice."""
    (tmp_path / "pyodide").mkdir()
    (tmp_path / "pyodide" / "pyodide.asm.wasm").write_bytes(b"\0asm")
    (tmp_path / "pyodide" / "pyodide.asm.wasm.br").write_bytes(b"brotli bytes")
    url = base + "/pyodide/pyodide.asm.wasm"
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Encoding": "br"}), timeout=5) as r:
        modified = r.headers["Last-Modified"]
    again = urllib.request.Request(url, headers={"Accept-Encoding": "br", "If-Modified-Since": modified})
    with pytest.raises(urllib.error.HTTPError) as reply:
        urllib.request.urlopen(again, timeout=5)
    assert reply.value.code == 304


def test_a_zstd_copy_goes_before_a_brotli_one_to_a_browser_that_accepts_both(base, tmp_path):
    """``NAME.zst`` and ``NAME.br`` beside ``NAME`` (build_tools/precompressed.py): zstd to a browser
    that accepts it (Chromium does), brotli to one that accepts only brotli, gzip to the rest; and
    for a file stored compressed only (the memory snapshot), zstd, brotli, or a 404."""
    (tmp_path / "pyodide").mkdir()
    (tmp_path / "pyodide" / "pyodide.asm.wasm").write_bytes(b"\0asm" + bytes(64))
    (tmp_path / "pyodide" / "pyodide.asm.wasm.zst").write_bytes(b"zstd bytes")
    (tmp_path / "pyodide" / "pyodide.asm.wasm.br").write_bytes(b"brotli bytes")
    (tmp_path / "wheels" / "python-memory.bin.zst").write_bytes(b"zstd snapshot")
    (tmp_path / "wheels" / "python-memory.bin.br").write_bytes(b"brotli snapshot")

    def sent(path: str, accepted: str) -> tuple[str | None, str | None, bytes]:
        asked = urllib.request.Request(base + path, headers={"Accept-Encoding": accepted})
        with urllib.request.urlopen(asked, timeout=5) as r:
            return r.headers["Content-Encoding"], r.headers["Content-Type"], r.read()

    chromium = "gzip, deflate, br, zstd"
    assert sent("/pyodide/pyodide.asm.wasm", chromium) == ("zstd", "application/wasm", b"zstd bytes")
    assert sent("/pyodide/pyodide.asm.wasm", "gzip, br") == ("br", "application/wasm", b"brotli bytes")
    assert sent("/pyodide/pyodide.asm.wasm", "gzip, br, zstd;q=0")[0] == "br"
    assert sent("/pyodide/pyodide.asm.wasm", "gzip")[0] == "gzip"
    assert sent("/wheels/python-memory.bin", chromium)[::2] == ("zstd", b"zstd snapshot")
    assert sent("/wheels/python-memory.bin", "gzip, br")[::2] == ("br", b"brotli snapshot")
    assert _status(base + "/wheels/python-memory.bin") == 404  # urllib accepts neither


def test_an_unchanged_zstd_copy_is_a_304_to_a_revalidation(base, tmp_path):
    (tmp_path / "pyodide").mkdir()
    (tmp_path / "pyodide" / "pyodide.asm.wasm").write_bytes(b"\0asm")
    (tmp_path / "pyodide" / "pyodide.asm.wasm.zst").write_bytes(b"zstd bytes")
    url = base + "/pyodide/pyodide.asm.wasm"
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Encoding": "zstd"}), timeout=5) as r:
        assert r.headers["Content-Encoding"] == "zstd"
        modified = r.headers["Last-Modified"]
    again = urllib.request.Request(url, headers={"Accept-Encoding": "zstd", "If-Modified-Since": modified})
    with pytest.raises(urllib.error.HTTPError) as reply:
        urllib.request.urlopen(again, timeout=5)
    assert reply.value.code == 304
