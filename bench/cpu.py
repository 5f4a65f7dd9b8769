"""How much processor time Chromium spends while a page starts: the benchmark's evidence of
whether a start waits for something (the cores are idle) or is simply work (they are busy).

Read from /proc (Linux only): the user and system time of every thread of every Chromium
process, before and after, grouped by process type and thread name (the renderer's main
thread, its dedicated worker, V8's background threads, the network service, the browser).
Nothing here is asserted: bench/run.py reports it beside the start it was taken around.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path

_TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")
#: Chromium rewrites its command line as one string for the process title: its --type= names the
#: kind of process; a utility process also names its service.
_UNNAMED = "browser"


def _kind(cmdline: bytes) -> str:
    kind = _UNNAMED
    for part in cmdline.replace(b"\0", b" ").split(b" "):
        if part.startswith(b"--type="):
            kind = part[7:].decode(errors="replace")
        elif part.startswith(b"--utility-sub-type="):
            return part.rsplit(b".", 1)[-1].decode(errors="replace")
    return kind


def thread_times() -> Counter[str]:
    """CPU milliseconds used so far by each Chromium thread, keyed "process kind/thread name"."""
    used: Counter[str] = Counter()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
            if b"chromium" not in cmdline:
                continue
            kind = _kind(cmdline)
            for task in (proc / "task").iterdir():
                stat = (task / "stat").read_text()
                # The name is in brackets and may itself hold spaces; the fields follow it.
                name = stat[stat.index("(") + 1:stat.rindex(")")]
                fields = stat[stat.rindex(")") + 2:].split()
                used[f"{kind}/{name}"] += (int(fields[11]) + int(fields[12])) * _TICK_MS
        except (OSError, ValueError, IndexError):
            continue  # a process or thread that ended while being read
    return used


class Spent:
    """CPU time of Chromium's threads, and the wall time, across a `with` block."""

    def __enter__(self) -> "Spent":
        self._wall = time.perf_counter()
        self._before = thread_times()
        return self

    def __exit__(self, *exc: object) -> None:
        self.by_thread = thread_times() - self._before
        self.wall_ms = (time.perf_counter() - self._wall) * 1000
        self.cpu_ms = sum(self.by_thread.values())

    def busy(self, cores: int | None = None) -> float:
        """The share of the machine's cores the browser kept busy over the block."""
        return self.cpu_ms / (self.wall_ms * (cores or os.cpu_count() or 1))

    def top(self, n: int = 6) -> list[list[object]]:
        return [[name, round(ms)] for name, ms in self.by_thread.most_common(n) if ms > 0]
