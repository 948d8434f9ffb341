"""cleanpage.integrations.ray: CleanBatch on batches in-process, then on a local Ray.

The Ray tests share one local instance (2 CPUs, no dashboard) for the module and shut
it down at the end. Pages are written here; none comes from a corpus.
"""

from __future__ import annotations

import json
import pickle
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from helpers import ANNOTATED_BODY as ANNOTATED
from helpers import BODY_S, TITLE_S, article_with, page
from helpers import SPAM_LINE as SPAM
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import junky_pages

import cleanpage
from cleanpage import Edit, rebuild_source

ray = pytest.importorskip("ray")
pa = pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")
pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("ray.data")

from cleanpage.integrations.ray import (  # noqa: E402
    COUNTS,
    EDITS,
    SITE,
    STATUS,
    TITLE,
    CleanBatch,
    clean_dataset,
)

# Ray's own DataContext warns about its own deprecated settings
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:ray")

ROOT = Path(__file__).resolve().parent.parent
HTML = (
    "<html><head><title>城南老街</title></head><body><nav>首页 | 新闻 | 体育</nav><article>"
    f"<h1>{TITLE_S}</h1>" + "".join(f"<p>{p}</p>" for p in BODY_S) + "</article></body></html>"
)
# one page of each kind, by id; "junk" has nothing worth keeping
PAGES = {
    1: page(TITLE_S, *BODY_S),
    2: article_with([SPAM]),
    3: page("经济工作会议召开", *ANNOTATED),
    4: page(SPAM, "分享到 微信 微博 QQ空间"),
    5: HTML,
}
EMPTY_ID = 4
BOOM = "💥"  # BrokenCleanBatch fails on pages holding this


def table(pages: dict[int, str | None]) -> Any:
    return pa.table({"id": list(pages), "text": list(pages.values())})


def expected(text: str) -> cleanpage.Result:
    return cleanpage.clean(text)


# --- CleanBatch in-process ----------------------------------------------------------------


@pytest.mark.parametrize("batch_format", ["pyarrow", "pandas"])
def test_batch_is_cleaned_like_clean_in_process(batch_format: str) -> None:
    batch = table(dict(PAGES))
    out = CleanBatch()(batch if batch_format == "pyarrow" else batch.to_pandas())
    rows = out.to_pylist() if batch_format == "pyarrow" else out.to_dict("records")
    assert [r["id"] for r in rows] == list(PAGES)  # one row per page, in order
    for row in rows:
        want = expected(PAGES[row["id"]])
        assert row["text"] == want.text
        assert row[TITLE] == want.title
        assert json.loads(row[COUNTS]) == want.counts()
        assert row[STATUS] == ("empty" if row["id"] == EMPTY_ID else "ok")
    assert json.loads(rows[1][COUNTS]) == {"seo-spam": 1}
    assert "(běn)" not in rows[2]["text"]


# the cleaning itself is property-tested elsewhere: few examples suffice for the glue
@settings(max_examples=25)
@given(st.lists(junky_pages() | st.text(max_size=40), max_size=4))
def test_any_batch_gives_one_row_per_page_cleaned_as_in_process(texts: list[str]) -> None:
    out = CleanBatch()(pa.table({"text": pa.array(texts, type=pa.string())})).to_pylist()
    assert [r["text"] for r in out] == [cleanpage.clean(t).text for t in texts]
    assert [r[STATUS] for r in out] == ["ok" if r["text"] else "empty" for r in out]


@pytest.mark.parametrize("batch_format", ["pyarrow", "pandas"])
def test_empty_rows_are_dropped_unless_kept(batch_format: str) -> None:
    batch = table(dict(PAGES)) if batch_format == "pyarrow" else table(dict(PAGES)).to_pandas()
    kept = CleanBatch(keep_empty=True)(batch)
    dropped = CleanBatch(keep_empty=False)(batch)
    ids = dropped.column("id").to_pylist() if batch_format == "pyarrow" else dropped["id"].tolist()
    assert len(kept) == len(PAGES)
    assert ids == [i for i in PAGES if i != EMPTY_ID]


def test_output_field_keeps_the_page_and_url_field_picks_the_site_rule() -> None:
    batch = pa.table(
        {
            "page": [PAGES[2], PAGES[1]],
            "url": ["https://www.163.com/news/a.html", None],
        }
    )
    out = CleanBatch(field="page", output_field="clean", url_field="url")(batch).to_pylist()
    assert [r["page"] for r in out] == [PAGES[2], PAGES[1]]
    assert [r["clean"] for r in out] == [expected(PAGES[2]).text, expected(PAGES[1]).text]
    assert [r[SITE] for r in out] == ["netease", None]


