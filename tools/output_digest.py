"""Print a digest of what cleanpage makes of every sample, fixture and corpus page.

One line per page and mode (``auto``: HTML when the page looks like HTML; ``text``:
always text mode): an MD5 of the text, every edit (span, replacement, kind, rule,
confidence, original), the encoding and the metadata, then the page's path. The last
line digests all of them.

Two runs give the same lines exactly when the two installations clean every page the
same way. ``.ci/run`` compares the plain build with the compiled one this way
(docs/performance.md, "Compiled build"); it serves as well to show that a change to
the code is output-identical:

    python tools/output_digest.py > before.txt
    # change the code, or run another installation's python on this script
    python tools/output_digest.py > after.txt
    diff before.txt after.txt

Run it with ``python -P`` from the checkout to digest an installed cleanpage rather
than the checkout's own (``-P`` keeps the current directory off ``sys.path``).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import cleanpage

ROOT = Path(__file__).resolve().parent.parent


def pages(corpus: Path | None) -> list[Path]:
    found = sorted((ROOT / "samples").glob("*.txt"))
    found += sorted(p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.is_file())
    if corpus is not None and corpus.is_dir():
        found += sorted(
            p
            for p in corpus.rglob("*")
            if p.is_file() and p.suffix in (".html", ".htm", ".txt")
        )
    return found


def digest(result: cleanpage.Result) -> str:
    h = hashlib.md5()
    h.update(result.text.encode("utf-8", "surrogatepass"))
    edits = [
        (e.start, e.end, e.replacement, e.kind, e.rule, e.confidence, e.original)
        for e in result.edits
    ]
    h.update(repr(edits).encode("utf-8", "surrogatepass"))
    h.update(str(result.encoding).encode())
    h.update(repr(result.metadata).encode("utf-8", "surrogatepass"))
    h.update(repr(result.blocks).encode())  # what --format markdown makes of each line
    return h.hexdigest()


def _shown(path: Path, corpus: Path | None) -> str:
    """The page's path from the checkout, or from the corpus folder (``corpus/...``)."""
    if path.is_relative_to(ROOT):
        return str(path.relative_to(ROOT))
    return (
        str(Path("corpus") / path.relative_to(corpus))
        if corpus is not None
        else str(path)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=ROOT.parent / "shared" / "corpus",
        help="a folder of real pages digested too, when it exists (default: ../shared/corpus)",
    )
    args = parser.parse_args(argv)
    cleaner = cleanpage.Cleaner()
    total = hashlib.md5()
    for path in pages(args.corpus):
        data = path.read_bytes()
        for mode, html in (("auto", None), ("text", False)):
            line = f"{digest(cleaner.clean(data, html=html))} {mode} {_shown(path, args.corpus)}"
            total.update(line.encode("utf-8", "surrogateescape"))
            print(line)
    print(f"{total.hexdigest()} all")
    built = "compiled" if cleanpage.COMPILED else "plain"
    print(
        f"cleanpage from {Path(cleanpage.__file__).parent} ({built} build)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
