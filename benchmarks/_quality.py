"""Did a labelled line (or block) survive in a tool's output? The rule, and the tables.

Tools change what they keep: cleanpage removes pinyin annotations and repairs mojibake
inside kept lines, extractors collapse whitespace or join lines, ftfy rewrites
characters. So both sides are normalised first, and a long line counts as kept when
most of it is found, not all of it:

- normalise: NFKC (full-width to ASCII), lower case, pinyin annotations like ``(wǎng)``
  removed, then the text is cut into tokens: a run of ASCII letters and digits is one
  token (a word or number), every other letter (a Han character) is one token, and
  punctuation and spaces are dropped;
- a line of 10 or more tokens is kept when at least half of its 4-token shingles occur
  in the output (4 Han characters, or 4 English words);
- a line of 3 to 9 tokens is kept when an output line is exactly that line, or when it
  occurs inside an output line of at most 80 tokens that is not itself a line of the
  input (a menu item counts as kept when a tool keeps the menu as one line, but not
  because the same name appears in the headline or a paragraph);
- a line of 1 or 2 tokens is kept when an output line is exactly that;
- short lines are compared with the spaces between tokens removed (a code line
  ``def parse():`` may come out of an HTML reader as ``defparse():``);
- a line with no tokens is not scored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

GRAM = 4
LONG = 10  # tokens from which the shingle rule applies
SHORT_LINE_CONTEXT = 80  # longest output line (tokens) a short labelled line may be found in
KEPT_SHARE = 0.5
# after NFKC and lower(): a parenthesised pinyin syllable with or without tone marks
PINYIN_NOTE = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}\)")
TOKEN = re.compile(r"[a-z0-9]+|[^\W_]")


def tokens(text: str) -> tuple[str, ...]:
    text = unicodedata.normalize("NFKC", text).lower()
    return tuple(TOKEN.findall(PINYIN_NOTE.sub("", text)))


def key(found: tuple[str, ...]) -> str:
    """Tokens as one string without spaces: short lines compare this way, so that a space
    one side has and the other lacks (``def parse():`` in a code block) does not count."""
    return "".join(found)


def shingles(found: tuple[str, ...]) -> set[tuple[str, ...]]:
    return {found[k : k + GRAM] for k in range(len(found) - GRAM + 1)}


class Output:
    """A tool's output for one page, indexed for the survival rule.

    ``inputs``: every line (or block) of the page as the tool got it, so that an output
    line that merely is another input line is not searched for short lines.
    """

    def __init__(self, text: str, inputs: Iterable[str] = ()) -> None:
        lines = [t for t in (tokens(line) for line in text.splitlines()) if t]
        self.exact = {key(t) for t in lines}
        self.shingles: set[tuple[str, ...]] = set()
        for line in lines:
            self.shingles |= shingles(line)
        given = {key(t) for t in (tokens(line) for line in inputs) if t}
        self.foreign = [key(t) for t in lines if len(t) <= SHORT_LINE_CONTEXT and key(t) not in given]

    def keeps(self, line: str) -> bool | None:
        """Whether ``line`` survived; None when it has nothing to compare."""
        want = tokens(line)
        if not want:
            return None
        if len(want) >= LONG:
            wanted = shingles(want)
            return len(wanted & self.shingles) >= KEPT_SHARE * len(wanted)
        if key(want) in self.exact:
            return True
        return len(want) >= 3 and any(key(want) in other for other in self.foreign)


# --- text samples: samples/*.labels.tsv ------------------------------------------------


@dataclass(frozen=True)
class LabelledLine:
    text: str
    action: str  # keep, drop or either
    category: str


def read_labels(page: Path) -> list[LabelledLine]:
    """The labelled lines of ``page`` (a samples/*.txt), from the .labels.tsv beside it."""
    labels = page.with_name(page.stem + ".labels.tsv")
    lines = page.read_text(encoding="utf-8").split("\n")
    out = []
    for row in labels.read_text(encoding="utf-8").splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        number, action, category = row.split("\t")[:3]
        out.append(LabelledLine(lines[int(number) - 1].rstrip("\r"), action, category))
    return out


@dataclass
class Tally:
    """Per (action, category): how many labelled lines the tool got right, of how many."""

    right: dict[tuple[str, str], int] = field(default_factory=dict)
    total: dict[tuple[str, str], int] = field(default_factory=dict)

    def add(self, key: tuple[str, str], right: bool) -> None:
        self.right[key] = self.right.get(key, 0) + right
        self.total[key] = self.total.get(key, 0) + 1

    def rate(self, keys: Iterable[tuple[str, str]]) -> tuple[int, int]:
        keys = list(keys)
        return sum(self.right.get(k, 0) for k in keys), sum(self.total.get(k, 0) for k in keys)


def tally_samples(labelled: list[list[LabelledLine]], outputs: list[str]) -> Tally:
    """Keep-labelled lines are right when kept, drop-labelled ones when dropped."""
    tally = Tally()
    for lines, text in zip(labelled, outputs, strict=True):
        output = Output(text, (line.text for line in lines))
        for line in lines:
            if line.action not in ("keep", "drop"):
                continue
            kept = output.keeps(line.text)
            if kept is not None:
                tally.add((line.action, line.category), kept == (line.action == "keep"))
    return tally


# --- HTML pages: benchmarks/corpus_labels/*.tsv ----------------------------------------


@dataclass(frozen=True)
class LabelledBlocks:
    title: list[str]
    body: list[str]
    junk: list[str]  # every block of the page not labelled title, body or either
    blocks: list[str]  # all of them, in page order


def read_block_labels(labels: Path, page_blocks: list[str]) -> LabelledBlocks:
    """Sort a page's blocks (in reader order) by the rows of its corpus_labels file.

    Rows name a block by hash and index, since a text can occur twice on a page (the
    ``<title>`` and the headline). A junk block with the same text as a labelled one is
    not scored: no output can keep one copy and drop the other.
    """
    from corpus_blocks import block_hash

    label: dict[int, tuple[str, str]] = {}
    for row in labels.read_text(encoding="utf-8").splitlines():
        if row and not row.startswith("#"):
            digest, kind, position = row.split("\t")[:3]
            label[int(position)] = (digest, kind)
    title, body, junk, labelled = [], [], [], set()
    for index, text in enumerate(page_blocks):
        want, kind = label.get(index, ("", "junk"))
        if kind != "junk" and want != block_hash(text):
            raise ValueError(f"{labels.name}: block {index} is not the labelled block (reader changed?)")
        if kind.startswith("title"):
            title.append(text)
        elif kind == "body":
            body.append(text)
        if kind != "junk":
            labelled.add(tokens(text))
    for index, text in enumerate(page_blocks):
        if index not in label and tokens(text) not in labelled:
            junk.append(text)
    return LabelledBlocks(title, body, junk, page_blocks)


def tally_blocks(pages: list[LabelledBlocks], outputs: list[str]) -> Tally:
    """Keys ("keep", "title"), ("keep", "body"), ("drop", "junk"), as for the samples."""
    tally = Tally()
    for blocks, text in zip(pages, outputs, strict=True):
        output = Output(text, blocks.blocks)
        for action, category, texts in (
            ("keep", "title", blocks.title[:1]),
            ("keep", "body", blocks.body),
            ("drop", "junk", blocks.junk),
        ):
            for block in texts:
                kept = output.keeps(block)
                if kept is not None:
                    tally.add((action, category), kept == (action == "keep"))
    return tally
