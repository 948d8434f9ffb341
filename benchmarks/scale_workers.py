"""How cleaning throughput scales with Ray workers on this machine: a figure, not a test.

Run:  python benchmarks/scale_workers.py [--pages N] [--light N] [--workers 1 2 ...]

Needs ``pip install -e '.[ray]'``. Two page sets are cleaned:

- ``samples``: the labelled samples/*.txt repeated to ``--pages`` pages: heavy pages
  (about 40 KB, much mojibake and pinyin), where cleaning dominates;
- ``light``: ``--light`` short generated articles (about 0.5 KB, one spam line each),
  where Ray's per-row and per-batch costs show.

For each set it prints the in-process figure (one Cleaner, a plain loop on one core)
and, for each number of ``--workers``, the Ray pipeline's: the same ``CleanBatch``
actors ``clean_dataset`` runs, on a local Ray, materialised in the object store. Each
line gives wall time, pages/s and MB/s, and the CPU seconds per page spent cleaning
(``time.process_time`` in the cleaning process), which other work on a shared machine
does not inflate, and the cores the run had (CPU seconds over wall seconds: fewer
than the workers when the machine is shared). ``busy`` is how many actors cleaned
pages. ``fixed`` is Ray's fixed cost: the wall time of a 2-page run (plan,
actor start-up, each actor building its Cleaner). The load average is printed with
each set: on a busy machine, wall figures are indicative only.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleanpage import Cleaner  # noqa: E402
from cleanpage.integrations.ray import CleanBatch  # noqa: E402

# a neutral article written for this benchmark, and a keyword line to remove from it
LIGHT_TITLE = "城南老街改造完成，重现昔日风貌"
LIGHT_BODY = (
    "今年春天，城南老街完成了为期两年的改造，青石板路和木结构门面得到了保留，居民们对新环境赞不绝口。",
    "街道负责人介绍，改造过程中坚持修旧如旧的原则，尽量不改变街区原有的格局，同时补齐了排水和消防设施。",
    "不少年轻人也被吸引回来开店，咖啡馆、书店和手工作坊陆续开张，老街重新热闹了起来。",
)
LIGHT_SPAM = "新葡京娱乐城|百家乐开户送彩金|北京赛车pk10|时时彩平台"
CPU = "cpu_seconds"
PID = "actor_pid"


class TimedCleanBatch(CleanBatch):
    """CleanBatch that also reports the CPU time it spent, spread over the batch's rows."""

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        start = time.process_time()
        out = super().__call__(batch)
        spent = time.process_time() - start
        out = out.append_column(CPU, pa.array([spent / max(out.num_rows, 1)] * out.num_rows))
        return out.append_column(PID, pa.array([os.getpid()] * out.num_rows))


def sample_pages(n: int) -> list[str]:
    paths = sorted((ROOT / "samples").glob("*.txt"))
    texts = [p.read_bytes().decode("utf-8", errors="replace") for p in paths]
    return [texts[i % len(texts)] for i in range(n)]


def light_pages(n: int) -> list[str]:
    # numbered titles, so no two pages are the same text
    lines = [LIGHT_BODY[0], LIGHT_SPAM, *LIGHT_BODY[1:]]
    return ["\n\n".join([f"{LIGHT_TITLE}（{i}）", *lines]) + "\n" for i in range(n)]


def report(label: str, pages: int, size: int, wall: float, cpu: float, extra: str = "") -> None:
    print(
        f"  {label:<20} {wall:>7.2f} s {pages / wall:>8.1f} pages/s {size / wall / 1e6:>6.3f} MB/s"
        f"   cpu {cpu / pages * 1000:>7.2f} ms/page, {cpu / wall:.2f} cores{extra}"
    )


def run_ray(rows: list[dict[str, Any]], workers: int, batch_size: int) -> tuple[float, float, int]:
    """Wall seconds, total cleaning CPU seconds and the number of actors that cleaned
    something, for one Ray run over ``rows``."""
    import ray

    start = time.perf_counter()
    ds = (
        ray.data.from_items(rows)
        .map_batches(
            TimedCleanBatch,
            fn_constructor_kwargs={"keep_empty": True},
            compute=ray.data.ActorPoolStrategy(size=workers),
            batch_size=batch_size,
            batch_format="pyarrow",
        )
        .materialize()
    )
    wall = time.perf_counter() - start
    return wall, float(ds.sum(CPU)), len(ds.unique(PID))


def measure(name: str, pages: list[str], workers: list[int], batch_size: int) -> None:
    size = sum(len(p.encode("utf-8")) for p in pages)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{name}: {len(pages)} pages, {size / 1e6:.2f} MB, batch_size {batch_size}, load average {load}")
    cleaner = Cleaner()
    cleaner.clean(pages[0])  # warm-up: lazy tables load here, not in the figure
    wall, cpu = time.perf_counter(), time.process_time()
    for p in pages:
        cleaner.clean(p)
    report("in-process, 1 core", len(pages), size, time.perf_counter() - wall, time.process_time() - cpu)
    rows = [{"id": i, "text": p} for i, p in enumerate(pages)]
    for n in workers:
        fixed, _, _ = run_ray(rows[:2], n, batch_size)
        wall, cpu, busy = run_ray(rows, n, batch_size)
        report(f"ray, {n} actor(s)", len(pages), size, wall, cpu, f", {busy} busy, fixed {fixed:.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=200, help="heavy sample pages (default 200)")
    parser.add_argument("--light", type=int, default=2000, help="light generated pages (default 2000)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="actor counts (default 1 2)")
    parser.add_argument("--batch-size", type=int, default=16, help="rows per batch (light pages: 8 times)")
    args = parser.parse_args(argv)
    try:
        import ray
        import ray.data
    except ImportError:
        print("scale_workers: needs ray: pip install -e '.[ray]'", file=sys.stderr)
        return 2
    ray.init(
        num_cpus=max(args.workers), include_dashboard=False, log_to_driver=False, configure_logging=False
    )
    ray.data.DataContext.get_current().enable_progress_bars = False
    try:
        if args.pages:
            measure("samples", sample_pages(args.pages), args.workers, args.batch_size)
        if args.light:
            measure("light", light_pages(args.light), args.workers, args.batch_size * 8)
    finally:
        ray.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
