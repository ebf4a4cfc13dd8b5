"""CPU seconds (user + system) used so far by processes and all their descendants, from /proc: the soak
reads it before and after the load (scripts/soak), so that the work per request is known even when other
jobs share the machine and stretch every latency.

Usage: ``python3 bench/soak/cpu.py NAME=PID[,PID…] …`` → one JSON object {NAME: seconds}.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds) of a live process; its own and its reaped children's time."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    # after the command: state ppid … utime(14th field) stime cutime cstime (man 5 proc)
    ppid = int(fields[1])
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return ppid, (utime + stime + cutime + cstime) / TICKS


def tree_seconds(roots: list[int]) -> float:
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            s = _stat(int(entry.name))
            if s is not None:
                stats[int(entry.name)] = s
    children: dict[int, list[int]] = {}
    for pid, (ppid, _cpu) in stats.items():
        children.setdefault(ppid, []).append(pid)
    total, todo, seen = 0.0, list(roots), set()
    while todo:
        pid = todo.pop()
        if pid in seen or pid not in stats:
            continue
        seen.add(pid)
        total += stats[pid][1]
        todo.extend(children.get(pid, []))
    return round(total, 2)


if __name__ == "__main__":
    out = {}
    for arg in sys.argv[1:]:
        name, _eq, pids = arg.partition("=")
        out[name] = tree_seconds([int(p) for p in pids.split(",") if p])
    print(json.dumps(out))
