"""The tools benchmarks/run.py compares, each behind one adapter, and the page sets.

``prepare`` turns a page into a tool's input (outside the timing: wrapping a text page
in HTML is the benchmark's work, not the tool's); the tool's adapter runs the tool on
it and returns the text the tool keeps. Tools are imported only when an adapter is
built, so a worker process loads one tool and nothing else.
"""

from __future__ import annotations

import html
import importlib.metadata
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# text: samples/*.txt; clean: cleanpage's own output of them (nothing left to remove);
# html: saved portal pages.
PAGE_SETS = ("text", "clean", "html")
TOOLS = ("cleanpage", "trafilatura", "resiliparse", "justext", "readability", "ftfy")
DISTRIBUTIONS = {
    "cleanpage": "cleanpage",
    "trafilatura": "trafilatura",
    "resiliparse": "resiliparse",
    "justext": "justext",
    "readability": "readability-lxml",
    "ftfy": "ftfy",
}
# Block-level tags after which readability's HTML output gets a line break.
BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "pre", "blockquote")


@dataclass(frozen=True)
class Page:
    name: str
    data: bytes
    kind: str  # "text" or "html": how the page is stored, which decides each tool's input


@dataclass(frozen=True)
class Adapter:
    """One tool: ``run`` takes the input :func:`prepare` made and returns the kept text."""

    run: Callable[[Any], str]


class ToolUnavailable(Exception):
    """The tool is not installed, or does not apply to this kind of page."""


def version_of(tool: str) -> str:
    try:
        return importlib.metadata.version(DISTRIBUTIONS[tool])
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def write_manifest(path: Path, pages: list[Page], store: Path) -> None:
    """Save pages for a worker process: the bytes under ``store``, their list in ``path``."""
    rows = []
    for k, page in enumerate(pages):
        file = store / f"{k:04d}.bin"
        file.write_bytes(page.data)
        rows.append({"name": page.name, "kind": page.kind, "path": str(file)})
    path.write_text(json.dumps(rows), encoding="utf-8")


def read_manifest(path: Path) -> list[Page]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [Page(r["name"], Path(r["path"]).read_bytes(), r["kind"]) for r in rows]


def text_as_html(data: bytes) -> str:
    """A minimal HTML document with each non-blank line of a text page as one <p>.

    DOM extractors need markup; this is the least a text page can be given without
    telling the tool anything about it (no title, no structure beyond paragraphs).
    """
    text = data.decode("utf-8", errors="replace")
    lines = (line.strip() for line in text.splitlines())
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines if line)
    return f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n{paragraphs}\n</body></html>'


def prepare(tool: str, page: Page) -> Any:
    """The tool's input for ``page``, made without importing the tool."""
    if tool in ("cleanpage", "ftfy"):
        return page.data
    return text_as_html(page.data) if page.kind == "text" else page.data


def adapter(tool: str, kind: str) -> Adapter:
    """The adapter of ``tool`` for pages of ``kind``; raises ToolUnavailable."""
    try:
        return _ADAPTERS[tool](kind)
    except ImportError as err:
        raise ToolUnavailable(f"not installed ({err.name})") from err


def _cleanpage(kind: str) -> Adapter:
    import cleanpage

    cleaner = cleanpage.Cleaner()
    is_html = kind == "html"  # explicit mode, so each row measures the mode it names
    return Adapter(run=lambda data: cleaner.clean(data, html=is_html).text)


def _trafilatura(kind: str) -> Adapter:
    import trafilatura

    return Adapter(run=lambda markup: trafilatura.extract(markup) or "")


def _resiliparse(kind: str) -> Adapter:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import detect_encoding
    from resiliparse.parse.html import HTMLTree

    def run(markup: str | bytes) -> str:
        if isinstance(markup, bytes):  # resiliparse's own charset detection, inside the timing
            tree = HTMLTree.parse_from_bytes(markup, detect_encoding(markup) or "utf-8")
            return str(extract_plain_text(tree, main_content=True))
        return str(extract_plain_text(markup, main_content=True))

    return Adapter(run=run)


def _justext(kind: str) -> Adapter:
    import justext

    # jusText has no Chinese stoplist, and Chinese has no spaces to count stop words
    # by. An empty stoplist with both stop-word thresholds at 0 turns it into what is
    # left of its method: paragraph length and link density, then the context rules.
    def run(markup: str | bytes) -> str:
        paragraphs = justext.justext(markup, frozenset(), stopwords_low=0, stopwords_high=0)
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return Adapter(run=run)


def _readability(kind: str) -> Adapter:
    import lxml.html
    from readability import Document

    def run(markup: str | bytes) -> str:
        summary = Document(markup).summary(html_partial=True)
        root = lxml.html.fromstring(summary)
        for element in root.iter(*BLOCK_TAGS):
            element.tail = "\n" + (element.tail or "")
        return str(root.text_content())

    return Adapter(run=run)


def _ftfy(kind: str) -> Adapter:
    if kind != "text":
        raise ToolUnavailable("n/a (ftfy repairs text, it does not read markup)")
    import ftfy

    return Adapter(run=lambda data: ftfy.fix_text(data.decode("utf-8", errors="replace")))


_ADAPTERS: dict[str, Callable[[str], Adapter]] = {
    "cleanpage": _cleanpage,
    "trafilatura": _trafilatura,
    "resiliparse": _resiliparse,
    "justext": _justext,
    "readability": _readability,
    "ftfy": _ftfy,
}
