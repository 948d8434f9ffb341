"""Does cleaning time grow linearly with input, and how much memory does a long stream take?

Run:  python benchmarks/scale.py [--sizes 1,10,100] [--budget 60] [--parts portal,bait,rss]
                                 [--rss-gb 1] [--rss-cmd "CMD {input} {out}"]

Three parts, each case in its own child process (killed at the time limit):

- portal: 1, 10 and 100 MB (``--sizes``, 1 MB = 10^6 bytes) of pages like the
  samples, cleaned page by page in text mode: ``portal-pages`` streams the samples over
  and over (each copy with a numbered first line, so no two pages are equal),
  ``portal-jsonl`` reads the same pages from a JSONL file (``{"text": ...}`` per line)
  written before the timing, and ``portal-html`` streams the saved HTML pages of
  ``--corpus`` when that folder exists. MB/s that stays the same from size to size is
  linear time; the ``vs linear`` column is the time ratio divided by the size ratio.
- bait: one page of each size made of one unit repeated (``(``, ``|``, ``?``,
  ``(ā)``, keywords joined by ``_`` or ``|``, one line of prose without line ends,
  ``<div>`` nested ...), the inputs a regular expression or a line-window rule can
  turn quadratic. cleanpage runs without its page-size cap and time budget here, so the
  figure is the pipeline's own.
- rss: peak RSS while cleaning a generated ``--rss-gb`` GB JSONL. By default the child
  is a plain streaming loop over the API (read a line, clean it, write the text); with
  ``--rss-cmd`` it is any command, e.g. the streaming CLI once it exists:
  ``--rss-cmd "cleanpage clean --field text {input} -o {out}"`` ({input}: the JSONL
  file, {out}: an empty folder). The child stops at ``--rss-budget`` seconds; the
  default loop reports how far it got.

A size whose time, projected from the size before it, would exceed ``--budget`` is not
run ("projected"); a size that does run past it is killed ("exceeds budget"), and the
rest of that series is skipped. Peak RSS is the child's own high-water mark (VmHWM):
interpreter, imports and the input it holds included; for a killed child or a
``--rss-cmd`` command it is ``ru_maxrss`` from ``os.wait4``.
"""

from __future__ import annotations

import argparse
import inspect
import itertools
import json
import math
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from _child import ChildRun, peak_rss_mb, run_child  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "html"
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))
PORTAL = ("portal-pages", "portal-jsonl", "portal-html")
RSS_TARGET_MB = 300.0


def prose_line() -> str:
    """The samples' text as one line: long lines without line ends."""
    return "".join(p.read_text(encoding="utf-8").replace("\n", "").replace("\r", "") for p in SAMPLES)


# name: (what one unit is, the unit, read as HTML)
BAIT: dict[str, tuple[str, Callable[[], str], bool]] = {
    "open-paren": ("'(' repeated", lambda: "(", False),
    "pipe": ("'|' repeated", lambda: "|", False),
    "question": ("'?' repeated (lost-byte mojibake marks)", lambda: "?", False),
    "pinyin-like": ("'(ā)' repeated", lambda: "(ā)", False),
    "annotated": ("'網(wǎng)' repeated, one line", lambda: "網(wǎng)", False),
    "underscore-keywords": ("keywords joined by '_', one line", lambda: "免费视频_在线观看_高清无码_", False),
    "pipe-keywords": ("keywords joined by '|', one line", lambda: "免费视频|在线观看|高清无码|", False),
    "prose-line": ("the samples' text with line ends removed", prose_line, False),
    "short-lines": ("'12' lines (share counts)", lambda: "12\n", False),
    "latin1-mojibake": ("'ÖÐÎÄ' repeated (GBK read as Latin-1)", lambda: "ÖÐÎÄ", False),
    "entities": ("'&nbsp;' repeated", lambda: "&nbsp;", False),
    "entity-close-tags": ("'</p&nbsp;>' repeated: entities inside almost-tags", lambda: "</p&nbsp;>", False),
    "open-angle": ("'<' repeated, text mode", lambda: "<", False),
    "html-nested": ("'<div>' repeated: ever deeper nesting", lambda: "<div>", True),
    "html-paragraphs": ("'<p>字</p>' repeated", lambda: "<p>字</p>", True),
}


def unlimited_cleaner() -> Any:
    """A default Cleaner without a page-size cap or time budget (where it has them)."""
    import cleanpage

    params = inspect.signature(cleanpage.Cleaner).parameters
    options: dict[str, Any] = {name: None for name in ("max_bytes", "time_budget") if name in params}
    return cleanpage.Cleaner(**options)


def numbered_pages(sources: list[bytes]) -> Iterator[bytes]:
    """The pages again and again, each with a numbered first line."""
    for k, page in enumerate(itertools.cycle(sources)):
        yield f"第{k}页\n".encode() + page


