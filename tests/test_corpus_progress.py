"""The progress line and the end-of-run summary. Time comes from a fake clock."""

from __future__ import annotations

import io
import json

from helpers import BODY_S, TITLE_S, article_with, page

import cleanpage
from cleanpage.corpus.progress import Progress, Summary


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


SPAM = "国产av一二三区|日本不卡动作网站|黄色天天久久影片|99草成人免费在线视频"


# --- Progress -----------------------------------------------------------------------------


def test_nothing_is_written_when_not_a_terminal() -> None:
    stream = io.StringIO()
    with Progress(stream, total_bytes=10_000) as progress:
        for _ in range(5):
            progress.update(nbytes=1000)
    assert progress.pages == 5
    assert stream.getvalue() == ""


def test_nothing_is_written_when_quiet() -> None:
    stream = FakeTerminal()
    with Progress(stream, quiet=True) as progress:
        progress.update(nbytes=1000)
    assert stream.getvalue() == ""


def test_a_terminal_gets_the_counts_and_a_final_newline() -> None:
    stream = FakeTerminal()
    clock = FakeClock()
    progress = Progress(stream, total_bytes=4_000_000, clock=clock)
    for _ in range(3):
        clock.now += 1.0
        progress.update(nbytes=1_000_000)
    progress.update(nbytes=0, failed=1)
    progress.close()
    progress.close()  # idempotent
    out = stream.getvalue()
    assert out.endswith("\n") and out.count("\n") == 1
    final = out.rsplit("\r", 1)[-1]
    assert "4 pages" in final
    assert "3.00 MB" in final
    assert "75%" in final
    assert "1.00 MB/s" in final  # 3 MB in 3 s of the fake clock
    assert "ETA 0:00:01" in final
    assert "1 failed" in final


def test_redraws_are_throttled_by_the_clock() -> None:
    stream = FakeTerminal()
    clock = FakeClock()
    progress = Progress(stream, interval=0.5, clock=clock)
    for _ in range(10):  # the clock does not move: only the first update draws
        progress.update(nbytes=10)
    assert stream.getvalue().count("\r") == 1
    clock.now += 0.5
    progress.update(nbytes=10)
    assert stream.getvalue().count("\r") == 2
    progress.close()
    assert "11 pages" in stream.getvalue().rsplit("\r", 1)[-1]


def test_a_note_gets_its_own_line_and_the_progress_line_comes_back() -> None:
    stream = FakeTerminal()
    progress = Progress(stream, clock=FakeClock())
    progress.update(nbytes=10)
    progress.note("doc-7: UnicodeDecodeError, passed through")
    progress.close()
    lines = stream.getvalue().split("\n")
    assert lines[0].strip("\r ").endswith("doc-7: UnicodeDecodeError, passed through")
    assert "1 pages" in lines[1]
    assert lines[-1] == ""
    quiet = io.StringIO()  # without a terminal the note is still printed, plainly
    Progress(quiet).note("doc-8: Timeout")
    assert quiet.getvalue() == "doc-8: Timeout\n"


# --- Summary ------------------------------------------------------------------------------


def test_summary_adds_up() -> None:
    clock = FakeClock()
    summary = Summary(clock=clock)
    pages = [article_with([SPAM]), page(TITLE_S, *BODY_S), article_with([SPAM, SPAM])]
    results = [cleanpage.clean(p) for p in pages]
    for text, result in zip(pages, results, strict=True):
        summary.add_result(result, bytes_in=len(text.encode("utf-8")))
    summary.add_counts({"seo-spam": 2}, bytes_in=50, bytes_out=0, changed=True, emptied=True)
    summary.add_error("UnicodeDecodeError", bytes_in=7, bytes_out=7)
    summary.add_error("WorkerDied", bytes_in=5)
    summary.add_timeout(bytes_in=3, bytes_out=3)
    clock.now += 2.0
    summary.stop()
    clock.now += 10.0  # after stop() the elapsed time stays fixed

    assert summary.pages == len(pages) + 4
    assert summary.failed == 3
    assert summary.errors == {"UnicodeDecodeError": 1, "WorkerDied": 1}
    assert summary.emptied == 1
    assert summary.changed == sum(r.changed for r in results) + 1
    expected_edits: dict[str, int] = {"seo-spam": 2}
    for r in results:
        for kind, n in r.counts().items():
            expected_edits[kind] = expected_edits.get(kind, 0) + n
    assert summary.edits == expected_edits
    assert summary.edits["seo-spam"] >= 5  # three spam lines in the pages, two counted
    assert summary.bytes_in == sum(len(p.encode("utf-8")) for p in pages) + 50 + 7 + 5 + 3
    assert summary.bytes_out == sum(len(r.text.encode("utf-8")) for r in results) + 7 + 3
    assert summary.seconds == 2.0

    data = summary.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["pages"] == summary.pages
    assert data["pages_per_second"] == round(summary.pages / 2.0, 2)

    text = summary.render()
    assert f"pages   {summary.pages} (" in text
    assert "2 errors" in text and "1 timeout" in text
    assert "UnicodeDecodeError 1, WorkerDied 1" in text
    assert f"seo-spam {summary.edits['seo-spam']}" in text
    assert "2.0 s" in text


def test_an_empty_summary_renders() -> None:
    summary = Summary(clock=FakeClock())
    text = summary.render()
    assert "pages   0 (0 changed, 0 emptied)" in text
    assert "errors" not in text
    assert summary.to_dict()["pages_per_second"] == 0.0
