"""The configured cleaner: which detectors run, which site rules apply, in what order."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from .apply import plan
from .budget import DEFAULT_MAX_BYTES, NO_DEADLINE, Deadline, OverBudget, input_size
from .collector import collector_paused
from .decode import BINARY_DATA, decode, looks_binary
from .detectors import Detector, default_detectors
from .detectors.base import is_page_decision, whole_line_kinds
from .document import Document
from .html import extract, looks_like_html
from .meta import text_metadata
from .result import Edit, Result, apply_edits, compose_edits
from .sites import RuleSet, SiteRule

# Repairs that rewrite text rather than remove it, by detector name. Each can be turned
# off on its own (Cleaner(repair=...), the CLI's --no-repair).
REPAIRS = ("codec", "pinyin", "byte-shift", "punctuation")
# readings of a page's output after the first: a chain of repairs is rarely longer
_SETTLE_ROUNDS = 2
# removed lines that state the article's metadata on text pages
META_KINDS = frozenset({"publish-meta", "author-box", "breadcrumb"})


class Cleaner:
    """Everything :func:`cleanpage.clean` does, made explicit.

    ``detectors``: the detector objects, in order (default: :func:`default_detectors`;
    construct them yourself to change thresholds). ``disable``: names of detectors to
    leave out (``{"pinyin", "spam"}``). ``repair``: which repairs run: ``True`` (all),
    ``False`` (none: removals only), or the names of those to keep, from
    :data:`REPAIRS`. ``rules``: a :class:`RuleSet`; by default the built-in rules,
    installed plug-ins and the directories in ``rule_dirs``. ``max_bytes``: larger pages
    are passed through uncleaned (``Result.status == "skipped"``; None: no limit).
    ``time_budget``: seconds one page may take; checked between pipeline steps, and a
    page over it is passed through uncleaned the same way.

    A Cleaner holds no per-page state: one instance can clean any number of pages, and
    it pickles, so each worker of a pool can hold one.
    """

    def __init__(
        self,
        *,
        detectors: Sequence[Detector] | None = None,
        disable: Iterable[str] = (),
        repair: bool | Iterable[str] = True,
        rules: RuleSet | None = None,
        rule_dirs: Iterable[Path | str] = (),
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        time_budget: float | None = None,
    ) -> None:
        if max_bytes is not None and max_bytes < 0:
            raise ValueError("max_bytes must be positive or None")
        if time_budget is not None and time_budget <= 0:
            raise ValueError("time_budget must be positive or None")
        self.max_bytes = max_bytes
        self.time_budget = time_budget
        chosen = list(detectors) if detectors is not None else default_detectors()
        off = set(disable)
        if repair is False:
            off |= set(REPAIRS)
        elif repair is not True:
            keep = set(repair)
            unknown_repairs = keep - set(REPAIRS)
            if unknown_repairs:
                raise ValueError(
                    f"unknown repair(s) {', '.join(sorted(unknown_repairs))} (known: {', '.join(REPAIRS)})"
                )
            off |= set(REPAIRS) - keep
        unknown = off - {d.name for d in chosen} - set(REPAIRS)
        if unknown:
            names = ", ".join(d.name for d in chosen)
            raise ValueError(f"unknown detector(s) {', '.join(sorted(unknown))} (known: {names})")
        self.detectors = [d for d in chosen if d.name not in off]
        self.rules = rules if rules is not None else RuleSet.load(rule_dirs)

    def clean(
        self,
        page: str | bytes,
        *,
        url: str | None = None,
        site: str | None = None,
        encoding: str | None = None,
        html: bool | None = None,
    ) -> Result:
        """Clean one page; ``html`` forces reading it as HTML (True) or text (False)
        instead of recognising it. A page larger than ``max_bytes``, binary data (an
        image, an archive), or a page that runs over ``time_budget`` comes back unchanged
        with ``status == "skipped"`` and ``reason`` saying why.

        Python's cyclic garbage collector is off while the page is cleaned and on again
        after it (:mod:`cleanpage.collector`: the pipeline makes no reference cycles)."""
        if self.max_bytes is not None:
            size = input_size(page, self.max_bytes)
            if size > self.max_bytes:
                return _skipped(
                    page, encoding, f"page of {size:,} bytes exceeds the limit of {self.max_bytes:,}"
                )
        if isinstance(page, bytes) and looks_binary(page):
            # an image or archive is no page: "cleaning" it would make garbage text
            return _skipped(page, encoding, BINARY_DATA)
        deadline = Deadline(self.time_budget)
        try:
            with collector_paused():  # (see cleanpage.collector: a pass a page for nothing)
                return self._clean(page, url, site, encoding, html, deadline)
        except OverBudget as exc:
            return _skipped(page, encoding, str(exc))

    def _clean(
        self,
        page: str | bytes,
        url: str | None,
        site: str | None,
        encoding: str | None,
        html: bool | None,
        deadline: Deadline,
    ) -> Result:
        decoded = decode(page, encoding)
        deadline.check("decoding")
        source = decoded.text
        warnings = list(decoded.warnings)
        if html is None:
            html = looks_like_html(source)
        if not html:
            doc, edits, rule, text = self._clean_text(source, None, url, site, deadline, choose_rule=True)
            warnings += doc.warnings
            edits, text, _ = self._settle(
                source, edits, text, _rereading_may_differ(source, edits), rule, url, site, deadline, warnings
            )
            lines = text.split("\n") if text else []
            metadata = text_metadata(
                [e.original for e in edits if e.kind in META_KINDS], text, url, rule.name if rule else None
            )
            blocks = ["title"] + ["p"] * (len(lines) - 1) if lines else []
            markup = "text"
        else:
            extraction = extract(source, self.rules, url=url, site=site)
            deadline.check("HTML extraction")
            warnings += extraction.warnings
            rule = extraction.rule
            doc, second, _, text = self._clean_text(
                extraction.text, rule, url, site, deadline, extracted=True
            )
            warnings += doc.warnings
            edits, lost = compose_edits(source, extraction.edits, extraction.text, second)
            if lost:
                warnings.append(f"html: {lost} text edit(s) overlapped markup and were left out")
                text = apply_edits(source, edits)
            # (else the composed edits make of ``source`` the text the second ones made
            # of the extracted text: applying some 550 edits again was 1 % of a page)
            blocks = _kept_blocks(doc, second, extraction.blocks)
            edits, text, settled = self._settle(
                source,
                edits,
                text,
                _rereading_may_differ(extraction.text, second),
                rule,
                url,
                site,
                deadline,
                warnings,
                blocks,
            )
            blocks = settled if settled is not None else blocks
            metadata = extraction.metadata
            if text:
                metadata.title = text.split("\n", 1)[0]
            markup = "html"
        title = text.split("\n", 1)[0] if text else ""
        return Result(
            text=text,
            source=source,
            encoding=decoded.encoding,
            site=rule.name if rule else None,
            title=title,
            edits=edits,
            warnings=warnings,
            segments=list(decoded.segments),
            metadata=metadata,
            markup=markup,
            blocks=blocks,
        )

    def _clean_text(
        self,
        source: str,
        rule: SiteRule | None,
        url: str | None,
        site: str | None,
        deadline: Deadline = NO_DEADLINE,
        choose_rule: bool = False,
        extracted: bool = False,
    ) -> tuple[Document, list[Edit], SiteRule | None, str]:
        """The text pipeline: detectors, the site rule, one plan. Returns the document
        (with its repaired views), the edits, the rule and the text the edits make of
        ``source`` (built once: the page decisions below read it). With
        ``choose_rule`` the rule is chosen on the repaired views (fingerprints read
        '网易首页', not '網(wǎng)易首頁')."""
        doc = Document(source, extracted=extracted)
        detectors = self.detectors
        marks, rule = self._marks(doc, detectors, rule, url, site, choose_rule, deadline)
        edits = plan(doc, marks)
        text = apply_edits(source, edits)
        # A page decision (is the page annotated with pinyin? was its punctuation
        # flattened?) is about the article. Lines and spans removed later count in it
        # too: a recommendation list the mirror did not annotate, a spliced spam run,
        # the full-width marks of a list. The next cleaning reads what this one leaves,
        # so the decision is taken again on that, and where it passes there, the page
        # is cleaned again with the repair decided. Each decision changes at most once.
        for _ in range(sum(map(is_page_decision, detectors))):
            revised = _redecided(detectors, text, marks)
            if revised is None:
                break
            detectors = revised
            first, doc = doc, Document(source, extracted=extracted)
            # a pattern given up on the first pass stays given up (and warned once)
            doc.warnings, doc.given_up = first.warnings, first.given_up
            marks, rule = self._marks(doc, detectors, rule, url, site, choose_rule, deadline)
            edits = plan(doc, marks)
            text = apply_edits(source, edits)
        return doc, edits, rule, text

    def _settle(
        self,
        source: str,
        edits: list[Edit],
        text: str,
        may_differ: bool,
        rule: SiteRule | None,
        url: str | None,
        site: str | None,
        deadline: Deadline,
        warnings: list[str],
        blocks: list[str] | None = None,
    ) -> tuple[list[Edit], str, list[str] | None]:
        """Clean ``text`` (what ``edits`` make of ``source``) again while a repair made
        this page leaves something the next cleaning would change, and fold that in.

        One repair can make another possible: a mojibake run repaired next to a run of
        odd letters joins them into a run that reads as mojibake, a '?' restored to '？'
        joins two runs; a cut inside a line changes what the rest of it reads like
        (an entity left alone after an open '<' the cut takes away). Each detector reads
        the page as the earlier ones left it, but not as the later ones will, so such a
        page's output is read once more (``may_differ``: see
        :func:`_rereading_may_differ`). Other pages (most: whole lines removed, nothing
        repaired) skip this; a settled page costs one more pass of the text pipeline on
        its output."""
        for _ in range(_SETTLE_ROUNDS):
            if not may_differ:
                break
            extracted = blocks is not None
            doc, again, _, settled = self._clean_text(text, rule, url, site, deadline, extracted=extracted)
            if all(e.original == e.replacement for e in again):
                break
            may_differ = _rereading_may_differ(text, again)
            edits, lost = compose_edits(source, edits, text, again)
            if lost:
                warnings.append(f"settle: {lost} edit(s) of the second reading could not be composed")
            if blocks is not None:
                blocks = _kept_blocks(doc, again, blocks)
            text = apply_edits(source, edits) if lost else settled
        return edits, text, blocks

    def _marks(
        self,
        doc: Document,
        detectors: Sequence[Detector],
        rule: SiteRule | None,
        url: str | None,
        site: str | None,
        choose_rule: bool,
        deadline: Deadline = NO_DEADLINE,
    ) -> tuple[list[Edit], SiteRule | None]:
        """Run the detector stages, then the site rule: every mark, before planning."""
        marks: list[Edit] = []
        for stage in ("repair", "line", "zone"):
            for detector in detectors:
                if detector.stage == stage:
                    deadline.check(f"detector {detector.name}")
                    found = detector.detect(doc, marks)
                    marks.extend(found)
                    if stage == "repair" and found:
                        # each repair reads the lines as the earlier repairs left them
                        doc.set_repairs(plan_repairs(doc, marks))
        if choose_rule:
            rule = self._rule(doc, url, site)
        return (rule.refine(doc, marks) if rule is not None else marks), rule

    def _rule(self, doc: Document, url: str | None, site: str | None) -> SiteRule | None:
        if site is not None:
            return self.rules.get(site)
        return self.rules.select(doc, url)


def _skipped(page: str | bytes, encoding: str | None, reason: str) -> Result:
    """The page passed through uncleaned: no data lost, and the reason said."""
    if isinstance(page, str):
        source, used = page, "str"
    else:
        # no charset detection here: it is the expensive part on exactly these pages
        source, used = _quick_decode(page, encoding)
    return Result(
        text=source,
        source=source,
        encoding=used,
        site=None,
        title="",
        warnings=[f"skipped: {reason}"],
        status="skipped",
        reason=reason,
    )


def _quick_decode(data: bytes, encoding: str | None) -> tuple[str, str]:
    for name in (encoding, "utf-8"):
        if name:
            try:
                return data.decode(name), name
            except (UnicodeDecodeError, LookupError):
                continue
    return data.decode("gb18030", "replace"), "gb18030"


def _kept_blocks(doc: Document, edits: Sequence[Edit], blocks: Sequence[str]) -> list[str]:
    """The block kind of each line that survives the text pipeline."""
    dropped = set(whole_line_kinds(doc, [e for e in edits if not e.replacement]))
    return [
        blocks[ln.index] if ln.index < len(blocks) else "p" for ln in doc.lines if ln.index not in dropped
    ]


def _redecided(detectors: Sequence[Detector], text: str, marks: Sequence[Edit]) -> list[Detector] | None:
    """``detectors`` with the page decisions that ``text`` (what the cleaning leaves)
    turns around made for good; None when none turns."""
    out: list[Detector] = []
    changed = False
    for d in detectors:
        decided = d.redecided(text, marks) if is_page_decision(d) else None
        changed = changed or decided is not None
        out.append(decided if decided is not None else d)
    return out if changed else None


def _rereading_may_differ(source: str, edits: Sequence[Edit]) -> bool:
    """Could cleaning what ``edits`` make of ``source`` change it again? Only where an
    edit wrote text (a repair, or an entity decoded: ``&ldquo;`` becomes a mark that
    joins the runs beside it), or a removal cut a line short: removing whole lines
    (with or without their line breaks) leaves the other lines as they were read."""
    for e in edits:
        if e.kind == "layout":
            continue
        if e.replacement:
            return True
        whole = (e.start == 0 or source[e.start - 1] == "\n") and (
            e.end == len(source) or source[e.end] in "\r\n" or source[e.end - 1] == "\n"
        )
        if not whole:
            return True
    return False


def plan_repairs(doc: Document, marks: Sequence[Edit]) -> list[Edit]:
    """The repair marks that will shape each line's view (non-overlapping, in order)."""
    out: list[Edit] = []
    for m in sorted(marks, key=lambda e: (e.start, -(e.end - e.start))):
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out
