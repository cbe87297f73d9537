"""Peak memory of a process and all its descendants, sampled from /proc (Linux), and a
benchmark size run in a fresh process.

``ru_maxrss`` of children is the largest single process, which hides a pool of workers.
The sum of each process's proportional set size (PSS, shared pages divided among the
processes sharing them) is what the tree really costs; the RSS sum counts shared pages
(models forked copy-on-write) once per process, so it overstates.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import Any


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:  # the process ended between two looks
        return found
    for task in tasks:
        try:
            found.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def process_tree(pid: int) -> list[int]:
    """``pid`` and every process below it, from /proc."""
    pids, pending = [], [pid]
    while pending:
        current = pending.pop()
        pids.append(current)
        pending.extend(_children(current))
    return pids


def _kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeMemory:
    """Samples the process tree under ``pid`` until stopped; peaks in MiB."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_pss_mib = 0.0
        self.peak_rss_mib = 0.0
        self.peak_processes = 0
        self.peak_largest_mib = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            pids = process_tree(self.pid)
            self.peak_pss_mib = max(self.peak_pss_mib, sum(_kib(p, "Pss") for p in pids) / 1024)
            rss = [_kib(p, "Rss") / 1024 for p in pids]
            self.peak_rss_mib = max(self.peak_rss_mib, sum(rss))
            self.peak_largest_mib = max(self.peak_largest_mib, *rss)
            self.peak_processes = max(self.peak_processes, len(pids))
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()


def run_fresh(module: str, pages: int) -> dict[str, Any]:
    """``python -m module --one pages`` in a fresh process (so peaks of sizes never mix);
    the JSON object it prints last."""
    out = subprocess.run(
        [sys.executable, "-m", module, "--one", str(pages)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))
