"""cleanpage.integrations.datatrove: CleanpageStep on documents, and in a datatrove pipeline.

Pages are written here; none comes from a corpus.
"""

from __future__ import annotations

import gzip
import json
import pickle
import re
from pathlib import Path
from typing import Any

import pytest
from helpers import ANNOTATED_BODY as ANNOTATED
from helpers import BODY_S, TITLE_S, article_with, page
from helpers import SPAM_LINE as SPAM
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import junky_pages

import cleanpage
from cleanpage import Edit, rebuild_source

pytest.importorskip("datatrove")
pytest.importorskip("orjson")  # datatrove's JSONL reader and writer

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from cleanpage.integrations.datatrove import CleanpageStep

ROOT = Path(__file__).resolve().parent.parent
HTML = (
    "<html><body><nav>首页 | 新闻 | 体育</nav><article>"
    f"<h1>{TITLE_S}</h1>" + "".join(f"<p>{p}</p>" for p in BODY_S) + "</article></body></html>"
)
NETEASE_URL = "https://www.163.com/news/article/a.html"
# id -> (page, url); "junk" has nothing worth keeping
PAGES: dict[str, tuple[str, str | None]] = {
    "clean": (page(TITLE_S, *BODY_S), None),
    "spam": (article_with([SPAM]), NETEASE_URL),
    "pinyin": (page("经济工作会议召开", *ANNOTATED), None),
    "junk": (page(SPAM, "分享到 微信 微博 QQ空间"), None),
    "html": (HTML, "https://news.example.test/1.html"),
}
KEPT = [k for k in PAGES if k != "junk"]


def documents() -> list[Document]:
    return [Document(text=t, id=k, metadata={"url": u} if u else {}) for k, (t, u) in PAGES.items()]


