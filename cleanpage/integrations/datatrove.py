"""datatrove: a pipeline step that cleans each document's text with cleanpage.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleanpage.integrations.datatrove import CleanpageStep

    LocalPipelineExecutor([JsonlReader("pages/"), CleanpageStep(), JsonlWriter("clean/")], tasks=4).run()

The step subclasses datatrove's ``BaseFilter`` rather than ``BaseFormatter``: besides
rewriting ``doc.text`` it drops the documents with nothing left, and ``BaseFilter``
already does that the datatrove way (``total``/``forwarded``/``dropped`` stats, a
reason per drop, an optional ``exclusion_writer`` for the dropped documents).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..cleaner import Cleaner
from . import EMPTY, OK, CleanerOptions, clean_page

try:
    from datatrove.data import Document
    from datatrove.pipeline.filters.base_filter import BaseFilter
except ImportError:
    raise ImportError(
        "cleanpage.integrations.datatrove needs datatrove: pip install 'cleanpage[datatrove]'"
    ) from None

METADATA_KEY = "cleanpage"
DROP_REASON = "cleanpage_empty"  # the stat is dropped_cleanpage_empty


class CleanpageStep(BaseFilter):  # type: ignore[misc]  # datatrove has no type hints
    """Clean ``doc.text`` in place; drop the documents whose clean text is empty.

    ``doc.metadata["cleanpage"]`` gets ``status`` (``ok``, ``empty`` or
    ``error: ...``), ``title``, ``site`` (the site rule applied, or None), ``counts``
    (findings per kind) and, with ``with_edits``, ``edits`` (every edit as a dict, enough
    to rebuild the page with :func:`cleanpage.rebuild_source`). The page's URL for
    site rules is ``doc.metadata[url_key]`` (datatrove's WARC reader puts it under
    ``url``). A document cleanpage fails on goes on unchanged with status
    ``error: ...``. A dropped document keeps its original text, so an
    ``exclusion_writer`` saves it as it came. ``keep_empty`` forwards empty documents
    instead of dropping them.

    ``disable``, ``repair``, ``rule_dirs``, ``site`` and ``html`` are as in
    :class:`cleanpage.Cleaner` and :func:`cleanpage.clean`; a bad one raises when the
    step is made. The step holds only these options: each process builds its Cleaner on
    first use, so the pickled step that executors ship to their workers stays small and
    ``rule_dirs`` are read where the task runs.
    """

    name = "🧹 cleanpage"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        *,
        disable: Iterable[str] = (),
        repair: bool | Iterable[str] = True,
        rule_dirs: Iterable[str | Path] = (),
        site: str | None = None,
        html: bool | None = None,
        url_key: str = "url",
        keep_empty: bool = False,
        with_edits: bool = False,
        exclusion_writer: Any = None,
    ) -> None:
        super().__init__(exclusion_writer=exclusion_writer)
        self.options = CleanerOptions.of(
            disable=disable, repair=repair, rule_dirs=rule_dirs, site=site, html=html
        )
        self.url_key = url_key
        self.keep_empty = keep_empty
        self.with_edits = with_edits
        # a bad option fails here, where the pipeline is written, not in a worker later
        self.options.build()
        self._cleaner: Cleaner | None = None

    @property
    def cleaner(self) -> Cleaner:
        """This process's Cleaner, built on first use."""
        if self._cleaner is None:
            self._cleaner = self.options.build()
        return self._cleaner

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        """Clean one document; True to forward it, ``(False, reason)`` to drop it."""
        outcome = clean_page(self.cleaner, doc.text, self.options, doc.metadata.get(self.url_key))
        doc.metadata[METADATA_KEY] = outcome.info(with_edits=self.with_edits)
        result = outcome.result
        if outcome.status == OK and result is not None:
            if result.changed:
                self.stat_update("cleanpage_changed")
            for kind, n in result.counts().items():
                self.stat_update(f"cleanpage_{kind}", value=n)
            doc.text = result.text
            return True
        if outcome.status == EMPTY:
            if self.keep_empty:
                doc.text = ""
                return True
            return False, DROP_REASON  # doc.text stays the original, for the exclusion writer
        self.stat_update("cleanpage_error")
        return True

    def __getstate__(self) -> dict[str, Any]:
        # ship the options, not a built Cleaner: each worker builds its own
        state = dict(self.__dict__)
        state["_cleaner"] = None
        return state
