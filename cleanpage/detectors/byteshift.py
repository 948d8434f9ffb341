"""Byte-shift mojibake on pinyin-annotated mirror pages: rebuild the bytes, decode again.

A mirror inserts ``(pinyin)`` into GBK *bytes*, so an insertion can split a character:
its decoder then eats a lead byte together with ``(`` (a stray ``?``), pairs every
following trail byte with the next lead byte (wrong and private-use characters) until
an ASCII byte realigns it. Every byte of such a run is still there except the one the
``?`` ate, and that one is pinned down by the syllable after it: the pair (previous
byte, lost byte) must be a character with that reading. So, per damaged line:

1. encode the line with GB18030 (private-use characters go back to their user-defined
   GBK codes), leaving out the annotations;
2. fill each hole: the byte eaten with a ``?syllable)`` remnant, or lost right before an
   annotation whose bytes do not read as its syllable. Candidates are the trail bytes
   that make a character with that reading; characters this page annotates elsewhere
   are preferred; the score of the decoded line breaks remaining ties;
3. where symptoms remain (``?`` between hanzi, private-use or replacement characters, a
   stray Latin letter next to a rare character), search one more edit near the symptom:
   insert a byte, turn a flattened ASCII mark back into its lost full-width bytes, or
   put back the ``<`` of a close tag. An edit is kept only when the line scores clearly
   better (``margin``), and it is recorded as a guess with a lower confidence;
4. decode again and compare with the source between points where both are aligned:
   each differing stretch becomes one edit. A symptom that no edit explains is recorded
   as ``mojibake-unrecoverable``: the text stays, the edit says where and why.

See docs/encodings.md for the model and worked examples.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import ClassVar

import regex

from .. import gbk
from ..charmodel import LESS_COMMON_HAN, char_score, score, scores_at
from ..document import Document, Line
from ..result import Edit
from ..script import HAN_CLASS, is_garbage, is_han
from .base import Stage, Thresholds
from .pinyin import _readings, normalise_syllable, reads_as

KIND = "mojibake"
UNRECOVERABLE = "mojibake-unrecoverable"
_GROUP_SYLLABLE = regex.compile(r"[(（]?([^()（）?]+)[)）]$")
# ASCII marks that are a flattened full-width mark (A3 row) when a byte went missing
_FLATTENED = ",:;!?()"
# ' . . . ' whose spaces had no GBK code and became '?' (a mirror-wide habit)
_LOST_SPACES = regex.compile(r"(?<=[\p{Latin}\d,;:’”)])\?(?:\.\?){2,}(?=[\p{Latin}\d‘“(])")
_DOUBLE_MARK = regex.compile(r"\p{Han}[,:;!?]{2}\p{Han}")
# what a damaged line shows: a private-use or replacement character (script.is_garbage),
# or a '?' beside a hanzi (script.is_han)
_DAMAGE = re.compile(f"[\ue000-\uf8ff\ufffd]|(?<=[{HAN_CLASS}])\\?|\\?(?=[{HAN_CLASS}])")
# ASCII , : ; ! between hanzi: the page folds full-width punctuation, so its '?' may be
# a question mark
_FOLDED_MARK = regex.compile(r"(?<=\p{Han})[,:;!](?=\p{Han})")
_MIN_FOLDED_MARKS = 3
_CLOSE_TAG = regex.compile(r"/[a-zA-Z][a-zA-Z0-9]{0,9}>")
_MAX_COMBINATIONS = 64
_LEADS = range(0x81, 0xFF)
_WINDOW = 30  # bytes searched before a symptom
QUESTION_BETWEEN_HAN = -8.0


@lru_cache(maxsize=1)
def _trails_by_reading() -> dict[tuple[int, str], tuple[int, ...]]:
    """(lead byte, toned syllable) -> trail bytes that make a character with that reading."""
    readings = _readings()
    out: dict[tuple[int, str], list[int]] = {}
    for lead in _LEADS:
        for trail in range(0x40, 0xFF):
            ch = gbk.pair(lead, trail)
            if ch is None or len(ch) != 1:
                continue
            for syllable in readings.get(ord(ch), ()):
                out.setdefault((lead, syllable), []).append(trail)
    return {k: tuple(v) for k, v in out.items()}


def _syllable(original: str) -> str:
    m = _GROUP_SYLLABLE.search(original)
    return normalise_syllable(m.group(1)) if m else ""


@dataclass(slots=True)
class _Byte:
    value: int | None  # None: a hole not filled yet
    origin: int  # source offset of the character (or annotation) it stands for
    src_end: int  # source offset where that character's text ends
    note: str = ""  # "pinned" / "guessed" / "unfold" / "tag" for bytes a repair put back
    syllable: str = ""  # for a hole: the reading it must complete
    confidence: float = 1.0  # for a guessed byte: how sure the search was


@dataclass(slots=True)
class _Line:
    items: list[_Byte] = field(default_factory=list)
    # (index in items where the annotation was, syllable, annotation start, end)
    annotations: list[tuple[int, str, int, int]] = field(default_factory=list)


@dataclass(slots=True)
class _Symptom:
    unit: int
    why: str


class ByteShiftDetector:
    """Rebuild byte-shifted runs on pages the pinyin detector found annotated."""

    name: ClassVar[str] = "byte-shift"
    stage: ClassVar[Stage] = "repair"
    thresholds: ClassVar[Thresholds] = (("margin", float),)

    def __init__(self, margin: float = 20.0) -> None:
        # a guessed byte must raise the line's score by this much (natural-log units):
        # smaller margins made false edits on clean lines of the samples
        self.margin = margin

    def detect(self, doc: Document, marks: Sequence[Edit]) -> list[Edit]:
        edits = self._lost_spaces(doc)
        pinyin = [m for m in marks if m.kind == "pinyin"]
        if not pinyin:
            return edits
        dictionary = self._dictionary(doc, pinyin)
        by_line: dict[int, list[Edit]] = {}
        for m in pinyin:
            by_line.setdefault(doc.line_at(m.start), []).append(m)
        # judged on the views: in the source an annotation sits between 级 and its comma
        views = "\n".join(line.view for line in doc.lines)
        folded = len(_FOLDED_MARK.findall(views)) >= _MIN_FOLDED_MARKS
        for line in doc.lines:
            strips = by_line.get(line.index, [])
            if not self._damaged(line, strips):
                continue
            edits.extend(self._repair(doc, line, strips, dictionary, folded))
        return edits

    # --- what the page tells us ------------------------------------------------------

    @staticmethod
    def _dictionary(doc: Document, pinyin: Sequence[Edit]) -> frozenset[str]:
        """Characters this page annotates: evidence for filling holes."""
        chars: set[str] = set()
        for m in pinyin:
            if m.rule == "pinyin.reading" and m.start > 0:
                chars.add(doc.source[m.start - 1])
            elif m.rule == "pinyin.gbk-bytes":
                raw = doc.source[max(0, m.start - 2) : m.start].encode("gb18030")[-2:]
                ch = gbk.pair(raw[0], raw[1]) if len(raw) == 2 else None
                if ch:
                    chars.add(ch)
        return frozenset(chars)

    @staticmethod
    def _damaged(line: Line, strips: Sequence[Edit]) -> bool:
        if any(m.rule in ("pinyin.remnant", "pinyin.toned") for m in strips):
            return True
        text = line.text
        return _DOUBLE_MARK.search(text) is not None or _DAMAGE.search(text) is not None

    def _lost_spaces(self, doc: Document) -> list[Edit]:
        out: list[Edit] = []
        if "?.?" not in doc.source:
            return out
        for m in _LOST_SPACES.finditer(doc.source):
            for i in range(m.start(), m.end()):
                if doc.source[i] == "?":
                    out.append(Edit(i, i + 1, " ", KIND, "byte-shift.lost-space", 0.8, "?"))
        return out

    # --- one line ----------------------------------------------------------------

    def _bytes(self, doc: Document, line: Line, strips: Sequence[Edit]) -> _Line:
        src = doc.source
        state = _Line()
        intact = {m.start: m for m in strips if m.rule != "pinyin.remnant"}
        remnant_at = {m.start - 1: m for m in strips if m.rule == "pinyin.remnant"}
        i = line.start
        while i < line.end:
            group = intact.get(i)
            if group is not None and group.end > i:
                state.annotations.append((len(state.items), _syllable(group.original), i, group.end))
                i = group.end
                continue
            rem = remnant_at.get(i)
            if rem is not None and src[i] == "?":
                state.items.append(_Byte(None, i, rem.end, "pinned", _syllable(rem.original)))
                i = rem.end
                continue
            for b in src[i].encode("gb18030"):
                state.items.append(_Byte(b, i, i + 1))
            i += 1
        return state

    def _fill_holes(self, state: _Line, dictionary: frozenset[str]) -> None:
        """Fill pinned holes left to right; branch over ambiguous ones, score to choose."""
        items = state.items
        # an annotation whose two bytes before it do not read as it: a byte was lost there
        inserted = 0
        for index, syllable, a_start, a_end in state.annotations:
            k = index + inserted
            if k < 1 or not syllable:
                continue
            prev = items[k - 1].value
            before = items[k - 2].value if k >= 2 else None
            if prev is None or before is None:
                continue
            ch = gbk.pair(before, prev)
            if ch is not None and reads_as(ch, syllable):
                continue
            if gbk.is_lead(prev) and _trails_by_reading().get((prev, syllable)):
                items.insert(k, _Byte(None, a_start, a_end, "pinned", syllable))
                inserted += 1
        holes = [k for k, it in enumerate(items) if it.value is None]
        if not holes:
            return
        # Depth first, left to right: a hole's candidates depend on the byte before it,
        # which may be the previous hole's choice (two holes in a row: 略?xún)?yōu)勢).
        # (A stack, not a recursive inner function: one that calls itself is a reference
        # cycle, which would outlive the page until the cyclic collector ran.)
        leaves: list[tuple[int, ...]] = []
        widths: dict[tuple[int, ...], int] = {}
        pending: list[tuple[int, ...]] = [()]  # the choices so far; the next on top
        while pending and len(leaves) < _MAX_COMBINATIONS:
            chosen = pending.pop()
            if len(chosen) == len(holes):
                leaves.append(chosen)
                continue
            k = holes[len(chosen)]
            for j, v in enumerate(chosen):
                items[holes[j]].value = v if v >= 0 else None
            options = self._hole_options(items, k, dictionary) or [-1]
            widths[chosen] = len(options)
            pending.extend((*chosen, v) for v in reversed(options))
        best: tuple[float, tuple[int, ...]] | None = None
        for combo in leaves:
            for k, v in zip(holes, combo, strict=True):
                items[k].value = v if v >= 0 else None
            s = score(gbk.decode(bytes(it.value if it.value is not None else 0x3F for it in items)))
            if best is None or s > best[0]:
                best = (s, combo)
        chosen = best[1] if best else tuple(-1 for _ in holes)
        for depth, (k, v) in enumerate(zip(holes, chosen, strict=True)):
            items[k].value = v if v >= 0 else None
            if v >= 0 and widths.get(chosen[:depth], 1) > 1:
                items[k].note = "pinned-scored"

    @staticmethod
    def _hole_options(items: list[_Byte], k: int, dictionary: frozenset[str]) -> list[int]:
        syllable = items[k].syllable
        prev = items[k - 1].value if k >= 1 else None
        if prev is not None:
            leads = [prev]
        elif k >= 1:  # two holes in a row: any lead the previous hole may take
            leads = list(_LEADS)
        else:
            leads = []
        trails: set[int] = set()
        for lead in leads:
            trails.update(_trails_by_reading().get((lead, syllable), ()))
        if not trails:
            return []
        if prev is not None:
            known = [t for t in trails if gbk.pair(prev, t) in dictionary]
            if known:
                return sorted(known)
        return sorted(trails)

    def _repair(
        self,
        doc: Document,
        line: Line,
        strips: Sequence[Edit],
        dictionary: frozenset[str],
        folded: bool,
    ) -> list[Edit]:
        state = self._bytes(doc, line, strips)
        self._fill_holes(state, dictionary)
        items = state.items
        for it in items:
            if it.value is None:  # unfillable: keep the '?' the source shows
                it.value = 0x3F
                it.note = "unfilled"
        tried: set[int] = set()
        for _ in range(4):
            if not self._guess(items, tried):
                break
        return self._edits(doc, items, folded)

    # --- search near the symptoms ---------------------------------------------------

    @staticmethod
    def _symptoms(units: list[gbk.Unit]) -> list[_Symptom]:
        out: list[_Symptom] = []
        chars = [u.char for u in units]
        n = len(chars)
        for i, ch in enumerate(chars):
            left = chars[i - 1] if i > 0 else ""
            right = chars[i + 1] if i + 1 < n else ""
            if is_garbage(ch):
                out.append(_Symptom(i, "garbage"))
            elif ch == "?" and (
                not left.isascii()
                or not right.isascii()
                or right == "?"
                or (left.isalpha() and i >= 2 and not chars[i - 2].isascii())  # 布o? : a stray letter
            ):
                # next to CJK text (a hanzi, 《, 。): a question mark, or a lost lead byte
                out.append(_Symptom(i, "question"))
            elif ch in _FLATTENED and right in _FLATTENED and right and left and is_han(left):
                nxt = chars[i + 2] if i + 2 < n else ""
                if nxt and is_han(nxt):
                    out.append(_Symptom(i, "double-mark"))
                    out.append(_Symptom(i + 1, "double-mark"))
            elif ch.isascii() and ch.isalpha() and left and right and is_han(left) and is_han(right):
                near = chars[max(0, i - 2) : i] + chars[i + 1 : i + 3]
                if any(is_han(c) and char_score(c) < LESS_COMMON_HAN for c in near):
                    out.append(_Symptom(i, "stray-letter"))
        return out

    def _guess(self, items: list[_Byte], tried: set[int]) -> bool:
        """Try one edit around the first symptom that has one; True if one was made.
        ``tried`` holds the symptoms (by byte identity) already searched in vain."""
        raw = bytes(it.value for it in items)  # type: ignore[misc]
        units = gbk.decode_units(raw)
        starts = [u.start for u in units]
        ends = {u.end for u in units}
        for symptom in self._symptoms(units):
            key = id(items[units[symptom.unit].start])
            if key in tried:
                continue
            tried.add(key)
            edit = self._best_edit(raw, units, starts, ends, symptom)
            if edit is not None:
                position, remove, new_bytes, note, confidence = edit
                origin_item = items[min(position, len(items) - 1)]
                origin, src_end = origin_item.origin, origin_item.src_end
                if remove:
                    removed = items[position : position + remove]
                    origin, src_end = removed[0].origin, removed[-1].src_end
                replacement = [_Byte(b, origin, src_end, note, confidence=confidence) for b in new_bytes]
                items[position : position + remove] = replacement
                return True
        return False

    def _best_edit(
        self, raw: bytes, units: list[gbk.Unit], starts: list[int], ends: set[int], symptom: _Symptom
    ) -> tuple[int, int, bytes, str, float] | None:
        unit = units[symptom.unit]
        lo = max(0, unit.start - _WINDOW)
        hi = min(len(raw), unit.end + 2)
        # a byte lost before the symptom was lost inside the same run: after the last
        # ASCII byte, where the decoder was still aligned
        ascii_before = max((k for k in range(lo, unit.start) if raw[k] < 0x80), default=-1)
        insert_from = max(lo, ascii_before + 1)
        # a flattened mark just before the symptom may be where the byte went missing
        first = symptom.unit
        while first > 0 and units[first - 1].start >= lo:
            first -= 1
        trials: list[tuple[int, int, bytes, str]] = []
        for u in units[first : symptom.unit + 3]:
            if u.char in _FLATTENED and u.end - u.start == 1:
                fw = gbk.fullwidth_code(u.char)
                trials.append((u.start, 1, fw, "unfold"))
                trials.extend(_family(u.start, 1, fw, "unfold"))
        if unit.char == "?" and _CLOSE_TAG.match(raw[unit.end : unit.end + 12].decode("latin-1")):
            trials.extend(_family(unit.start, 1, b"<", "tag"))
        # a '?' between hanzi is most often a question mark: only a lost full-width mark
        # (tried above) explains it as damage, so no blind byte insertion there
        if symptom.why in ("garbage", "stray-letter"):
            for position in range(insert_from, hi + 1):
                trials.extend(_family(position, 0, b"", "guessed"))
        gains = _gains(raw, starts, ends, trials)
        scored = [(gain, k) for k, gain in enumerate(gains) if gain is not None]
        if not scored:
            return None
        # the first trial with the highest gain; the runner-up is the best other edit
        best_gain = max(gain for gain, _ in scored)
        best = next(k for gain, k in scored if gain == best_gain)
        if best_gain < self.margin:
            return None
        position, remove, new, note = trials[best]
        runner_up = max(
            (gain for gain, k in scored if (trials[k][0], trials[k][2]) != (position, new)),
            default=0.0,
        )
        lead = best_gain - runner_up
        confidence = 0.7 if lead >= 10 else 0.5 if lead >= 3 else 0.3
        return position, remove, new, note, confidence

    # --- back to text edits ----------------------------------------------------------

    def _edits(self, doc: Document, items: list[_Byte], folded: bool) -> list[Edit]:
        """``folded``: the page writes ？ as ``?``, so a ``?`` may be a question mark; on
        other pages every ``?`` left next to a hanzi in a damaged line is damage."""
        raw = bytes(it.value for it in items)  # type: ignore[misc]
        units = gbk.decode_units(raw)
        n = len(raw)
        src_bounds = {0, n} | {p for p in range(1, n) if items[p].origin != items[p - 1].origin}
        unit_bounds = {0, n} | {u.start for u in units}
        sync = sorted(src_bounds & unit_bounds)
        found = self._symptoms(units)
        symptoms = {units[s.unit].start for s in found}
        # what is left and certainly damage: flagged even where nothing else changed
        flag_anyway = {
            units[s.unit].start
            for s in found
            if s.why != "question"
            or items[units[s.unit].start].note == "unfilled"
            or not folded
            or _odd_neighbour(units, s.unit)
        }
        unit_at = {u.start: u for u in units}
        edits: list[Edit] = []
        src = doc.source
        flagged_at = sorted(flag_anyway)
        symptom_at = sorted(symptoms)

        def holds(starts: list[int], p: int, q: int) -> bool:
            k = bisect.bisect_left(starts, p)
            return k < len(starts) and starts[k] < q

        for p, q in itertools.pairwise(sync):
            region = items[p:q]
            new = "".join(unit_at[b].char for b in range(p, q) if b in unit_at)
            notes = {it.note for it in region} - {"", "unfilled"}
            unchanged = not notes and new == _without_annotations(src, region)
            if unchanged and not holds(flagged_at, p, q):
                continue
            s_start = region[0].origin
            s_end = max(it.src_end for it in region)
            if holds(symptom_at, p, q):
                # still damaged: report what is left, change nothing here. The source's
                # own '?' and private-use characters stay visible too: report them
                flagged_here: set[int] = set()
                if not unchanged:
                    for it in region:
                        k = it.origin
                        if k not in flagged_here and (src[k] == "?" or is_garbage(src[k])):
                            flagged_here.add(k)
                            edits.append(_flag(src, k, k + 1))
                for b in range(p, q):
                    u = unit_at.get(b)
                    if b in symptoms and u is not None and (not unchanged or b in flag_anyway):
                        origins = [it.origin for it in items[u.start : u.end]]
                        a, z = min(origins), max(origins) + 1
                        if any(a <= k < z for k in flagged_here):
                            continue
                        if (src[a:z] and all(src[k] not in "()" for k in range(a, z))) or src[a:z] == "?":
                            edits.append(_flag(src, a, z))
                continue
            rule, confidence = _rule_for(notes, region)
            if "tag" in notes and new.endswith("<"):
                m = _CLOSE_TAG.match(src, s_end)
                if m:  # the tag goes with the '<' it lost: text pages carry no markup
                    new, s_end = new[:-1], m.end()
            edits.append(Edit(s_start, s_end, new, KIND, rule, confidence, src[s_start:s_end]))
        return edits


_LEAD_BYTES = [bytes((x,)) for x in _LEADS]


def _family(position: int, remove: int, tail: bytes, note: str) -> Iterator[tuple[int, int, bytes, str]]:
    """The trials that put each lead byte, then ``tail``, in place of ``remove`` bytes
    at ``position`` (tuples built by zip, not one by one)."""
    news = _LEAD_BYTES if not tail else [lead + tail for lead in _LEAD_BYTES]
    return zip(itertools.repeat(position), itertools.repeat(remove), news, itertools.repeat(note))


def _flag(src: str, start: int, end: int) -> Edit:
    """Report ``src[start:end]`` as damage nothing explains; the text stays."""
    return Edit(start, end, src[start:end], UNRECOVERABLE, "byte-shift.unrecoverable", 0.5, src[start:end])


def _odd_neighbour(units: list[gbk.Unit], i: int) -> bool:
    """Is a character next to unit ``i`` one that correct text rarely has?"""
    for j in (i - 2, i - 1, i + 1, i + 2):
        if 0 <= j < len(units):
            ch = units[j].char
            if (is_han(ch) and char_score(ch) <= LESS_COMMON_HAN) or is_garbage(ch):
                return True
    return False


def _gain(
    raw: bytes, starts: list[int], ends: set[int], position: int, remove: int, new: bytes
) -> float | None:
    """How much better the line reads with ``raw[position:position+remove]`` replaced by
    ``new``. Only the stretch that decodes differently is compared: from the character
    before the edit to the first point where the new decoding is aligned with the old
    one again (after it, both are the same bytes read the same way)."""
    k = bisect.bisect_right(starts, position) - 1
    lo = starts[max(0, k - 1)] if starts else 0  # one character of context for words
    # the candidate from lo to where the two readings must agree again: a byte below
    # 0x30 is never part of a multi-byte character, so both realign at it
    cand = raw[lo:position] + new + raw[position + remove : _realigned(raw, position + remove)]
    delta = len(new) - remove
    edit_end = position + len(new) - lo
    i = 0
    chars: list[str] = []
    n = len(cand)
    while i < n:
        u = gbk.unit_at(cand, i)
        chars.append(u.char)
        i = u.end
        if i >= edit_end and (i + lo - delta) in ends:
            if i < n:  # one character of context after, as before: a stray letter needs both
                u = gbk.unit_at(cand, i)
                chars.append(u.char)
                i = u.end
            break
    i += lo
    old = gbk.decode(raw[lo : i - delta])
    new_text = "".join(chars)
    if new_text == old:
        return None
    return _repair_score(new_text) - _repair_score(old)


_EXACT_TOP = 8  # trials whose estimated gain is re-scored exactly


def _gains(
    raw: bytes, starts: list[int], ends: set[int], trials: Sequence[tuple[int, int, bytes, str]]
) -> list[float | None]:
    """:func:`_gain` of every trial, fast. Most trials come in families that differ
    only in their first byte (each lead byte tried at one place): inserting it changes
    one character, and the text after it reads the same for every member. So a family
    is decoded once per way its first character can end, and each member is scored on
    the few characters around the one that differs (:func:`score` is a sum of terms at
    most three characters wide). The best estimates are then scored exactly, so the
    choice is what :func:`_gain` on every trial would make."""
    out: list[float | None] = [None] * len(trials)
    families: dict[tuple[int, int, bytes], list[int]] = {}
    for idx, (position, remove, new, _note) in enumerate(trials):
        families.setdefault((position, remove, new[1:]), []).append(idx)
    estimated: list[int] = []
    for (position, remove, tail), members in families.items():
        if len(members) < _EXACT_TOP:
            for idx in members:
                out[idx] = _gain(raw, starts, ends, position, remove, trials[idx][2])
            continue
        _estimate_family(raw, starts, ends, position, remove, tail, members, trials, out)
        estimated.extend(members)
    if estimated:
        values = [value for i in estimated if (value := out[i]) is not None]
        if values:
            # the _EXACT_TOP best estimates, and any within rounding of the last of them
            floor = heapq.nlargest(_EXACT_TOP, values)[-1] - 1e-6
            for i in estimated:
                value = out[i]
                if value is not None and value >= floor:
                    out[i] = _gain(raw, starts, ends, trials[i][0], trials[i][1], trials[i][2])
    return out


def _estimate_family(
    raw: bytes,
    starts: list[int],
    ends: set[int],
    position: int,
    remove: int,
    tail: bytes,
    members: list[int],
    trials: Sequence[tuple[int, int, bytes, str]],
    out: list[float | None],
) -> None:
    k = bisect.bisect_right(starts, position) - 1
    lo = starts[max(0, k - 1)] if starts else 0
    delta = 1 + len(tail) - remove
    edit_end = position + 1 + len(tail)
    head = raw[lo:position]
    p = len(head)
    after = tail + raw[position + remove : position + remove + 12]
    # The characters of the head that read no byte past it are the same for every
    # member. A character starting at i reads byte i + 1 when byte i is not ASCII, and
    # bytes i + 2 and i + 3 too when byte i + 1 is a digit (four-byte GB18030).
    common: list[str] = []
    start = 0
    while start < p:
        b = head[start]
        if b >= 0x80 and (start + 1 == p or (0x30 <= head[start + 1] <= 0x39 and start + 3 >= p)):
            break
        u = gbk.unit_at(head, start)
        common.append(u.char)
        start = u.end
    common_text = "".join(common)
    # The rest is decoded per member, in a window that ends where the character holding
    # the new byte may end: three bytes after it.
    pending = head[start:]
    near = after[:3]
    q = p - start
    # how the character holding the new first byte ends: (characters before it, where
    # decoding goes on) -> members, with that character
    ways: dict[tuple[str, int], list[tuple[int, str]]] = {}
    if not pending and near and not 0x30 <= near[0] <= 0x39:
        # The usual case: the head is whole, and the new byte starts a character that
        # is two bytes with the next one when they pair, else one (gbk.unit_at).
        # Looked up in a table for the following byte, and grouped by comprehensions.
        at = lo + start
        firsts = gbk.first_chars(near[0])
        read = [firsts[trials[idx][2][0]] for idx in members]
        pairs = list(zip(members, read, strict=True))
        groups = {width: [(idx, ch) for idx, (ch, w) in pairs if w == width] for width in (1, 2)}
        for width in sorted(groups, key=lambda w: w != read[0][1]):  # the first member's first
            if groups[width]:
                ways[(common_text, at + width)] = groups[width]
        members = []
    for idx in members:
        window = pending + trials[idx][2][:1] + near
        i = 0
        before = common_text
        while True:
            u = gbk.unit_at(window, i)
            if u.end > q:
                break
            before += u.char
            i = u.end
        ways.setdefault((before, lo + start + u.end), []).append((idx, u.char))
    stop = _realigned(raw, position + remove)
    for (before_text, cont), group in ways.items():
        first = group[0][0]
        # from lo, as in _gain: offsets below are into this window
        cand = raw[lo:position] + trials[first][2] + raw[position + remove : stop]
        n = len(cand)
        i = cont - lo
        end = edit_end - lo
        rest: list[str] = []
        if i >= end and (i + lo - delta) in ends:
            if i < n:
                u = gbk.unit_at(cand, i)
                rest.append(u.char)
                i = u.end
        else:
            while i < n:
                u = gbk.unit_at(cand, i)
                rest.append(u.char)
                i = u.end
                if i >= end and (i + lo - delta) in ends:
                    if i < n:
                        u = gbk.unit_at(cand, i)
                        rest.append(u.char)
                        i = u.end
                    break
        i += lo
        after_text = "".join(rest)
        old = gbk.decode(raw[lo : i - delta])
        same = (
            old[len(before_text)]
            if len(old) == len(before_text) + 1 + len(after_text)
            and old.startswith(before_text)
            and old.endswith(after_text)
            else None
        )
        # The members differ in one character: score the first member's text whole,
        # the others by what their character adds where it differs (_repair_scores_at
        # reads two characters each side).
        left, right = before_text[-2:], after_text[:2]
        sample = group[0][1]
        base = _repair_score(before_text + sample + after_text) - _repair_score(old)
        local = _repair_scores_at(left, [sample] + [ch for _, ch in group], right)
        base -= local[0]
        for (idx, ch), value in zip(group, local[1:], strict=True):
            out[idx] = None if ch == same else base + value


_LOW_BYTE = re.compile(rb"[\x00-\x2f]")


def _realigned(raw: bytes, start: int) -> int:
    """An end for a candidate window: a little past the first byte at or after
    ``start`` that cannot belong to a multi-byte character (below 0x30). Decoding the
    original and an edited copy agree again there, so nothing after it is needed."""
    m = _LOW_BYTE.search(raw, start)
    return len(raw) if m is None else min(len(raw), m.end() + 8)


_QUESTION_BETWEEN_HAN = re.compile(f"(?<=[{HAN_CLASS}])\\?(?=[{HAN_CLASS}])")


def _repair_score(text: str) -> float:
    """:func:`score`, less a penalty for each ``?`` between hanzi: inside a damaged run
    such a ``?`` is more likely a flattened or eaten byte than a question mark."""
    if "?" not in text:
        return score(text)
    return score(text) + QUESTION_BETWEEN_HAN * len(_QUESTION_BETWEEN_HAN.findall(text))


def _repair_scores_at(left: str, chars: Sequence[str], right: str) -> list[float]:
    """The terms of :func:`_repair_score` that involve each of ``chars`` between
    ``left`` and ``right`` (see :func:`cleanpage.charmodel.scores_at`), the '?'
    penalties of it and of its neighbours included."""
    out = scores_at(left, chars, right)
    l1, r1 = left[-1:], right[:1]
    # a '?' neighbour is penalised when the character is a hanzi; a '?' character when
    # both neighbours are
    left_q = l1 == "?" and len(left) >= 2 and is_han(left[-2])
    right_q = r1 == "?" and len(right) >= 2 and is_han(right[1])
    between = bool(l1) and bool(r1) and is_han(l1) and is_han(r1)
    if left_q or right_q or between:
        for k, ch in enumerate(chars):
            if is_han(ch):
                out[k] += QUESTION_BETWEEN_HAN * (left_q + right_q)
            elif ch == "?" and between:
                out[k] += QUESTION_BETWEEN_HAN
    return out


def _repair_score_at(text: str, i: int) -> float:
    """:func:`_repair_scores_at` of ``text[i]`` in ``text``."""
    return _repair_scores_at(text[max(0, i - 2) : i], (text[i],), text[i + 1 : i + 3])[0]


def _without_annotations(src: str, region: list[_Byte]) -> str:
    """The region's source text as it reads once annotations are stripped."""
    kept = sorted({it.origin for it in region})
    return "".join(src[k] for k in kept)


def _rule_for(notes: set[str], region: list[_Byte]) -> tuple[str, float]:
    guessed = [it for it in region if it.note in ("guessed", "unfold", "tag")]
    if guessed:
        confidence = min(it.confidence for it in guessed)
        note = guessed[0].note
        return f"byte-shift.{'lost-byte-guessed' if note == 'guessed' else note}", confidence
    if "pinned-scored" in notes:
        return "byte-shift.lost-byte-pinned", 0.8
    if "pinned" in notes:
        return "byte-shift.lost-byte-pinned", 0.95
    return "byte-shift.realign", 0.9
