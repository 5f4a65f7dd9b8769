"""Compressed copies of Pyodide's two largest files, for a first visit: zstd and brotli.

``site/pyodide/pyodide.asm.wasm.zst`` and ``.br`` beside ``pyodide.asm.wasm`` (2.9 and 2.8 MB
against 3.6 MB gzip-compressed), and the same for ``pyodide.asm.mjs``: build_tools/serve.py
sends the first copy the browser accepts (zstd, then brotli), with its Content-Encoding, and
the browser decodes it as it arrives (and compiles the WebAssembly as it streams in). On a slow
network that is the difference between the tool being ready before or after a bare Pyodide
start would have its files; zstd, a little larger, decodes several times faster than brotli,
which on a first visit gains more than its extra bytes cost (docs/performance.md). The offline
copy keeps the files themselves (build_tools/sw.mjs leaves ``*.zst`` and ``*.br`` out): the
service worker's cache holds responses already decoded.

Brotli at its best takes about 25 seconds for the WebAssembly and zstd at level 19 about 4, so
both run in the background (``start``: brotli in Node, zstd in a thread) while the rest of the
site is built, and ``finish`` waits for them; the copies are kept in ``build/brotli-cache``
under a hash of what they are copies of, so a build makes them again only when the Pyodide pin
changes. ``zstd_copy`` also makes the memory snapshot's (build_site.py).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

import zstandard

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "build" / "brotli-cache"
#: The files given compressed copies, under site/.
FILES = ("pyodide/pyodide.asm.wasm", "pyodide/pyodide.asm.mjs")
#: zstd's level: 19 is its best without the "ultra" levels' memory (22 saved 0.02% here).
ZSTD_LEVEL = 19


def zstd_copy(data: bytes) -> bytes:
    """``data`` zstd-compressed (one frame, its size in the header), checked to read back."""
    packed = zstandard.ZstdCompressor(level=ZSTD_LEVEL, write_content_size=True).compress(data)
    if zstandard.ZstdDecompressor().decompress(packed, max_output_size=len(data)) != data:
        raise SystemExit("build_site: a zstd copy does not read back")
    return packed


def _cached(path: Path, suffix: str = ".br") -> Path:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:24]
    return CACHE / f"{digest}-{path.name}{suffix}"


def _make_zstd(missing: list[tuple[Path, Path]], failed: list[BaseException]) -> None:
    try:
        for path, cached in missing:
            _partial(cached).write_bytes(zstd_copy(path.read_bytes()))
            _partial(cached).replace(cached)
    except BaseException as exc:  # reported by finish(), on the build's own thread
        failed.append(exc)


@dataclass
class Copies:
    """The copies being made: ``finish()`` waits and puts them beside their files."""
    wanted: list[tuple[Path, Path]]
    process: subprocess.Popen | None = None
    zstd_wanted: list[tuple[Path, Path]] = field(default_factory=list)
    zstd_thread: threading.Thread | None = None
    zstd_failed: list[BaseException] = field(default_factory=list)

    def finish(self) -> str:
        """Wait for the copies, put them in the site; a line saying what was done."""
        if self.process is not None:
            if self.process.wait() != 0:
                raise SystemExit("build_site: the brotli copies could not be made (build_tools/brotli.mjs)")
            for _, cached in self.wanted:
                if _partial(cached).is_file():
                    _partial(cached).replace(cached)
        if self.zstd_thread is not None:
            self.zstd_thread.join()
            if self.zstd_failed:
                raise SystemExit(f"build_site: the zstd copies could not be made ({self.zstd_failed[0]})")
        sizes = []
        for (path, cached), suffix in [*((w, ".br") for w in self.wanted), *((w, ".zst") for w in self.zstd_wanted)]:
            shutil.copy2(cached, path.with_name(path.name + suffix))
            sizes.append(f"{path.name}{suffix} {cached.stat().st_size / 1e6:.2f} MB")
        how = "made now" if self.process is not None or self.zstd_thread is not None else "from build/brotli-cache"
        return f"zstd and brotli copies ({how}): " + ", ".join(sizes)


def _partial(cached: Path) -> Path:
    return cached.with_name(cached.name + ".part")


def _forget_earlier(missing: list[tuple[Path, Path]], suffix: str) -> None:
    """Copies of an earlier pin are of no further use."""
    CACHE.mkdir(parents=True, exist_ok=True)
    names = {f"{p.name}{suffix}" for p, _ in missing}
    for old in CACHE.iterdir():
        if old.name.split("-", 1)[-1].removesuffix(".part") in names:
            old.unlink()


def start(site: Path) -> Copies:
    """Start making, in the background, the copies that the cache does not hold."""
    copies = Copies([(site / name, _cached(site / name)) for name in FILES],
                    zstd_wanted=[(site / name, _cached(site / name, ".zst")) for name in FILES])
    missing = [(path, cached) for path, cached in copies.wanted if not cached.is_file()]
    if missing:
        _forget_earlier(missing, ".br")
        args = [str(a) for path, cached in missing for a in (path, _partial(cached))]
        copies.process = subprocess.Popen(["node", str(ROOT / "build_tools" / "brotli.mjs"), *args], cwd=ROOT)
    missing_zstd = [(path, cached) for path, cached in copies.zstd_wanted if not cached.is_file()]
    if missing_zstd:
        _forget_earlier(missing_zstd, ".zst")
        copies.zstd_thread = threading.Thread(target=_make_zstd, args=(missing_zstd, copies.zstd_failed), daemon=True)
        copies.zstd_thread.start()
    return copies
