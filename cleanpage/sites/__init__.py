"""Site rules: what cleanpage knows about one portal, as data.

A rule is a TOML file (see docs/site-rules.md): host names, fingerprint phrases that
identify the portal's pages when no URL is known, line patterns that name a kind, zones
opened and closed by anchor lines, and ``keep`` patterns that veto removals. Patterns are
matched against *folded* lines (Simplified script, ASCII punctuation, lower case), so one
pattern serves Simplified and Traditional pages.

Rules come from three places, later ones replacing earlier ones of the same name:
the built-in ``cleanpage/sites/*.toml``, installed packages (entry-point group
``cleanpage.sites``), and directories the user names (``--rules DIR``). A rule file is
never executed; code rules (a :class:`SiteRule` subclass overriding :meth:`refine`)
come only from entry points that the user installed.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import regex

from ..document import Document
from ..patterncheck import nested_quantifiers
from ..result import Edit

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ENTRY_POINT_GROUP = "cleanpage.sites"
MAX_PATTERN_LENGTH = 2000
MATCH_TIMEOUT = 0.5  # seconds per match: user patterns must not hang a run
BUILTIN_ORIGIN = "built-in:"  # origin of the rule files shipped in this package
_NAME = regex.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_KINDS = regex.compile(r"(?!layout$)[a-z][a-z0-9-]{0,39}")  # 'layout' is not junk: reserved


class RuleError(ValueError):
    """A rule file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class LinePattern:
    kind: str
    pattern: regex.Pattern[str]
    confidence: float = 0.95


@dataclass(frozen=True)
class Zone:
    kind: str
    start: regex.Pattern[str]
    end: regex.Pattern[str] | None = None


@dataclass(frozen=True)
class HtmlRule:
    """Where a portal's HTML pages keep things, as CSS selectors (see docs/site-rules.md).

    ``body``: the article containers; ``exclude``: (selector, kind) pairs removed inside
    them; ``title``, ``author``, ``source``, ``published``: where those are shown;
    ``fingerprints``: selectors that identify the portal's pages when no URL is known
    (``min_fingerprints`` of them must match).
    """

    title: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    exclude: tuple[tuple[str, str], ...] = ()
    author: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    published: tuple[str, ...] = ()
    fingerprints: tuple[str, ...] = ()
    min_fingerprints: int = 2


@dataclass(frozen=True)
class SpanPattern:
    """A span removed from inside a line (an injected prefix, a link's call to action)."""

    kind: str
    pattern: regex.Pattern[str]
    confidence: float = 0.9
    title_only: bool = False  # only in the first line (the title)


