"""Text mode on real portal pages: the labelled pages of ../shared/corpus/html, saved as a
scraper that keeps a page's whole visible text saves them, cleaned as text.

    python benchmarks/text_corpus.py                 # pages from ../shared/corpus/html
    python benchmarks/text_corpus.py --check         # exit 1 below the quality floors

Each page is rendered as its visible blocks (benchmarks/corpus_blocks.py: the paragraphs
a browser shows, hidden ones left out), one per line, the <title> first, as innerText
would give them. That text is cleaned with ``html=False``, by the default detectors and
again without the two that read a page's structure (page-frame and comments), so the
table shows what they add. The
figures use the same labels as html_corpus.py (benchmarks/corpus_labels): title exact
(the output's first line is a title block), body blocks kept, junk blocks left (distinct
blocks, as there).

The samples are text scrapes of two mirrored pages; these 28 pages are eleven portals'
own templates, so this is the measure of how text mode does on pages nobody tuned it to.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import cleanpage

sys.path.insert(0, str(Path(__file__).parent))
from corpus_blocks import block_hash, blocks
from html_corpus import HERE, add_floors, below_floors, labels_for


def rendered(data: bytes) -> list[str]:
    """The page's visible blocks, one per line."""
    return [text for text, hidden in blocks(data) if not hidden]


def measure(
    cleaner: cleanpage.Cleaner, lines: list[str], labels: dict[str, str]
) -> tuple[bool, int, int, int, int]:
    """(title exact, body kept, body, junk left, junk) for one page."""
    result = cleaner.clean("\n".join(lines), html=False)
    out = [block_hash(line) for line in result.text.split("\n")] if result.text else []
    kept = set(out)
    title = {h for h, lab in labels.items() if lab.startswith("title")}
    body = [h for h, lab in labels.items() if lab == "body"]
    junk = {block_hash(line) for line in lines} - set(labels)
    return (
        bool(out) and out[0] in title,
        sum(h in kept for h in body),
        len(body),
        sum(h in kept for h in junk),
        len(junk),
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(HERE.parent.parent / "shared" / "corpus" / "html"))
    add_floors(ap, title=0.85, body=0.99, junk=0.03)
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not (corpus / "SOURCES.tsv").exists():
        print(f"no corpus at {corpus} (SOURCES.tsv missing); nothing to measure")
        return 0
    with (corpus / "SOURCES.tsv").open(encoding="utf-8") as f:
        sources = list(csv.DictReader(f, delimiter="\t"))
    cleaners = {
        "default": cleanpage.Cleaner(),
        "without frame, comments": cleanpage.Cleaner(disable=["page-frame", "comments"]),
    }
    totals = {name: [0, 0, 0, 0, 0] for name in cleaners}
    print("| page | portal | title | body kept | junk left "
          "| without page-frame and comments: title | body kept | junk left |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for src in sources:
        labels = labels_for(src["NNN"])
        if labels is None:
            continue
        lines = rendered((corpus / f"{src['NNN']}.html").read_bytes())
        cells = []
        for name, cleaner in cleaners.items():
            figures = measure(cleaner, lines, labels)
            for k, value in enumerate(figures):
                totals[name][k] += int(value)
            title, kept, body, left, junk = figures
            cells.append(f"{'yes' if title else 'no'} | {kept}/{body} | {left}/{junk}")
        print(f"| {src['NNN']} | {src['portal']} | " + " | ".join(cells) + " |")
    pages = sum(1 for src in sources if labels_for(src["NNN"]) is not None)
    print()
    for name, (titles, kept, body, left, junk) in totals.items():
        print(f"{name}: pages {pages}; title exact {titles}/{pages}; body blocks kept {kept}/{body}; "
              f"junk blocks left {left}/{junk}")  # fmt: skip
    titles, kept, body, left, junk = totals["default"]
    failed = below_floors(args, titles / max(pages, 1), kept / max(body, 1), left / max(junk, 1))
    if args.check and pages and failed:
        print("quality below the floor: " + "; ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
