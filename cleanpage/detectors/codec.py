"""Classic mojibake: text that went through the wrong codec once, and lost-data marks.

A run of characters is re-encoded with the codec that misread it and decoded with the
one that should have been used; the repair is kept only when the round trip is exact
(strict codecs both ways) and the result reads as Chinese far better than the run
(:mod:`cleanpage.charmodel`). The confusions tried:

====================  ===============================  =========================
rule                  looks like                        was
====================  ===============================  =========================
codec.utf8-as-gbk     ``涓枃鍐呭``                       UTF-8 read as GBK/GB18030
codec.utf8-as-big5    ``銝剜?``                         UTF-8 read as Big5
codec.gbk-as-latin1   ``ÖÐÎÄÄÚÈÝ``                      GBK read as Latin-1/CP1252
codec.big5-as-latin1  ``¤¤¤å``                          Big5 read as Latin-1/CP1252
codec.double-utf8     ``ä¸­æ–‡``                        UTF-8 read as CP1252, saved as UTF-8
codec.big5-as-gbk     ``嬿ゅ``                          Big5 read as GBK
====================  ===============================  =========================

What cannot be repaired is flagged (kind ``mojibake-unrecoverable``, the text stays):
``锟斤拷`` (U+FFFD replacement characters saved as UTF-8 and read as GBK), ``烫烫烫`` and
``屯屯屯`` (uninitialised memory printed as GBK), and runs of U+FFFD.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import ClassVar

import regex

from ..charmodel import LESS_COMMON_HAN, SCORE_BOUND, SliceScores, char_score, mean_score
from ..decode import UTF8_CHARACTER, utf8_length
from ..decode import strict_decode as _strict
from ..document import EDGE, Document, Readable
from ..result import Edit
from ..script import CharTable, han_count, is_garbage, is_han
from .base import Stage, Thresholds, covered
from .residue import strip_tags

KIND = "mojibake"
UNRECOVERABLE = "mojibake-unrecoverable"

# CP1252 as browsers read it: the five bytes Python leaves undefined are C1 controls
_CP1252_EXTRA = {0x81: "\x81", 0x8D: "\x8d", 0x8F: "\x8f", 0x90: "\x90", 0x9D: "\x9d"}
_CP1252_ENCODE = {ch: b for b, ch in _CP1252_EXTRA.items()}

# runs a misreading leaves: Han plus everything else a GBK/Big5 pair can decode to
# (kana, bopomofo, Greek, Cyrillic, pinyin letters, box drawing, symbols, full-width
# and compatibility forms, private use); ASCII and whitespace end a run
_CJK_RUN = regex.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Bopomofo}\p{Hangul}\u00a1-\u02ff\u0391-\u03c9\u0401-\u0451"
    r"\u2010-\u2027\u2030-\u205e\u2100-\u33ff\ue000-\uf8ff\ufe30-\ufe6f\uff00-\uffef]{2,}"
)
_LATIN = (
    "\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    "\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
# a GBK or Big5 trail byte may be ASCII 0x40-0x7E: it rides along after a lead
_LATIN_RUN = regex.compile(rf"(?:[{_LATIN}][\x40-\x7e]?){{2,}}")
_LOST = regex.compile(r"(?:锟斤拷)+锟?|(?:烫){3,}|(?:屯){3,}|\ufffd+")

# the repaired run must read this much better, per character, than the run itself
_MARGIN = 3.0
# ... and this much when the run reads as kana, Greek, Cyrillic or Hangul: real scripts
# that the model scores low inside Chinese, not signs of a misreading
_CLEAN_RUN_MARGIN = 8.0
# and read as ordinary Chinese (charmodel: common hanzi score 0, garbage far below)
_PLAUSIBLE = -2.5
_PINYIN_CLASS = "[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêɑńňǹɡ]"
_PINYIN_ONLY = regex.compile(_PINYIN_CLASS + "+")
_PINYIN_LETTER = regex.compile(_PINYIN_CLASS)  # (most runs have none)
_SPLIT_REACH = 8  # characters searched before the first odd one (after the last)
# what one hanzi of UTF-8 with a broken one after it must lose by, per character of
# the run, to another reading of the same Latin run (the shape is evidence)
_UTF8_SHAPE_MARGIN = 1.0


def _suspicious(ch: str) -> bool:
    """A character correct Chinese rarely has: private use, symbols, a less common hanzi."""
    if is_garbage(ch) or 0x2100 <= ord(ch) <= 0x33FF:
        return True
    return char_score(ch) <= LESS_COMMON_HAN


_SUSPICIOUS = CharTable(_suspicious)  # by character, for runs read by ``map``


def _big5_of_gbk(ch: str) -> tuple[str, int, int, int]:
    """How the GBK bytes of ``ch`` read as Big5: (the one character they read as, or
    NUL; 1 if they do not read or read as U+FFFD; 1 if they read as more than one
    character; 1 if the character read is a hanzi).

    GBK writes ASCII in one byte, which Big5 reads as the same character, and every other
    character in two bytes (lead, trail) or four with ASCII digits in the second and
    fourth, which no Big5 pair holds; Big5 reads a pair at a time, in step with the
    characters. So a part of a run reads as Big5 exactly when each of its characters
    does, and its reading is theirs joined."""
    if ch.isascii():
        return (ch, 0, 0, 0)
    raw = _encode(ch, "gb18030")
    read = _strict(raw, "big5hkscs") if raw is not None and len(raw) == 2 else None
    if read is None or "\ufffd" in read:
        return ("\x00", 1, 0, 0)
    if len(read) != 1:
        return ("\x00", 0, 1, 0)
    return (read, 0, 0, int(is_han(read)))


_BIG5_OF_GBK = CharTable(_big5_of_gbk)  # by character, as _SUSPICIOUS
# Its counts and _suspicious, by character, packed in one integer so that one prefix
# sum counts all four over a part: no Big5 reading (the lowest field), read as more than
# one character, read as a hanzi, suspicious (the highest). A field holds any count up
# to the length of a run shorter than _FIELD. The highest field orders the prefix sums
# as the whole integers do, so the first and last suspicious characters are found by
# bisection (_suspicious_ends).
_BITS = 21
_FIELD = 1 << _BITS
_MISFITS = _FIELD - 1
_MULTIS = _MISFITS << _BITS
_SUSPICIOUS_SHIFT = 3 * _BITS
_RUN_COUNTS = CharTable(
    lambda ch: (
        sum(n << (_BITS * k) for k, n in enumerate(_BIG5_OF_GBK[ch][1:]))
        + (_SUSPICIOUS[ch] << _SUSPICIOUS_SHIFT)
    )
)
_BIG5_CHAR = CharTable(lambda ch: _BIG5_OF_GBK[ch][0])  # the character read
# at least what the Big5 reading of a character adds to the score of a reading of a
# part (charmodel.SCORE_BOUND; 0 where there is no one-character reading: such parts
# are ruled out or left to _best before the bound is asked)
_BIG5_BOUND = CharTable(lambda ch: 0.0 if any(_BIG5_OF_GBK[ch][1:3]) else SCORE_BOUND[_BIG5_OF_GBK[ch][0]])
# rounding between SliceScores and mean_score is far below this
_SLICE_TOLERANCE = 1e-6


_SCRIPTS = {
    "kana": regex.compile(r"[\p{Hiragana}\p{Katakana}ー]"),
    "greek": regex.compile(r"\p{Greek}"),
    "cyrillic": regex.compile(r"\p{Cyrillic}"),
    "hangul": regex.compile(r"\p{Hangul}"),
}
# letters and marks a GBK or Big5 misreading mixes in: pinyin letters, bopomofo, symbols
_MISREAD_ONLY = regex.compile(r"[\u00a1-\u02ff\p{Bopomofo}\u2100-\u2fff\ue000-\uf8ff\ufe30-\ufe6f\ufffd]")


def _reads_as_another_script(run: str) -> bool:
    """Mostly the letters of *one* other script (kana, Greek, Cyrillic or Hangul): text in
    its own right. A misreading mixes them (kana with Greek, Cyrillic with pinyin letters)
    or adds what only it produces (private use, box drawing, bopomofo, U+FFFD)."""
    if _MISREAD_ONLY.search(run):
        return False
    present = [name for name, pattern in _SCRIPTS.items() if pattern.search(run)]
    if len(present) != 1:
        return False
    return len(_SCRIPTS[present[0]].findall(run)) * 2 >= len(run)


def _cp1252_bytes(text: str) -> bytes | None:
    out = bytearray()
    for ch in text:
        b = _CP1252_ENCODE.get(ch)
        if b is not None:
            out.append(b)
            continue
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            try:
                out += ch.encode("latin-1")
            except UnicodeEncodeError:
                return None
    return bytes(out)


def _encode(text: str, codec: str) -> bytes | None:
    try:
        return text.encode(codec)
    except UnicodeEncodeError:
        return None


def _utf8_salvage(raw: bytes) -> str | None:
    """UTF-8 bytes whose ends were cut: drop a leading partial sequence and a trailing
    one, decode the rest strictly."""
    start = 0
    while start < len(raw) and 0x80 <= raw[start] <= 0xBF and start < 3:
        start += 1
    try:
        return raw[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        # a sequence that is invalid or cut short stays so whatever is cut off after
        # its start: cutting at most three bytes helps only when it starts in them
        if start + exc.start < len(raw) - 3:
            return None
    for back in range(1, 4):
        t = _strict(raw[start : len(raw) - back], "utf-8")
        if t is not None:
            return t
    return None


# the UTF-8 form of a hanzi (every lead byte of the Han blocks: a superset is enough),
# well-formed; and well-formed UTF-8 text
UTF8_HAN_FORM = rb"[\xe3-\xe9\xef][\x80-\xbf]{2}|\xf0[\x90-\xbf][\x80-\xbf]{2}"
# (written to open with the lead byte, so the engine skips other bytes in its own loop:
# a third less time; tests/detectors/test_codec.py checks it against the plain form)
_UTF8_HAN = re.compile(rb"[\xe3-\xe9\xef\xf0](?:(?<=\xf0)[\x90-\xbf][\x80-\xbf]{2}|(?<!\xf0)[\x80-\xbf]{2})")
_UTF8_TEXT = re.compile(rb"(?:[\x00-\x7f]|" + UTF8_CHARACTER + rb")*")


def _holds_two_utf8_han(raw: bytes) -> bool:
    """Do these bytes hold a stretch of well-formed UTF-8 with two hanzi in it (two
    matches of :data:`_UTF8_HAN`)?

    A UTF-8 reading of any slice of ``raw`` that holds two hanzi is such a stretch.
    Matches are found in order, and each is a character of any well-formed stretch
    it is in: it starts with a lead byte, which is no continuation byte of another
    character, and the bytes between two characters of a stretch hold no match that
    a search would find first. So two consecutive matches with well-formed UTF-8
    between them are what is asked. GBK text is full of single byte triples that look
    like a UTF-8 hanzi, far apart: the two searches first rule out most runs. Linear:
    the bytes between two matches are read once."""
    first = _UTF8_HAN.search(raw)
    if first is None or _UTF8_HAN.search(raw, first.end()) is None:
        return False
    end = -1
    for match in _UTF8_HAN.finditer(raw, first.start()):
        if end >= 0 and _UTF8_TEXT.fullmatch(raw, end, match.start()):
            return True
        end = match.end()
    return False


def _utf8_readable(run: str) -> tuple[bool, bool]:
    """Could part of ``run`` be UTF-8 misread as GBK, or as Big5? A repair needs two
    hanzi (:meth:`CodecMojibakeDetector._best`), so the bytes must hold a well-formed
    stretch of UTF-8 with two hanzi in it (:func:`_holds_two_utf8_han`). A part's bytes
    are a slice of the run's (what Big5 writes of a character pair at a cut is at the
    slice's edge, outside any stretch between two hanzi), so what the whole run lacks
    no part has. Most runs of correct text lack both: asked once per run, this spares
    each of its parts two or three decodes. Two characters never hold two: in either
    codec a character takes at most two bytes, or four with ASCII digits second and
    fourth, and two UTF-8 hanzi are six bytes over 0x7F."""
    if len(run) <= 2:
        return (False, False)
    return (
        _holds_two_utf8_han(run.encode("gb18030", "replace")),
        _holds_two_utf8_han(run.encode("big5hkscs", "replace")),
    )


def _cjk_candidates(
    run: str, utf8_readable: tuple[bool, bool] = (True, True), big5: bool = True
) -> list[tuple[str, str]]:
    """The readings of a run that went through a Chinese codec it was not in; the two
    UTF-8 ones only where ``utf8_readable`` (see :func:`_utf8_readable`) allows, the
    Big5 one only with ``big5``."""
    out: list[tuple[str, str]] = []
    raw = _encode(run, "gb18030") if utf8_readable[0] or big5 else None
    if raw is not None:
        if utf8_readable[0]:
            if (t := _strict(raw, "utf-8")) is not None:
                out.append(("codec.utf8-as-gbk", t))
            elif (t := _utf8_salvage(raw)) is not None:
                out.append(("codec.utf8-as-gbk-partial", t))
        if big5 and (t := _strict(raw, "big5hkscs")) is not None:
            out.append(("codec.big5-as-gbk", t))
    if utf8_readable[1]:
        raw = _encode(run, "big5hkscs")
        if raw is not None and (t := _strict(raw, "utf-8")) is not None:
            out.append(("codec.utf8-as-big5", t))
    return out


def _latin_candidates(run: str) -> list[tuple[str, str]]:
    raw = _cp1252_bytes(run)
    if raw is None:
        return []
    out: list[tuple[str, str]] = []
    for rule, codec in (
        ("codec.double-utf8", "utf-8"),
        ("codec.gbk-as-latin1", "gb18030"),
        ("codec.big5-as-latin1", "big5hkscs"),
    ):
        t = _strict(raw, codec)
        if t is not None and t != run:
            out.append((rule, t))
    return out


def _trim_edges(text: str, start: int, end: int, *, left: bool = True, right: bool = True) -> tuple[int, int]:
    """``text[start:end]`` without edge characters (:data:`EDGE`) at either end (or the
    ends asked for); at the left also without the ASCII a Latin run let ride after the
    lead it no longer has."""
    if left:
        while start < end and text[start] in EDGE:
            start += 1
        while start < end and "\x40" <= text[start] <= "\x7e":
            start += 1
    if right:
        while end > start and text[end - 1] in EDGE:
            end -= 1
    return start, end


def _readings(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans a run found at ``text[start:end]`` is tried as, in order: without edge
    characters (:data:`EDGE`) at either end, since a no-break space, U+0085 or U+3000
    beside a run is mostly layout; without them only on a side where nothing else stands
    between the run and the line's edge, as the next cleaning finds the run once
    ``layout.strip`` has removed them; as found, since such a character can also be a
    byte of the misreading (造 in UTF-8 ends in A0, a no-break space to Latin-1). The
    next cleaning tries nothing the first did not, so a run left alone stays alone."""
    first = text[start]
    if first not in EDGE and not "\x40" <= first <= "\x7e" and text[end - 1] not in EDGE:
        return [(start, end)]  # nothing to trim: all three are the run (most runs)
    pos = start
    while pos > 0 and text[pos - 1] in EDGE and text[pos - 1] != "\n":
        pos -= 1
    at_start = pos == 0 or text[pos - 1] == "\n"
    pos = end
    while pos < len(text) and text[pos] in EDGE and text[pos] != "\n":
        pos += 1
    at_end = pos == len(text) or text[pos] == "\n"
    out: list[tuple[int, int]] = []
    for x, y in (
        _trim_edges(text, start, end),
        _trim_edges(text, start, end, left=at_start, right=at_end),
        (start, end),
    ):
        if y - x >= 2 and (x, y) not in out:
            out.append((x, y))
    return out


