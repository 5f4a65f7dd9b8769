"""What the handbook stores and transfers (bench/run.py): the offline copy, as stored and as
sent, and a real first visit in a new profile, counted on the wire."""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"


def precache_files() -> list[Path]:
    sw = (SITE / "sw.js").read_text()
    urls = set(re.findall(r'url:"([^"]+)"', sw)) | set(re.findall(r'"url":\s*"([^"]+)"', sw))
    return [SITE / u.split("?")[0] for u in urls if (SITE / u.split("?")[0]).is_file()]


def sent_size(path: Path) -> int:
    """What build_tools/serve.py sends Chromium (which accepts zstd and brotli) for a file: its
    first compressed copy if it has one, else gzip-compressed if it compresses it."""
    from build_tools.serve import COMPRESSIBLE, ENCODED_COPIES, _gzipped

    for suffix, _ in ENCODED_COPIES:
        copy = path.with_name(path.name + suffix)
        if copy.is_file():
            return copy.stat().st_size
    if path.suffix in COMPRESSIBLE:
        st = path.stat()
        return len(_gzipped(str(path), st.st_mtime_ns, st.st_size))
    return path.stat().st_size


FIRST_VISIT_STORED = """async () => {
  let bytes = 0, files = 0;
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      bytes += (await (await cache.match(request)).arrayBuffer()).byteLength;
      files += 1;
    }
  }
  return [bytes, files];
}"""


def first_visit(playwright, base: str, chromium: str, args: list[str], ready: str, timeout_ms: int) -> dict:
    """A real first visit (a new profile with a disk cache): bytes on the wire, page and service
    worker together, until the offline copy is complete; then what that copy stores."""
    profile = tempfile.mkdtemp(prefix="sdh-bench-")
    ctx = playwright.chromium.launch_persistent_context(profile, executable_path=chromium, args=args)
    sizes: list[tuple[bool, int]] = []

    def finished(request) -> None:
        try:
            s = request.sizes()
            sizes.append((bool(request.service_worker), s["responseBodySize"] + s["responseHeadersSize"]))
        except Exception:  # noqa: BLE001 - a request torn down with its page has no sizes
            pass

    ctx.on("requestfinished", finished)
    try:
        page = ctx.new_page()
        page.goto(f"{base}/timing/")
        page.wait_for_selector(ready, timeout=timeout_ms)
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        time.sleep(1)
        stored, files = page.evaluate(FIRST_VISIT_STORED)
    finally:
        ctx.close()
        shutil.rmtree(profile, ignore_errors=True)
    return {"transferred_mb": round(sum(n for _, n in sizes) / 1e6, 2),
            "by_service_worker_mb": round(sum(n for sw, n in sizes if sw) / 1e6, 2),
            "requests": len(sizes), "stored_mb": round(stored / 1e6, 2), "stored_files": files}
