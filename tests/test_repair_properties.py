"""Which corruption classes the repairs undo exactly, stated as properties and proved on
generated pages.

The repairs (pinyin, byte-shift, residue, punctuation) run alone, on pages that
corruption.py damages byte for byte as docs/corruption.md describes. Every class below
is computed from the simulator's ground truth (bytes, insertions, decoder tokens), not
from cleanpage's own detectors; cleanpage is used only for its GBK table (``gbk.pair``),
its pinyin readings (``_readings``) and its hanzi test (``is_han``).

Exact round trips (``clean(damage(text)).text == text``):

* **aligned insertion**: every match of the mirror's dictionary is a whole character
  (with and without the full-width fold);
* **pinned loss**: matches may straddle two characters, but every byte the mirror's
  decoder lost went with the ``(`` of an annotation (a ``?syllable)`` remnant), and that
  byte is the only trail byte that, after the byte before it, makes a character read as
  the syllable, once characters the page shows intact elsewhere are preferred. This
  holds page by page and line by line, also when two lost bytes are adjacent (the
  second is pinned by the first one's choice);
* **full-width fold**: ，：；！？ each with CJK on one side and, on the other, anything
  but an ASCII letter or digit (a line edge, CJK, ``%``); （） only around text with a
  hanzi in it; on a page that shows the fold.

Outside these classes (several candidates for a lost byte, a lost byte with no
annotation after it, a lost ASCII character) the repair guesses, and promises only
this: every ``?``, private-use or replacement character left in the output is reported
by an edit of kind ``mojibake-unrecoverable``.

Profiles live in conftest.py; ``CI=true`` runs the long, derandomised profile.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Mapping
from typing import Literal, NamedTuple

from corruption import (
    MIN_DISTINCT,
    MIN_MATCHES,
    aligned_boundaries,
    flatten_punctuation,
    gbk_texts,
    insert_pinyin,
    insertion_offsets,
    insertion_outcomes,
    is_gbk_text,
    mirror,
    mirror_dictionaries,
    mirror_readings,
    mirror_tokens,
)
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from strategies import articles, english_paragraphs

from cleanpage import Cleaner, Result, apply_edits, gbk, rebuild_source
from cleanpage.detectors import ByteShiftDetector, PinyinDetector, PunctuationDetector, ResidueDetector
from cleanpage.detectors.pinyin import _readings
from cleanpage.script import is_han

Dictionary = dict[str, str]
Page = tuple[str, Dictionary]

REPAIRS = Cleaner(detectors=[PinyinDetector(), ByteShiftDetector(), ResidueDetector(), PunctuationDetector()])
REPAIR_KINDS = frozenset({"pinyin", "mojibake", "mojibake-unrecoverable", "punctuation"})
UNRECOVERABLE = "mojibake-unrecoverable"

# The issue asks for thousands of examples of each recoverable class in CI: these three
# properties run 1,000 there (derandomised, like the rest of the ci profile).
ROUND_TRIP = settings(max_examples=1000) if os.environ.get("CI") else settings()


def repair(page: str) -> Result:
    return REPAIRS.clean(page)


def output_format(text: str) -> str:
    """``text`` as the cleaner writes it: lines stripped, blank lines dropped."""
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def _han(ch: str) -> bool:
    return bool(ch) and is_han(ch)


# --- ground truth: what the mirror's decoder lost ------------------------------------------


class Loss(NamedTuple):
    """One ``?`` of the mirror's (per-line) decoding and the clean byte it swallowed.

    ``pinned``: the byte went with the ``(`` of insertion ``insertion`` (a ``?syllable)``
    remnant); ``text``: it went with an ASCII character of the text; ``lone``: a lead
    byte alone at the end of a line (or 0x80/0xFF)."""

    kind: Literal["pinned", "text", "lone"]
    offset: int  # in text.encode("gbk")
    insertion: int  # index into insertion_offsets(), -1 unless pinned


def losses(text: str, dictionary: Mapping[str, str]) -> list[Loss]:
    """Every byte of ``text`` that the mirror's per-line decoder turned into ``?``."""
    raw = text.encode("gbk")
    insertions = insertion_offsets(raw, dictionary)
    damaged = bytearray()
    origin: list[int | None] = []  # clean offset; -1 - j for the "(" of insertion j; None
    done = 0
    for j, (offset, syllable) in enumerate(insertions):
        damaged += raw[done:offset]
        origin += range(done, offset)
        group = b"(" + syllable.encode("gbk") + b")"
        damaged += group
        origin += [-1 - j] + [None] * (len(group) - 1)
        done = offset
    damaged += raw[done:]
    origin += range(done, len(raw))
    assert bytes(damaged) == insert_pinyin(raw, dictionary)
    found: list[Loss] = []
    for token in mirror_tokens(bytes(damaged), per_line=True):
        if token.text != "?":
            continue
        first, *rest = origin[token.start : token.end]
        assert first is not None and first >= 0  # an annotation always decodes cleanly
        if not rest:
            found.append(Loss("lone", first, -1))
        elif rest[0] is not None and rest[0] < 0:
            found.append(Loss("pinned", first, -1 - rest[0]))
        else:
            found.append(Loss("text", first, -1))
    return found


