"""cleanpage side by side with trafilatura, resiliparse, jusText, readability-lxml and ftfy.

Run:  python benchmarks/run.py [--quick] [--repeat N] [--jobs 2] [--corpus DIR] [--json FILE]
      [--compiled PYTHON]

One run, the same pages for every tool, two tables:

- speed: pages/s and MB/s (input bytes, 1 MB = 10^6 bytes), per core, and peak RSS,
  for each tool on each page set. Every tool runs in its own child process (this
  script with ``--worker``), so tools never share a heap and the peak RSS is that
  process's own high-water mark (VmHWM): interpreter, the tool's imports, the pages
  and the work. Time is the best of ``--repeat`` passes, after a warm-up pass; a pass
  goes over the page set several times (``pass_copies``), the same for every tool and
  pool, so that short page sets are not timed in passes of a tenth of a second.
  ``cleanpage -j N`` is a multiprocessing pool of N workers, one Cleaner each; its
  memory is the peak sum of PSS over the pool and its parent (shared pages counted once).
- quality: from the labelled samples (samples/*.labels.tsv), the share of
  keep-labelled lines each tool kept and of drop-labelled lines it dropped, per
  category; and from the labelled HTML pages (benchmarks/corpus_labels), title, body
  blocks kept and junk blocks dropped. benchmarks/_quality.py has the survival rule.

Page sets: ``text`` = samples/*.txt; ``clean`` = cleanpage's own output of those pages
(nothing left to remove); ``html`` = the saved portal pages in ``--corpus`` (default
../shared/corpus/html next to the checkout; skipped with a note when absent). DOM
tools get each text page as a minimal HTML document, one ``<p>`` per non-blank line
(escaped), built outside the timing; MB/s counts the text page's own bytes. ftfy gets
text pages only. Every tool runs with its defaults, except jusText, which has no
Chinese stoplist: it gets an empty stoplist and stop-word thresholds of 0, leaving
its length and link-density rules.

``--compiled PYTHON``: also the compiled build (docs/performance.md, "Compiled build"),
as rows ``cleanpage-mypyc``: their workers run under PYTHON and import the cleanpage
installed there, and a row says so instead of figures when that is not the compiled build.

``--quick`` (CI): one pass, two HTML pages, no ``clean`` set; well under a minute.
Figures are printed, never asserted; docs/performance.md has a recorded run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# the checkout's cleanpage, unless this is a worker of --compiled, which measures the
# cleanpage installed in its own interpreter
if "--installed" not in sys.argv:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from _child import peak_rss_mb, run_child  # noqa: E402
from _quality import (  # noqa: E402
    LabelledBlocks,
    Output,
    Tally,
    read_block_labels,
    read_labels,
    tally_blocks,
    tally_samples,
)
from _tools import (  # noqa: E402
    PAGE_SETS,
    TOOLS,
    Adapter,
    Page,
    ToolUnavailable,
    adapter,
    prepare,
    read_manifest,
    version_of,
    write_manifest,
)

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "html"
LABELS = HERE / "corpus_labels"
# targets from the issue; "several times" is read as at least 3x
TEXT_MB_S_PER_CORE = 25.0
SEVERAL = 3.0
HTML_VS_TRAFILATURA = 10.0
JOBS_SPEEDUP = 1.8
# the rows of the compiled build (--compiled PYTHON)
COMPILED = "cleanpage-mypyc"


@dataclass
class Measurement:
    page_set: str
    tool: str
    processes: int = 1
    version: str = ""
    pages: int = 0
    bytes: int = 0
    seconds: float = 0.0  # best pass
    cpu_seconds: float | None = None  # of the best pass, over all its processes
    peak_rss_mb: float = 0.0
    errors: int = 0  # pages on which the tool raised
    error: str = ""  # why there are no figures
    build: str = ""  # cleanpage's rows: "plain" or "compiled", as the worker found it
    outputs: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.tool if self.processes == 1 else f"{self.tool} -j {self.processes}"

    def mb_s(self) -> float:
        return self.bytes / self.seconds / 1e6 if self.seconds else 0.0

    def pages_s(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


# --- worker: one tool on one page set, in its own process -------------------------------


def worker(args: argparse.Namespace) -> int:
    pages = read_manifest(args.manifest)
    found = Measurement(page_set=args.page_set, tool=args.worker, processes=args.processes)
    found.version = version_of(args.worker)
    if args.worker == "cleanpage":
        import cleanpage

        found.build = "compiled" if cleanpage.COMPILED else "plain"
    inputs = [prepare(args.worker, page) for page in pages]
    try:
        if args.processes == 1:
            measure_in_process(adapter(args.worker, pages[0].kind), inputs, pages, args, found)
        else:  # the pool's parent only hands out pages: it checks the tool loads, not more
            check_loads(args, pages)
            measure_pool(inputs, pages, args, found)
    except ToolUnavailable as err:
        found.error = str(err)
    Path(args.out).write_text(json.dumps(asdict(found), ensure_ascii=False), encoding="utf-8")
    return 0


def check_loads(args: argparse.Namespace, pages: list[Page]) -> None:
    """Raise ToolUnavailable if the tool would not load in a pool worker (which would hang)."""
    argv = [sys.executable, "-c", f"import _tools; _tools.adapter({args.worker!r}, {pages[0].kind!r})"]
    if subprocess.run(argv, cwd=HERE, capture_output=True).returncode != 0:
        raise ToolUnavailable("does not load")


def run_all(tool: Adapter, inputs: list[Any]) -> tuple[list[str], int]:
    outputs, errors = [], 0
    for item in inputs:
        try:
            outputs.append(tool.run(item))
        except Exception:  # a tool failing on a page is a figure, not the end of the run
            outputs.append("")
            errors += 1
    return outputs, errors


def pass_copies(n_inputs: int, processes: int) -> int:
    """How many times one timed pass goes over a page set: at least four, and 16 items
    per worker of the largest pool, so that the last big page of a pass (028 takes four
    times the median HTML page) leaves a worker idle for a small part of the run, as it
    would once in a corpus. One process makes the same passes as the pool, so that
    ``-j N`` is compared with one process on passes of the same work."""
    return max(4, math.ceil(16 * processes / n_inputs))


def measure_in_process(
    tool: Adapter, inputs: list[Any], pages: list[Page], args: argparse.Namespace, found: Measurement
) -> None:
    run_all(tool, inputs if args.warmup == "all" else inputs[:1])
    items = inputs * args.copies
    best = math.inf
    for _ in range(args.repeat):
        cpu, start = time.process_time(), time.perf_counter()
        outputs, errors = run_all(tool, items)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        if seconds < best:
            best, found.cpu_seconds = seconds, cpu
    # the quality tables read one output per page: the first copy's
    found.seconds, found.outputs, found.errors = best, outputs[: len(inputs)], errors // args.copies
    found.pages, found.bytes = len(items), sum(len(p.data) for p in pages) * args.copies
    found.peak_rss_mb = peak_rss_mb()


_POOL_TOOL: Adapter | None = None


def _pool_init(tool: str, kind: str) -> None:
    global _POOL_TOOL
    _POOL_TOOL = adapter(tool, kind)  # one per worker process


def _pool_run(item: Any) -> int:
    assert _POOL_TOOL is not None
    return len(_POOL_TOOL.run(item))  # only the length crosses back: the work, not the IPC


def measure_pool(inputs: list[Any], pages: list[Page], args: argparse.Namespace, found: Measurement) -> None:
    import multiprocessing

    copies = args.copies  # see pass_copies
    items = inputs * copies
    sampler = RssSampler()
    with multiprocessing.Pool(args.processes, _pool_init, (args.worker, pages[0].kind)) as pool:
        sampler.start()
        pool.map(_pool_run, items if args.warmup == "all" else inputs[: args.processes], chunksize=1)
        best = math.inf
        for _ in range(args.repeat):
            cpu, start = pool_cpu_seconds(), time.perf_counter()
            pool.map(_pool_run, items, chunksize=1)
            seconds, cpu = time.perf_counter() - start, pool_cpu_seconds() - cpu
            if seconds < best:
                best, found.cpu_seconds = seconds, cpu if cpu >= 0 else None
        sampler.stop()
    found.seconds = best
    found.pages, found.bytes = len(items), sum(len(p.data) for p in pages) * copies
    found.peak_rss_mb = sampler.peak_mb


def pool_cpu_seconds() -> float:
    """CPU time of this process and its live children (-1 without psutil)."""
    try:
        import psutil
    except ImportError:
        return -1.0
    total = time.process_time()
    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            times = child.cpu_times()
            total += times.user + times.system
    return total


class RssSampler(threading.Thread):
    """The largest total memory of this process and its children, sampled every 0.1 s.

    The total is the sum of PSS (proportional set size): a page the pool workers share
    with their parent after ``fork`` counts once in all, not once per process.
    """

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_mb = peak_rss_mb()
        self._done = threading.Event()

    def run(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        me = psutil.Process()
        while not self._done.wait(0.1):
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):  # a worker that just ended
                    total += proc.memory_full_info().pss
            self.peak_mb = max(self.peak_mb, total / 2**20)

    def stop(self) -> None:
        self._done.set()
        self.join()


# --- the page sets ---------------------------------------------------------------------


def sample_pages() -> list[Path]:
    return sorted((ROOT / "samples").glob("*.txt"))


def html_pages(corpus: Path, quick: bool) -> list[Page]:
    files = sorted(corpus.glob("*.html"))
    if quick:
        files = files[:2]
    return [Page(f.stem, f.read_bytes(), "html") for f in files]


def clean_pages(samples: list[Path]) -> tuple[list[Page], str]:
    """cleanpage's output of the samples, and how well the survival rule reads it.

    The check compares the rule's verdict on cleanpage's output with cleanpage's own
    edits (a line is removed when removals cover all of its non-space characters).
    """
    import cleanpage

    cleaner = cleanpage.Cleaner()
    pages, agree, total = [], 0, 0
    for path in samples:
        result = cleaner.clean(path.read_bytes(), html=False)
        pages.append(Page(path.stem, result.text.encode("utf-8"), "text"))
        removed = [False] * len(result.source)
        for edit in result.edits:
            if not edit.replacement:
                removed[edit.start : edit.end] = [True] * (edit.end - edit.start)
        labelled_lines = read_labels(path)
        output, start = Output(result.text, (line.text for line in labelled_lines)), 0
        lines = {}
        for line in result.source.split("\n"):
            gone = all(removed[start + k] for k, ch in enumerate(line) if not ch.isspace())
            lines[line.rstrip("\r")] = not gone
            start += len(line) + 1
        for labelled in labelled_lines:
            rule = output.keeps(labelled.text)
            if rule is not None and labelled.text in lines:
                agree += rule == lines[labelled.text]
                total += 1
    return pages, f"the survival rule agrees with cleanpage's own edits on {agree}/{total} labelled lines"


# --- the parent: run every worker, print the tables -------------------------------------


def measure(
    page_set: str,
    pages: list[Page],
    tool: str,
    processes: int,
    args: argparse.Namespace,
    work: Path,
    python: str = sys.executable,
    name: str | None = None,
) -> Measurement:
    """One tool on one page set, in a child process of ``python``; the row is called
    ``name`` (the tool's own name unless given: the compiled build's rows)."""
    name = name or tool
    store = work / f"{page_set}-pages"
    manifest = work / f"{page_set}.json"
    if not manifest.exists():
        store.mkdir()
        write_manifest(manifest, pages, store)
    out = work / f"{page_set}-{name}-{processes}.out.json"
    print(
        f"  {page_set:<5} {name}{f' -j {processes}' if processes > 1 else ''} …", file=sys.stderr, flush=True
    )
    argv = [python, str(Path(__file__).resolve()), "--worker", tool, "--page-set", page_set]
    argv += ["--manifest", str(manifest), "--out", str(out), "--repeat", str(args.repeat)]
    argv += ["--processes", str(processes), "--warmup", "one" if args.quick else "all"]
    copies = 1 if args.quick else pass_copies(len(pages), max(args.pool_sizes, default=1))
    argv += ["--copies", str(copies)]
    if name == COMPILED:
        argv.append("--installed")
    child = run_child(argv, timeout=args.timeout)  # its own peak RSS comes in its report
    if not child.ok or not out.exists():
        why = (
            "timed out"
            if child.timed_out
            else f"failed: {child.stderr.splitlines()[-1:] or child.returncode}"
        )
        return Measurement(page_set=page_set, tool=name, processes=processes, error=why)
    found = Measurement(**json.loads(out.read_text(encoding="utf-8")))
    found.tool = name
    if name == COMPILED and found.build != "compiled":
        why = f"{python}'s cleanpage is the {found.build} build, not the compiled one"
        return Measurement(page_set=page_set, tool=name, processes=processes, error=why)
    return found


def speed_table(rows: list[Measurement]) -> str:
    head = (
        f"{'set':<6}{'tool':<22}{'version':<10}{'pages':>6}{'MB':>7}{'best s':>9}{'pages/s':>9}{'MB/s':>8}"
        f"{'pages/s/core':>13}{'MB/s/core':>10}{'MB/cpu-s':>9}{'peak RSS MB':>12}{'cpu/wall':>9}"
    )
    out = [head, "-" * len(head)]
    for r in rows:
        start = f"{r.page_set:<6}{r.label:<22}{r.version[:9]:<10}"
        if r.error:
            out.append(f"{start}{r.error}")
            continue
        cpu = f"{r.cpu_seconds / r.seconds / r.processes:.2f}" if r.cpu_seconds else "-"
        per_cpu = f"{r.bytes / r.cpu_seconds / 1e6:.2f}" if r.cpu_seconds else "-"
        rss = f"{r.peak_rss_mb:.0f}{'*' if r.processes > 1 else ''}"
        out.append(
            f"{start}{r.pages:>6}{r.bytes / 1e6:>7.2f}{r.seconds:>9.3f}{r.pages_s():>9.1f}{r.mb_s():>8.2f}"
            f"{r.pages_s() / r.processes:>13.1f}{r.mb_s() / r.processes:>10.2f}{per_cpu:>9}{rss:>12}{cpu:>9}"
            + (f"  ({r.errors} pages raised)" if r.errors else "")
        )
    return "\n".join(out)


def find(rows: list[Measurement], page_set: str, tool: str, processes: int = 1) -> Measurement | None:
    for r in rows:
        if (r.page_set, r.tool, r.processes) == (page_set, tool, processes) and not r.error:
            return r
    return None


def targets(rows: list[Measurement], jobs: list[int]) -> list[str]:
    lines = []

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    for build in ("cleanpage", COMPILED):
        # the plain build's lines as they always were; the compiled build's say so
        who = "" if build == "cleanpage" else f"{COMPILED}: "
        text = find(rows, "text", build)
        if text:
            rate = text.mb_s()
            lines.append(
                f"{who}text mode {rate:.2f} MB/s per core (target >= {TEXT_MB_S_PER_CORE:g}): "
                f"{verdict(rate >= TEXT_MB_S_PER_CORE)}"
            )
            for other in ("trafilatura", "ftfy"):
                them = find(rows, "text", other)
                if them:
                    ratio = rate / them.mb_s()
                    lines.append(
                        f"{who}text mode vs {other} on the same pages: {ratio:.2f}x (target several times, "
                        f"read as >= {SEVERAL:g}x): {verdict(ratio >= SEVERAL)}"
                    )
        html, traf = find(rows, "html", build), find(rows, "html", "trafilatura")
        if html and traf:
            ratio = html.mb_s() / traf.mb_s()
            lines.append(
                f"{who}HTML mode vs trafilatura: {ratio:.2f}x (target >= {HTML_VS_TRAFILATURA:g}x): "
                f"{verdict(ratio >= HTML_VS_TRAFILATURA)}"
            )
        for page_set in PAGE_SETS:
            one = find(rows, page_set, build)
            for n in jobs:
                pool = find(rows, page_set, build, n)
                if one and pool:
                    speedup = pool.mb_s() / one.mb_s()
                    want = ""
                    if n == 2:
                        want = f" (target >= {JOBS_SPEEDUP:g}x): {verdict(speedup >= JOBS_SPEEDUP)}"
                    lines.append(f"{who}-j {n} over one process, {page_set} pages: {speedup:.2f}x{want}")
    lines.append("peak RSS on a 1 GB JSONL and time linear in input size: benchmarks/scale.py")
    return lines


def quality_table(title: str, tallies: dict[str, Tally], order: list[tuple[str, str]]) -> str:
    tools = list(tallies)
    width = {t: max(13, len(t) + 2) for t in tools}  # a column per tool, its name and a gap
    head = f"{'category':<16}{'action':<8}{'lines':>6}" + "".join(f"{t:>{width[t]}}" for t in tools)
    out = [title, head, "-" * len(head)]

    def row(name: str, action: str, keys: list[tuple[str, str]]) -> str:
        total = max(tallies[t].rate(keys)[1] for t in tools)
        cells = []
        for t in tools:
            right, n = tallies[t].rate(keys)
            cells.append(f"{100 * right / n:>{width[t] - 1}.1f}%" if n else f"{'-':>{width[t]}}")
        return f"{name:<16}{action:<8}{total:>6}" + "".join(cells)

    for key in order:
        out.append(row(key[1], key[0], [key]))
    for action in ("keep", "drop"):
        out.append(row(f"all {action}", action, [k for k in order if k[0] == action]))
    return "\n".join(out)


def sample_quality(rows: list[Measurement], samples: list[Path]) -> tuple[str, dict[str, Any]]:
    labelled = [read_labels(p) for p in samples]
    order = sorted(
        {(line.action, line.category) for lines in labelled for line in lines if line.action != "either"}
    )
    tallies = {
        r.tool: tally_samples(labelled, r.outputs)
        for r in rows
        if r.page_set == "text" and r.processes == 1 and not r.error
    }
    title = (
        "quality on the labelled samples: % of keep-labelled lines kept and of drop-labelled lines dropped\n"
        "('either' lines not scored; DOM tools read each line as one <p>)"
    )
    return quality_table(title, tallies, order), {t: tally_json(v) for t, v in tallies.items()}


def html_quality(rows: list[Measurement], pages: list[Page]) -> tuple[str, dict[str, Any]] | None:
    from corpus_blocks import blocks

    labelled: list[LabelledBlocks] = []
    names = []
    for page in pages:
        labels = LABELS / f"{page.name}.tsv"
        if labels.exists():
            labelled.append(read_block_labels(labels, [text for text, _hidden in blocks(page.data)]))
            names.append(page.name)
    if not labelled:
        return None
    tallies = {}
    for r in rows:
        if r.page_set == "html" and r.processes == 1 and not r.error:
            by_name = dict(zip([p.name for p in pages], r.outputs, strict=True))
            tallies[r.tool] = tally_blocks(labelled, [by_name[n] for n in names])
    order = [("keep", "title"), ("keep", "body"), ("drop", "junk")]
    title = (
        f"quality on {len(labelled)} labelled HTML pages (benchmarks/corpus_labels): "
        "% of title and body blocks kept, of junk blocks dropped\n"
        "(trafilatura.extract, readability's summary leave the title out of the text; they return it apart)"
    )
    return quality_table(title, tallies, order), {t: tally_json(v) for t, v in tallies.items()}


def tally_json(tally: Tally) -> dict[str, list[int]]:
    return {f"{a}:{c}": [tally.right.get((a, c), 0), n] for (a, c), n in tally.total.items()}


def machine() -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, load {load}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="one pass, two HTML pages, no clean set (CI)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed passes per tool; the best counts (default 3)"
    )
    parser.add_argument(
        "--jobs", default="2", help="pool sizes for cleanpage -j, comma-separated (default 2)"
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of saved HTML pages")
    parser.add_argument(
        "--tools", default=",".join(TOOLS), help=f"comma-separated subset of {','.join(TOOLS)}"
    )
    parser.add_argument(
        "--sets", default=",".join(PAGE_SETS), help="comma-separated subset of text,clean,html"
    )
    parser.add_argument("--timeout", type=float, default=1800, help="seconds one tool may take on one set")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also save the raw figures as JSON")
    parser.add_argument(
        "--compiled",
        metavar="PYTHON",
        help=f"also measure the compiled build: an interpreter whose installed cleanpage is that build "
        f"(rows '{COMPILED}'; docs/performance.md, 'Compiled build')",
    )
    # internal: the child process that measures one tool
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--page-set", help=argparse.SUPPRESS)
    parser.add_argument("--manifest", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--processes", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--warmup", choices=("all", "one"), default="all", help=argparse.SUPPRESS)
    parser.add_argument("--copies", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--installed", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args)

    tools = [t for t in args.tools.split(",") if t]
    sets = [s for s in args.sets.split(",") if s]
    try:
        jobs = [int(n) for n in args.jobs.split(",") if n]
    except ValueError:
        parser.error(f"--jobs takes whole numbers separated by commas, not {args.jobs!r}")
    for name, chosen, allowed in (("--tools", tools, TOOLS), ("--sets", sets, PAGE_SETS)):
        unknown = sorted(set(chosen) - set(allowed))
        if unknown:
            parser.error(f"{name}: unknown {', '.join(unknown)} (choose from {', '.join(allowed)})")
    if args.repeat < 1 or any(n < 2 for n in jobs):
        parser.error("--repeat must be at least 1 and every --jobs value at least 2")
    args.pool_sizes = jobs
    if args.quick:
        args.repeat = 1
        sets = [s for s in sets if s != "clean"]

    samples = sample_pages()
    page_sets: dict[str, list[Page]] = {}
    notes = [f"machine: {machine()} (at start)"]
    if "text" in sets:
        page_sets["text"] = [Page(p.stem, p.read_bytes(), "text") for p in samples]
    if "clean" in sets:
        page_sets["clean"], check = clean_pages(samples)
        notes.append(f"rule check: {check}")
    if "html" in sets:
        if args.corpus.is_dir() and any(args.corpus.glob("*.html")):
            page_sets["html"] = html_pages(args.corpus, args.quick)
        else:
            notes.append(f"no HTML pages at {args.corpus} (give --corpus DIR); HTML rows skipped")

    rows: list[Measurement] = []
    print("measuring (each tool in its own process):", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="cleanpage-bench-") as tmp:
        for page_set, pages in page_sets.items():
            for tool in tools:
                rows.append(measure(page_set, pages, tool, 1, args, Path(tmp)))
                if tool == "cleanpage":
                    rows.extend(measure(page_set, pages, tool, n, args, Path(tmp)) for n in jobs)
                    if args.compiled:
                        rows.extend(
                            measure(page_set, pages, tool, n, args, Path(tmp), args.compiled, COMPILED)
                            for n in (1, *jobs)
                        )
    notes.append(f"machine: {machine()} (at end)")

    print(f"speed: best of {args.repeat} pass(es) after a warm-up; MB = 10^6 input bytes")
    print(
        "MB/cpu-s: input MB per CPU-second over all the tool's processes; cpu/wall: CPU time over wall time"
    )
    print(
        "per process (well under 1: the machine was busy); * -j rows: PSS summed over the pool and its parent"
    )
    print(speed_table(rows))
    print()
    print("targets (benchmarks/run.py measures these; no test asserts them):")
    for line in targets(rows, jobs):
        print(f"  {line}")
    report: dict[str, Any] = {"notes": notes, "rows": [asdict(r) | {"outputs": None} for r in rows]}
    if "text" in page_sets:
        table, report["quality_samples"] = sample_quality(rows, samples)
        print()
        print(table)
    if "html" in page_sets:
        found = html_quality(rows, page_sets["html"])
        if found:
            table, report["quality_html"] = found
            print()
            print(table)
    print()
    for note in notes:
        print(note)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
