"""Where things are: the repository root and the source documents beside the checkout."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT.parent / "shared" / "sources"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
