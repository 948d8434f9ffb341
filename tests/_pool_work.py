"""Work and setup functions for the pool tests.

Worker processes are started with ``spawn``, which pickles functions by their module
and name, so these live in an importable module rather than inside the tests.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import cleanpage

HANG = "hang"  # an item that never finishes
DIE = "die"  # an item whose worker exits at once, as a segfault would
RAISE = "raise"  # an item whose work raises ValueError


def no_state() -> None:
    return None


def failing_setup() -> None:
    raise OSError("rules directory missing")


def pid_state() -> int:
    return os.getpid()


def record_setup(directory: str) -> str:
    """Setup that leaves a trace: one line appended to a file named by the worker's pid."""
    path = Path(directory) / f"{os.getpid()}.setup"
    with path.open("a", encoding="utf-8") as f:
        f.write("setup\n")
    return path.name


def echo(state: object, item: object) -> tuple[object, object]:
    """The state and the item, so a test sees which worker ran what."""
    return state, item


def sized(state: None, item: tuple[int, float, bytes]) -> tuple[int, int]:
    """Item ``(index, delay, payload)``: wait ``delay`` seconds (so items finish out of
    order), then return the index and the payload's length."""
    index, delay, payload = item
    time.sleep(delay)
    return index, len(payload)


def misbehave(state: object, item: object) -> object:
    """Echo the item, except for the special items that raise, hang or kill the worker."""
    if item == RAISE:
        raise ValueError(f"cannot handle {item!r}")
    if item == HANG:
        time.sleep(3600)
    if item == DIE:
        os._exit(1)
    return item


def make_cleaner() -> cleanpage.Cleaner:
    return cleanpage.Cleaner()


def clean_page(cleaner: cleanpage.Cleaner, page: str | bytes) -> cleanpage.Result:
    return cleaner.clean(page)