def write_jsonl(path: Path, size: int) -> int:
    """Portal pages as ``{"text": ...}`` lines until ``size`` bytes; returns the bytes written."""
    texts = [p.read_text(encoding="utf-8") for p in SAMPLES]
    written = 0
    with path.open("w", encoding="utf-8") as out:
        for k, text in enumerate(itertools.cycle(texts)):
            line = json.dumps({"id": k, "text": f"第{k}页\n{text}"}, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            if written >= size:
                return written
    return written  # unreachable: cycle never ends


# --- child: one case at one size ---------------------------------------------------------


def child(args: argparse.Namespace) -> int:
    import resource

    limit = int(args.memory_limit_gb * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))  # a runaway case fails, not the machine
    cleaner = unlimited_cleaner()
    clean = cleaner.clean
    clean(SAMPLES[0].read_bytes())  # warm-up: lazy tables load here, not in the figure
    statuses: dict[str, int] = {}

    def note(result: object) -> None:
        status = str(getattr(result, "status", "clean"))
        statuses[status] = statuses.get(status, 0) + 1

    if args.case == "stream":  # the default rss child: a streaming loop over the API
        return stream_jsonl(clean, Path(args.input), Path(args.output))
    done, start, cpu = 0, time.perf_counter(), time.process_time()
    if args.case in ("portal-pages", "portal-html"):
        if args.case == "portal-pages":
            sources = [p.read_bytes() for p in SAMPLES]
        else:
            sources = [p.read_bytes() for p in sorted(Path(args.corpus).glob("*.html"))]
        start, cpu = time.perf_counter(), time.process_time()
        for page in numbered_pages(sources):
            note(clean(page, html=args.case == "portal-html"))
            done += len(page)
            if done >= args.size:
                break
    elif args.case == "portal-jsonl":
        start, cpu = time.perf_counter(), time.process_time()
        with open(args.input, "rb") as lines:
            for line in lines:
                note(clean(json.loads(line)["text"], html=False))
                done += len(line)
    else:
        _, unit, is_html = BAIT[args.case]
        text = unit()
        page = (text * math.ceil(args.size / len(text.encode("utf-8")))).encode("utf-8")
        done, start, cpu = len(page), time.perf_counter(), time.process_time()
        note(clean(page, html=is_html))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    found = {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "bytes": done,
        "statuses": statuses,
        "peak_rss_mb": peak_rss_mb(),
    }
    Path(args.output).write_text(json.dumps(found), encoding="utf-8")
    return 0


def stream_jsonl(clean: Callable[..., object], source: Path, out_dir: Path) -> int:
    """Clean every line's text and write it out, reporting progress on stderr."""

    def report(seconds: float) -> None:
        print(f"progress {done} {seconds:.1f} {peak_rss_mb():.0f}", file=sys.stderr, flush=True)

    done, start, shown = 0, time.perf_counter(), 0.0
    with source.open("rb") as lines, (out_dir / "clean.txt").open("w", encoding="utf-8") as out:
        for line in lines:
            result = clean(json.loads(line)["text"], html=False)
            out.write(str(getattr(result, "text", "")) + "\n")
            done += len(line)
            now = time.perf_counter() - start
            if now - shown >= 2:
                report(now)
                shown = now
    report(time.perf_counter() - start)
    return 0


# --- parent ------------------------------------------------------------------------------


@dataclass
class Row:
    case: str
    size_mb: float
    seconds: float | None = None
    mb: float | None = None  # what was actually cleaned
    cpu_seconds: float | None = None
    peak_rss_mb: float | None = None
    note: str = ""

    def rate(self) -> float | None:
        return self.mb / self.seconds if self.mb is not None and self.seconds else None


def run_case(case: str, size: int, args: argparse.Namespace, work: Path) -> tuple[ChildRun, dict[str, Any]]:
    out = work / f"{case}-{size}.json"
    argv = [sys.executable, str(Path(__file__).resolve()), "--case", case, "--size", str(size)]
    argv += [
        "--output",
        str(out),
        "--corpus",
        str(args.corpus),
        "--memory-limit-gb",
        str(args.memory_limit_gb),
    ]
    if case == "portal-jsonl":
        source = work / f"portal-{size}.jsonl"
        write_jsonl(source, size)
        argv += ["--input", str(source)]
    try:
        run = run_child(argv, timeout=args.budget)
    finally:
        if case == "portal-jsonl":
            source.unlink()
    found = json.loads(out.read_text(encoding="utf-8")) if run.ok and out.exists() else {}
    return run, found