def test_bytes_column_is_decoded() -> None:
    text = page(TITLE_S, *BODY_S)
    out = CleanBatch()(pd.DataFrame({"text": [text.encode("gb18030")]}))
    assert out["text"].tolist() == [expected(text).text]


def test_with_edits_is_enough_to_rebuild_the_page() -> None:
    out = CleanBatch(with_edits=True)(table({2: PAGES[2], 3: PAGES[3]})).to_pylist()
    for row in out:
        edits = [Edit(**e) for e in json.loads(row[EDITS])]
        assert rebuild_source(row["text"], edits) == PAGES[row["id"]]


def test_a_page_cleanpage_fails_on_passes_through() -> None:
    batch = table({1: PAGES[1], 2: f"{BOOM}{PAGES[2]}", 3: None})
    out = BrokenCleanBatch(keep_empty=False)(batch).to_pylist()
    assert [r["id"] for r in out] == [1, 2, 3]
    assert out[0][STATUS] == "ok" and out[0]["text"] == expected(PAGES[1]).text
    assert out[1]["text"] == f"{BOOM}{PAGES[2]}"  # unchanged
    assert out[1][STATUS] == "error: RuntimeError: cleanpage broke"
    assert (out[1][TITLE], out[1][SITE], out[1][COUNTS]) == (None, None, "{}")
    assert out[2]["text"] is None and out[2][STATUS] == "error: not a page: NoneType"


def test_mistakes_are_clear_errors() -> None:
    with pytest.raises(ValueError, match="no column 'body'"):
        CleanBatch(field="body")(table({1: PAGES[1]}))
    with pytest.raises(TypeError, match="batch_format='pyarrow'"):
        CleanBatch()({"text": [PAGES[1]]})
    with pytest.raises(ValueError, match="unknown detector"):
        CleanBatch(disable=["nope"])
    with pytest.raises(ValueError, match="no site rule named 'nope'"):
        CleanBatch(site="nope")


def test_udf_pickles_by_reference_and_by_value() -> None:
    assert pickle.loads(pickle.dumps(CleanBatch)) is CleanBatch
    udf = CleanBatch(disable={"pinyin"}, repair=["codec"], with_edits=True)
    copy = pickle.loads(pickle.dumps(udf))
    assert copy.options == udf.options
    assert copy(table({3: PAGES[3]})).to_pylist() == udf(table({3: PAGES[3]})).to_pylist()
    # options are plain data: what the driver ships to every actor
    assert udf.options.disable == ("pinyin",) and udf.options.repair == ("codec",)


# --- on a local Ray instance ---------------------------------------------------------------


class BreaksOnBoom:
    """A cleaner that fails on pages holding BOOM, as a bug in cleanpage would. A wrapper,
    not a replaced method: the compiled build's Cleaner has no instance dictionary."""

    def __init__(self, cleaner: cleanpage.Cleaner) -> None:
        self.real = cleaner

    def clean(self, page: str | bytes, **options: Any) -> cleanpage.Result:
        if isinstance(page, str) and BOOM in page:
            raise RuntimeError("cleanpage broke")
        return self.real.clean(page, **options)


class BrokenCleanBatch(CleanBatch):
    """Fails inside the cleaner on pages holding BOOM."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cleaner = BreaksOnBoom(self.cleaner)  # type: ignore[assignment]


class RecordingCleanBatch(CleanBatch):
    """Writes a file when it is built and one per batch, naming its Cleaner."""

    def __init__(self, *, log_dir: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.log_dir = Path(log_dir)
        self.actor = uuid4().hex
        (self.log_dir / f"setup-{self.actor}").write_text(str(id(self.cleaner)))

    def __call__(self, batch: Any) -> Any:
        (self.log_dir / f"batch-{self.actor}-{uuid4().hex}").write_text(str(id(self.cleaner)))
        return super().__call__(batch)


@pytest.fixture(scope="module")
def ray_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A local Ray for the module, started in a fresh directory: the directory its
    workers run in, where a relative path means what it means to the driver."""
    home = tmp_path_factory.mktemp("ray-home")
    # the test classes above live in this module, which Ray's workers cannot import
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(home)
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
        ray.data.DataContext.get_current().enable_progress_bars = False
        try:
            yield home
        finally:
            ray.shutdown()
            ray.cloudpickle.unregister_pickle_by_value(sys.modules[__name__])


