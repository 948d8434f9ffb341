"""What every corpus writer does: take records back with their results, and finish
or give up as a whole."""

from __future__ import annotations

import abc
from types import TracebackType

from ..result import Result
from .records import Record, Status


class CorpusWriter(abc.ABC):
    """A context manager: ``with open_writer(...) as out: out.write(record, result,
    status)``. Leaving the block normally commits the output; leaving it by an
    exception discards it, so no half-written file is ever left behind."""

    # documents written so far (passed-through ones included)
    written: int = 0

    @abc.abstractmethod
    def write(self, record: Record, result: Result | None, status: Status) -> None:
        """Write ``record`` as ``status`` says: cleaned (``result.text``), passed
        unchanged, or not at all (skipped, rejected)."""

    @abc.abstractmethod
    def close(self) -> None:
        """Finish the output; the target file appears now."""

    @abc.abstractmethod
    def abort(self) -> None:
        """Give the output up; the target file is left as it was."""

    def __enter__(self) -> CorpusWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()