def series(case: str, sizes: list[float], args: argparse.Namespace, work: Path) -> list[Row]:
    rows: list[Row] = []
    previous: Row | None = None
    stopped = ""  # why the larger sizes are not run
    for size_mb in sizes:
        row = Row(case, size_mb)
        rows.append(row)
        if stopped:
            row.note = stopped
            continue
        if previous is not None and previous.seconds is not None:
            projected = previous.seconds * size_mb / previous.size_mb
            if projected > args.budget:
                row.note = f"exceeds budget: projected {projected:.0f} s > {args.budget:g} s, not run"
                stopped = "not run (a smaller size exceeds the budget)"
                continue
        print(f"  {case} {size_mb:g} MB …", file=sys.stderr, flush=True)
        run, found = run_case(case, int(size_mb * 1e6), args, work)
        row.peak_rss_mb = run.peak_rss_mb  # replaced by the child's own figure when it reports one
        if run.timed_out:
            row.note = f"exceeds budget: killed after {args.budget:g} s"
            stopped = "not run (a smaller size exceeds the budget)"
        elif not found:
            row.note = f"failed: {run.stderr.splitlines()[-1] if run.stderr else run.returncode}"
            stopped = "not run (a smaller size failed)"
        else:
            row.seconds, row.mb = float(found["seconds"]), int(found["bytes"]) / 1e6
            row.cpu_seconds = float(found["cpu_seconds"])
            row.peak_rss_mb = float(found["peak_rss_mb"])
            statuses: dict[str, int] = found.get("statuses") or {}
            odd = {k: v for k, v in statuses.items() if k != "clean"}
            if odd:
                row.note = "pages " + ", ".join(f"{k}: {v}" for k, v in odd.items())
        previous = row
    return rows


def table(rows: list[Row], title: str) -> str:
    head = f"{'case':<22}{'size MB':>8}{'seconds':>10}{'MB/s':>8}{'vs linear':>10}{'cpu/wall':>9}"
    head += f"{'peak RSS MB':>12}  note"
    out = [title, head, "-" * (len(head) + 10)]
    last: Row | None = None
    for r in rows:
        if last is not None and last.case != r.case:
            last = None
        cells = f"{r.case:<22}{r.size_mb:>8g}"
        rate = r.rate()
        if r.seconds is not None and rate is not None and r.mb is not None:
            growth = "-"
            if last is not None and last.seconds and last.mb:
                growth = f"{(r.seconds / last.seconds) / (r.mb / last.mb):.2f}x"
            cpu = f"{r.cpu_seconds / r.seconds:.2f}" if r.cpu_seconds is not None else "-"
            cells += f"{r.seconds:>10.2f}{rate:>8.2f}{growth:>10}{cpu:>9}"
            last = r
        else:
            cells += f"{'-':>10}{'-':>8}{'-':>10}{'-':>9}"
            last = None
        rss = f"{r.peak_rss_mb:.0f}" if r.peak_rss_mb is not None else "-"
        out.append(f"{cells}{rss:>12}  {r.note}".rstrip())
    return "\n".join(out)