def shown_intact(text: str, dictionary: Mapping[str, str]) -> frozenset[str]:
    """Dictionary characters the page shows before an intact ``(syllable)`` at least once
    (as ``X(…)``, or as ``‘a(…)`` where the two bytes before the group make X): the
    evidence a reader of the page has for what the mirror annotates."""
    raw = text.encode("gbk")
    return frozenset(
        o.char
        for o in insertion_outcomes(text, dictionary, per_line=True)
        if o.shown == "intact" or (o.shown == "stray" and raw[o.offset - 1] < 0x80)
    )


def pinned_trails(lead: int, syllable: str, preferred: frozenset[str]) -> list[int]:
    """Trail bytes t such that (lead, t) is a character read ``syllable``; only those in
    ``preferred`` when there are any (corruption.md §6.1 step 3)."""
    found = []
    for trail in range(0x40, 0xFF):
        char = gbk.pair(lead, trail)
        if char is not None and len(char) == 1 and syllable in _readings().get(ord(char), ()):
            found.append(trail)
    known = [t for t in found if gbk.pair(lead, t) in preferred]
    return known or found


LossClass = Literal["none", "pinned", "adjacent", "ambiguous", "lost"]
_SEVERITY: dict[LossClass, int] = {"none": 0, "pinned": 1, "adjacent": 2, "ambiguous": 3, "lost": 4}


def classify_losses(text: str, dictionary: Mapping[str, str]) -> list[LossClass]:
    """The worst loss on each line of ``text``:

    ``none``: nothing lost; ``pinned``: every lost byte went with an annotation's ``(``
    and has a single candidate given the true byte before it; ``adjacent``: the same, but
    two lost bytes are neighbours; ``ambiguous``: some lost byte has several candidates;
    ``lost``: a byte went with an ASCII character of the text or alone at a line end.
    """
    raw = text.encode("gbk")
    line_starts = [0] + [i + 1 for i, b in enumerate(raw) if b == 0x0A]
    found = losses(text, dictionary)
    insertions = insertion_offsets(raw, dictionary)
    preferred = shown_intact(text, dictionary)
    lost_at = {loss.offset for loss in found}
    worst: list[LossClass] = ["none"] * len(line_starts)
    for loss in found:
        here: LossClass
        if loss.kind != "pinned":
            here = "lost"
        elif pinned_trails(raw[loss.offset - 1], insertions[loss.insertion].syllable, preferred) != [
            raw[loss.offset]
        ]:
            here = "ambiguous"
        elif loss.offset - 1 in lost_at:
            here = "adjacent"
        else:
            here = "pinned"
        line = bisect.bisect_right(line_starts, loss.offset) - 1
        if _SEVERITY[here] > _SEVERITY[worst[line]]:
            worst[line] = here
    return worst


def page_class(text: str, dictionary: Mapping[str, str]) -> LossClass:
    return max(classify_losses(text, dictionary), key=_SEVERITY.__getitem__)


def misaligned(text: str, dictionary: Mapping[str, str]) -> bool:
    """Does some match straddle two characters?"""
    bounds = aligned_boundaries(text)
    return any(
        not (offset in bounds and offset - 2 in bounds)
        for offset, _ in insertion_offsets(text.encode("gbk"), dictionary)
    )


def passes_document_test(text: str, dictionary: Mapping[str, str]) -> bool:
    """Enough aligned, intact annotations for the pinyin detector's thresholds."""
    intact = [
        o for o in insertion_outcomes(text, dictionary, per_line=True) if o.aligned and o.shown == "intact"
    ]
    return len(intact) >= MIN_MATCHES and len({o.char for o in intact}) >= MIN_DISTINCT


