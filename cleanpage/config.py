"""The settings a corpus repository keeps for cleanpage runs.

A run reads ``.cleanpage.toml`` (keys at the top level) or the ``[tool.cleanpage]`` table
of ``pyproject.toml``, whichever it meets first searching from the current directory
upward; in one directory ``.cleanpage.toml`` wins. The search stops at the filesystem
root or after a directory that holds ``.git`` (the top of the repository). Paths in the
file are relative to the file's directory. See docs/pre-commit.md for every key.

Every problem is a :class:`ConfigError` whose message names the file and the key:
``pyproject.toml: [tool.cleanpage] thresholds.spam.min_segments: expected an integer,
got "three"``.
"""

from __future__ import annotations

import codecs
import difflib
import functools
import inspect
import math
import os
import re
import sys
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath
from typing import Any

from .cleaner import REPAIRS, Cleaner
from .detectors import Detector, default_detectors
from .pickling import PickledByFields

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_FILE = ".cleanpage.toml"
PYPROJECT = "pyproject.toml"
KEYS = ("disable", "encoding", "exclude", "include", "repair", "rules", "site", "thresholds")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")

Threshold = int | float


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Config(PickledByFields):
    """One run's settings. ``Config()`` is the default: no file, nothing changed.

    ``path``: the file the settings came from; ``root``: the directory its relative
    paths and patterns start from. ``rules``: site-rule directories (absolute).
    ``disable``: detector names to leave out. ``repair``: ``True``, ``False`` or the
    names of the repairs to keep. ``thresholds``: detector name to constructor keyword
    arguments. ``exclude``/``include``: glob patterns of paths under ``root`` to skip /
    to limit the run to. ``site``, ``encoding``: defaults for ``--site``/``--encoding``.
    """

    path: Path | None = None
    root: Path | None = None
    where: str = ""  # how messages name the file (and table): "pyproject.toml: [tool.cleanpage] "
    rules: tuple[Path, ...] = ()
    disable: frozenset[str] = frozenset()
    repair: bool | frozenset[str] = True
    thresholds: Mapping[str, Mapping[str, Threshold]] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    site: str | None = None
    encoding: str | None = None

    def error(self, key: str, problem: str) -> ConfigError:
        """An error about one of this configuration's keys, naming the file and the key."""
        return ConfigError(f"{self.where}{key}: {problem}")

    def detectors(self) -> list[Detector]:
        """The default detectors, in their order, built with the configured thresholds."""
        built: list[Detector] = []
        for detector in default_detectors():
            settings = self.thresholds.get(detector.name)
            built.append(type(detector)(**settings) if settings else detector)
        return built

    def cleaner(self) -> Cleaner:
        """A :class:`Cleaner` with these detectors, repairs and site-rule directories."""
        return Cleaner(
            detectors=self.detectors(), disable=self.disable, repair=self.repair, rule_dirs=self.rules
        )

    def skips(self, path: Path | str) -> bool:
        """Is ``path`` left alone: matched by ``exclude``, or not matched by ``include``?

        Only paths under ``root`` are judged; a pattern that matches a directory
        matches everything inside it.
        """
        if not (self.exclude or self.include) or self.root is None:
            return False
        relative = _relative_to(Path(path), self.root)
        if relative is None:
            return False
        if self.include and not _matches(self.include, relative):
            return True
        return _matches(self.exclude, relative)


# --- finding and loading -------------------------------------------------------------------


def find_config(start: Path | str | None = None) -> Path | None:
    """The configuration file that governs ``start`` (default: the current directory)."""
    here = Path(os.path.abspath(start if start is not None else os.getcwd()))
    for directory in (here, *here.parents):
        candidate = directory / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = directory / PYPROJECT
        if pyproject.is_file() and _section(pyproject, _display(pyproject), required=False) is not None:
            return pyproject
        if (directory / ".git").exists():
            return None
    return None


