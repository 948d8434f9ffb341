"""Errors the corpus readers and writers raise for the caller to report in one line."""

from __future__ import annotations

import importlib
from types import ModuleType

EXTRA_HINT = "pip install 'cleanpage[corpus]'"


class CorpusError(Exception):
    """A corpus file cannot be read or written as a whole (no such file, no such column,
    a missing optional package). The message names the file and is meant for the user
    as it stands; a bad single record is never raised but yielded with ``error`` set."""


def cannot_read(name: str, exc: OSError) -> str:
    """The one-line message for a file that cannot be opened or read."""
    if isinstance(exc, FileNotFoundError):
        return f"{name}: no such file"
    if isinstance(exc, IsADirectoryError):
        return f"{name}: is a directory"
    if isinstance(exc, PermissionError):
        return f"{name}: permission denied"
    return f"{name}: cannot read ({exc.strerror})"


class MissingExtra(CorpusError):
    """An optional package of the ``corpus`` extra is not installed."""


def require(module: str, package: str, purpose: str) -> ModuleType:
    """Import ``module``, or raise :class:`MissingExtra` saying what needs it.

    Imported by name so that cleanpage itself never depends on the extra; the module
    comes back untyped, and the callers keep what they take from it to a few lines.
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(f"{purpose} needs {package}: {EXTRA_HINT}") from None
