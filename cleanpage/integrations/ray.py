"""Ray Data: clean a text column with one :class:`~cleanpage.Cleaner` per actor.

``CleanBatch`` is a callable class for ``Dataset.map_batches``: Ray builds it once per
actor (that is when the site rules are loaded) and calls it on each batch::

    ds.map_batches(CleanBatch, fn_constructor_kwargs={"field": "text"},
                   compute=ray.data.ActorPoolStrategy(size=4), batch_format="pyarrow")

or, with the same options, ``clean_dataset(ds, concurrency=4)``. Batches may be
``pyarrow`` tables (the default of ``clean_dataset``: no conversion of the string
columns) or ``pandas`` frames. This module imports Ray only in ``clean_dataset``;
``CleanBatch`` itself is plain Python.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import EMPTY, CleanerOptions, PageOutcome, clean_page

if TYPE_CHECKING:
    from ray.data import Dataset

# the columns CleanBatch adds; "cleanpage_edits" only with with_edits=True
TITLE, SITE, COUNTS, STATUS, EDITS = (
    "cleanpage_title",
    "cleanpage_site",
    "cleanpage_counts",
    "cleanpage_status",
    "cleanpage_edits",
)
BATCH_FORMATS = ("pyarrow", "pandas")
Column = list[str | None]


class CleanBatch:
    """Clean the ``field`` column of each batch and add what cleanpage found.

    Each row's page (``str``, or ``bytes`` in any common Chinese encoding) is replaced
    by its clean text, in ``output_field`` if given (then ``field`` is left as it came).
    Added columns: ``cleanpage_title``, ``cleanpage_site`` (the site rule applied, or
    null), ``cleanpage_counts`` (findings per kind as a JSON object, e.g.
    ``{"seo-spam": 1}``), ``cleanpage_status`` (``ok``, ``empty`` or ``error: ...``)
    and, with ``with_edits``, ``cleanpage_edits`` (every edit as a JSON list, enough to
    rebuild the page with :func:`cleanpage.rebuild_source`).

    ``url_field`` names a column of page URLs, for site rules that match by host.
    ``disable``, ``repair``, ``rule_dirs``, ``site`` and ``html`` are as in
    :class:`cleanpage.Cleaner` and :func:`cleanpage.clean`. Rows whose clean text is
    empty are dropped unless ``keep_empty``. A row cleanpage fails on keeps its value
    (null if the value was not a ``str``) with status ``error: ...``; the batch goes on.
    """

    def __init__(
        self,
        *,
        field: str = "text",
        output_field: str | None = None,
        url_field: str | None = None,
        disable: Iterable[str] = (),
        repair: bool | Iterable[str] = True,
        rule_dirs: Iterable[str | Path] = (),
        site: str | None = None,
        html: bool | None = None,
        keep_empty: bool = True,
        with_edits: bool = False,
    ) -> None:
        self.field = field
        self.output_field = output_field or field
        self.url_field = url_field
        self.keep_empty = keep_empty
        self.with_edits = with_edits
        self.options = CleanerOptions.of(
            disable=disable, repair=repair, rule_dirs=rule_dirs, site=site, html=html
        )
        # built here, once per actor: loading the rules is the setup a batch must not repeat
        self.cleaner = self.options.build()

    def __call__(self, batch: Any) -> Any:
        """Clean a ``pyarrow.Table`` or ``pandas.DataFrame`` batch; returns the same kind."""
        kind = _batch_kind(batch)
        pages = _column(batch, kind, self.field)
        urls = _column(batch, kind, self.url_field) if self.url_field else [None] * len(pages)
        outcomes = [clean_page(self.cleaner, p, self.options, u) for p, u in zip(pages, urls, strict=True)]
        columns = self.columns(pages, outcomes)
        keep = None if self.keep_empty else [o.status != EMPTY for o in outcomes]
        if kind == "pandas":
            return _pandas_with(batch, columns, keep)
        return _arrow_with(batch, columns, keep)

    def columns(self, pages: Sequence[object], outcomes: Sequence[PageOutcome]) -> dict[str, Column]:
        """The output columns for these pages, by name, one value per page."""
        infos = [o.info(with_edits=self.with_edits) for o in outcomes]
        texts: list[str | None] = [
            o.result.text if o.result is not None else (p if isinstance(p, str) else None)
            for p, o in zip(pages, outcomes, strict=True)
        ]
        out: dict[str, Column] = {
            self.output_field: texts,
            TITLE: [i["title"] for i in infos],
            SITE: [i["site"] for i in infos],
            COUNTS: [_json(i["counts"]) for i in infos],
            STATUS: [i["status"] for i in infos],
        }
        if self.with_edits:
            out[EDITS] = [_json(i["edits"]) for i in infos]
        return out


def clean_dataset(
    ds: Dataset,
    *,
    field: str = "text",
    concurrency: int | tuple[int, int] | None = None,
    keep_empty: bool = False,
    batch_size: int | None = 64,
    batch_format: str = "pyarrow",
    **options: Any,
) -> Dataset:
    """``ds`` with its ``field`` column cleaned by a pool of :class:`CleanBatch` actors.

    ``concurrency``: a fixed number of actors, or ``(min, max)`` for an autoscaling
    pool; None lets Ray size the pool. Rows whose clean text is empty are dropped
    unless ``keep_empty``. ``options`` are the other keyword arguments of
    :class:`CleanBatch` (``url_field``, ``output_field``, ``disable``, ``repair``,
    ``rule_dirs``, ``site``, ``html``, ``with_edits``). They are checked here, before any
    actor starts, so a mistake is one clear error rather than a failed job. The
    dataset is lazy, as Ray's are: nothing runs until you consume or write it. Rows
    come out in Ray's order, which is not the input order unless the Ray Data context
    asks to preserve it; keep an id column to join on.
    """
    ray = _require_ray()
    if batch_format not in BATCH_FORMATS:
        raise ValueError(f"batch_format must be one of {', '.join(BATCH_FORMATS)}, not {batch_format!r}")
    kwargs: dict[str, Any] = {"field": field, "keep_empty": keep_empty, **options}
    CleanBatch(**kwargs)  # the options are valid, or a clear error now (builds one Cleaner)
    if isinstance(concurrency, tuple):
        compute = ray.data.ActorPoolStrategy(min_size=concurrency[0], max_size=concurrency[1])
    elif concurrency is not None:
        compute = ray.data.ActorPoolStrategy(size=concurrency)
    else:
        compute = None  # Ray's default for a class: an autoscaling pool
    out: Dataset = ds.map_batches(
        CleanBatch,
        fn_constructor_kwargs=kwargs,
        compute=compute,
        batch_size=batch_size,
        batch_format=batch_format,
    )
    return out


def _require_ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError:
        raise ImportError("cleanpage.integrations.ray needs ray: pip install 'cleanpage[ray]'") from None
    return ray


def _batch_kind(batch: Any) -> str:
    root = type(batch).__module__.split(".", 1)[0]
    if root in BATCH_FORMATS:
        return root
    raise TypeError(
        f"CleanBatch takes pyarrow or pandas batches, not {type(batch).__name__}: "
        "pass batch_format='pyarrow' (or 'pandas') to map_batches"
    )


def _column(batch: Any, kind: str, name: str) -> list[object]:
    names = list(batch.column_names if kind == "pyarrow" else batch.columns)
    if name not in names:
        listed = ", ".join(map(str, names))
        raise ValueError(f"CleanBatch: the batch has no column {name!r} (columns: {listed})")
    values: list[object] = batch.column(name).to_pylist() if kind == "pyarrow" else batch[name].tolist()
    return values


def _pandas_with(frame: Any, columns: dict[str, Column], keep: list[bool] | None) -> Any:
    out = frame.assign(**columns)  # a new frame: the batch may be a read-only view
    return out if keep is None else out[keep]


def _arrow_with(table: Any, columns: dict[str, Column], keep: list[bool] | None) -> Any:
    import pyarrow as pa

    for name, values in columns.items():
        array = pa.array(values, type=pa.string())
        if name in table.column_names:
            table = table.set_column(table.column_names.index(name), name, array)
        else:
            table = table.append_column(name, array)
    return table if keep is None else table.filter(pa.array(keep, type=pa.bool_()))


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)