# --- ground truth: which full-width marks the fold lets us restore ----------------------

_MARKS = "，：；！？"
_SURVIVORS = "。、“”《》…"  # A1-row marks the fold keeps: the page's evidence
_CJK_MARKS = frozenset("。、“”‘’《》「」『』…" + _MARKS + "（）")


def _cjk(ch: str) -> bool:
    return bool(ch) and (is_han(ch) or ch in _CJK_MARKS)


def _other_fullwidth(ch: str) -> bool:
    """A form the fold changes that no repair restores (full-width letters, digits, U+3000)."""
    return (0xFF01 <= ord(ch) <= 0xFF5E and ch not in _MARKS + "（）") or ch == "\u3000"


def fold_restorable(text: str, *, after_percent: bool = False) -> bool:
    """Does ``flatten_punctuation(text)`` carry enough context to restore ``text``?

    On every line: each of ，：；！？ has a CJK character on one side and a CJK character
    or the line edge on the other (``after_percent``: or ``%`` on the other); no ASCII
    ,:;!? touches a CJK character; （） and () pair up on the line, the full-width pairs
    exactly around text with a hanzi. No other full-width form. And the page shows the
    fold: three or more marks between two hanzi, and some 。、“”《》… kept.
    """
    between = 0
    for line in text.split("\n"):
        n = len(line)
        stack: list[int] = []
        for i, ch in enumerate(line):
            left = line[i - 1] if i else ""
            right = line[i + 1] if i + 1 < n else ""
            if ch in _MARKS:
                edge_or_cjk_l = not left or _cjk(left) or (after_percent and left == "%")
                edge_or_cjk_r = not right or _cjk(right) or (after_percent and right == "%")
                if not ((_cjk(left) and edge_or_cjk_r) or (_cjk(right) and edge_or_cjk_l)):
                    return False
                between += _han(left) and _han(right)
            elif ch in ",:;!?" and (_cjk(left) or _cjk(right)):
                return False  # ASCII of the text's own in CJK context would be restored
            elif _other_fullwidth(ch):
                return False
            if ch in "(（":
                stack.append(i)
            elif ch in ")）":
                if not stack:
                    return False
                start = stack.pop()
                full = line[start] == "（"
                if full != (ch == "）") or full != any(is_han(c) for c in line[start + 1 : i]):
                    return False
        if stack:
            return False
    return between >= 3 and any(c in _SURVIVORS for c in text)


# --- strategies ----------------------------------------------------------------------------


@st.composite
def aligned_pages(draw: st.DrawFn, text: str | None = None) -> Page:
    """(text, dictionary) where every match of the dictionary is a whole character: the
    dictionary of :func:`mirror_dictionaries` without the characters whose code also
    occurs across a character boundary."""
    if text is None:
        text = draw(gbk_texts())
    dictionary = draw(mirror_dictionaries(text, max_misaligned=0))
    raw = text.encode("gbk")
    bounds = aligned_boundaries(text)
    straddling = set()
    for char in dictionary:
        code = char.encode("gbk")
        starts = [i for i in range(len(raw) - 1) if raw[i : i + 2] == code]
        if any(not (i in bounds and i + 2 in bounds) for i in starts):
            straddling.add(char)
    dictionary = {c: s for c, s in dictionary.items() if c not in straddling}
    assume(not misaligned(text, dictionary) and passes_document_test(text, dictionary))
    return text, dictionary


def _holes_of(text: str, dictionary: Mapping[str, str], char: str) -> list[Loss]:
    outcomes = insertion_outcomes(text, dictionary, per_line=True)
    return [
        loss
        for loss in losses(text, dictionary)
        if loss.kind == "pinned" and outcomes[loss.insertion].char == char
    ]


def _terminator(text: str, dictionary: Mapping[str, str], offset: int) -> str | None:
    """The last hanzi (not yet in the dictionary) whose bytes end at or before ``offset``
    on its line: annotating it ends a misaligned run there, with a pinned loss."""
    raw = text.encode("gbk")
    line_start = raw.rfind(b"\n", 0, offset) + 1
    position, best = 0, None
    for char in text:
        size = len(char.encode("gbk"))
        inside = position >= line_start and position + size - 1 <= offset
        if inside and size == 2 and is_han(char) and mirror_readings(char) and char not in dictionary:
            best = char
        position += size
        if position > offset:
            break
    return best


