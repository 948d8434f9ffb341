"""Instructions per page, cleanpage against trafilatura, counted by valgrind.

Run:  python benchmarks/instructions.py [--corpus DIR] [--tree DIR] [--tools cleanpage,trafilatura]

Wall and CPU time on a shared machine move by a tenth from one run to the next; the
number of instructions a page takes does not (it repeats to within a few hundred
thousand of 150 million). So this script runs each tool once under valgrind's callgrind
over the saved HTML pages: one pass to warm up (lazy tables and caches load there),
then each page once, with the counters dumped between two pages. It prints the count
per page, each page's ratio (cleanpage over trafilatura), the median ratio and the
ratio of the totals.

Instructions are not time: a tool that waits on memory more than the other takes
longer than its count says. Read it beside ``cpu_per_page.py`` and ``html_corpus.py``.
The dump marker is ``os.getppid``, which neither tool calls while cleaning; the script
checks that each page got exactly one dump. Needs valgrind (``apt install valgrind``);
takes about a minute per tool.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from cpu_per_page import use_tree  # noqa: E402

TOOLS = ("cleanpage", "trafilatura")
_SUMMARY = re.compile(rb"^summary:\s*(\d+)", re.MULTILINE)


def _child(tool: str, corpus: Path, tree: Path) -> int:
    """Under valgrind: warm up, then clean each page once after a dump marker."""
    pages = [p.read_bytes() for p in sorted(corpus.glob("*.html"))]
    run: Callable[[bytes], object]
    if tool == "cleanpage":
        use_tree(tree)
        import cleanpage

        run = cleanpage.Cleaner().clean
    else:
        import trafilatura

        run = trafilatura.extract
    for page in pages:
        run(page)
    for page in pages:
        os.getppid()  # the dump marker: the counts so far go to their own file
        run(page)
    os.getppid()
    return 0


def _count(tool: str, corpus: Path, tree: Path, pages: int) -> list[int]:
    """Instructions per page for ``tool``, in the pages' order."""
    with tempfile.TemporaryDirectory(prefix="cleanpage-instructions-") as tmp:
        out = Path(tmp) / "callgrind.out"
        command = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out}",
            "--dump-before=getppid",
            sys.executable,
            __file__,
            "--child",
            tool,
            "--corpus",
            str(corpus),
            "--tree",
            str(tree),
        ]
        done = subprocess.run(command, capture_output=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"{tool} under valgrind failed:\n{done.stderr.decode(errors='replace')[-2000:]}")
        # out.1: start-up and warm-up; out.2 .. out.N+1: the pages; out: what follows
        counts: list[int] = []
        for k in range(2, pages + 2):
            dump = Path(f"{out}.{k}")
            if not dump.exists():
                raise SystemExit(f"{tool}: {k - 1} dumps for {pages} pages (something else called getppid?)")
            found = _SUMMARY.search(dump.read_bytes())
            if found is None:
                raise SystemExit(f"{tool}: no summary line in {dump.name}")
            counts.append(int(found.group(1)))
        if Path(f"{out}.{pages + 2}").exists():
            raise SystemExit(f"{tool}: more dumps than pages (something else called getppid?)")
        return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "html", help="the HTML pages"
    )
    parser.add_argument("--tree", type=Path, default=ROOT, help="a cleanpage checkout (default: this one)")
    parser.add_argument("--tools", default=",".join(TOOLS), help="default: cleanpage,trafilatura")
    parser.add_argument("--child", choices=TOOLS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    tree = args.tree.resolve()
    if args.child:
        return _child(args.child, args.corpus, tree)
    names = sorted(p.stem for p in args.corpus.glob("*.html"))
    if not names:
        print(f"no *.html pages in {args.corpus}; nothing to measure")
        return 0
    if shutil.which("valgrind") is None:
        print("valgrind is not installed; nothing measured (apt install valgrind)")
        return 0
    tools = [t for t in args.tools.split(",") if t]
    unknown = [t for t in tools if t not in TOOLS]
    if unknown:
        parser.error(f"unknown tool(s) {', '.join(unknown)}; choose from {', '.join(TOOLS)}")
    counts = {tool: _count(tool, args.corpus, tree, len(names)) for tool in tools}
    columns = ["page"] + [f"{t} (million)" for t in tools] + (["ratio"] if len(tools) == 2 else [])
    print("| " + " | ".join(columns) + " |")
    print("|---" * len(columns) + "|")
    ratios: list[float] = []
    for i, name in enumerate(names):
        row = [f"{counts[t][i] / 1e6:.1f}" for t in tools]
        if len(tools) == 2:
            ratios.append(counts[tools[0]][i] / counts[tools[1]][i])
            row.append(f"{ratios[-1]:.2f}")
        print(f"| {name} | " + " | ".join(row) + " |")
    for tool in tools:
        print(f"{tool}: {sum(counts[tool]) / len(names) / 1e6:.1f} million instructions a page on average")
    if ratios:
        total = sum(counts[tools[0]]) / sum(counts[tools[1]])
        faster = sum(r < 1 for r in ratios)
        print(
            f"{tools[0]} / {tools[1]}: median page {statistics.median(ratios):.2f}, "
            f"totals {total:.2f}, fewer instructions on {faster} of {len(ratios)} pages"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
