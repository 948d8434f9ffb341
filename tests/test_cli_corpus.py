"""The CLI on corpus files: JSONL, WARC and Parquet in, the same form out, in order,
with bad documents passed through or left out, a report, and several processes."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import BODY_S, TITLE_S, article_with, page

import cleanpage

SPAM = "澳门百家乐|威尼斯人娱乐|皇冠足球比分|六合彩开奖结果"
DOCS = [
    {"id": 1, "text": article_with([SPAM]), "lang": "zh"},
    {"id": 2, "text": page(TITLE_S, *BODY_S)},
    {"id": 3, "text": SPAM},  # nothing left: rejected
    {"id": 4, "text": 42},  # a bad record
]
BAD_LINE = b"{not json\n"


def cli(*args: object, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "cleanpage.cli", *map(str, args)],
        input=stdin,
        capture_output=True,
        timeout=300,
    )


def write_jsonl(path: Path) -> bytes:
    data = b"".join(json.dumps(d, ensure_ascii=False).encode() + b"\n" for d in DOCS) + BAD_LINE
    if path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    return data


def read_jsonl(path: Path) -> list[dict[str, object]]:
    raw = path.read_bytes()
    if path.name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return [json.loads(line) for line in raw.decode().splitlines()]


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("name", ["c.jsonl", "c.jsonl.gz"])
def test_jsonl_in_order_cleaned_like_the_api(tmp_path: Path, name: str, jobs: str) -> None:
    source = tmp_path / name
    raw = write_jsonl(source)
    proc = cli("clean", "-j", jobs, "-o", tmp_path / "out", source)
    assert proc.returncode == 0, proc.stderr.decode()
    lines = (
        gzip.decompress((tmp_path / "out" / name).read_bytes())
        if name.endswith(".gz")
        else (tmp_path / "out" / name).read_bytes()
    ).splitlines(keepends=True)
    # documents 1, 2 cleaned; 3 rejected (left out); 4 and the bad line passed through
    assert len(lines) == 4
    first, second = json.loads(lines[0]), json.loads(lines[1])
    assert first["id"] == 1 and first["lang"] == "zh"
    assert first["text"] == cleanpage.clean(str(DOCS[0]["text"])).text
    assert first["cleanpage"]["status"] == "clean" and first["cleanpage"]["edits"]["seo-spam"] == 1
    assert second["text"] == cleanpage.clean(str(DOCS[1]["text"])).text
    # bad records, byte for byte
    assert lines[2] == json.dumps(DOCS[3], ensure_ascii=False).encode() + b"\n"
    assert lines[3] == BAD_LINE
    assert raw.endswith(BAD_LINE)
    # every bad document is named, with its line
    err = proc.stderr.decode()
    assert f"{source}:4" in err and f"{source}:5" in err and "Traceback" not in err


def test_on_error_skip_leaves_bad_documents_out(tmp_path: Path) -> None:
    source = tmp_path / "c.jsonl"
    write_jsonl(source)
    proc = cli("clean", "--on-error", "skip", source)
    assert proc.returncode == 0
    assert [json.loads(x)["id"] for x in proc.stdout.decode().splitlines()] == [1, 2]


def test_report_and_rejected(tmp_path: Path) -> None:
    source = tmp_path / "c.jsonl"
    write_jsonl(source)
    proc = cli(
        "clean",
        "--report",
        tmp_path / "r.jsonl",
        "--rejected",
        tmp_path / "rej.jsonl",
        "-o",
        tmp_path / "o",
        source,
    )
    assert proc.returncode == 0
    report = read_jsonl(tmp_path / "r.jsonl")
    assert [r["id"] for r in report] == [f"{source}:{n}" for n in range(1, 6)]
    assert [r["status"] for r in report] == ["clean", "clean", "rejected", "passed", "passed"]
    # the report's edits rebuild each cleaned document
    edits = [cleanpage.Edit(**e) for e in report[0]["edits"]]  # type: ignore[arg-type, union-attr]
    first = json.loads((tmp_path / "o" / "c.jsonl").read_bytes().splitlines()[0])
    assert cleanpage.apply_edits(str(DOCS[0]["text"]), edits) == first["text"]
    rejected = read_jsonl(tmp_path / "rej.jsonl")
    assert [r["text"] for r in rejected] == [SPAM]


def test_warc_responses_become_jsonl_keyed_by_url(tmp_path: Path) -> None:
    warcio = pytest.importorskip("warcio")
    from warcio.statusandheaders import StatusAndHeaders

    html = (
        "<!DOCTYPE html><html><head><title>标题</title></head><body><h1>城南老街改造完成</h1>"
        f"<p>{BODY_S[0]}</p><p>{BODY_S[1]}</p></body></html>"
    )
    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as fh:
        writer = warcio.warcwriter.WARCWriter(fh, gzip=True)
        for url, body, ctype in [
            ("https://news.example.com/a.html", html.encode("gbk"), "text/html; charset=gbk"),
            ("https://news.example.com/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"),
        ]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            )
    proc = cli("clean", "-o", tmp_path / "out", path)
    assert proc.returncode == 0, proc.stderr.decode()
    rows = read_jsonl(tmp_path / "out" / "crawl.jsonl.gz")
    assert [r["url"] for r in rows] == ["https://news.example.com/a.html"]  # the image is no page
    assert rows[0]["text"] == "\n".join(["城南老街改造完成", BODY_S[0], BODY_S[1]])


def test_parquet_round_trip_and_stdout_refused(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    source = tmp_path / "c.parquet"
    pq.write_table(
        pa.table({"doc": ["a", "b"], "body": [str(DOCS[0]["text"]), str(DOCS[1]["text"])]}), source
    )
    refused = cli("clean", "--field", "body", source)
    assert refused.returncode == 2 and b"-o DIR" in refused.stderr
    proc = cli("clean", "--field", "body", "-o", tmp_path / "out", source)
    assert proc.returncode == 0, proc.stderr.decode()
    rows = pq.read_table(tmp_path / "out" / "c.parquet").to_pylist()
    assert [r["doc"] for r in rows] == ["a", "b"]
    assert rows[0]["body"] == cleanpage.clean(str(DOCS[0]["text"])).text
    assert rows[0]["cleanpage"]["status"] == "clean"


def test_a_document_over_the_time_budget_is_passed_through(tmp_path: Path) -> None:
    source = tmp_path / "c.jsonl"
    source.write_text(json.dumps({"text": article_with([SPAM])}, ensure_ascii=False) + "\n", encoding="utf-8")
    # far below what any page takes: the worker is stopped and the document kept as it was
    proc = cli("clean", "--time-budget", "0.000001", source)
    assert proc.returncode == 0
    out = json.loads(proc.stdout)
    assert out["text"] == article_with([SPAM])
    assert out["cleanpage"]["status"] == "passed"
    assert b"time budget" in proc.stderr


def test_include_and_exclude_filter_directory_walks(tmp_path: Path) -> None:
    (tmp_path / "pages" / "raw").mkdir(parents=True)
    for name in ("a.txt", "b.md", "raw/c.txt"):
        (tmp_path / "pages" / name).write_text(article_with([SPAM]), encoding="utf-8")
    proc = cli(
        "clean", "--include", "*.txt", "--exclude", "raw/*", "-o", tmp_path / "out", tmp_path / "pages"
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.*")) == [
        "a.txt"
    ]


def test_no_progress_or_summary_when_not_a_terminal(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(article_with([SPAM]), encoding="utf-8")
    proc = cli("clean", "-j", "2", tmp_path)
    assert proc.returncode == 0
    assert proc.stderr == b""
    assert proc.stdout.decode().count(TITLE_S) == 3


def test_check_refuses_corpus_files(tmp_path: Path) -> None:
    source = tmp_path / "c.jsonl"
    write_jsonl(source)
    proc = cli("check", source)
    assert proc.returncode == 2
    assert b"corpus file" in proc.stderr and b"Traceback" not in proc.stderr