def _head_and_tail_spans(run: str) -> list[tuple[int, int]]:
    """Where a misread part of ``run`` may be, the rest being correct text: from a little
    before its first odd character to the end, or from the start to a little after its
    last one (mojibake often follows correct text with no space between)."""
    flags = list(map(_SUSPICIOUS.__getitem__, run))
    if True not in flags:
        return []
    first = flags.index(True)
    last = len(flags) - 1 - flags[::-1].index(True)
    return _spans_around(first, last, len(run))


def _spans_around(first: int, last: int, n: int) -> list[tuple[int, int]]:
    """:func:`_head_and_tail_spans` of a run of ``n`` characters whose first and last
    suspicious ones are at ``first`` and ``last``."""
    spans = [(a, n) for a in range(first, max(0, first - _SPLIT_REACH) - 1, -1) if a > 0]
    spans += [(0, b) for b in range(last + 1, min(n, last + 1 + _SPLIT_REACH) + 1) if b < n]
    return spans


def _run_counts(run: str) -> list[int] | None:
    """Prefix sums of :data:`_RUN_COUNTS` over ``run`` (None for a run too long for its
    fields: two million characters)."""
    if len(run) >= _FIELD:
        return None
    return list(accumulate(map(_RUN_COUNTS.__getitem__, run), initial=0))


