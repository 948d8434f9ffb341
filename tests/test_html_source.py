"""cleanpage.html.source: the scanner that finds text runs, against plain definitions."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from cleanpage.html.source import _TAG, RAW_TEXT, RCDATA, Run, Tag, _decode, _find_end_tag, text_runs

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


@given(st.sampled_from(["a", "/a", "P", "/div"]), tag_soup)
def test_a_tag_is_read_to_where_the_step_by_step_scan_ends_it(name: str, rest: str) -> None:
    """The scanner's tag pattern reads the rest of a tag, after its name, to where the
    definition ends it."""
    source = f"<{name}{rest}"
    tag = _TAG.match(source)
    assert tag is not None
    assert tag.end() == skip_tag_by_steps(source, tag.end(2))


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


_NAME = re.compile(r"[A-Za-z][^\s/>]*")


def text_runs_by_steps(source: str, tags: list[Tag] | None = None) -> list[Run]:
    """The scanner as first written: each '<' looked at character by character, a tag
    read step by step after its name; with ``tags``, the tags it reads (but a raw-text
    element's start tag) appended to it."""
    runs: list[Run] = []
    tags = [] if tags is None else tags
    n = len(source)
    pos = text_start = 0
    while pos < n:
        lt = source.find("<", pos)
        if lt < 0:
            break
        nxt = source[lt + 1 : lt + 2]
        if source.startswith("<!--", lt):
            close = source.find("-->", lt + 4)
            if source.startswith(">", lt + 4) or source.startswith("->", lt + 4):
                end = lt + 5 if source.startswith(">", lt + 4) else lt + 6
            else:
                end = n if close < 0 else close + 3
        elif nxt in ("!", "?"):
            close = source.find(">", lt + 2)
            end = n if close < 0 else close + 1
        elif nxt == "/":
            m = _NAME.match(source, lt + 2)
            if m is None:
                if source.startswith(">", lt + 2):
                    end = lt + 3
                else:
                    close = source.find(">", lt + 2)
                    end = n if close < 0 else close + 1
            else:
                end = skip_tag_by_steps(source, m.end())
                tags.append(("/", m.group(), lt, end))
        elif nxt.isascii() and nxt.isalpha():
            m = _NAME.match(source, lt + 1)
            assert m is not None
            end = skip_tag_by_steps(source, m.end())
            name = m.group().lower()
            if name not in RAW_TEXT and name not in RCDATA and name != "plaintext":
                tags.append(("", m.group(), lt, end))
            if name in RAW_TEXT or name in RCDATA or name == "plaintext":
                if lt > text_start:
                    runs.append(_decode(source, text_start, lt))
                if name == "plaintext":
                    runs.append(Run(end, n, source[end:n], None, True, name))
                    return runs
                close = _find_end_tag(source, name, end)
                if close > end:
                    if name in RCDATA:
                        runs.append(_decode(source, end, close))
                    else:
                        runs.append(Run(end, close, source[end:close], None, True, name))
                text_start = pos = close
                continue
        else:
            pos = lt + 1
            continue
        if lt > text_start:
            runs.append(_decode(source, text_start, lt))
        text_start = pos = end
    if text_start < n:
        runs.append(_decode(source, text_start, n))
    return runs


markup_soup = st.lists(
    st.sampled_from(
        ["<p>", "</p>", "<a href='x>y'>", '<b c="d>e">', "<!-- c -->", "<!-->", "<!--->", "<!---->", "<!x>",
         "<?pi?>", "</>", "</ 3>", "<", ">", "<br/>", "<script>", "</script>", "<title>", "</TITLE>",
         "<plaintext>", "<Ä>", "< p>", "<p", "<p =", "=", '"', "'", "&amp;", "&#20013;", "中", "a", " ", "\n",
         # raw-text names in other cases and shapes, and markup left open at the end
         "<!--", "-->", "<!", "<?", "<script/>", "<scripts>", "<\u017fcript>", "<STYLE a='>'>", "</style>",
         "<textarea>", "</textarea >", "<noscript>", "</noscript>", "<script", "<xmp>", "</XMP\t>"]
    ),
    max_size=40,
).map("".join)  # fmt: skip


@given(markup_soup)
def test_the_scanner_is_the_step_by_step_scanner(source: str) -> None:
    """text_runs matches a tag in one step; it finds the runs the step-by-step scanner
    found, with the same offsets and decoded text, and the same tags (those the guard
    against deep nesting counts)."""
    tags: list[Tag] = []
    expected: list[Tag] = []
    assert text_runs(source, tags) == text_runs_by_steps(source, expected)
    assert tags == expected
    assert text_runs(source) == text_runs(source, [])  # (collecting them changes nothing)


def test_the_markup_pattern_groups() -> None:
    """text_runs tells the pieces apart by ``lastindex``, the last group that matched:
    1 for a raw-text element's start tag, 3 (the name) for another tag, None for a
    comment or declaration. Another group would make a piece look like another."""
    from cleanpage.html.source import _MARKUP

    assert _MARKUP.groupindex == {"raw": 1, "slash": 2, "name": 3} and _MARKUP.groups == 3
    pieces = {"<script>": 1, "</p>": 3, "<b x=1>": 3, "<!-- c -->": None, "<!x>": None}
    for piece, group in pieces.items():
        m = _MARKUP.match(piece)
        assert m is not None and m.lastindex == group, piece
