"""cleanpage.html.source: the scanner that finds text runs, against plain definitions."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from cleanpage.html.source import _skip_tag, text_runs

_STEP = re.compile(r"""=\s*(?:"[^"]*"?|'[^']*'?)|[^>="']+|[="']""")

tag_soup = st.text(alphabet=st.sampled_from(list("<>=\"' \n\tab/!-&;中")), max_size=60)


def skip_tag_by_steps(source: str, pos: int) -> int:
    """The definition: one step at a time (a quoted value, a stretch of anything but
    quotes, '=' and '>', or one of those) until a '>' outside quotes, or the end."""
    while pos < len(source):
        if source[pos] == ">":
            return pos + 1
        pos = _STEP.match(source, pos).end()  # type: ignore[union-attr]
    return len(source)


@given(tag_soup, st.data())
def test_skip_tag_is_the_step_by_step_scan(source: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, len(source)))
    assert _skip_tag(source, pos) == skip_tag_by_steps(source, pos)


@given(tag_soup)
def test_runs_are_in_order_and_read_their_source(source: str) -> None:
    last = 0
    for run in text_runs(source):
        assert last <= run.start < run.end <= len(source)
        if run.offsets is None:
            assert run.text == source[run.start : run.end]
        last = run.end


raw_soup = st.lists(
    st.sampled_from(
        ["<script>", "</script>", "</SCRIPT >", "</scripts>", "<Style>", "</style>", "<title>", "</TITLE>",
         "<p>", "</p>", "İ", "ẞ", "中", "a", " ", "&amp;", "<"]
    ),
    max_size=30,
).map("".join)  # fmt: skip


@given(raw_soup)
def test_raw_text_runs_end_at_their_end_tag_in_any_case(source: str) -> None:
    """A raw-text or RCDATA run ends at the first '</name' (any ASCII case) followed by
    whitespace, '/', '>' or the end; characters whose lower case is longer (İ) before it
    move nothing."""
    for run in text_runs(source):
        if run.offsets is None:
            assert run.text == source[run.start : run.end]
        if run.raw:
            end_tag = re.compile(rf"</{run.tag}(?=[ \t\n\r\f/>]|\Z)", re.I | re.A)
            first = end_tag.search(source, run.start)
            assert run.end == (len(source) if first is None else first.start())


def test_a_dotted_capital_i_before_a_script_keeps_the_text_after_it() -> None:
    import cleanpage

    page = (
        "<html><body><p>İstanbul</p><script>var a = '<p>x</p>';</script>"
        "<p>土耳其伊斯坦布尔今天举行了一场关于城市更新的论坛，多国学者参加。</p></body></html>"
    )
    assert "多国学者参加" in cleanpage.clean(page).text
