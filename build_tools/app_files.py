"""The handbook as an app on a phone: its web app manifest and icons, written at build time.

``write(docs)`` puts ``site.webmanifest`` at the root of the staged docs and the icons in
``assets/images/`` (MkDocs copies them into the site, and the service worker precaches them
with everything else). build_tools/theme/main.html links the manifest; mkdocs.yml's
Content-Security-Policy allows it (``manifest-src 'self'``).

The icons are drawn here and written as PNG with the standard library (zlib and struct), so
no image file or package is needed: the handbook's indigo, full bleed, with a white disc
and a bar across it (a plain mark, not a picture of anything), inside the middle 80% that a
maskable icon keeps whatever shape the phone cuts it to.
"""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

MANIFEST = "site.webmanifest"
ICONS = "assets/images"
#: The theme's primary colour (Material's indigo) and the page's background.
THEME_COLOR = "#3f51b5"
BACKGROUND_COLOR = "#ffffff"
_INDIGO = (0x3F, 0x51, 0xB5, 0xFF)
_WHITE = (0xFF, 0xFF, 0xFF, 0xFF)
#: Every icon: (file name, size in pixels, purpose).
ICON_FILES = (("icon-192.png", 192, "any"), ("icon-512.png", 512, "any"),
              ("icon-maskable-512.png", 512, "maskable"))


def png(width: int, height: int, rows: list[bytes]) -> bytes:
    """An RGBA PNG from its rows (``4 * width`` bytes each), unfiltered, zlib-compressed."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits, RGBA, no interlace
    raw = b"".join(b"\x00" + row for row in rows)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def icon(size: int) -> bytes:
    """The handbook's icon at ``size`` pixels square."""
    centre = (size - 1) / 2
    disc = (0.34 * size) ** 2
    bar = 0.06 * size
    rows = []
    for y in range(size):
        dy = y - centre
        row = bytearray()
        for x in range(size):
            dx = x - centre
            inside = dx * dx + dy * dy <= disc
            # The bar across the disc is drawn in indigo: a white disc with an indigo band.
            row += bytes(_INDIGO if not inside or abs(dy) <= bar else _WHITE)
        rows.append(bytes(row))
    return png(size, size, rows)


def manifest() -> dict[str, object]:
    """The web app manifest: names, where it starts, how it opens, its colours and icons."""
    return {
        "name": "Strategy Discussion Handbook",
        "short_name": "SD Handbook",
        "description": "Child-protection strategy discussions: what published procedures say, "
                       "with tools that work out when each step is due. Works offline.",
        "lang": "en-GB",
        "start_url": ".",
        "scope": ".",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [{"src": f"{ICONS}/{name}", "sizes": f"{size}x{size}", "type": "image/png", "purpose": purpose}
                  for name, size, purpose in ICON_FILES],
    }


def write(docs: Path) -> list[Path]:
    """Write the manifest and the icons into ``docs``; the files written."""
    folder = docs / ICONS
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    drawn: dict[int, bytes] = {}
    for name, size, _purpose in ICON_FILES:
        data = drawn.setdefault(size, icon(size))
        (folder / name).write_bytes(data)
        written.append(folder / name)
    (docs / MANIFEST).write_text(json.dumps(manifest(), indent=1) + "\n", encoding="utf-8")
    written.append(docs / MANIFEST)
    return written
