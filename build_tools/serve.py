"""Serve the built site on http://127.0.0.1:8000 with the right types and a strict CSP.

    python -m build_tools.serve [--dir site] [--port 8000]

Standard library only. `.wasm` goes out as application/wasm and `.mjs` as JavaScript
(else Pyodide's start hangs silently), and every response carries a
Content-Security-Policy allowing only this origin, plus 'wasm-unsafe-eval' so that
Pyodide can compile WebAssembly. The same policy is in each page's <meta> tag
(mkdocs.yml, extra.content_security_policy); `tests/build_tools` checks they agree.
Listens on the loopback address only. A folder without an index page, or a path with a
NUL byte, is a plain 404 (no listing of a folder, no traceback); the `Server` header
names no software version, and a `Permissions-Policy` turns off what the handbook never
uses (camera, microphone, location ...).

Text and WebAssembly go out gzip-compressed to a browser that accepts it (Content-Encoding:
gzip; each file compressed once and kept in memory): Pyodide's WebAssembly travels as
3.6 MB instead of 9.6 MB. Files that are compressed already (zips, wheels, the memory
snapshot, stored gzip-compressed and inflated by the page's worker) go as they are. Where the
build put compressed copies beside a file (``NAME.zst`` and ``NAME.br`` beside ``NAME``:
Pyodide's WebAssembly and JavaScript, build_tools/precompressed.py), a browser gets the first
of them it accepts, zstd before brotli (ENCODED_COPIES): 2.9 and 2.8 MB for the WebAssembly.
zstd is a little larger but the browser decodes it several times faster, which on a first
visit is worth more than the bytes, even at 5 MB/s (docs/performance.md). A file the build
stored compressed only (``NAME.zst`` and ``NAME.br``, with no ``NAME``: the memory snapshot's
``python-memory.bin``) is sent for ``NAME`` in the same way to a browser that accepts either,
and is a 404 otherwise, as on a host that cannot send it (the page then asks for the
gzip-compressed copy).
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import functools
import gzip
import io
import os
import sys
import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; "
    "connect-src 'self'; img-src 'self' data:; style-src 'self'; font-src 'self'; "
    "manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'"
)
#: Sent as a header only: a <meta> policy cannot carry it.
HEADER_ONLY = "; frame-ancestors 'none'"
#: Browser features the handbook never uses, refused to the page and anything it embeds.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


#: What is sent compressed: text, and WebAssembly (which compresses to about a third).
COMPRESSIBLE = {".wasm", ".mjs", ".js", ".json", ".html", ".css", ".svg", ".txt", ".xml", ".webmanifest"}
#: The compressed copies the build may put beside a file, in the order they are preferred:
#: (the copy's suffix, its Content-Encoding).
ENCODED_COPIES = ((".zst", "zstd"), (".br", "br"))


@functools.lru_cache(maxsize=256)
def _gzipped(path: str, mtime_ns: int, size: int) -> bytes:
    with open(path, "rb") as fh:
        return gzip.compress(fh.read(), compresslevel=6, mtime=0)


class Handler(SimpleHTTPRequestHandler):
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".whl": "application/zip",
        ".zip": "application/zip",
        ".webmanifest": "application/manifest+json",
        ".svg": "image/svg+xml",
    }

    #: What the `Server` header says: no software or version to fingerprint.
    server_version = "handbook"
    sys_version = ""

    def version_string(self) -> str:
        return self.server_version

    def send_head(self) -> Any:
        # os.path refuses a NUL byte with a ValueError, which would drop the connection.
        if "\x00" in unquote(self.path):
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        copies = [(path + suffix, coding) for suffix, coding in ENCODED_COPIES if os.path.isfile(path + suffix)]
        accepted = next(((copy, coding) for copy, coding in copies if self._accepts(coding)), None)
        if os.path.isfile(path):
            if accepted:
                return self._send_encoded(*accepted, self.guess_type(path))
            if os.path.splitext(path)[1] in COMPRESSIBLE and self._accepts("gzip"):
                return self._send_gzipped(path)
        elif copies:
            # Stored compressed only: there is nothing to send a browser that accepts none of them.
            if accepted:
                return self._send_encoded(*accepted)
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        return super().send_head()

    def _accepts(self, coding: str) -> bool:
        accepted = self.headers.get("Accept-Encoding", "")
        return any(part.split(";")[0].strip() == coding and "q=0" not in part.replace(" ", "")
                   for part in accepted.split(","))

    def _unchanged_since(self, mtime: float) -> bool:
        """Whether the request's If-Modified-Since (without an If-None-Match) is no earlier than ``mtime``."""
        since = self.headers.get("If-Modified-Since")
        if not since or "If-None-Match" in self.headers:
            return False
        try:
            when = email.utils.parsedate_to_datetime(since)
        except (TypeError, IndexError, OverflowError, ValueError):
            return False
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return datetime.fromtimestamp(int(mtime), timezone.utc) <= when

    def _send_encoded(self, path: str, coding: str, content_type: str = "application/octet-stream") -> Any:
        """A file stored compressed, sent as it is with Content-Encoding: ``coding`` (304 if unchanged
        since If-Modified-Since: the service worker revalidates what the page has just downloaded)."""
        stat = os.stat(path)
        if self._unchanged_since(stat.st_mtime):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            return None
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", coding)
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(stat.st_size))
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.end_headers()
        return open(path, "rb")  # noqa: SIM115 - closed by the base class once copied

    def _send_gzipped(self, path: str) -> Any:
        """The base class's answer for a file (304 if unchanged since If-Modified-Since), compressed."""
        stat = os.stat(path)
        if self._unchanged_since(stat.st_mtime):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            return None
        body = _gzipped(path, stat.st_mtime_ns, stat.st_size)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.end_headers()
        return io.BytesIO(body)

    def list_directory(self, path: str | Path) -> Any:
        # A folder without index.html is not a page: never list what it holds.
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")
        return None

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY + HEADER_ONLY)
        self.send_header("Permissions-Policy", PERMISSIONS_POLICY)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        # Always revalidate: the service worker, not the HTTP cache, keeps the offline copy.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        if not getattr(self.server, "quiet", False):
            super().log_message(format, *args)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A browser that stops reading (a reload, a closed tab) is not an error of the site.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def make_server(directory: Path, port: int = 8000, quiet: bool = False) -> ThreadingHTTPServer:
    handler = functools.partial(Handler, directory=str(directory))
    server = Server(("127.0.0.1", port), handler)
    server.quiet = quiet  # type: ignore[attr-defined]
    return server


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    """``directory`` served quietly on a free loopback port in a background thread (for the tests):
    yields the origin, ``http://127.0.0.1:<port>``, and stops the server afterwards."""
    server = make_server(directory, port=0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=ROOT / "site")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    if not (args.dir / "index.html").is_file():
        print(f"serve: no built site in {args.dir} (run `make site` first)", file=sys.stderr)
        return 1
    server = make_server(args.dir, args.port, args.quiet)
    print(f"Serving {args.dir} on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
