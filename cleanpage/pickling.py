"""Frozen dataclasses that pickle as a call of their constructor.

Pickle restores an object attribute by attribute by default. The compiled build
(docs/performance.md, "Compiled build") makes every dataclass a native class, and a
frozen native class refuses those assignments, so a result sent back by a worker
process could not be read. A call of the class with the fields in order works in both
builds, and is what the dataclass would be given anyway.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any


class PickledByFields:
    """Base of a dataclass whose fields are all constructor arguments, in order."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return type(self), tuple(getattr(self, f.name) for f in fields(self))  # type: ignore[arg-type]