def rss_part(args: argparse.Namespace, work: Path) -> list[str]:
    size = int(args.rss_gb * 1e9)
    source, out_dir = work / "rss.jsonl", work / "rss-out"
    out_dir.mkdir()
    print(f"  writing a {args.rss_gb:g} GB JSONL …", file=sys.stderr, flush=True)
    written = write_jsonl(source, size)
    if args.rss_cmd:
        argv = [part.format(input=source, out=out_dir) for part in shlex.split(args.rss_cmd)]
        what = f"command: {shlex.join(argv)}"
    else:
        argv = [sys.executable, str(Path(__file__).resolve()), "--case", "stream", "--input", str(source)]
        argv += ["--output", str(out_dir), "--memory-limit-gb", str(args.memory_limit_gb)]
        what = "a streaming loop over the API (read a line, Cleaner.clean its text, write the text)"
    floors = []
    for label, page in (
        ("one character", "'字'"),
        ("one sample page", f"open({str(SAMPLES[0])!r}, 'rb').read()"),
    ):
        code = f"import _child, cleanpage; cleanpage.clean({page}); print(_child.peak_rss_mb())"
        floor = subprocess.run([sys.executable, "-c", code], cwd=HERE, capture_output=True, text=True)
        floors.append(f"{label} {float(floor.stdout or 'nan'):.0f} MB")
    print(f"  cleaning it (at most {args.rss_budget:g} s) …", file=sys.stderr, flush=True)
    try:
        run = run_child(argv, timeout=args.rss_budget, keep_lines=100_000)
    except OSError as err:  # a --rss-cmd that cannot start
        return [f"peak RSS on a {written / 1e9:.3g} GB JSONL: could not run {argv[0]!r} ({err.strerror})"]
    finally:
        source.unlink()
    lines = [f"peak RSS on a {written / 1e9:.3g} GB JSONL; {what}"]
    progress = [line.split() for line in run.stderr.splitlines() if line.startswith("progress ")]
    if run.timed_out:
        how_far = f"{int(progress[-1][1]) / 1e6:.1f} MB in {progress[-1][2]} s" if progress else "unknown"
        lines.append(
            f"  stopped at --rss-budget {args.rss_budget:g} s after {how_far} of {written / 1e6:.0f} MB"
        )
    elif not run.ok:
        lines.append(f"  failed (exit {run.returncode}): {run.stderr.splitlines()[-1:] or ''}")
    else:
        lines.append(
            f"  finished in {run.seconds:.0f} s ({written / 1e6 / run.seconds:.2f} MB/s including start-up)"
        )
    if len(progress) > 1:  # does memory grow with the stream? the peak so far, along the way
        points = sorted(
            {0, len(progress) // 4, len(progress) // 2, 3 * len(progress) // 4, len(progress) - 1}
        )
        steps = ", ".join(f"{int(progress[k][1]) / 1e6:.1f} MB: {progress[k][3]} MB" for k in points)
        lines.append(f"  peak RSS so far, after: {steps}")
    # the loop's own high-water mark when it reported one, else the kernel's ru_maxrss
    peak = float(progress[-1][3]) if progress else run.peak_rss_mb
    verdict = "met" if peak < RSS_TARGET_MB else "NOT met"
    lines.append(f"  peak RSS {peak:.0f} MB (target < {RSS_TARGET_MB:g} MB: {verdict})")
    lines.append(f"  for reference, peak RSS of importing cleanpage and cleaning {' / '.join(floors)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="1,10,100", help="input sizes in MB, comma-separated (default 1,10,100)"
    )
    parser.add_argument("--budget", type=float, default=60, help="seconds one size may take (default 60)")
    parser.add_argument("--parts", default="portal,bait,rss", help="which parts to run (default all three)")
    parser.add_argument(
        "--cases", help=f"only these cases, comma-separated (of {', '.join([*PORTAL, *BAIT])})"
    )
    parser.add_argument("--rss-gb", type=float, default=1.0, help="size of the generated JSONL (default 1)")
    parser.add_argument(
        "--rss-cmd", help="command to measure on it, with {input} and {out} (default: API loop)"
    )
    parser.add_argument(
        "--rss-budget", type=float, default=600, help="seconds the rss child may run (default 600)"
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of saved HTML pages")
    parser.add_argument(
        "--memory-limit-gb", type=float, default=4, help="address-space cap per child (default 4)"
    )
    parser.add_argument("--tmp", type=Path, help="folder for the generated files (default: the system's)")
    # internal: the child process that runs one case
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.case:
        return child(args)

    try:
        sizes = sorted(float(s) for s in args.sizes.split(",") if s)
    except ValueError:
        parser.error(f"--sizes takes numbers of MB separated by commas, not {args.sizes!r}")
    parts = set(args.parts.split(","))
    if not sizes or any(s <= 0 for s in sizes) or parts - {"portal", "bait", "rss"}:
        parser.error("--sizes must be positive numbers and --parts a subset of portal,bait,rss")
    if args.rss_cmd and ("{input}" not in args.rss_cmd):
        parser.error("--rss-cmd must contain {input} (and may contain {out})")
    portal = [c for c in PORTAL if c != "portal-html" or any(args.corpus.glob("*.html"))]
    chosen = set(args.cases.split(",")) if args.cases else None
    if chosen and chosen - set(PORTAL) - set(BAIT):
        parser.error(f"--cases: unknown {', '.join(sorted(chosen - set(PORTAL) - set(BAIT)))}")

    print("measuring (each case in its own process):", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="cleanpage-scale-", dir=args.tmp) as tmp:
        work = Path(tmp)
        sections = []
        if "portal" in parts:
            rows = [r for c in portal if not chosen or c in chosen for r in series(c, sizes, args, work)]
            sections.append(table(rows, "portal-like pages, cleaned one by one (text mode unless -html)"))
            if "portal-html" not in portal:
                sections[-1] += f"\n(no HTML pages at {args.corpus}: portal-html skipped)"
        if "bait" in parts:
            rows = [r for c in BAIT if not chosen or c in chosen for r in series(c, sizes, args, work)]
            units = "\n".join(
                f"  {name}: {what}" for name, (what, _, _) in BAIT.items() if not chosen or name in chosen
            )
            sections.append(table(rows, "regex bait: one page of each size") + "\nunits:\n" + units)
        if "rss" in parts:
            sections.append("\n".join(rss_part(args, work)))
    print(
        f"time budget per size: {args.budget:g} s; MB = 10^6 bytes; times exclude start-up and input building"
    )
    print("\n\n".join(sections))
    return 0


if __name__ == "__main__":
    sys.exit(main())
