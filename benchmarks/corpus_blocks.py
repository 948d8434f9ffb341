"""Print every visible text block of an HTML page, numbered, with the hash that
benchmarks/corpus_labels/*.tsv uses, so a person can label blocks without copying text.

    python benchmarks/corpus_blocks.py ../shared/corpus/html/001.html

Blocks are the paragraphs cleanpage's HTML reader sees (hidden text marked ``[hidden]``).
The hash is SHA-1 of the block's text with all whitespace removed, first 16 hex digits.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from cleanpage.decode import decode
from cleanpage.html import content
from cleanpage.html.dom import parse


def block_hash(text: str) -> str:
    return hashlib.sha1("".join(text.split()).encode("utf-8")).hexdigest()[:16]


def blocks(data: bytes) -> list[tuple[str, bool]]:
    page = parse(decode(data).text)
    out = []
    for p in content.paragraphs(page):
        if not p.text:
            continue
        el = page.elements[p.element]
        out.append((p.text, el.hidden_root >= 0))
    return out


def main() -> None:
    for path in sys.argv[1:]:
        for k, (text, hidden) in enumerate(blocks(Path(path).read_bytes())):
            print(f"{k}\t{block_hash(text)}\t{'[hidden] ' if hidden else ''}{text}")


if __name__ == "__main__":
    main()
