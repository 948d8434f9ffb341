"""The documentation's Python examples run as written (each ```pycon block is a doctest)."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "docs").glob("*.md"))


def pycon_blocks(path: Path) -> list[str]:
    return re.findall(r"^```pycon\n(.*?)^```$", path.read_text(encoding="utf-8"), flags=re.S | re.M)


@pytest.mark.parametrize("page", [p for p in PAGES if pycon_blocks(p)], ids=lambda p: p.name)
def test_pycon_examples_run(page: Path) -> None:
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    globs: dict[str, object] = {}  # examples on one page build on each other
    for k, block in enumerate(pycon_blocks(page)):
        test = parser.get_doctest(block, globs, f"{page.name}[{k}]", str(page), 0)
        runner.run(test, clear_globs=False)
        globs = test.globs  # DocTest copies its globals: carry them to the next block
    assert runner.failures == 0, f"{runner.failures} example(s) in {page.name} fail (pytest -s shows them)"


def test_docs_exist() -> None:
    names = {p.name for p in PAGES}
    assert {"index.md", "usage.md", "architecture.md", "site-rules.md"} <= names