# long enough for a mirror dictionary that passes the document test
long_gbk_texts = articles(min_blocks=3).filter(is_gbk_text)


def _straddling(text: str) -> list[str]:
    """Hanzi (with a reading the mirror can write) whose GBK code occurs in ``text``
    across a character boundary, as 驗 in 因為."""
    raw = text.encode("gbk")
    bounds = aligned_boundaries(text)
    found: set[str] = set()
    for i in range(len(raw) - 1):
        if i in bounds and i + 2 in bounds:
            continue
        char = gbk.pair(raw[i], raw[i + 1])
        if char is not None and _han(char) and is_gbk_text(char) and mirror_readings(char):
            found.add(char)
    return sorted(found)


@st.composite
def pinned_pages(draw: st.DrawFn, *, adjacent: bool = True) -> Page:
    """Pages with misaligned matches where every lost byte is pinned: a mirror
    dictionary, steered into the class. A page that lost nothing gets a character that
    matches across a boundary. A byte lost without an annotation gets one (the hanzi
    before it joins the dictionary, so the run ends in a remnant). A character whose
    remnants leave several candidates gets a reading that leaves one, or leaves the
    dictionary. Without ``adjacent``, the character behind the first of two adjacent
    lost bytes leaves the dictionary. The class is checked from scratch at the end."""
    text = draw(long_gbk_texts)
    dictionary = draw(mirror_dictionaries(text))
    dropped: set[str] = set()

    def drop(char: str) -> Dictionary:
        dropped.add(char)
        return {c: s for c, s in dictionary.items() if c != char}

    for _ in range(16):
        found = losses(text, dictionary)
        outcomes = insertion_outcomes(text, dictionary, per_line=True)
        if not found:
            extra = [c for c in _straddling(text) if c not in dictionary and c not in dropped]
            if not extra:
                break
            char = draw(st.sampled_from(extra))
            dictionary = {**dictionary, char: draw(st.sampled_from(mirror_readings(char)))}
            continue
        unpinned = [loss for loss in found if loss.kind != "pinned"]
        if unpinned:
            offset = unpinned[0].offset
            char = _terminator(text, dictionary, offset)
            if char is not None and char not in dropped:
                dictionary = {**dictionary, char: draw(st.sampled_from(mirror_readings(char)))}
                continue
            starts = [loss for loss in found if loss.kind == "pinned" and loss.offset < offset]
            if not starts:
                break
            dictionary = drop(outcomes[starts[-1].insertion].char)
            continue
        raw = text.encode("gbk")
        preferred = shown_intact(text, dictionary)
        ambiguous = [
            outcomes[loss.insertion].char
            for loss in found
            if pinned_trails(raw[loss.offset - 1], outcomes[loss.insertion].syllable, preferred)
            != [raw[loss.offset]]
        ]
        if ambiguous:
            char = ambiguous[0]
            holes = _holes_of(text, dictionary, char)
            fine = [
                r
                for r in mirror_readings(char)
                if all(pinned_trails(raw[h.offset - 1], r, preferred) == [raw[h.offset]] for h in holes)
            ]
            dictionary = {**dictionary, char: draw(st.sampled_from(fine))} if fine else drop(char)
            continue
        lost_at = {loss.offset: loss for loss in found}
        pairs = [lost_at[loss.offset - 1] for loss in found if loss.offset - 1 in lost_at]
        if adjacent or not pairs:
            break
        dictionary = drop(outcomes[pairs[0].insertion].char)
    assume(misaligned(text, dictionary))
    assume(passes_document_test(text, dictionary))
    assume(page_class(text, dictionary) in (("pinned", "adjacent") if adjacent else ("pinned",)))
    return text, dictionary


@st.composite
def mirrored(draw: st.DrawFn) -> Page:
    """(text, dictionary) as :func:`corruption.mirrored_pages` draws them: misaligned
    matches included, nothing steered."""
    text = draw(gbk_texts())
    return text, draw(mirror_dictionaries(text))


def fold_texts(*, after_percent: bool = False) -> st.SearchStrategy[str]:
    """Generated GBK articles in the restorable class of :func:`fold_restorable`."""
    return (
        articles(min_blocks=2)
        .filter(is_gbk_text)
        .filter(lambda t: fold_restorable(t, after_percent=after_percent))
    )