def write_jsonl(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [{"id": k, "text": t, "url": u} for k, (t, u) in PAGES.items()]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def read_jsonl(folder: Path) -> list[dict[str, Any]]:
    rows = []
    for path in sorted(folder.rglob("*.jsonl*")):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as f:
            rows += [json.loads(line) for line in f if line.strip()]
    return rows


def expected(key: str) -> cleanpage.Result:
    text, url = PAGES[key]
    return cleanpage.clean(text, url=url)


class BrokenCleaner:
    """Fails on every page, as a bug in cleanpage would."""

    def clean(self, page: str | bytes, **options: Any) -> cleanpage.Result:
        raise RuntimeError("cleanpage broke")


# --- the step on its own ----------------------------------------------------------------------


def test_run_cleans_text_in_place_and_drops_the_empty_document() -> None:
    step = CleanpageStep()
    out = list(step.run(iter(documents())))
    assert [d.id for d in out] == KEPT
    for doc in out:
        want = expected(doc.id)
        assert doc.text == want.text
        assert doc.metadata["cleanpage"] == {
            "status": "ok",
            "title": want.title,
            "site": want.site,
            "counts": want.counts(),
        }
    by_id = {d.id: d for d in out}
    assert by_id["spam"].metadata["cleanpage"]["site"] == "netease"  # matched by the URL in metadata
    assert by_id["spam"].metadata["cleanpage"]["counts"] == {"seo-spam": 1}
    assert by_id["html"].text.split("\n")[0] == TITLE_S
    stats = step.stats.to_dict()["stats"]
    assert (stats["total"], stats["forwarded"], stats["dropped"]) == (5, 4, 1)
    assert stats["dropped_cleanpage_empty"] == 1
    assert step.stats["cleanpage_seo-spam"].total == 1
    assert step.stats["cleanpage_pinyin"].total == expected("pinyin").counts()["pinyin"]


# the cleaning itself is property-tested elsewhere: few examples suffice for the glue
@settings(max_examples=25)
@given(st.lists(junky_pages() | st.text(max_size=40), max_size=4))
def test_every_document_is_forwarded_clean_or_dropped_as_it_came(texts: list[str]) -> None:
    step = CleanpageStep()
    docs = [Document(text=t, id=str(k)) for k, t in enumerate(texts)]
    forwarded = {d.id: d.text for d in step.run(iter(docs))}
    for k, text in enumerate(texts):
        clean = cleanpage.clean(text).text
        assert forwarded.get(str(k)) == (clean or None)
        if not clean:
            assert docs[k].text == text  # a dropped document keeps its page
    stats = step.stats.to_dict()["stats"]
    assert stats.get("forwarded", 0) + stats.get("dropped", 0) == len(texts)


def test_keep_empty_forwards_the_empty_document() -> None:
    out = {d.id: d for d in CleanpageStep(keep_empty=True).run(iter(documents()))}
    assert sorted(out) == sorted(PAGES)
    assert out["junk"].text == "" and out["junk"].metadata["cleanpage"]["status"] == "empty"


def test_with_edits_is_enough_to_rebuild_the_page() -> None:
    for doc in CleanpageStep(with_edits=True).run(iter(documents())):
        edits = [Edit(**e) for e in doc.metadata["cleanpage"]["edits"]]
        assert rebuild_source(doc.text, edits) == PAGES[doc.id][0]


def test_a_document_cleanpage_fails_on_passes_through_unchanged() -> None:
    step = CleanpageStep()
    step._cleaner = BrokenCleaner()  # type: ignore[assignment]
    out = list(step.run(iter(documents())))
    assert [(d.id, d.text) for d in out] == [(k, t) for k, (t, _) in PAGES.items()]
    assert {d.metadata["cleanpage"]["status"] for d in out} == {"error: RuntimeError: cleanpage broke"}
    assert step.stats.to_dict()["stats"]["cleanpage_error"] == len(PAGES)


def test_the_step_pickles_without_its_cleaner() -> None:
    step = CleanpageStep(disable=["pinyin"])
    list(step.run(iter(documents()[:1])))
    assert step._cleaner is not None  # built on first use
    copy = pickle.loads(pickle.dumps(step))
    assert copy._cleaner is None and copy.options == step.options
    doc = documents()[2]
    want = cleanpage.Cleaner(disable=["pinyin"]).clean(PAGES["pinyin"][0])
    assert next(copy.run(iter([doc]))).text == want.text
    # SlurmPipelineExecutor ships the pipeline with dill
    dill = pytest.importorskip("dill")
    assert dill.loads(dill.dumps(step))._cleaner is None


def test_mistakes_are_clear_errors() -> None:
    with pytest.raises(ValueError, match="unknown detector"):
        CleanpageStep(disable=["nope"])
    with pytest.raises(ValueError, match="unknown repair"):
        CleanpageStep(repair=["nope"])
    with pytest.raises(ValueError, match="no site rule named 'nope'"):
        CleanpageStep(site="nope")


# --- in a datatrove pipeline ---------------------------------------------------------------


def test_local_pipeline_reads_cleans_writes_and_excludes(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "pages" / "part-0.jsonl")
    pipeline = [
        JsonlReader(str(tmp_path / "pages")),
        CleanpageStep(exclusion_writer=JsonlWriter(str(tmp_path / "dropped"), compression=None)),
        JsonlWriter(str(tmp_path / "clean"), compression=None),
    ]
    LocalPipelineExecutor(pipeline, tasks=1, logging_dir=str(tmp_path / "logs")).run()
    rows = {r["id"]: r for r in read_jsonl(tmp_path / "clean")}
    assert sorted(rows) == sorted(KEPT)
    for key, row in rows.items():
        assert row["text"] == expected(key).text
        assert row["metadata"]["cleanpage"]["counts"] == expected(key).counts()
    dropped = read_jsonl(tmp_path / "dropped")
    # the dropped page is saved as it came, with the reason
    assert [(r["id"], r["text"]) for r in dropped] == [("junk", PAGES["junk"][0])]
    assert dropped[0]["metadata"]["filter_reason"] == "cleanpage_empty"
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text(encoding="utf-8"))
    step_stats = next(s["stats"] for s in stats if "cleanpage" in s["name"])
    assert step_stats["dropped_cleanpage_empty"] == 1 and step_stats["forwarded"] == len(KEPT)


# --- the example in docs/scale.md runs as written ----------------------------------------------


def doc_example(marker: str) -> str:
    text = (ROOT / "docs" / "scale.md").read_text(encoding="utf-8")
    found = re.search(rf"<!-- {re.escape(marker)} -->\n```python\n(.*?)^```$", text, flags=re.S | re.M)
    assert found, f"docs/scale.md has no python block after <!-- {marker} -->"
    return found.group(1)


def test_scale_doc_datatrove_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_jsonl(tmp_path / "pages" / "part-0.jsonl")
    monkeypatch.chdir(tmp_path)
    exec(compile(doc_example("tested: datatrove example"), "docs/scale.md", "exec"), {"__name__": "__main__"})
    rows = {r["id"]: r for r in read_jsonl(tmp_path / "clean")}
    assert sorted(rows) == sorted(KEPT)
    assert all(rows[k]["text"] == expected(k).text for k in rows)
    assert [r["id"] for r in read_jsonl(tmp_path / "dropped")] == ["junk"]
