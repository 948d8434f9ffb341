"""What decoding and each repair cost on the labelled samples: a figure, not a test.

Run:  python benchmarks/repairs.py [--repeat N] [FILE ...]

For each page (default: every samples/*.txt, as UTF-8 bytes and as GB18030 bytes) it
times decoding alone, then the whole cleaner with all repairs, with each repair turned
off in turn, and with none, and prints milliseconds per page and MB/s. The difference
between "all" and "no X" is what repair X costs on that page. Timings are the best of
``--repeat`` runs, after one warm-up run that loads the lexicons and tables.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleanpage import Cleaner  # noqa: E402
from cleanpage.cleaner import REPAIRS  # noqa: E402
from cleanpage.decode import decode  # noqa: E402


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    fn()  # warm-up: lazy tables load here, not in the figure
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
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    files = args.files or sorted((ROOT / "samples").glob("*.txt"))
    cleaners = {"all repairs": Cleaner()}
    for name in REPAIRS:
        cleaners[f"no {name}"] = Cleaner(repair=[r for r in REPAIRS if r != name])
    cleaners["no repairs"] = Cleaner(repair=False)
    header = f"{'page':<34} {'bytes':>8} {'what':<16} {'ms/page':>9} {'MB/s':>7}"
    print(header)
    print("-" * len(header))
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        for label, data in (("utf-8", text.encode("utf-8")), ("gb18030", text.encode("gb18030"))):
            name = f"{path.stem[:24]} ({label})"
            size = len(data)
            seconds = best_of(args.repeat, lambda d=data: decode(d))
            rate = size / seconds / 1e6
            print(f"{name:<34} {size:>8} {'decode only':<16} {seconds * 1000:>9.1f} {rate:>7.2f}")
            for what, cleaner in cleaners.items():
                seconds = best_of(args.repeat, lambda c=cleaner, d=data: c.clean(d))
                print(f"{'':<34} {'':>8} {what:<16} {seconds * 1000:>9.1f} {size / seconds / 1e6:>7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
