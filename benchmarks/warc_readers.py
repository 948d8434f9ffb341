"""How fast fastwarc and warcio read WARC response records: a figure, not a test.

Run:  python benchmarks/warc_readers.py [--pages N] [--repeat N] [--keep DIR]

It writes a WARC of N made-up crawl captures (each a request, a response and a metadata
record, as a crawler writes them; one response in ten is an image), plain and gzipped
per record, then reads every response the way cleanpage's WARC reader needs it: the
target URI, the HTTP Content-Type and the whole payload. It prints records/s (all
records in the file) and MB/s (file size) for each library and file, best of
``--repeat`` runs; "cleanpage" is cleanpage's own reader (warcio, plus the checks and
decoding each document gets; it leaves the images out, as the others do not).
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastwarc.warc import ArchiveIterator as FastIterator
from fastwarc.warc import WarcRecordType
from warcio.archiveiterator import ArchiveIterator as WarcioIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleanpage.corpus.forms import open_records  # noqa: E402

LINES = (
    "今年春天，城南老街完成了为期两年的改造，青石板路和木结构门面得到了保留。",
    "街道负责人介绍，改造过程中坚持修旧如旧的原则，同时补齐了排水和消防设施。",
    "不少年轻人也被吸引回来开店，咖啡馆、书店和手工作坊陆续开张。",
    "Local officials said the project would be finished before the autumn festival.",
)


def write_warc(path: Path, pages: int, gzip: bool) -> int:
    """A WARC of ``pages`` captures; returns how many records it holds."""
    rng = random.Random(7)
    records = 0
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        for i in range(pages):
            uri = f"https://news.example.cn/{i // 100}/{i}.html"
            request = StatusAndHeaders(
                f"GET /{i}.html HTTP/1.1", [("Host", "news.example.cn")], is_http_request=True
            )
            writer.write_record(writer.create_warc_record(uri, "request", http_headers=request))
            if i % 10 == 9:
                body = bytes(rng.randrange(256) for _ in range(rng.randrange(2000, 20000)))
                ctype = "image/jpeg"
            else:
                paragraphs = "".join(f"<p>{rng.choice(LINES)}</p>\n" for _ in range(rng.randrange(20, 200)))
                charset = "gbk" if i % 3 == 0 else "utf-8"
                body = f"<html><head><title>第{i}篇</title></head><body>{paragraphs}</body></html>".encode(
                    charset
                )
                ctype = f"text/html; charset={charset}"
            response = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=response)
            )
            meta = io.BytesIO(b"fetchTimeMs: 120\r\n")
            writer.write_record(
                writer.create_warc_record(
                    uri, "metadata", payload=meta, warc_content_type="application/warc-fields"
                )
            )
            records += 3
    return records


def read_fastwarc(path: Path) -> int:
    payload = 0
    with path.open("rb") as fh:
        kinds = WarcRecordType.response | WarcRecordType.resource
        for record in FastIterator(fh, record_types=kinds, parse_http=True, auto_decode="transfer"):
            record.headers.get("WARC-Target-URI")
            record.http_headers.get("Content-Type")
            payload += len(record.reader.read())
    return payload


def read_warcio(path: Path) -> int:
    payload = 0
    with path.open("rb") as fh:
        for record in WarcioIterator(fh):
            if record.rec_type not in ("response", "resource"):
                continue
            record.rec_headers.get_header("WARC-Target-URI")
            if record.http_headers is not None:
                record.http_headers.get_header("Content-Type")
            payload += len(record.content_stream().read())
    return payload


def read_cleanpage(path: Path) -> int:
    """cleanpage's own reader: warcio plus the checks and decoding a document gets."""
    return sum(len(r.page) for r in open_records(path) if isinstance(r.page, bytes))


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=3000, help="captures in the WARC (default 3000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best counts (default 3)")
    parser.add_argument("--keep", type=Path, help="write the WARCs here instead of a temporary directory")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        where = args.keep or Path(tmp)
        where.mkdir(parents=True, exist_ok=True)
        print(f"{'file':<13} {'records':>8} {'MB':>7}  {'library':<9} {'records/s':>10} {'MB/s':>7}")
        for name, gzip in (("bench.warc", False), ("bench.warc.gz", True)):
            path = where / name
            records = write_warc(path, args.pages, gzip)
            size = path.stat().st_size / 1e6
            # both must see the same payloads, or the comparison means nothing
            if read_fastwarc(path) != read_warcio(path):  # (images included)
                raise SystemExit("the two libraries read different payloads")
            readers = (("fastwarc", read_fastwarc), ("warcio", read_warcio), ("cleanpage", read_cleanpage))
            for library, reader in readers:
                seconds = best_of(args.repeat, lambda reader=reader, path=path: reader(path))
                rate, speed = records / seconds, size / seconds
                print(f"{name:<13} {records:>8} {size:>7.1f}  {library:<9} {rate:>10,.0f} {speed:>7.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
