"""Brotli-compressed copies of Pyodide's two largest files, for a first visit.

``site/pyodide/pyodide.asm.wasm.br`` beside ``pyodide.asm.wasm`` (2.8 MB against 3.6 MB
gzip-compressed) and the same for ``pyodide.asm.mjs``: build_tools/serve.py sends the copy,
with Content-Encoding: br, to a browser that accepts it, and the browser decodes it as it
arrives (and compiles the WebAssembly as it streams in). On a slow network that is the
difference between the tool being ready before or after a bare Pyodide start would have
its files (docs/performance.md). The offline copy keeps the files themselves
(build_tools/sw.mjs leaves ``*.br`` out): the service worker's cache holds responses already
decoded.

Brotli at its best takes about 25 seconds for the WebAssembly, so it runs in the background
(``start``) while the rest of the site is built, and ``finish`` waits for it; the copies are
kept in ``build/brotli-cache`` under a hash of what they are copies of, so a build does it
again only when the Pyodide pin changes.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "build" / "brotli-cache"
#: The files given a brotli copy, under site/.
FILES = ("pyodide/pyodide.asm.wasm", "pyodide/pyodide.asm.mjs")


def _cached(path: Path) -> Path:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:24]
    return CACHE / f"{digest}-{path.name}.br"


@dataclass
class Copies:
    """The brotli copies being made: ``finish()`` waits and puts them beside their files."""
    wanted: list[tuple[Path, Path]]
    process: subprocess.Popen | None = None

    def finish(self) -> str:
        """Wait for the copies, put them in the site; a line saying what was done."""
        if self.process is not None:
            if self.process.wait() != 0:
                raise SystemExit("build_site: the brotli copies could not be made (build_tools/brotli.mjs)")
            for _, cached in self.wanted:
                if _partial(cached).is_file():
                    _partial(cached).replace(cached)
        sizes = []
        for path, cached in self.wanted:
            shutil.copy2(cached, path.with_name(path.name + ".br"))
            sizes.append(f"{path.name} {cached.stat().st_size / 1e6:.2f} MB")
        how = "made now" if self.process is not None else "from build/brotli-cache"
        return f"brotli copies ({how}): " + ", ".join(sizes)


def _partial(cached: Path) -> Path:
    return cached.with_name(cached.name + ".part")


def start(site: Path) -> Copies:
    """Start making, in the background, the copies that the cache does not hold."""
    copies = Copies([(site / name, _cached(site / name)) for name in FILES])
    missing = [(path, cached) for path, cached in copies.wanted if not cached.is_file()]
    if missing:
        CACHE.mkdir(parents=True, exist_ok=True)
        # Copies of an earlier pin are of no further use.
        for old in CACHE.iterdir():
            if old.name.split("-", 1)[-1].removesuffix(".part") in {f"{p.name}.br" for p, _ in missing}:
                old.unlink()
        args = [str(a) for path, cached in missing for a in (path, _partial(cached))]
        copies.process = subprocess.Popen(["node", str(ROOT / "build_tools" / "brotli.mjs"), *args], cwd=ROOT)
    return copies