def load_config(path: Path | str, *, display: str | None = None) -> Config:
    """Read and check one file: a ``pyproject.toml`` (its ``[tool.cleanpage]`` table) or
    a file of top-level keys such as ``.cleanpage.toml``. ``display`` is how messages
    name the file (default: the path as given)."""
    path = Path(path)
    shown = display if display is not None else str(path)
    if path.name == PYPROJECT:
        data = _section(path, shown, required=True)
        assert data is not None
        prefix = "[tool.cleanpage] "
    else:
        data = _read_toml(path, shown)
        prefix = ""
    root = Path(os.path.abspath(path)).parent
    return _Reader(shown, prefix, root).config(data, path)


def discover(start: Path | str | None = None) -> Config:
    """The settings for a run from ``start`` (default: the current directory): the file
    :func:`find_config` finds, or the defaults when there is none."""
    path = find_config(start)
    return load_config(path, display=_display(path)) if path is not None else Config()


def _display(path: Path) -> str:
    """The path as messages show it: relative to the current directory when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _read_toml(path: Path, shown: str) -> dict[str, Any]:
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        return data
    except FileNotFoundError:
        raise ConfigError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise ConfigError(f"{shown}: is a directory, not a configuration file") from None
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{shown}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown}: not valid TOML: {exc}") from None


def _section(path: Path, shown: str, *, required: bool) -> dict[str, Any] | None:
    """The ``[tool.cleanpage]`` table of a pyproject.toml, or None when it has none."""
    if not required:
        try:
            if "cleanpage" not in path.read_text(encoding="utf-8", errors="replace"):
                return None  # cannot configure us; do not fail on another tool's broken file
        except OSError:
            return None
    data = _read_toml(path, shown)
    tool = data.get("tool")
    section = tool.get("cleanpage") if isinstance(tool, dict) else None
    if section is None:
        if required:
            raise ConfigError(f"{shown}: no [tool.cleanpage] table")
        return None
    if not isinstance(section, dict):
        raise ConfigError(f"{shown}: [tool.cleanpage]: expected a table, got {_shown(section)}")
    return section


# --- checking ------------------------------------------------------------------------------


class _Reader:
    """Checks one file's keys; every error names the file and the key."""

    def __init__(self, shown: str, prefix: str, root: Path) -> None:
        self.shown = shown
        self.prefix = prefix
        self.root = root

    def error(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.shown}: {self.prefix}{key}: {problem}")

    def expected(self, key: str, what: str, value: object) -> ConfigError:
        return self.error(key, f"expected {what}, got {_shown(value)}")

    def config(self, data: dict[str, Any], path: Path) -> Config:
        for key in data:
            if key not in KEYS:
                raise self.error(_key(key), _unknown("key", key, KEYS))
        return Config(
            path=path,
            root=self.root,
            where=f"{self.shown}: {self.prefix}",
            rules=tuple(self.rule_dir(f"rules{i}", d) for i, d in self.strings(data, "rules")),
            disable=frozenset(self.detector_name(f"disable{i}", n) for i, n in self.strings(data, "disable")),
            repair=self.repair(data.get("repair", True)),
            thresholds=self.thresholds(data.get("thresholds", {})),
            exclude=tuple(self.pattern(f"exclude{i}", p) for i, p in self.strings(data, "exclude")),
            include=tuple(self.pattern(f"include{i}", p) for i, p in self.strings(data, "include")),
            site=self.optional_string(data, "site"),
            encoding=self.encoding(data),
        )

    def strings(self, data: dict[str, Any], key: str) -> list[tuple[str, str]]:
        """A string or an array of strings, as (index suffix for messages, string)."""
        value = data.get(key, [])
        if isinstance(value, str):
            items: list[tuple[str, object]] = [("", value)]
        elif isinstance(value, list):
            items = [(f"[{i}]", item) for i, item in enumerate(value)]
        else:
            raise self.expected(key, "a string or an array of strings", value)
        for suffix, item in items:
            if not isinstance(item, str) or not item.strip():
                raise self.expected(key + suffix, "a non-empty string", item)
        return [(suffix, str(item)) for suffix, item in items]

    def rule_dir(self, key: str, value: str) -> Path:
        path = self.root / value
        if not path.is_dir():
            raise self.error(key, f"{_shown(value)} is not a directory ({path})")
        return path

    def detector_name(self, key: str, name: str) -> str:
        known = _detector_classes()
        if name not in known:
            raise self.error(key, _unknown("detector", name, list(known)))
        return name

    def repair(self, value: object) -> bool | frozenset[str]:
        if isinstance(value, bool):
            return value
        if not isinstance(value, list):
            raise self.expected("repair", "true, false or an array of repair names", value)
        for i, name in enumerate(value):
            if not isinstance(name, str):
                raise self.expected(f"repair[{i}]", "a repair name", name)
            if name not in REPAIRS:
                raise self.error(f"repair[{i}]", _unknown("repair", name, REPAIRS))
        return frozenset(value)

    def thresholds(self, value: object) -> dict[str, dict[str, Threshold]]:
        if not isinstance(value, dict):
            raise self.expected("thresholds", "a table of {detector = {setting = value}}", value)
        classes = _detector_classes()
        out: dict[str, dict[str, Threshold]] = {}
        for name, settings in value.items():
            key = f"thresholds.{_key(name)}"
            if name not in classes:
                raise self.error(key, _unknown("detector", name, list(classes)))
            if not isinstance(settings, dict):
                raise self.expected(key, "a table of settings", settings)
            allowed = settable(classes[name])
            checked: dict[str, Threshold] = {}
            for setting, number in settings.items():
                where = f"{key}.{_key(setting)}"
                if setting not in allowed:
                    raise self.error(where, _unknown(f"{name} setting", setting, list(allowed)))
                checked[setting] = self.number(where, number, allowed[setting])
            try:
                classes[name](**checked)
            except (TypeError, ValueError) as exc:
                raise self.error(key, str(exc)) from None
            out[name] = checked
        return out

    def number(self, key: str, value: object, kind: type) -> Threshold:
        if kind is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise self.expected(key, "an integer", value)
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.expected(key, "a number", value)
        if not math.isfinite(value):
            raise self.expected(key, "a finite number", value)
        return float(value)

    def pattern(self, key: str, value: str) -> str:
        try:
            _glob(value)
        except (ValueError, re.error) as exc:
            raise self.error(key, f"bad pattern {_shown(value)}: {exc}") from None
        return value

    def optional_string(self, data: dict[str, Any], key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.expected(key, "a non-empty string", value)
        return value

    def encoding(self, data: dict[str, Any]) -> str | None:
        name = self.optional_string(data, "encoding")
        if name is not None:
            try:
                codecs.lookup(name)
            except LookupError:
                raise self.error("encoding", f"unknown encoding {_shown(name)}") from None
        return name


@functools.lru_cache(maxsize=1)
def _detector_classes() -> dict[str, type[Detector]]:
    return {d.name: type(d) for d in default_detectors()}


def settable(detector: type) -> dict[str, type]:
    """The thresholds a detector class takes: its int- and float-typed constructor
    parameters, by name (flags and tables such as ``anchor_rules`` are not thresholds).
    A built-in detector names them in ``thresholds`` (the compiled build's classes do
    not always show their constructor's signature); another's are read from its
    signature."""
    declared = getattr(detector, "thresholds", None)
    if declared is not None:
        return dict(declared)
    return signature_thresholds(detector)


def signature_thresholds(detector: type) -> dict[str, type]:
    """The int- and float-annotated parameters of a class's constructor."""
    try:
        parameters = inspect.signature(detector).parameters  # the constructor's, less ``self``
    except (TypeError, ValueError):  # no signature to read: offer nothing rather than fail
        return {}
    out: dict[str, type] = {}
    for name, p in parameters.items():
        kind = _number_type(p.annotation)
        if p.kind is not p.VAR_KEYWORD and kind is not None:
            out[name] = kind
    return out


def _number_type(annotation: object) -> type | None:
    """int or float for an annotation that names one, else None. Annotations are read as
    written ('int' under ``from __future__ import annotations``), not resolved: the
    compiled build's functions have no module namespace to resolve them in."""
    if annotation in (int, float):
        return annotation
    if annotation == "int":
        return int
    if annotation == "float":
        return float
    return None


def _key(name: str) -> str:
    """A key as TOML writes it: bare when it can be, else quoted."""
    return name if _BARE_KEY.fullmatch(name) else _quoted(name)


def _quoted(text: str) -> str:
    """Text in double quotes, with what would break a one-line message escaped."""
    out: list[str] = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif c.isprintable():
            out.append(c)
        else:
            out.append(ascii(c)[1:-1])  # \n, \x85, \u3000
    return '"' + "".join(out) + '"'


def _unknown(what: str, name: str, known: typing.Sequence[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean {_shown(close[0])}? " if close else ""
    return f"unknown {what} {_shown(name)} ({hint}known: {', '.join(known) or 'none'})"


def _shown(value: object) -> str:
    """A value as a message shows it: TOML-like, short."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = _quoted(value)
        return text if len(text) <= 40 else text[:36] + '…"'
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime):
        return "a date-time"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, time):
        return "a time"
    return f"a {type(value).__name__}"


# --- path patterns -------------------------------------------------------------------------


def _relative_to(path: Path, root: Path) -> PurePosixPath | None:
    """``path`` relative to ``root``, trying the paths as given and with links resolved."""
    absolute = Path(os.path.abspath(path))
    for base, target in ((root, absolute), (root.resolve(), absolute.resolve())):
        try:
            return PurePosixPath(target.relative_to(base).as_posix())
        except ValueError:
            continue
    return None


def _matches(patterns: typing.Iterable[str], path: PurePosixPath) -> bool:
    """Does a pattern match the path or one of the directories it is in?"""
    candidates = [path.as_posix(), *(p.as_posix() for p in path.parents if p.as_posix() != ".")]
    return any(_glob(p).fullmatch(c) for p in patterns for c in candidates)


@functools.lru_cache(maxsize=256)
def _glob(pattern: str) -> re.Pattern[str]:
    """A gitignore-like glob as a regular expression over '/'-separated relative paths.

    ``*`` and ``?`` stay within one path segment, ``**`` spans any number of them,
    ``[abc]`` is a class. A pattern with no '/' (other than a trailing one) matches at
    any depth, like ``*.html``; one with a '/' is anchored at the configuration's
    directory, like ``raw/**``.
    """
    body = pattern.strip()
    anchored = body.startswith("/") or "/" in body.strip("/")
    segments = [s for s in body.split("/") if s not in ("", ".")]
    if not segments:
        raise ValueError("names no path")
    if not anchored:
        segments = ["**", *segments]
    parts: list[str] = []
    for i, segment in enumerate(segments):
        last = i == len(segments) - 1
        if segment == "**":
            parts.append(".*" if last else "(?:[^/]+/)*")
        else:
            parts.append(_segment(segment) + ("" if last else "/"))
    return re.compile("".join(parts))


def _segment(segment: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(segment):
        ch = segment[i]
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "[":
            start = i + 1
            if segment[start : start + 1] in ("!", "^"):
                start += 1
            if segment[start : start + 1] == "]":
                start += 1  # a ']' first in a class is a literal, as in the shell
            close = segment.find("]", start)
            if close == -1:
                out.append(re.escape(ch))
            else:
                inner = segment[i + 1 : close]
                negate = inner[:1] in ("!", "^")
                inner = inner[1:] if negate else inner
                escaped = "".join(c if c == "-" else re.escape(c) for c in inner)
                out.append(f"[{'^/' if negate else ''}{escaped}]")
                i = close
        else:
            out.append(re.escape(ch))
        i += 1
    return "".join(out)