@st.composite
def corrupted_pages(draw: st.DrawFn) -> str:
    """Any damage the simulator makes: mirrored (folded or not, decoded per line or
    not), flattened only, or none."""
    how = draw(st.sampled_from(("mirror", "mirror", "mirror", "flatten", "clean")))
    if how == "mirror":
        text, dictionary = draw(mirrored())
        return mirror(text, dictionary, fold=draw(st.booleans()), per_line=draw(st.booleans()))
    text = draw(gbk_texts())
    return flatten_punctuation(text) if how == "flatten" else text


# --- 1. aligned pinyin insertion ----------------------------------------------------------


@ROUND_TRIP
@given(aligned_pages())
def test_aligned_insertion_round_trips(page: Page) -> None:
    text, dictionary = page
    result = repair(mirror(text, dictionary, fold=False, per_line=True))
    assert result.text == output_format(text)
    assert {e.kind for e in result.findings} == {"pinyin"}


# --- 2. misaligned (byte-shift) insertion --------------------------------------------------


@ROUND_TRIP
@given(pinned_pages(adjacent=False))
def test_misaligned_insertion_with_every_lost_byte_pinned_round_trips(page: Page) -> None:
    text, dictionary = page
    result = repair(mirror(text, dictionary, fold=False, per_line=True))
    assert result.text == output_format(text)
    assert UNRECOVERABLE not in {e.kind for e in result.findings}


# 「市 is B8 CA D0: 甘 (B8CA, hān) matches across 「|市, then 市 (CAD0, read fú) is annotated
# while the decoder is misaligned, so CA and D0 are both lost: "「?hān)?fú)民". Each is
# the only candidate given the byte before it (甘 is the only B8xx read hān, 市 the only
# CAxx read fú), but the second hole's options are taken over every lead byte (89
# trails) without the dictionary preference, and only 64 combinations are scored: D0
# is never tried and both holes stay "??", not even flagged as unrecoverable.
ADJACENT_HOLES: Page = (
    "西部山區為何要開設夜間門診？\n“得到了居民的支持！”\n店主趙磊表示：「市民陳靜指出！」",
    {
        "支": "qí",
        "磊": "lěi",
        "到": "dào",
        "西": "xī",
        "要": "yào",
        "示": "shì",
        "門": "mén",
        "部": "pǒu",
        "市": "fú",
        "陳": "chén",
        "店": "diàn",
        "居": "jī",
        "區": "ōu",
        "民": "mín",
        "何": "hè",
        "診": "zhěn",
        "間": "jiàn",
        "為": "wéi",
        "夜": "yè",
        "開": "kāi",
        "甘": "hān",
    },
)


@example(page=ADJACENT_HOLES)
@given(pinned_pages())
def test_misaligned_insertion_with_adjacent_pinned_bytes_round_trips(page: Page) -> None:
    """The same class, adjacent lost bytes allowed: each is still the only candidate
    given the byte before it, so nothing is left to guess."""
    text, dictionary = page
    result = repair(mirror(text, dictionary, fold=False, per_line=True))
    assert result.text == output_format(text)


@given(mirrored())
def test_lines_whose_lost_bytes_are_pinned_round_trip_on_any_page(page: Page) -> None:
    """Line by line, on unsteered pages: a line that lost nothing, or only pinned bytes
    none of which are adjacent, comes out exactly, whatever the other lines suffered."""
    text, dictionary = page
    result = repair(mirror(text, dictionary, fold=False, per_line=True))
    lines, out = text.split("\n"), result.text.split("\n")
    assert len(out) == len(lines)  # the repairs never drop a line of the article
    for verdict, line, got in zip(classify_losses(text, dictionary), lines, out, strict=True):
        if verdict in ("none", "pinned"):
            assert got == line.strip(), verdict


def _flagged_output_positions(result: Result) -> set[int]:
    """Output offsets written by an edit of kind mojibake-unrecoverable."""
    flagged: set[int] = set()
    shift = 0
    for e in result.edits:
        at = e.start + shift
        if e.kind == UNRECOVERABLE:
            flagged.update(range(at, at + len(e.replacement)))
        shift += len(e.replacement) - (e.end - e.start)
    return flagged


def _residue(ch: str) -> bool:
    return ch in "?\ufffd" or 0xE000 <= ord(ch) <= 0xF8FF