def _suspicious_ends(counts: list[int]) -> tuple[int, int] | None:
    """The positions of the first and last suspicious characters of the run whose
    :func:`_run_counts` these are (None: there is none)."""
    total = counts[-1] >> _SUSPICIOUS_SHIFT
    if not total:
        return None
    # counts[i] holds at least k suspicious characters exactly when counts[i] is at
    # least k << _SUSPICIOUS_SHIFT (the fields below it are smaller than that unit)
    first = bisect_left(counts, 1 << _SUSPICIOUS_SHIFT) - 1
    last = bisect_left(counts, total << _SUSPICIOUS_SHIFT) - 1
    return first, last


def _utf8_pieces(head: str, tail: str) -> bool:
    """Are the characters a cut left out of a Latin run, read back as CP1252 bytes, the
    pieces of UTF-8 characters: continuation bytes before the cut part (at most three),
    the first bytes of one character after it? Edge characters count: a no-break space
    is byte A0, a continuation byte."""
    before, after = _cp1252_bytes(head), _cp1252_bytes(tail)
    if before is None or after is None or not (before or after) or len(before) > 3:
        return False
    if any(not 0x80 <= byte <= 0xBF for byte in before):
        return False
    if not after:
        return True
    return 0 < len(after) < utf8_length(after[0]) and all(0x80 <= byte <= 0xBF for byte in after[1:])


