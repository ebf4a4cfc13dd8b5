"""Tasks for the worker tests (tests/scale/test_workers.py), run by real ``sumai db_worker`` processes.
Each appends a line to a file (``O_APPEND`` writes of one short line do not interleave), so the test can
count the runs whatever process made them."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import task


def _append(path: str, line: str) -> None:
    with open(path, "a", encoding="utf-8") as out:
        out.write(f"{line}\n")


def _wait_for(gate: str) -> None:
    deadline = time.monotonic() + 60
    while not Path(gate).exists():
        if time.monotonic() > deadline:
            raise TimeoutError(gate)
        time.sleep(0.02)


@task()
def record(n: int, out: str, gate: str = "") -> int:
    """Note that job ``n`` ran (and which process ran it). With ``gate``: first note the process in
    ``<out>.holding`` and wait until the file ``gate`` exists, so the test can see the workers overlap."""
    if gate:
        _append(f"{out}.holding", str(os.getpid()))
        _wait_for(gate)
    time.sleep(0.005)
    _append(out, f"{n} {os.getpid()}")
    return n


@task()
def hold(out: str, gate: str) -> str:
    """Note the start, wait until the file ``gate`` exists (at most a minute), note the end."""
    _append(out, f"start {os.getpid()}")
    _wait_for(gate)
    _append(out, f"done {os.getpid()}")
    return "done"