@dataclass
class SiteRule:
    """One portal's knowledge. Subclass and override :meth:`refine` for code rules."""

    name: str
    description: str = ""
    hosts: tuple[str, ...] = ()
    fingerprints: tuple[str, ...] = ()
    min_fingerprints: int = 2
    lines: tuple[LinePattern, ...] = ()
    zones: tuple[Zone, ...] = ()
    keep: tuple[regex.Pattern[str], ...] = ()
    spans: tuple[SpanPattern, ...] = ()
    html: HtmlRule | None = None
    origin: str = "python"
    _folded_fingerprints: tuple[str, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        from ..script import fold

        self._folded_fingerprints = tuple(fold(f) for f in self.fingerprints)

    @property
    def rule_id(self) -> str:
        return f"site:{self.name}"

    def matches_host(self, url: str) -> bool:
        return self.host_match(url) > 0

    def host_match(self, url: str) -> int:
        """Length of the longest of this rule's hosts that the URL's host is or ends
        with (0: none), so mp.weixin.qq.com goes to WeChat, not to qq.com."""
        host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
        return max((len(h) for h in self.hosts if host == h or host.endswith("." + h)), default=0)

    def fingerprint_score(self, folded_text: str) -> int:
        return sum(1 for f in self._folded_fingerprints if f in folded_text)

    def refine(self, doc: Document, marks: Sequence[Edit]) -> list[Edit]:
        """Return the marks after this rule: vetoes removed, rule marks added."""
        search = self._searcher(doc)
        out = [m for m in marks if not self._vetoed(doc, search, m)]
        lines = doc.nonblank()
        for line in lines:
            folded = line.folded
            for lp in self.lines:
                if search(lp.pattern, folded):
                    out.append(doc.drop_line(line, lp.kind, self.rule_id, lp.confidence))
                    break
            for sp in self.spans:
                if sp.title_only and line is not lines[0]:
                    continue
                for a, b in self._spans(doc, sp.pattern, folded):
                    out.append(doc.drop_view_span(line, a, b, sp.kind, self.rule_id + ".span", sp.confidence))
        for zone in self.zones:
            inside = False
            for line in lines:
                folded = line.folded
                if not inside and search(zone.start, folded):
                    inside = True
                elif inside and zone.end is not None and search(zone.end, folded):
                    inside = False
                if inside and not self._kept(search, folded):
                    out.append(doc.drop_line(line, zone.kind, self.rule_id + ".zone", 0.75))
        return out

    def _searcher(self, doc: Document) -> Callable[[regex.Pattern[str], str], bool]:
        """Does a pattern match a line? Chosen once per page: a built-in rule's is the
        bare search (a rule's lines are searched line by line, thousands a page), any
        other's the timed one, :meth:`_search`."""
        if self.builtin:
            return _found
        return functools.partial(self._search, doc)

    def _kept(self, search: Callable[[regex.Pattern[str], str], bool], folded: str) -> bool:
        return any(search(p, folded) for p in self.keep)

    def _vetoed(self, doc: Document, search: Callable[[regex.Pattern[str], str], bool], mark: Edit) -> bool:
        """``keep`` saves lines from removal; repairs inside a kept line still apply."""
        if not self.keep or mark.replacement:
            return False
        line = doc.lines[doc.line_at(mark.start)]
        removes_line = mark.start <= line.start and mark.end >= line.end
        return removes_line and self._kept(search, line.folded)

    # Matching runs under MATCH_TIMEOUT. A pattern that times out once is given up for
    # the rest of the page (bait comes in runs: it would time out on line after line),
    # recorded on the Document, which lives for one clean call, so nothing is shared
    # between pages or threads.

    @property
    def builtin(self) -> bool:
        """Shipped with cleanpage: its patterns are tested for backtracking
        (tests/test_pathological.py), so they run without the per-match timeout, whose
        clock costs more than a typical match (about 2.5 µs against 0.4 µs)."""
        return self.origin.startswith(BUILTIN_ORIGIN)

    def _search(self, doc: Document, pattern: regex.Pattern[str], text: str) -> bool:
        """A search under the timeout, for a rule that is not built in (see
        :meth:`_searcher`)."""
        if pattern in doc.given_up:
            return False
        try:
            return pattern.search(text, timeout=MATCH_TIMEOUT) is not None
        except TimeoutError:
            self._give_up(doc, pattern)
            return False

    def _spans(self, doc: Document, pattern: regex.Pattern[str], text: str) -> list[tuple[int, int]]:
        if self.builtin:
            return [m.span() for m in pattern.finditer(text) if m.end() > m.start()]
        if pattern in doc.given_up:
            return []
        try:
            return [m.span() for m in pattern.finditer(text, timeout=MATCH_TIMEOUT) if m.end() > m.start()]
        except TimeoutError:
            self._give_up(doc, pattern)
            return []

    def _give_up(self, doc: Document, pattern: regex.Pattern[str]) -> None:
        doc.given_up.add(pattern)
        source = pattern.pattern if len(pattern.pattern) <= 80 else pattern.pattern[:79] + "…"
        doc.warnings.append(
            f"{self.rule_id}: pattern '{source}' timed out after {MATCH_TIMEOUT} s; "
            "not tried again on this page"
        )


def _found(pattern: regex.Pattern[str], text: str) -> bool:
    return pattern.search(text) is not None


# --- loading -------------------------------------------------------------------------


def _compile(value: Any, where: str, check_nesting: bool = True) -> regex.Pattern[str]:
    if not isinstance(value, str) or not value:
        raise RuleError(f"{where}: expected a non-empty string pattern")
    if len(value) > MAX_PATTERN_LENGTH:
        raise RuleError(f"{where}: pattern longer than {MAX_PATTERN_LENGTH} characters")
    try:
        compiled = regex.compile(value)
    except regex.error as exc:
        raise RuleError(f"{where}: bad pattern: {exc}") from None
    if check_nesting:
        # a nested quantifier can take exponential time on a line that almost matches;
        # the timeout only bounds each match, so such a pattern is refused outright
        try:
            found = nested_quantifiers(value)
        except ValueError:
            # syntax the check cannot read (conditionals, branch reset) could hide one
            raise RuleError(f"{where}: pattern '{value}' cannot be checked for nested quantifiers") from None
        if found:
            raise RuleError(
                f"{where}: pattern '{value}' nests quantifiers ({found[0]}) and can backtrack "
                "exponentially; make the inner quantifier possessive (x++) or the group atomic ((?>...))"
            )
    return compiled


def _strings(data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RuleError(f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(value)


_TOP_KEYS = {"name", "description", "hosts", "fingerprints", "min_fingerprints"}
_TOP_KEYS |= {"line", "zone", "keep", "span", "html"}
_HTML_KEYS = {"title", "body", "exclude", "author", "source", "published", "fingerprints", "min_fingerprints"}


def _selector(value: Any, where: str) -> str:
    """A CSS selector lexbor accepts (checked now, so a typo fails at load time)."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_PATTERN_LENGTH:
        raise RuleError(f"{where}: expected a CSS selector string")
    from selectolax.lexbor import LexborHTMLParser

    try:
        LexborHTMLParser("<p></p>").css(value)
    except Exception as exc:
        raise RuleError(f"{where}: bad CSS selector {value!r}: {exc}") from None
    return value


def _html_rule(data: Any, origin: str) -> HtmlRule:
    where = f"{origin}: html"
    if not isinstance(data, dict):
        raise RuleError(f"{where}: expected a table ([html])")
    unknown = set(data) - _HTML_KEYS
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")

    def selectors(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list):
            raise RuleError(f"{where}.{key}: expected a list of CSS selectors")
        return tuple(_selector(v, f"{where}.{key}[{k}]") for k, v in enumerate(value))

    exclude = []
    raw = data.get("exclude", [])
    if not isinstance(raw, list):
        raise RuleError(f"{where}.exclude: expected a list of {{selector = ..., kind = ...}} tables")
    for k, entry in enumerate(raw):
        w = f"{where}.exclude[{k}]"
        if not isinstance(entry, dict) or set(entry) - {"selector", "kind"}:
            raise RuleError(f"{w}: expected a table with 'selector' and 'kind'")
        kind = _kind(entry, w, "related-list")
        exclude.append((_selector(entry.get("selector"), f"{w}.selector"), kind))
    min_fp = data.get("min_fingerprints", 2)
    if not isinstance(min_fp, int) or isinstance(min_fp, bool) or min_fp < 1:
        raise RuleError(f"{where}.min_fingerprints: must be a positive integer")
    return HtmlRule(
        title=selectors("title"),
        body=selectors("body"),
        exclude=tuple(exclude),
        author=selectors("author"),
        source=selectors("source"),
        published=selectors("published"),
        fingerprints=selectors("fingerprints"),
        min_fingerprints=min_fp,
    )


def _tables(
    data: dict[str, Any], key: str, origin: str, allowed: set[str]
) -> list[tuple[str, dict[str, Any]]]:
    """The entries of an array of tables (``[[line]]`` …), each with its error prefix;
    unknown keys are refused."""
    raw = data.get(key, [])
    if not isinstance(raw, list):
        raise RuleError(f"{origin}: '{key}' must be an array of tables ([[{key}]])")
    out = []
    for k, entry in enumerate(raw):
        where = f"{origin}: {key}[{k}]"
        if not isinstance(entry, dict):
            raise RuleError(f"{where}: expected a table")
        extra = set(entry) - allowed
        if extra:
            raise RuleError(f"{where}: unknown key(s) {', '.join(sorted(extra))}")
        out.append((where, entry))
    return out


def _kind(entry: dict[str, Any], where: str, example: str) -> str:
    kind = entry.get("kind")
    if not isinstance(kind, str) or not _KINDS.fullmatch(kind):
        raise RuleError(f"{where}.kind: expected a kind such as '{example}'")
    return kind


def _confidence(entry: dict[str, Any], where: str, default: float) -> float:
    confidence = entry.get("confidence", default)
    if not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
        raise RuleError(f"{where}.confidence: expected a number in 0..1")
    return float(confidence)


def rule_from_mapping(data: dict[str, Any], origin: str, *, check_nesting: bool = True) -> SiteRule:
    """Validate a parsed rule file; every error names ``origin`` and the key.

    ``check_nesting``: refuse patterns with nested quantifiers (see
    :mod:`cleanpage.patterncheck`). Off only for the built-in rules, which the tests
    check instead, with reviewed exceptions."""

    def compile_(value: Any, where: str) -> regex.Pattern[str]:
        return _compile(value, where, check_nesting)

    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise RuleError(f"{origin}: unknown key(s) {', '.join(sorted(unknown))}")
    name = data.get("name")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise RuleError(f"{origin}: 'name' must be lower-case letters, digits, '-' or '_'")
    description = data.get("description", "")
    if not isinstance(description, str):
        raise RuleError(f"{origin}: 'description' must be a string")
    min_fp = data.get("min_fingerprints", 2)
    if not isinstance(min_fp, int) or isinstance(min_fp, bool) or min_fp < 1:
        raise RuleError(f"{origin}: 'min_fingerprints' must be a positive integer")
    lines = []
    for where, entry in _tables(data, "line", origin, {"kind", "pattern", "confidence"}):
        kind = _kind(entry, where, "author-box")
        confidence = _confidence(entry, where, 0.95)
        lines.append(LinePattern(kind, compile_(entry.get("pattern"), f"{where}.pattern"), confidence))
    zones = []
    for where, entry in _tables(data, "zone", origin, {"kind", "start", "end"}):
        kind = _kind(entry, where, "related-list")
        end = entry.get("end")
        zones.append(
            Zone(
                kind,
                compile_(entry.get("start"), f"{where}.start"),
                compile_(end, f"{where}.end") if end else None,
            )
        )
    keep = tuple(compile_(p, f"{origin}: keep[{k}]") for k, p in enumerate(_strings(data, "keep", origin)))
    spans = []
    for where, entry in _tables(data, "span", origin, {"kind", "pattern", "confidence", "title_only"}):
        kind = _kind(entry, where, "promo")
        title_only = entry.get("title_only", False)
        if not isinstance(title_only, bool):
            raise RuleError(f"{where}.title_only: expected true or false")
        confidence = _confidence(entry, where, 0.9)
        pattern = compile_(entry.get("pattern"), f"{where}.pattern")
        spans.append(SpanPattern(kind, pattern, confidence, title_only))
    html = _html_rule(data["html"], origin) if "html" in data else None
    return SiteRule(
        name=name,
        description=description,
        hosts=tuple(h.lower().lstrip("*.") for h in _strings(data, "hosts", origin)),
        fingerprints=_strings(data, "fingerprints", origin),
        min_fingerprints=min_fp,
        lines=tuple(lines),
        zones=tuple(zones),
        keep=keep,
        spans=tuple(spans),
        html=html,
        origin=origin,
    )


def load_file(path: Path | str) -> SiteRule:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleError(f"{path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise RuleError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{path}: not valid TOML: {exc}") from None
    return rule_from_mapping(data, str(path))


def load_dir(path: Path | str) -> list[SiteRule]:
    path = Path(path)
    if not path.is_dir():
        raise RuleError(f"{path}: not a directory of rule files")
    return [load_file(p) for p in sorted(path.glob("*.toml"))]


def builtin_rules() -> list[SiteRule]:
    rules = []
    for entry in sorted(resources.files(__name__).iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            rules.append(rule_from_mapping(data, f"{BUILTIN_ORIGIN}{entry.name}", check_nesting=False))
    return rules


def entry_point_rules(warnings: list[str] | None = None) -> list[SiteRule]:
    """Rules from installed packages: an entry point may name a SiteRule, a list of
    them, a directory of TOML files, or a callable returning any of these.

    A plug-in that fails to load is skipped with a message in ``warnings``: one broken
    package must not stop every cleaning run on the machine.
    """
    rules: list[SiteRule] = []
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        origin = f"entry-point:{ep.value}"
        try:
            rules.extend(_coerce(ep.load(), origin))
        except Exception as exc:
            message = str(exc) if isinstance(exc, RuleError) else f"{origin}: cannot load: {exc!r}"
            if warnings is None:
                raise RuleError(message) from None
            warnings.append(f"site-rule plug-in skipped: {message}")
    return rules


def _coerce(obj: Any, origin: str) -> list[SiteRule]:
    if isinstance(obj, type) and issubclass(obj, SiteRule):
        obj = obj()  # type: ignore[call-arg]
    elif callable(obj) and not isinstance(obj, SiteRule):
        obj = obj()
    if isinstance(obj, SiteRule):
        if obj.origin == "python":
            obj.origin = origin
        return [obj]
    if isinstance(obj, (str, Path)):
        return load_dir(obj)
    if isinstance(obj, Iterable):
        return [r for item in obj for r in _coerce(item, origin)]
    raise RuleError(f"{origin}: expected a SiteRule, a list of them or a directory")


class RuleSet:
    """The loaded rules, and how one is chosen for a page."""

    def __init__(self, rules: Iterable[SiteRule], warnings: Iterable[str] = ()) -> None:
        self.warnings = list(warnings)  # problems met while loading (skipped plug-ins)
        by_name: dict[str, SiteRule] = {}
        for rule in rules:
            by_name[rule.name] = rule  # later sources replace earlier ones
        self.rules = list(by_name.values())

    @classmethod
    def load(
        cls, dirs: Iterable[Path | str] = (), *, builtin: bool = True, entry_points: bool = True
    ) -> RuleSet:
        rules: list[SiteRule] = builtin_rules() if builtin else []
        warnings: list[str] = []
        if entry_points:
            rules += entry_point_rules(warnings)
        for d in dirs:
            rules += load_dir(d)
        return cls(rules, warnings)

    def get(self, name: str) -> SiteRule:
        for rule in self.rules:
            if rule.name == name:
                return rule
        raise KeyError(f"no site rule named {name!r} (loaded: {', '.join(self.names())})")

    def by_host(self, url: str) -> SiteRule | None:
        """The rule whose host matches the URL most specifically."""
        best: tuple[int, SiteRule] | None = None
        for rule in self.rules:
            length = rule.host_match(url) if rule.hosts else 0
            if length and (best is None or length > best[0]):
                best = (length, rule)
        return best[1] if best else None

    def names(self) -> list[str]:
        return [r.name for r in self.rules]

    def select(self, doc: Document, url: str | None = None) -> SiteRule | None:
        """The rule for this page: by URL host first, else by fingerprints."""
        if url:
            by_host = self.by_host(url)
            if by_host is not None:
                return by_host
        # fingerprints sit in headers and footers: look at both ends of long pages
        ends = doc.lines if len(doc.lines) <= 600 else doc.lines[:400] + doc.lines[-200:]
        head = "\n".join(ln.folded for ln in ends)
        best: tuple[int, SiteRule] | None = None
        for rule in self.rules:
            if not rule.fingerprints:
                continue
            score = rule.fingerprint_score(head)
            if score >= rule.min_fingerprints and (best is None or score > best[0]):
                best = (score, rule)
        return best[1] if best else None