def _broken_bytes(left_out: str) -> bool:
    """Are the characters a cut left out of a Latin run the bytes of a broken character
    (non-ASCII, and something besides edge characters)?"""
    rest = [ch for ch in left_out if ch not in EDGE]
    return bool(rest) and not any(ch.isascii() for ch in rest)


class CodecMojibakeDetector:
    name: ClassVar[str] = "codec"
    stage: ClassVar[Stage] = "repair"
    thresholds: ClassVar[Thresholds] = (("margin", float), ("plausible", float))

    def __init__(self, margin: float = _MARGIN, plausible: float = _PLAUSIBLE) -> None:
        self.margin = margin
        self.plausible = plausible

    def detect(self, doc: Document, marks: Sequence[Edit]) -> list[Edit]:
        text = doc.source
        taken = covered(doc, marks)
        edits: list[Edit] = []
        for lost in _LOST.finditer(text):
            x, y = lost.span()
            if not any(taken[x:y]):
                edits.append(Edit(x, y, lost.group(), UNRECOVERABLE, "codec.lost-data", 0.9, lost.group()))
        if "<" in text:
            edits += self._across_tags(doc, taken)
        # Runs are read as the page reads once the characters no text holds are gone (a
        # NUL inside a run does not split it), and also without the whitespace at their
        # edges (see _readings): a no-break space or U+0085 beside a run at a line's edge
        # is removed by layout.strip, and the next cleaning reads the run without it.
        readable = Readable(text)
        for pattern, candidates in ((_CJK_RUN, _cjk_candidates), (_LATIN_RUN, _latin_candidates)):
            for run in pattern.finditer(readable.text):
                chosen = self._repair_readings(
                    readable.text,
                    *run.span(),
                    candidates,
                    lambda x, y: not any(taken[slice(*readable.to_source(x, y))]),
                )
                if chosen is not None:
                    x, (a, b, rule, new, confidence) = chosen
                    s, e = readable.to_source(x + a, x + b)
                    edits.append(Edit(s, e, new, KIND, rule, confidence, text[s:e]))
        return edits

    def _across_tags(self, doc: Document, taken: bytearray) -> list[Edit]:
        """Runs that a tag splits (``ǎ<p>Ё``, ``ÖÐ<b>ÎÄ``): the residue repair removes the
        tag, and the next cleaning reads one run there. They are read as the line reads
        without its tags, before the runs of the page; a repair takes the tags inside it
        and marks its span in ``taken``."""
        out: list[Edit] = []
        for line in doc.lines:
            text = line.text
            if "<" not in text or ">" not in text:
                continue
            spans, kept = strip_tags(text)
            if not spans:
                continue
            stripped = "".join(text[i] for i in kept)

            # a run is tried as one the page holds whole is (see detect), in the
            # readings where a tag stands inside it (else it is read with the rest of
            # the page) and no earlier repair took its span
            def split_and_free(x: int, y: int, kept: list[int] = kept, start: int = line.start) -> bool:
                return kept[y - 1] - kept[x] != y - 1 - x and not any(
                    taken[start + kept[x] : start + kept[y - 1] + 1]
                )

            for pattern, candidates in ((_CJK_RUN, _cjk_candidates), (_LATIN_RUN, _latin_candidates)):
                for run in pattern.finditer(stripped):
                    chosen = self._repair_readings(stripped, *run.span(), candidates, split_and_free)
                    if chosen is None:
                        continue
                    x, (a, b, rule, new, confidence) = chosen
                    s, e = line.start + kept[x + a], line.start + kept[x + b - 1] + 1
                    taken[s:e] = b"\x01" * (e - s)
                    out.append(Edit(s, e, new, KIND, rule, confidence, doc.source[s:e]))
        return out

    def _repair_readings(
        self,
        text: str,
        start: int,
        end: int,
        candidates: Callable[[str], list[tuple[str, str]]],
        usable: Callable[[int, int], bool],
    ) -> tuple[int, tuple[int, int, str, str, float]] | None:
        """The repair of the run ``text[start:end]``, tried as each of its readings
        (:func:`_readings`) that ``usable`` allows: the first full repair, else the
        partial one that recovers the most hanzi (the first of those), with the
        reading's start. A no-break space after a broken run can be the last byte of
        its last character (造 ends in A0), so the run as found is tried too."""
        chosen: tuple[int, tuple[int, int, str, str, float]] | None = None
        for x, y in _readings(text, start, end):
            if not usable(x, y):
                continue
            found = self._repair_run(text[x:y], candidates)
            if found is None:
                continue
            full = not found[2].endswith("-partial")
            if chosen is None or full or han_count(found[3]) > han_count(chosen[1][3]):
                chosen = (x, found)
            if full:
                break
        return chosen

    def _repair_run(
        self, run: str, candidates: Callable[[str], list[tuple[str, str]]], *, settle: bool = True
    ) -> tuple[int, int, str, str, float] | None:
        """The whole run, or else its longest misread tail or head: mojibake often
        follows correct text with no space between (标题：璁剧珛…). With ``settle``, only
        a repair whose text would not be repaired again (see :meth:`_settled`).
        ``candidates`` is :func:`_cjk_candidates` or :func:`_latin_candidates`: which
        kind of run this is (a CJK run's parts each get the readings that may repair
        them, see :meth:`_big5_spans`)."""
        pinyin = _PINYIN_LETTER.search(run) is not None
        if pinyin and _PINYIN_ONLY.fullmatch(run):
            # pinyin letters are text (or the pinyin detector's business): as GBK they are
            # one row (A8A1-A8C0) that real Big5 text almost never fills alone
            return None
        if candidates is _latin_candidates:
            return self._repair_latin_run(run, settle=settle)
        # a head or tail of pinyin letters is text too: after a mark that joins it to the
        # run ('“ǎǎ') it must stay as it stays alone
        counts = _run_counts(run)
        if counts is None:
            halves = _head_and_tail_spans(run)
        else:
            ends = _suspicious_ends(counts)
            halves = [] if ends is None else _spans_around(*ends, len(run))
        spans = [(0, len(run))]
        if pinyin:
            spans += [(a, b) for a, b in halves if not _PINYIN_ONLY.fullmatch(run, a, b)]
        else:
            spans += halves
        # the Big5 reading only of the parts where it may be a repair (a candidate that
        # _best would turn down changes nothing there); with no UTF-8 reading possible,
        # only those parts at all
        readable = _utf8_readable(run)
        big5 = spans if counts is None else self._big5_spans(run, spans, counts)
        if not any(readable):
            spans = big5
        big5_parts = set(big5)
        for a, b in spans:
            part = run[a:b]
            fixed = self._best(part, _cjk_candidates(part, readable, (a, b) in big5_parts), settle=settle)
            if fixed is None:
                continue
            if (a, b) == (0, len(run)):
                return (0, len(run), *fixed)
            if not fixed[0].endswith("-partial"):
                return (a, b, *fixed)
        return None

    def _big5_spans(self, run: str, spans: list[tuple[int, int]], counts: list[int]) -> list[tuple[int, int]]:
        """Those of ``spans`` (parts of ``run``, in order) whose Big5 reading, their only
        candidate, may be a repair in :meth:`_best`: it exists, holds two hanzi, is
        plausible and beats the part by the margin. The scores come from prefix sums
        (:class:`~cleanpage.charmodel.SliceScores`) with a tolerance, so a part ruled
        out here is one :meth:`_best` rules out; a part whose reading has a character
        of two code points is left to :meth:`_best`. Most runs of correct text read as
        Big5 in long stretches, and this spares each part a decode and two scores."""
        # Counts over a part are differences of the prefix sums ``counts`` (_run_counts):
        # one pass over the run, then constant work per part. The counts (misfits,
        # readings of more than one character, hanzi) are summed at once, packed in one
        # integer per character. (A run of two million characters has no counts: each
        # of its parts is left to _best.)
        # a part holding a misfit has no reading: most parts of most runs, ruled out first
        spans = [(a, b) for a, b in spans if not (counts[b] - counts[a]) & _MISFITS]
        if not spans:
            return spans
        # the scores are built when a part first needs them: first an upper bound of
        # the reading's score (one lookup per character), which rules out most parts of
        # correct text; then the reading's own scores for the parts it leaves
        bounds: list[float] | None = None
        reading: SliceScores | None = None
        own: SliceScores | None = None
        low = self.plausible - _SLICE_TOLERANCE
        out: list[tuple[int, int]] = []
        for a, b in spans:
            part_counts = counts[b] - counts[a]
            if not part_counts & _MULTIS:
                if (part_counts >> (2 * _BITS)) & _MISFITS < 2:  # fewer than two hanzi
                    continue
                if bounds is None:
                    bounds = list(accumulate(map(_BIG5_BOUND.__getitem__, run), initial=0.0))
                if bounds[b] - bounds[a] < low * (b - a):
                    continue
                if reading is None:
                    reading = SliceScores("".join(map(_BIG5_CHAR.__getitem__, run)))
                after = reading.mean(a, b)
                if after < low:
                    continue
                if own is None:
                    own = SliceScores(run)
                if after - own.mean(a, b) < self.margin - _SLICE_TOLERANCE:
                    continue
            out.append((a, b))
        return out

    def _repair_latin_run(self, run: str, *, settle: bool) -> tuple[int, int, str, str, float] | None:
        """A run read one byte per character (Latin-1, Windows-1252), or a part of it.

        - The run may be cut through a character (a snippet cut short, a tag, a trimmed
          no-break space: 造 ends in A0): so up to three characters are taken off either
          end, and off either end of the run without its edge characters (a no-break
          space beside the run may be the A0 of 造, U+0085 after it is not). Non-ASCII
          characters left out are the broken end, bytes of a character that lost
          others: the repair takes them too, as ``-partial`` (left in place, the next
          cleaning would read them as more mojibake). Edge characters and ASCII left
          out stay as they are.
        - Its misread head or tail is tried as for any run: correct marks or letters
          beside it stay.

        Several parts can round-trip (GBK bytes missing their first one can pair up
        anew, as ``±¾©`` to ``本┓``; ``··`` after a run is also GBK ``贩``): the repair
        after which the run reads best wins, on a tie the first tried (the whole run
        first)."""
        n = len(run)
        lead = 0
        while lead < n and run[lead] in EDGE:
            lead += 1
        trail = n
        while trail > lead and run[trail - 1] in EDGE:
            trail -= 1
        starts = sorted({a for a in (*range(4), *range(lead - 3, lead + 4)) if 0 <= a < n})
        ends = sorted({b for b in (*range(n - 3, n + 1), *range(trail - 3, trail + 4)) if 0 < b <= n})[::-1]
        cuts = [(a, b) for a in starts for b in ends if b - a >= 2]
        cut_set = set(cuts)
        halves = [span for span in _head_and_tail_spans(run) if span not in cut_set]
        # (value, span, repair, whether the characters the span leaves out are a
        # broken character's bytes)
        best: tuple[float, tuple[int, int, str, str, float], bool] | None = None
        for a, b in cuts + halves:
            broken = (a, b) in cut_set and _broken_bytes(run[:a] + run[b:])
            # One whole UTF-8 character and the bytes of a broken one (å»ºé€ of 建造,
            # cut after its fifth byte) are a misreading by their shape: three Latin-1
            # characters that are exactly a UTF-8 character's bytes, then a lead byte
            # (or continuation bytes before). The score of one hanzi could not say so
            # alone (curly quotes are bytes 91-94 here, and score as Chinese marks), so
            # that reading needs no margin, and it wins unless another reads better by
            # _UTF8_SHAPE_MARGIN per character (GBK bytes of that shape are rare).
            one_han = broken and _utf8_pieces(run[:a], run[b:])
            fixed = self._best(
                run[a:b],
                _latin_candidates(run[a:b]),
                settle=settle,
                one_han_rule="codec.double-utf8" if one_han else None,
            )
            if fixed is None:
                continue
            value = mean_score(run[:a] + fixed[1] + run[b:])
            if one_han and fixed[0] == "codec.double-utf8" and han_count(fixed[1]) == 1:
                value += _UTF8_SHAPE_MARGIN
            if best is None or value > best[0]:
                best = (value, (a, b, *fixed), broken)
        if best is None:
            return None
        (a, b, rule, new, confidence), broken = best[1], best[2]
        if not broken:
            return a, b, rule, new, confidence
        # bytes of a broken character go with the repair; edge characters beyond stay
        return min(a, lead), max(b, trail), f"{rule}-partial", new, 0.6

    def _best(
        self,
        run: str,
        candidates: list[tuple[str, str]],
        *,
        settle: bool = True,
        one_han_rule: str | None = None,
    ) -> tuple[str, str, float] | None:
        """The best repair of ``run`` among ``candidates``: two hanzi or more, plausible,
        and clearly better than the run; or one plausible hanzi read by
        ``one_han_rule`` (see :meth:`_repair_latin_run`)."""
        candidates = [
            (rule, new)
            for rule, new in candidates
            if "\ufffd" not in new and han_count(new) >= (1 if rule == one_han_rule else 2)
        ]
        if not candidates or "锟斤拷" in run:
            return None
        # the run's own score and margin only once a reading is plausible: most runs are
        # correct text, whose other readings are not
        before: float | None = None
        margin = self.margin
        best: tuple[str, str, float] | None = None
        best_score = -99.0
        for rule, new in candidates:
            after = mean_score(new)
            if after < self.plausible:
                continue
            if before is None:
                before = mean_score(run)
                if _reads_as_another_script(run):
                    margin = max(self.margin, _CLEAN_RUN_MARGIN)
            # one hanzi of UTF-8 and a broken one: the shape is the evidence (see
            # _repair_latin_run), so the repair need only be plausible; against the
            # run's score it could lose, as CP1252 reads bytes 85 and 91-97 as
            # … ‘ ’ “ ” – —, which score as Chinese marks
            shape_only = rule == one_han_rule and han_count(new) == 1
            if after - before < margin and not shape_only:
                continue
            if after > best_score:
                if settle and not self._settled(new):
                    continue
                gain = after - before
                confidence = 0.95 if gain >= 2 * self.margin else 0.8
                if rule.endswith("-partial"):  # bytes were lost at the run's edges
                    confidence = 0.6
                best, best_score = (rule, new, confidence), after
        return best

    def _settled(self, new: str) -> bool:
        """Would a repair's text stay as it is? Text that another repair would take again
        (``˙˙±±`` read as Big5 gives ``步步㊣㊣``, whose ``㊣㊣`` reads as Big5 again) is no
        repair: the next cleaning would change it. Checked one level deep."""
        for pattern, candidates in ((_CJK_RUN, _cjk_candidates), (_LATIN_RUN, _latin_candidates)):
            for run in pattern.finditer(new):
                x, y = _trim_edges(new, *run.span())
                if y - x >= 2 and self._repair_run(new[x:y], candidates, settle=False) is not None:
                    return False
        return True
