"""Running cleanpage inside distributed engines.

- :mod:`cleanpage.integrations.ray`: ``CleanBatch`` for Ray Data's ``map_batches`` and
  ``clean_dataset`` (needs ``pip install 'cleanpage[ray]'``);
- :mod:`cleanpage.integrations.datatrove`: ``CleanpageStep``, a datatrove pipeline step
  (needs ``pip install 'cleanpage[datatrove]'``).

This package imports neither engine; only the module you import needs its engine. What
both share lives here: the picklable cleaner options, and cleaning one page so that no
page can fail a batch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..cleaner import Cleaner
from ..result import Result

# the value of ``status`` for a page whose clean text is empty; an error is "error: ..."
OK = "ok"
EMPTY = "empty"


@dataclass(frozen=True)
class CleanerOptions:
    """How to build the :class:`~cleanpage.Cleaner` of a worker, as plain picklable data.

    Workers build their own Cleaner from these, once, so a job ships a few strings
    rather than a Cleaner, and ``rule_dirs`` are read where the work runs (they must
    exist there). ``site`` forces a site rule by name and ``html`` forces reading pages
    as HTML (True) or text (False), as in :func:`cleanpage.clean`.
    """

    disable: tuple[str, ...] = ()
    repair: bool | tuple[str, ...] = True
    rule_dirs: tuple[str, ...] = ()
    site: str | None = None
    html: bool | None = None

    @classmethod
    def of(
        cls,
        *,
        disable: Iterable[str] = (),
        repair: bool | Iterable[str] = True,
        rule_dirs: Iterable[str | Path] = (),
        site: str | None = None,
        html: bool | None = None,
    ) -> CleanerOptions:
        """Options from the arguments users pass (any iterables; a lone string is one
        name, not a list of letters)."""
        return cls(
            disable=_names(disable, "disable"),
            repair=repair if isinstance(repair, bool) else _names(repair, "repair"),
            rule_dirs=_dirs(rule_dirs),
            site=site,
            html=html,
        )

    def build(self) -> Cleaner:
        """The Cleaner these options describe. Raises ``ValueError`` for an unknown
        detector, repair or site name and ``cleanpage.RuleError`` for a bad rule file."""
        cleaner = Cleaner(disable=self.disable, repair=self.repair, rule_dirs=self.rule_dirs)
        if self.site is not None:
            try:
                cleaner.rules.get(self.site)
            except KeyError as e:
                raise ValueError(e.args[0]) from None
        return cleaner


@dataclass(frozen=True)
class PageOutcome:
    """What became of one page: ``status`` is ``"ok"``, ``"empty"`` (nothing of the
    page is kept) or ``"error: ..."``; ``result`` is None only for an error."""

    status: str
    result: Result | None

    def info(self, *, with_edits: bool = False) -> dict[str, Any]:
        """The per-page summary the integrations store: status, title, site, findings
        per kind, and with ``with_edits`` every edit (so the page can be rebuilt with
        :func:`cleanpage.rebuild_source`)."""
        r = self.result
        out: dict[str, Any] = {
            "status": self.status,
            "title": r.title if r else None,
            "site": r.site if r else None,
            "counts": r.counts() if r else {},
        }
        if with_edits:
            out["edits"] = [e.to_dict() for e in r.edits] if r else []
        return out


def clean_page(cleaner: Cleaner, page: object, options: CleanerOptions, url: object = None) -> PageOutcome:
    """Clean one page of a batch; never raises, so one bad page cannot fail the rest.

    A value that is not ``str`` or ``bytes`` (a null in a text column) and any exception
    inside cleanpage become an ``"error: ..."`` status: the caller keeps the page as it
    came.
    """
    if not isinstance(page, str | bytes):
        return PageOutcome(f"error: not a page: {type(page).__name__}", None)
    try:
        result = cleaner.clean(
            page, url=url if isinstance(url, str) and url else None, site=options.site, html=options.html
        )
    except Exception as e:  # a bug in cleanpage must not lose the batch's other pages
        return PageOutcome(f"error: {type(e).__name__}: {e}", None)
    return PageOutcome(OK if result.text else EMPTY, result)


def _names(values: Iterable[str], what: str) -> tuple[str, ...]:
    if isinstance(values, str):
        return (values,)
    names = tuple(values)
    bad = [v for v in names if not isinstance(v, str)]
    if bad:
        raise TypeError(f"{what}: expected names (strings), got {bad[0]!r}")
    return names


def _dirs(dirs: Iterable[str | Path]) -> tuple[str, ...]:
    return tuple(str(d) for d in ([dirs] if isinstance(dirs, str | Path) else dirs))