# 社 (C9E7) follows 新 (D0C2): 律 (C2C9, lǜ) matches across them, so the run 缋铣乔 runs
# on to the F8 of 区, which eats the "2" of "2月" as one "?". The repair fills the hole
# with another lǜ byte (绿, so 如), guesses one more byte (confidence 0.3), writes
# 如老城樓, and leaves the "?" of the lost "2" unflagged.
LOST_DIGIT: Page = (
    "中新社老城区2月12日电（记者 黄强）据英国《金融时报》(Financial Times)报道，居委会在2015年6月6日"
    "建立应急机制，据英国《金融时报》(Financial Times)报道！",
    {
        "据": "jū",
        "中": "zhòng",
        "年": "nìng",
        "报": "bào",
        "时": "shí",
        "道": "dǎo",
        "月": "yuè",
        "日": "rì",
        "金": "jìn",
        "融": "róng",
        "律": "lǜ",
    },
)
# 诒 (DAB1, yí) matches across 期|比 and the run reaches the line end, where the A3 of
# 。 is read alone as "?". The repair guesses 场 and leaves that "?" unflagged.
LOST_AT_LINE_END: Page = (
    "《城市记忆》一书居民普遍表示满意，春节期间画家开始保护生态环境。\n· 保护生态环境，工期比原计划提前。",
    {
        "开": "kāi",
        "记": "jì",
        "护": "hù",
        "城": "chéng",
        "表": "biǎo",
        "保": "bǎo",
        "遍": "biàn",
        "境": "jìng",
        "意": "yì",
        "态": "tài",
        "环": "huán",
        "示": "shí",
        "一": "yí",
        "期": "jī",
        "诒": "yí",
    },
)


@example(page=LOST_DIGIT)
@example(page=LOST_AT_LINE_END)
@example(page=ADJACENT_HOLES)
@given(mirrored())
def test_damage_left_in_the_output_is_flagged_unrecoverable(page: Page) -> None:
    """The safety net outside the exact classes: the output is the text, or every ``?``,
    private-use or replacement character left in it was written by an edit of kind
    mojibake-unrecoverable (the page says where it could not repair)."""
    text, dictionary = page
    assume(not any(_residue(c) for c in text))  # then any such character is damage
    result = repair(mirror(text, dictionary, fold=False, per_line=True))
    if result.text == output_format(text):
        return
    flagged = _flagged_output_positions(result)
    left = [
        (p, result.text[max(0, p - 4) : p + 5])
        for p, c in enumerate(result.text)
        if _residue(c) and p not in flagged
    ]
    assert not left


# --- 3. the full-width fold -------------------------------------------------------------------


@ROUND_TRIP
@given(fold_texts())
def test_punctuation_fold_round_trips(text: str) -> None:
    result = repair(flatten_punctuation(text))
    assert result.text == output_format(text)
    assert {e.kind for e in result.findings} <= {"punctuation"}


@given(fold_texts().flatmap(aligned_pages))
def test_mirror_with_fold_round_trips_for_aligned_dictionaries(page: Page) -> None:
    text, dictionary = page
    result = repair(mirror(text, dictionary, fold=True, per_line=True))
    assert result.text == output_format(text)
    assert {e.kind for e in result.findings} <= {"pinyin", "punctuation"}


PERCENT_COMMA = "城市，经济，社会，生活\n营业收入同比增长12%，市场反应良好。"


@example(text=PERCENT_COMMA)
@settings(suppress_health_check=[HealthCheck.filter_too_much])
@given(fold_texts(after_percent=True))
def test_punctuation_fold_after_a_percent_sign_round_trips(text: str) -> None:
    assume("%，" in text)
    assert repair(flatten_punctuation(text)).text == output_format(text)


# --- 4. no false repairs ---------------------------------------------------------------------


@given(articles())
def test_clean_articles_are_never_repaired(text: str) -> None:
    """Both scripts, with English sentences, numbers, dates, parentheses, full-width and
    ASCII punctuation as the generators write them."""
    result = repair(text)
    assert result.text == text
    assert not REPAIR_KINDS & {e.kind for e in result.edits}


ASCII_ITEMS = (
    "12:30",
    "14:56:14",
    "1,000",
    "3,000,000",
    "a,b",
    "A,B,C",
    "(Financial Times)",
    "(Razr 70)",
    "2.4T",
    "01.ai",
    "https://example.com/news?id=7&page=2",
    "http://example.org:8080/a,b;c",
    "wang.ming@example.com",
    "li_hua+news@example.org",
)


