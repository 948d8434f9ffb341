"""Run one measurement in a child process: its own heap, a time limit, its peak RSS.

Two kernel figures for peak RSS, neither sampled:

- :func:`peak_rss_mb`, which a Python child reports about itself: ``VmHWM`` from
  /proc/self/status, the high-water mark of its own address space. Preferred, because
- ``ru_maxrss`` (``os.wait4``, the fallback for any command) starts at the RSS the
  parent had when it spawned the child: the kernel carries the high-water mark of the
  address space replaced by ``exec`` over. It is right only while the parent is
  smaller than the child, so the benchmark parents keep little in memory.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ChildRun:
    returncode: int
    seconds: float  # wall time of the whole child, interpreter start-up included
    peak_rss_mb: float
    timed_out: bool
    stderr: str  # the last lines, for error messages and progress reports

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out


def run_child(argv: Sequence[str], timeout: float | None = None, keep_lines: int = 5) -> ChildRun:
    """Run ``argv`` (no shell) and wait for it, killing it and its group after ``timeout`` s.

    ``keep_lines``: how many of the last lines of its stderr to keep.
    """
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        # its own session, so a time-out also ends the pool workers it may have started
        proc = subprocess.Popen(list(argv), stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer is not None:
            timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            if timer is not None:
                timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        seconds = time.perf_counter() - start
        err.seek(0)
        tail = err.read().decode("utf-8", errors="replace").strip().splitlines()[-keep_lines:]
    return ChildRun(
        returncode=proc.returncode,
        seconds=seconds,
        peak_rss_mb=usage.ru_maxrss / 1024,  # Linux reports KiB
        timed_out=timed_out.is_set() and proc.returncode == -signal.SIGKILL,
        stderr="\n".join(tail),
    )


def peak_rss_mb() -> float:
    """This process's own peak RSS so far, in MiB (VmHWM; ru_maxrss where /proc is missing)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