def rows_by_id(ds: Any) -> dict[int, dict[str, Any]]:
    return {row["id"]: row for row in ds.take_all()}


def test_clean_dataset_matches_clean_in_process(ray_home: Path) -> None:
    items = [{"id": i, "text": text} for i, text in PAGES.items()]
    rows = rows_by_id(clean_dataset(ray.data.from_items(items), concurrency=2, batch_size=2))
    assert sorted(rows) == [i for i in PAGES if i != EMPTY_ID]  # the empty page is dropped
    for i, row in rows.items():
        assert row["text"] == expected(PAGES[i]).text
        assert json.loads(row[COUNTS]) == expected(PAGES[i]).counts()
        assert row[STATUS] == "ok"


def test_map_batches_with_pandas_batches_keeps_empty_rows(ray_home: Path) -> None:
    items = [{"id": i, "text": text} for i, text in PAGES.items()]
    ds = ray.data.from_items(items).map_batches(
        CleanBatch,
        fn_constructor_kwargs={"keep_empty": True},
        compute=ray.data.ActorPoolStrategy(size=1),
        batch_format="pandas",
    )
    rows = rows_by_id(ds)
    assert sorted(rows) == list(PAGES)
    assert rows[EMPTY_ID]["text"] == "" and rows[EMPTY_ID][STATUS] == "empty"
    assert rows[3]["text"] == expected(PAGES[3]).text


def test_cleaner_is_built_once_per_actor_not_per_batch(ray_home: Path, tmp_path: Path) -> None:
    items = [{"id": i, "text": PAGES[1 + i % 3]} for i in range(12)]
    ds = ray.data.from_items(items).map_batches(
        RecordingCleanBatch,
        fn_constructor_kwargs={"log_dir": str(tmp_path)},
        compute=ray.data.ActorPoolStrategy(size=2),
        batch_size=2,
        batch_format="pyarrow",
    )
    assert len(ds.take_all()) == 12
    setups = {p.name.split("-")[1]: p.read_text() for p in tmp_path.glob("setup-*")}
    batches = [(p.name.split("-")[1], p.read_text()) for p in tmp_path.glob("batch-*")]
    assert 1 <= len(setups) <= 2  # one per actor of the pool
    assert len(batches) >= 6 > len(setups)
    # every batch ran in an actor that was set up, with the Cleaner built then
    assert all(setups[actor] == cleaner for actor, cleaner in batches)


def test_a_failing_page_does_not_fail_the_job(ray_home: Path) -> None:
    items = [{"id": 1, "text": PAGES[1]}, {"id": 2, "text": BOOM + PAGES[2]}]
    ds = ray.data.from_items(items).map_batches(
        BrokenCleanBatch, compute=ray.data.ActorPoolStrategy(size=1), batch_format="pyarrow"
    )
    rows = rows_by_id(ds)
    assert rows[1][STATUS] == "ok"
    assert rows[2]["text"] == BOOM + PAGES[2] and rows[2][STATUS].startswith("error: RuntimeError")


def test_clean_dataset_checks_options_before_running(ray_home: Path) -> None:
    ds = ray.data.from_items([{"text": PAGES[1]}])
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        clean_dataset(ds, colour="red")
    with pytest.raises(ValueError, match="batch_format"):
        clean_dataset(ds, batch_format="numpy")


# --- the example in docs/scale.md runs as written --------------------------------------------


def doc_example(marker: str) -> str:
    text = (ROOT / "docs" / "scale.md").read_text(encoding="utf-8")
    found = re.search(rf"<!-- {re.escape(marker)} -->\n```python\n(.*?)^```$", text, flags=re.S | re.M)
    assert found, f"docs/scale.md has no python block after <!-- {marker} -->"
    return found.group(1)


def test_scale_doc_ray_example_runs(ray_home: Path) -> None:
    (ray_home / "pages").mkdir()
    lines = [json.dumps({"id": i, "url": None, "text": t}, ensure_ascii=False) for i, t in PAGES.items()]
    (ray_home / "pages" / "part-0.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    exec(compile(doc_example("tested: ray example"), "docs/scale.md", "exec"), {})
    written = pa.concat_tables([pq.read_table(p) for p in sorted((ray_home / "clean").glob("*.parquet"))])
    rows = {r["id"]: r for r in written.to_pylist()}
    assert sorted(rows) == [i for i in PAGES if i != EMPTY_ID]
    assert all(rows[i]["text"] == expected(PAGES[i]).text for i in rows)
