"""Hand-written HTML fixtures, one or more per portal template (tests/fixtures/html).

Each ``NAME.html`` reproduces a portal's structure as docs/portals describes it, with
invented text; ``NAME.json`` says what a correct cleaner returns: the exact title and
body lines, junk that must be gone, the rule that must match and the metadata shown.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import cleanpage

FIXTURES = Path(__file__).parent / "fixtures" / "html"
NAMES = sorted(p.stem for p in FIXTURES.glob("*.json"))


def load(name: str) -> tuple[bytes, dict[str, Any]]:
    return (FIXTURES / f"{name}.html").read_bytes(), json.loads(
        (FIXTURES / f"{name}.json").read_text("utf-8")
    )


@pytest.fixture(scope="module")
def results() -> dict[str, cleanpage.Result]:
    out = {}
    for name in NAMES:
        data, spec = load(name)
        out[name] = cleanpage.clean(data, url=spec.get("url"))
    return out


def test_there_are_fixtures_for_every_portal_rule() -> None:
    sites = {load(n)[1].get("site") for n in NAMES}
    assert set(cleanpage.Cleaner().rules.names()) <= sites
    assert None in sites  # and pages of sites with no rule


@pytest.mark.parametrize("name", NAMES)
def test_title_and_every_body_paragraph_exactly(name: str, results: dict[str, cleanpage.Result]) -> None:
    spec = load(name)[1]
    result = results[name]
    assert result.markup == "html"
    assert result.text.split("\n") == [spec["title"], *spec["body"]]
    assert result.title == spec["title"]


@pytest.mark.parametrize("name", NAMES)
def test_junk_is_gone(name: str, results: dict[str, cleanpage.Result]) -> None:
    spec = load(name)[1]
    left = [j for j in spec["junk"] if j in results[name].text]
    assert left == []


@pytest.mark.parametrize("name", NAMES)
def test_rule_and_metadata(name: str, results: dict[str, cleanpage.Result]) -> None:
    spec = load(name)[1]
    result = results[name]
    assert result.site == spec.get("site")
    meta = result.metadata.to_dict()
    for key, value in spec.get("metadata", {}).items():
        assert (key, meta[key]) == (key, value)


@pytest.mark.parametrize("name", NAMES)
def test_edits_account_for_the_html_source(name: str, results: dict[str, cleanpage.Result]) -> None:
    result = results[name]
    assert cleanpage.apply_edits(result.source, result.edits) == result.text
    assert cleanpage.rebuild_source(result.text, result.edits) == result.source


@pytest.mark.parametrize("name", NAMES)
def test_the_output_is_clean_text(name: str, results: dict[str, cleanpage.Result]) -> None:
    """Cleaning the output again, as text, changes nothing."""
    text = results[name].text
    assert cleanpage.clean(text).text == text