@st.composite
def folded_pages_with_ascii(draw: st.DrawFn) -> tuple[str, str]:
    """(original, page): a fold-restorable Chinese article with ASCII items (times,
    numbers, lists, glosses, URLs, e-mail addresses) put between two hanzi and English
    paragraphs as lines of their own; the page is the original after the fold."""
    lines = draw(fold_texts()).split("\n")
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(lines) - 1))
        spots = [k for k in range(1, len(lines[i])) if _han(lines[i][k - 1]) and _han(lines[i][k])]
        if spots:
            k = draw(st.sampled_from(spots))
            lines[i] = lines[i][:k] + draw(st.sampled_from(ASCII_ITEMS)) + lines[i][k:]
    for _ in range(draw(st.integers(0, 2))):
        lines.insert(draw(st.integers(1, len(lines))), draw(english_paragraphs()))
    original = "\n".join(lines)
    return original, flatten_punctuation(original)


@given(folded_pages_with_ascii())
def test_ascii_text_in_a_folded_page_is_kept(case: tuple[str, str]) -> None:
    original, page = case
    result = repair(page)
    assert result.text == output_format(original)


FOLDED_PAGE = """城南老街改造完成,居民赞不绝口!
今年春天,城南老街完成了改造;街道负责人表示:工程于12:30开工,共有1,000人参加。
选项a,b均可,详见https://example.com/news?id=7&page=2。
如有疑问,请发邮件至wang.ming@example.com。
据英国《金融时报》(Financial Times)报道,改造共花费3.5亿元(约合5,000万美元)。
The project was completed on time, officials said: "We are proud of it!" Really? Yes, at 09:15.
为何要修旧如旧?负责人说:“这是居民的心愿。”"""

FOLDED_PAGE_REPAIRED = """城南老街改造完成，居民赞不绝口！
今年春天，城南老街完成了改造；街道负责人表示：工程于12:30开工，共有1,000人参加。
选项a,b均可，详见https://example.com/news?id=7&page=2。
如有疑问，请发邮件至wang.ming@example.com。
据英国《金融时报》(Financial Times)报道，改造共花费3.5亿元（约合5,000万美元）。
The project was completed on time, officials said: "We are proud of it!" Really? Yes, at 09:15.
为何要修旧如旧？负责人说：“这是居民的心愿。”"""


def test_folded_page_with_ascii_text_exact_output() -> None:
    result = repair(FOLDED_PAGE)
    assert result.text == FOLDED_PAGE_REPAIRED
    assert {e.kind for e in result.findings} == {"punctuation"}


ENGLISH_QUOTED = (
    "城市，经济，社会，生活。\n"
    "王明用英语说“Is this the right moment to change course?”，"
    "李华用英语说“Nobody expected the results to come so soon!”。"
)


def test_english_sentence_quoted_in_a_folded_page_keeps_its_marks() -> None:
    assert repair(flatten_punctuation(ENGLISH_QUOTED)).text == ENGLISH_QUOTED


# --- 5. accounting ---------------------------------------------------------------------------


@given(corrupted_pages())
def test_edits_account_for_every_change(page: str) -> None:
    result = repair(page)
    source, text, edits = result.source, result.text, result.edits
    assert apply_edits(source, edits) == text
    assert rebuild_source(text, edits) == source
    position = 0
    out = 0  # where source[position] lands in the output, between edits
    for e in edits:
        assert position <= e.start <= e.end <= len(source), e  # sorted, disjoint, in bounds
        assert e.original == source[e.start : e.end], e
        kept = e.start - position
        assert text[out : out + kept] == source[position : e.start]  # untouched text is equal
        out += kept
        assert text[out : out + len(e.replacement)] == e.replacement
        out += len(e.replacement)
        position = e.end
    assert text[out:] == source[position:]
    for e in edits:
        if e.kind == UNRECOVERABLE:
            assert e.replacement == e.original, e  # a flag, not a change


# --- 6. idempotence --------------------------------------------------------------------------


@given(corrupted_pages())
def test_repairing_the_output_again_changes_nothing(page: str) -> None:
    once = repair(page)
    twice = repair(once.text)
    assert twice.text == once.text
    assert all(e.replacement == e.original for e in twice.edits), twice.findings
