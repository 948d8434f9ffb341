"""The byte-shift search scores thousands of one-byte edits per symptom. It estimates
most of them from a shared decoding (cleanpage.detectors.byteshift._gains); the
estimate must agree with decoding and scoring each candidate on its own (_gain)."""

from __future__ import annotations

import bisect

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleanpage import gbk
from cleanpage.detectors.byteshift import _LEADS, _gain, _gains, _repair_score


def _gain_on_the_whole_line(
    raw: bytes, starts: list[int], ends: set[int], position: int, remove: int, new: bytes
) -> float | None:
    """_gain as first written: the whole edited line decoded, no window."""
    k = bisect.bisect_right(starts, position) - 1
    lo = starts[max(0, k - 1)] if starts else 0
    cand = raw[:position] + new + raw[position + remove :]
    delta = len(new) - remove
    edit_end = position + len(new)
    i = lo
    chars: list[str] = []
    n = len(cand)
    while i < n:
        u = gbk.unit_at(cand, i)
        chars.append(u.char)
        i = u.end
        if i >= edit_end and (i - delta) in ends:
            if i < n:
                u = gbk.unit_at(cand, i)
                chars.append(u.char)
                i = u.end
            break
    old = gbk.decode(raw[lo : i - delta])
    new_text = "".join(chars)
    if new_text == old:
        return None
    return _repair_score(new_text) - _repair_score(old)


# bytes as damaged GBK lines have them: ASCII, lead and trail bytes, GB18030 digits
_BYTE = st.one_of(
    st.integers(0x20, 0x7E),
    st.integers(0x81, 0xFE),
    st.integers(0x30, 0x39),
    st.sampled_from([0x3F, 0x28, 0x29]),
)


@st.composite
def lines_and_trials(draw: st.DrawFn) -> tuple[bytes, list[tuple[int, int, bytes, str]]]:
    raw = bytes(draw(st.lists(_BYTE, min_size=4, max_size=40)))
    trials: list[tuple[int, int, bytes, str]] = []
    for _ in range(draw(st.integers(1, 3))):
        position = draw(st.integers(0, len(raw)))
        remove = draw(st.integers(0, min(1, len(raw) - position)))
        tail = draw(st.sampled_from([b"", b"<", gbk.fullwidth_code("?"), b"\xa3"]))
        # the search tries lead bytes; a first byte of another kind must be read right too
        firsts = [*_LEADS, *draw(st.lists(st.sampled_from([0x3F, 0x41, 0x80, 0xFF]), max_size=3))]
        trials.extend((position, remove, bytes((x,)) + tail, "guessed") for x in firsts)
    return raw, trials


@given(lines_and_trials())
def test_estimated_gains_equal_exact_gains(case: tuple[bytes, list[tuple[int, int, bytes, str]]]) -> None:
    raw, trials = case
    units = gbk.decode_units(raw)
    starts = [u.start for u in units]
    ends = {u.end for u in units}
    fast = _gains(raw, starts, ends, trials)
    for (position, remove, new, _), estimate in zip(trials, fast, strict=True):
        exact = _gain(raw, starts, ends, position, remove, new)
        assert exact == _gain_on_the_whole_line(raw, starts, ends, position, remove, new)
        if exact is None or estimate is None:
            assert exact is None and estimate is None, (position, remove, new)
        else:
            assert abs(exact - estimate) < 1e-6, (position, remove, new, exact, estimate)


@given(st.text(st.sampled_from("中文網?？a1 \ufffd\ue000𠀀豈"), max_size=30))
def test_repair_score_penalises_each_question_mark_between_hanzi(text: str) -> None:
    from cleanpage.charmodel import score
    from cleanpage.detectors.byteshift import QUESTION_BETWEEN_HAN
    from cleanpage.script import is_han

    between = sum(
        1 for i in range(1, len(text) - 1) if text[i] == "?" and is_han(text[i - 1]) and is_han(text[i + 1])
    )
    assert _repair_score(text) == score(text) + QUESTION_BETWEEN_HAN * between


@given(st.text(st.sampled_from("中文網?？a1 \ufffd\ue000𠀀豈"), min_size=1, max_size=12), st.data())
def test_repair_score_at_is_what_one_character_adds(text: str, data: st.DataObject) -> None:
    from cleanpage.detectors.byteshift import _repair_score_at

    i = data.draw(st.integers(0, len(text) - 1))
    other = data.draw(st.sampled_from("中文網?？a1 \ufffd\ue000𠀀豈"))
    changed = text[:i] + other + text[i + 1 :]
    expected = _repair_score(changed) - _repair_score(text)
    assert abs(_repair_score_at(changed, i) - _repair_score_at(text, i) - expected) < 1e-6


@given(st.text(st.sampled_from("中文網?？a1 \ufffd\ue000\uf8ff𠀀豈(ā)"), max_size=20))
def test_damage_pattern_is_the_character_test(text: str) -> None:
    """A line shows damage when it holds a private-use or replacement character or a
    '?' beside a hanzi: the search finds exactly that."""
    from cleanpage.detectors.byteshift import _DAMAGE
    from cleanpage.script import is_garbage, is_han

    expected = any(
        is_garbage(ch)
        or (ch == "?" and ((i > 0 and is_han(text[i - 1])) or (i + 1 < len(text) and is_han(text[i + 1]))))
        for i, ch in enumerate(text)
    )
    assert (_DAMAGE.search(text) is not None) == expected


_GBK_BYTES = st.lists(
    st.one_of(st.integers(0, 255), st.integers(0x81, 0xFE), st.integers(0x30, 0x39), st.integers(0xA1, 0xFE)),
    max_size=16,
).map(bytes)


@given(_GBK_BYTES)
def test_decode_is_the_units_joined(raw: bytes) -> None:
    """gbk.decode reads valid GB18030 with the codec, anything else unit by unit: the same
    characters either way."""
    assert gbk.decode(raw) == "".join(u.char for u in gbk.decode_units(raw))


def test_pair_is_the_two_byte_decoding() -> None:
    """gbk.pair reads a table built once; it is each code decoded alone."""
    for code in range(0x10000):
        assert gbk.pair(code >> 8, code & 0xFF) == gbk._pair_slow(code >> 8, code & 0xFF)


_NOT_A_DIGIT = st.integers(0, 255).filter(lambda b: not 0x30 <= b <= 0x39)


@given(st.integers(0, 255), _NOT_A_DIGIT, st.binary(max_size=3))
def test_first_chars_is_how_a_unit_starts(first: int, following: int, rest: bytes) -> None:
    """The byte-shift search reads the character a new first byte starts from a table
    per following byte; it is what unit_at reads there, whatever comes after."""
    unit = gbk.unit_at(bytes((first, following)) + rest, 0)
    assert gbk.first_chars(following)[first] == (unit.char, unit.end)


def test_the_pair_table_is_filled_whole_by_racing_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Threads that meet the empty table at once each build it and put it in place in
    one step: it ends up whole, never interleaved."""
    import threading

    monkeypatch.setattr(gbk, "_PAIRS", [])
    threads = [threading.Thread(target=gbk.pair, args=(0xB0, 0xA1)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(gbk._PAIRS) == 0x10000
    assert gbk.pair(0xB0, 0xA1) == "啊"
