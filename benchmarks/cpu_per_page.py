"""CPU time per page of one cleanpage tree: for comparing two commits on the same pages.

Run:  python benchmarks/cpu_per_page.py [--tree DIR] [--set html|text|clean] [--passes N]

``--tree`` is a checkout of cleanpage (default: this one), for instance one made with
``git worktree add /tmp/old <commit>``; its ``cleanpage`` package is imported instead of
the installed one. The pages:

- ``html``: the saved HTML pages in ``../shared/corpus/html`` (``--corpus``), HTML mode;
- ``text``: the tree's ``samples/*.txt``, text mode;
- ``clean``: what the tree makes of those samples, cleaned again in text mode.

After one warm-up pass, ``--passes`` timed passes; the best one counts. The figure is
``time.process_time`` (CPU time of this process), so a busy machine inflates it less than
wall time, though two processes on two cores still slow each other (shared cache; see
docs/performance.md). Run the old and the new tree one after the other, twice, and
compare: that is how the speed-up tables in docs/performance.md were made.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def use_tree(tree: Path) -> None:
    """Import ``cleanpage`` from ``tree``: drop the editable install's import hook."""
    sys.meta_path[:] = [
        finder
        for finder in sys.meta_path
        if "editable" not in repr(finder).lower() and "cleanpage" not in repr(finder).lower()
    ]
    sys.path.insert(0, str(tree))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=Path, default=ROOT, help="a cleanpage checkout (default: this one)")
    parser.add_argument("--set", choices=("html", "text", "clean"), default="html", help="default: html")
    parser.add_argument("--passes", type=int, default=3, help="timed passes; the best counts (default 3)")
    parser.add_argument(
        "--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "html", help="the HTML pages"
    )
    args = parser.parse_args(argv)
    if args.passes < 1:
        parser.error("--passes must be at least 1")
    tree = args.tree.resolve()
    if not (tree / "cleanpage" / "__init__.py").is_file():
        parser.error(f"{tree} holds no cleanpage package")
    use_tree(tree)
    import cleanpage

    if not Path(cleanpage.__file__).resolve().is_relative_to(tree):
        parser.error(f"imported cleanpage from {cleanpage.__file__}, not from {tree}")
    cleaner = cleanpage.Cleaner()
    html: bool | None = None
    if args.set == "html":
        pages = [p.read_bytes() for p in sorted(args.corpus.glob("*.html"))]
        if not pages:
            parser.error(f"no *.html pages in {args.corpus}")
    else:
        html = False
        pages = [p.read_bytes() for p in sorted((tree / "samples").glob("*.txt"))]
        if args.set == "clean":
            pages = [cleaner.clean(p, html=False).text.encode("utf-8") for p in pages]
    for page in pages:  # warm-up: lazy tables and caches load here
        cleaner.clean(page, html=html)
    best = float("inf")
    for _ in range(args.passes):
        start = time.process_time()
        for page in pages:
            cleaner.clean(page, html=html)
        best = min(best, time.process_time() - start)
    per_page = best / len(pages) * 1000
    print(f"{tree} {args.set}: {per_page:.2f} ms CPU per page ({len(pages)} pages, best of {args.passes})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
