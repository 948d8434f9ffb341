"""The configured cleaner: which detectors run, which site rules apply, in what order."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from .apply import plan
from .decode import decode
from .detectors import Detector, PinyinDetector, default_detectors
from .detectors.base import whole_line_kinds
from .document import Document
from .result import Edit, Result, apply_edits
from .sites import RuleSet, SiteRule

# Repairs that rewrite text rather than remove it, by detector name. Each can be turned
# off on its own (Cleaner(repair=...), the CLI's --no-repair).
REPAIRS = ("codec", "pinyin", "byte-shift", "punctuation")


class Cleaner:
    """Everything :func:`cleanpage.clean` does, made explicit.

    ``detectors``: the detector objects, in order (default: :func:`default_detectors`;
    construct them yourself to change thresholds). ``disable``: names of detectors to
    leave out (``{"pinyin", "spam"}``). ``repair``: which repairs run: ``True`` (all),
    ``False`` (none: removals only), or the names of those to keep, from
    :data:`REPAIRS`. ``rules``: a :class:`RuleSet`; by default the built-in rules,
    installed plug-ins and the directories in ``rule_dirs``.

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
    ) -> None:
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
    ) -> Result:
        decoded = decode(page, encoding)
        doc = Document(decoded.text)
        marks, rule = self._marks(doc, self.detectors, url, site)
        pinyin = next((d for d in self.detectors if isinstance(d, PinyinDetector)), None)
        if (
            pinyin is not None
            and not any(m.kind == "pinyin" for m in marks)
            and pinyin.may_be_annotated_in_part(doc.source)
        ):
            # The pinyin decision is about the article. A mirror may annotate the
            # article but not the list under it, whose bare characters then hide the
            # pattern; once the list is set aside the article shows it, and a second
            # cleaning would strip what this one kept. Decide on the article instead.
            dropped = whole_line_kinds(doc, marks)
            article = "\n".join(ln.text for ln in doc.lines if ln.index not in dropped)
            if pinyin.is_annotated(article):
                detectors = [pinyin.decided() if d is pinyin else d for d in self.detectors]
                doc = Document(decoded.text)
                marks, rule = self._marks(doc, detectors, url, site)
        edits = plan(doc, marks)
        text = apply_edits(doc.source, edits)
        title = text.split("\n", 1)[0] if text else ""
        return Result(
            text=text,
            source=doc.source,
            encoding=decoded.encoding,
            site=rule.name if rule else None,
            title=title,
            edits=edits,
            warnings=list(decoded.warnings),
            segments=list(decoded.segments),
        )

    def _marks(
        self, doc: Document, detectors: Sequence[Detector], url: str | None, site: str | None
    ) -> tuple[list[Edit], SiteRule | None]:
        """Run the detector stages and the site rule: every mark, before planning. The
        rule is chosen on the repaired views (fingerprints read '网易首页', not
        '網(wǎng)易首頁')."""
        marks: list[Edit] = []
        for stage in ("repair", "line", "zone"):
            for detector in detectors:
                if detector.stage == stage:
                    found = detector.detect(doc, marks)
                    marks.extend(found)
                    if stage == "repair" and found:
                        # each repair reads the lines as the earlier repairs left them
                        doc.set_repairs(plan_repairs(doc, marks))
        rule = self._rule(doc, url, site)
        return (rule.refine(doc, marks) if rule is not None else marks), rule

    def _rule(self, doc: Document, url: str | None, site: str | None) -> SiteRule | None:
        if site is not None:
            return self.rules.get(site)
        return self.rules.select(doc, url)


def plan_repairs(doc: Document, marks: Sequence[Edit]) -> list[Edit]:
    """The repair marks that will shape each line's view (non-overlapping, in order)."""
    out: list[Edit] = []
    for m in sorted(marks, key=lambda e: (e.start, -(e.end - e.start))):
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out
