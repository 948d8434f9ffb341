"""bytes -> text, saying which encoding was used for which bytes.

Order for a whole page: a byte-order mark; UTF-16/32 without a mark (recognised by
where the NUL bytes of ASCII characters fall); the charset the caller gives or the page
declares (HTML ``<meta>``, XML declaration); strict UTF-8; GB18030 (the superset of
GB2312 and GBK); Big5-HKSCS. When a declaration is contradicted by another codec that
also decodes every byte, or when GB18030 and Big5 both decode, the reading that scores
better on the character-frequency model (:mod:`cleanpage.charmodel`) wins.

A page that no single codec decodes, or whose UTF-8 lines a GB reading would garble, is
decoded **per line**, and a line that still fails per run of UTF-8 characters: content
farms paste UTF-8 text into GBK pages and the reverse. Then ``encoding`` is ``mixed``
and :attr:`Decoded.segments` says which bytes were read how. Segments always cover the
input exactly, so every byte is accounted for. charset-normalizer arbitrates pages that
are none of these (Shift_JIS, EUC-KR, Windows-1252 …); as a last resort GB18030 with
replacement characters, with a warning, so a result always comes back.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from .charmodel import COMMON_HAN, SCORE_BOUND, char_score, mean_score, score
from .pickling import PickledByFields
from .result import Segment

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = regex.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{2,40})|<\?xml[^>]{0,100}?encoding\s*=\s*["']([a-zA-Z0-9_.:-]{2,40})""",
    regex.IGNORECASE,
)
# Labels that mean "a GB code page": decode them with the superset.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312", "gb_2312-80", "ms936"}
_BIG5_FAMILY = {"big5", "big5-hkscs", "big5hkscs", "x-x-big5", "cp950"}
# one well-formed multi-byte UTF-8 character, and runs of them (ASCII excluded: it
# reads the same) two or more: a run worth testing is at least 6 bytes, and GBK text is
# full of single byte pairs that look like one UTF-8 character
# (well-formed as the Unicode standard's table 3-7 has it: no overlong forms, no
# surrogates, nothing above U+10FFFF, so that a strict decode reads every run found; GBK
# text holds such byte triples, and ED A1 A3 of 理。 would otherwise start a run that
# swallows the UTF-8 after it and then fails to decode)
UTF8_CHARACTER = (
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
UTF8_RUN_BODY = rb"(?:" + UTF8_CHARACTER + rb"){2,}"
# The rest of a UTF-8 character after its lead byte, by that byte (the one just read).
_UTF8_REST = (
    rb"(?<=[\xc2-\xdf])[\x80-\xbf]|(?<=\xe0)[\xa0-\xbf][\x80-\xbf]|(?<=[\xe1-\xec\xee\xef])[\x80-\xbf]{2}"
    rb"|(?<=\xed)[\x80-\x9f][\x80-\xbf]|(?<=\xf0)[\x90-\xbf][\x80-\xbf]{2}|(?<=[\xf1-\xf3])[\x80-\xbf]{3}"
    rb"|(?<=\xf4)[\x80-\x8f][\x80-\xbf]{2}"
)
# UTF8_RUN_BODY, written for the standard engine (40 % faster than regex on it). It
# opens with a lead byte, so the engine skips the bytes that cannot start a run (the
# markup, most of a page) in its own loop instead of trying the pattern at each; then a
# lookahead that every run passes (a continuation byte, then either the first
# character's third byte or the second character's lead): GBK text puts a byte that
# could lead a UTF-8 character nearly everywhere, and the lookahead turns most of those
# down at once. A GB page's scan: 1.9 ms with neither, 0.64 with the lookahead, 0.43
# with both.
_UTF8_RUN = re.compile(
    rb"[\xc2-\xf4](?=[\x80-\xbf][\x80-\xbf\xc2-\xf4])(?:" + _UTF8_REST + rb")(?:" + UTF8_CHARACTER + rb")+"
)
# a reading must beat the other by this much per character to override a declaration
_OVERRIDE_MARGIN = 1.0
# below this mean score a GB or Big5 reading is suspect (ordinary Chinese text scores
# about 0, see charmodel; kana and rare characters from a wrong codec far less)
_POOR = -3.0


@dataclass(frozen=True)
class Decoded(PickledByFields):
    text: str
    encoding: str
    warnings: tuple[str, ...] = field(default=())
    segments: tuple[Segment, ...] = field(default=())


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB, normalised to a Python codec name."""
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    label = (m.group(1) or m.group(2)).decode("ascii").lower()
    return normalise_label(label)


def normalise_label(label: str) -> str | None:
    label = label.strip().lower()
    if label in _GB_FAMILY:
        return "gb18030"
    if label in _BIG5_FAMILY:
        return "big5hkscs"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return {"gbk": "gb18030", "gb2312": "gb18030", "big5": "big5hkscs"}.get(name, name)


def strict_decode(data: bytes, encoding: str) -> str | None:
    """``data`` decoded with ``encoding``, or None if a byte does not fit (or no such codec)."""
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def codec_name(name: str) -> str:
    """One spelling per codec: ``utf_16_le`` and ``UTF-16LE`` are both ``utf-16-le``."""
    with contextlib.suppress(LookupError):
        name = codecs.lookup(name).name
    return name.replace("_", "-")


def _whole(data: bytes, text: str, encoding: str, warnings: tuple[str, ...] = ()) -> Decoded:
    encoding = codec_name(encoding)
    return Decoded(text, encoding, warnings, (Segment(0, len(data), 0, len(text), encoding),))


def decode(data: bytes | str, declared: str | None = None) -> Decoded:
    """Decode a page; ``declared`` is a charset label the caller knows (HTTP header …)."""
    if isinstance(data, str):
        return Decoded(data, "str")
    if not data:
        return Decoded("", "ascii")
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = strict_decode(data, name)
            if text is not None:
                return _whole(data, text, name.replace("-sig", ""))
    wide = _utf16_32_without_bom(data)
    if wide is not None:
        return wide
    if data.isascii():
        return _whole(data, data.decode("ascii"), "ascii")
    declared_codec = normalise_label(declared) if declared else None
    if declared_codec is None:
        declared_codec = declared_charset(data)
    if (
        declared_codec is not None
        and not _ascii_compatible(declared_codec)
        and strict_decode(data, declared_codec) is None
    ):
        declared_codec = None  # a UTF-16/32 label on bytes that are not UTF-16/32
    if declared_codec in (None, "utf-8"):
        # valid UTF-8 with non-ASCII characters is almost never another encoding
        utf8 = strict_decode(data, "utf-8")
        if utf8 is not None:
            return _whole(data, utf8, "utf-8")
    candidates = [c for c in (declared_codec, "utf-8", "gb18030", "big5hkscs") if c]
    candidates = list(dict.fromkeys(candidates))
    readings = [(name, text) for name in candidates if (text := strict_decode(data, name)) is not None]
    if readings:
        name, text, chosen_score, floor = _choose(readings, declared_codec)
        if chosen_score is None and name != "utf-8" and floor is not None and floor < _POOR:
            chosen_score = _score(text)  # (a reading whose floor is not poor is not poor)
        poor = name != "utf-8" and chosen_score is not None and chosen_score < _POOR
        if (
            poor
            and name == "gb18030"
            and all(c != "big5hkscs" for c, _ in readings)
            and _primary(data, declared_codec) == "big5hkscs"
        ):
            # Big5 lines, and bytes Big5 cannot read (UTF-8 put in, say): GB18030 reads
            # any bytes, so it was the one reading of the whole page, and a poor one
            return _per_line(data, declared_codec)
        if name == "utf-8" or not _has_utf8_runs(data, name):
            if name != declared_codec and poor:
                # GB18030 reads almost any bytes; a page in another codepage reads badly
                guess = _arbiter(data)
                if (
                    guess is not None
                    and chosen_score is not None
                    and _score(guess.text) > chosen_score + _OVERRIDE_MARGIN
                ):
                    return guess
            return _whole(data, text, name)
    return _per_line(data, declared_codec)


def _sample(text: str) -> str:
    """What :func:`_score` reads of ``text``: a decision about a 100 MB page needs no more."""
    if len(text) > 6_000:
        middle = len(text) // 2
        text = text[:2_000] + text[middle : middle + 2_000] + text[-2_000:]
    return text


def _score(text: str) -> float:
    """:func:`mean_score` on a sample (:func:`_sample`)."""
    return mean_score(_sample(text))


def _score_floor(text: str) -> float:
    """At most :func:`_score` of ``text`` (the score without word bonuses)."""
    sample = _sample(text)
    return score(sample, bonuses=False) / len(sample) if sample else 0.0


def _score_bound(text: str) -> float:
    """At least :func:`_score` of ``text`` (charmodel.SCORE_BOUND: one lookup per
    character, against the character and word lookups of the score)."""
    sample = _sample(text)
    return sum(map(SCORE_BOUND.__getitem__, sample)) / len(sample) if sample else 0.0


# rounding between _score_bound and _score is far below this
_BOUND_TOLERANCE = 1e-6


def _choose(
    readings: list[tuple[str, str]], declared: str | None
) -> tuple[str, str, float | None, float | None]:
    """The declared reading unless another scores clearly better; else the best one;
    with its score when it was worked out (None: ask :func:`_score`), and else its
    :func:`_score_floor` when that was (None: neither was). (Valid UTF-8 never gets
    here undeclared: decode() takes it first.)

    Beside a declared reading, another is scored only when an upper bound of its score
    reaches a lower bound of the declared one's, plus the margin: a GB page also reads
    as Big5, and scoring both readings was most of decoding it. One ruled out this
    way scores under the declared reading's score plus the margin, so it could
    neither win nor beat one that does."""
    scored: dict[str, float] = {}
    if declared is not None and any(name == declared for name, _ in readings):
        reading = next(r for r in readings if r[0] == declared)
        floor = _score_floor(reading[1])
        low = floor + _OVERRIDE_MARGIN - _BOUND_TOLERANCE
        rivals = [(name, text) for name, text in readings if name != declared and _score_bound(text) >= low]
        if not rivals:
            return (*reading, None, floor)
        scored[declared] = _score(reading[1])
        needed = scored[declared] + _OVERRIDE_MARGIN - _BOUND_TOLERANCE
        for name, text in rivals:
            if _score_bound(text) >= needed:
                scored[name] = _score(text)
    else:
        scored = {name: _score(text) for name, text in readings}
    best = max((r for r in readings if r[0] in scored), key=lambda r: scored[r[0]])
    if declared in scored and scored[best[0]] - scored[declared] < _OVERRIDE_MARGIN:
        return (*next(r for r in readings if r[0] == declared), scored[declared], None)
    return (*best, scored[best[0]], None)


def _has_utf8_runs(data: bytes, codec: str) -> bool:
    """Do these bytes, which ``codec`` reads without error, hold a run of UTF-8
    characters that ``codec`` garbles? (Asked of a whole page, and of one line.)

    A run counts only from a point between two of ``codec``'s characters: UTF-8 put
    into a page of another codec starts where that codec's last character ends, while
    the UTF-8-looking byte runs that GBK or Big5 text is full of mostly start inside
    one of its characters (a trail byte such as C2 or E4, then the next character's
    bytes). The run found may begin with up to three of ``codec``'s characters that
    look like UTF-8 too, so its first four character starts are tried; from each one
    that is such a point, the rest (two characters or more, at least 6 bytes) must
    read better as UTF-8 than as ``codec``. This spares the per-byte search
    (:func:`_segment`) the lines of old GB pages that happen to hold such byte runs.
    The bytes are read once, in order."""
    reader = codecs.getincrementaldecoder(codec)()
    fed = 0
    for m in _UTF8_RUN.finditer(data):
        # the run is well-formed UTF-8 (see _UTF8_RUN): its characters' lengths are its
        # lead bytes'; 6 bytes left are two characters or more
        position, end = m.span()
        for _ in range(4):
            if end - position < 6:
                break
            try:
                reader.decode(data[fed:position])
            except UnicodeError:
                # not text in ``codec`` after all, or UTF-16 without a BOM (which an
                # incremental reader refuses): the per-byte search decides
                return True
            fed = position
            if not reader.getstate()[0] and _utf8_wins(data[position:end], codec):
                return True
            position += utf8_length(data[position])
    return False


def _utf8_wins(chunk: bytes, codec: str) -> bool:
    """Does ``chunk`` read clearly better as UTF-8 than as ``codec``? The ``codec``
    reading leaves out a character the chunk's end cuts."""
    utf8 = strict_decode(chunk, "utf-8")
    if utf8 is None:
        return False
    try:
        other = codecs.getincrementaldecoder(codec)().decode(chunk)
    except UnicodeError:
        return True
    # most chunks are the codec's text, and their UTF-8 reading is odd letters whose
    # score's bound falls short of the codec reading's floor (neither looks up words)
    bound = _score_bound(utf8) + _BOUND_TOLERANCE
    return bound > _score_floor(other) + _OVERRIDE_MARGIN and _score(utf8) > _score(other) + _OVERRIDE_MARGIN


def _primary(data: bytes, declared: str | None) -> str:
    """The page's main codec besides UTF-8: GB18030, Big5-HKSCS or the declared one,
    whichever reads best the lines that are not UTF-8. The lines that every candidate
    reads without error are the evidence when there are any, else those one of them
    reads: a line with UTF-8 in it reads badly in any codec, but in Big5 its UTF-8
    bytes become U+FFFD while GB18030, which reads almost any bytes, makes mojibake of
    them, so a few such lines would outvote a Big5 page. A declaration is a hint, not
    an order: HTTP clients report ISO-8859-1 for any page without a charset."""
    candidates = ["gb18030", "big5hkscs"]
    if declared and declared not in candidates and _ascii_compatible(declared):
        candidates.append(declared)
    lines = [ln for ln in data.split(b"\n") if not ln.isascii() and strict_decode(ln, "utf-8") is None]
    readable = [[c for c in candidates if strict_decode(ln, c) is not None] for ln in lines]
    every = [ln for ln, read in zip(lines, readable, strict=True) if len(read) == len(candidates)]
    some = [ln for ln, read in zip(lines, readable, strict=True) if read]
    sample = b"\n".join(every or some or lines)[:20_000] or data[:20_000]
    scores = {}
    for codec in candidates:
        text = sample.decode(codec, errors="replace")
        bonus = 0.5 if codec == declared else 0.0
        scores[codec] = _score(text) - 30 * text.count("\ufffd") / max(1, len(text)) + bonus
    return max(candidates, key=lambda c: scores[c])


def _ascii_compatible(codec: str) -> bool:
    """Codecs whose bytes below 0x80 are ASCII, so a page in them splits at b"\\n"."""
    try:
        return b"\n a".decode(codec) == "\n a" and "\n".encode(codec) == b"\n"
    except (LookupError, UnicodeError):
        return False


def _per_line(data: bytes, declared: str | None) -> Decoded:
    primary = _primary(data, declared)
    segments: list[Segment] = []
    parts: list[str] = []
    text_pos = 0
    warnings: list[str] = []
    pos = 0
    n = len(data)
    while pos < n:
        nl = data.find(b"\n", pos)
        end = n if nl < 0 else nl + 1
        for start, stop, encoding, text, lossy in _decode_line(data[pos:end], primary):
            segments.append(Segment(pos + start, pos + stop, text_pos, text_pos + len(text), encoding, lossy))
            parts.append(text)
            text_pos += len(text)
        pos = end
    merged = _merge(segments)
    lost = sum(s.end - s.start for s in merged if s.lossy)
    if lost:
        warnings.append(f"{lost} byte(s) in no known encoding became U+FFFD")
    encodings = {s.encoding for s in merged if s.encoding != "ascii"}
    name = "mixed" if len(encodings) > 1 else (encodings.pop() if encodings else "ascii")
    if lost:
        guess = _arbiter(data)  # perhaps a codepage we do not try: ask charset-normalizer
        if guess is not None and _score(guess.text) > _score("".join(parts)) + _OVERRIDE_MARGIN:
            return guess
    return Decoded("".join(parts), name, tuple(warnings), tuple(merged))


def _decode_line(line: bytes, primary: str) -> list[tuple[int, int, str, str, bool]]:
    """(start, end, encoding, text, lossy) pieces of one line."""
    if line.isascii():
        return [(0, len(line), "ascii", line.decode("ascii"), False)]
    utf8 = strict_decode(line, "utf-8")
    other = strict_decode(line, primary)
    if utf8 is not None and other is None:
        return [(0, len(line), "utf-8", utf8, False)]
    if utf8 is not None and other is not None:
        best = max(
            (("utf-8", utf8), (primary, other)), key=lambda r: _score(r[1]) + (0.5 if r[0] == primary else 0)
        )
        return [(0, len(line), best[0], best[1], False)]
    if other is not None and not _has_utf8_runs(line, primary):
        return [(0, len(line), primary, other, False)]
    return _segment(line, primary)


# Viterbi costs for splitting a line between UTF-8 and the page's codec
_SWITCH = 12.0  # changing codec mid-line is rare: it must pay for itself
_INVALID = 30.0  # a byte neither codec reads


def utf8_length(lead: int) -> int:
    """The length a UTF-8 sequence with this lead byte must have, 0 when it is no lead."""
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


@lru_cache(maxsize=1 << 14)
def _read(chunk: bytes, codec: str) -> str | None:
    """``chunk`` as one or two characters of ``codec``, or None. Memoised: a page repeats
    its characters, and a failed decode costs an exception."""
    text = strict_decode(chunk, codec)
    return text if text is not None and 1 <= len(text) <= 2 else None


def _char_at(line: bytes, i: int, codec: str) -> tuple[str, int] | None:
    """The one character ``codec`` reads at byte ``i``, and its length in bytes."""
    lead = line[i]
    if lead < 0x80:
        return chr(lead), 1
    if codec == "utf-8":
        need = utf8_length(lead)
        lengths: tuple[int, ...] = (need,) if need else ()
    else:
        lengths = (2, 4)
    for length in lengths:
        if i + length > len(line):
            break
        text = _read(line[i : i + length], codec)
        if text is not None:
            return text, length
    return None


def _gain(text: str) -> float:
    """What reading ``text`` adds to a path of the search: its characters' scores
    relative to a common hanzi."""
    return sum(char_score(ch) - COMMON_HAN for ch in text)


def _segment(line: bytes, primary: str) -> list[tuple[int, int, str, str, bool]]:
    """Split one line into UTF-8 and ``primary`` pieces, character by character: the
    reading with the best character-model score, less a cost for each switch. A byte
    neither reads becomes U+FFFD (lossy)."""
    codecs_ = ("utf-8", primary)
    n = len(line)
    neg = float("-inf")
    best = [[neg, neg] for _ in range(n + 1)]
    back: list[list[tuple[int, int, str, bool] | None]] = [[None, None] for _ in range(n + 1)]
    best[0][0] = best[0][1] = 0.0
    i = 0
    while i < n:
        if line[i] < 0x80 and (i == 0 or line[i - 1] < 0x80):
            # An ASCII run after ASCII: no character of either codec holds two ASCII
            # bytes in a row, so each state only adds the run's scores, as one step.
            # (The run's first byte after a lead byte can be a trail byte: the general
            # step below.)
            end = i + 1
            while end < n and line[end] < 0x80:
                end += 1
            text = line[i:end].decode("ascii")
            gain = _gain(text)
            for c in (0, 1):
                if best[i][c] != neg:
                    best[end][c] = best[i][c] + gain
                    back[end][c] = (i, c, text, False)
            i = end
            continue
        # what each codec reads here, and its score: the same from either state
        reads = []
        for c2 in (0, 1):
            read = _char_at(line, i, codecs_[c2])
            if read is not None:
                reads.append((c2, read[0], read[1], _gain(read[0])))
        for c in (0, 1):
            here = best[i][c]
            if here == neg:
                continue
            for c2, text, length, gain in reads:
                if line[i] < 0x80 and c2 != c:
                    continue  # ASCII reads the same in both: no reason to switch on it
                value = here + gain - (_SWITCH if c2 != c else 0.0)
                if value > best[i + length][c2]:
                    best[i + length][c2] = value
                    back[i + length][c2] = (i, c, text, False)
            # a byte no codec reads: keep going, lossy
            value = here - _INVALID
            if value > best[i + 1][c]:
                best[i + 1][c] = value
                back[i + 1][c] = (i, c, "\ufffd", True)
        i += 1
    # walk back, then merge characters into pieces
    c = 0 if best[n][0] >= best[n][1] else 1
    chars: list[tuple[int, int, int, str]] = []  # start, end, codec index (-1 lossy), text
    j = n
    while j > 0:
        step = back[j][c]
        assert step is not None
        i, prev, text, lossy = step
        chars.append((i, j, -1 if lossy else c, text))
        j, c = i, prev
    chars.reverse()
    pieces: list[tuple[int, int, str, str, bool]] = []
    for start, end, k, text in chars:
        name = "ascii" if k >= 0 and line[start:end].isascii() else codecs_[max(k, 0)]
        lossy = k < 0
        if pieces and (pieces[-1][2] == name or name == "ascii") and pieces[-1][4] == lossy:
            a, _b, enc, t, lo = pieces[-1]
            pieces[-1] = (a, end, enc, t + text, lo)
        else:
            pieces.append((start, end, name, text, lossy))
    return pieces


def _merge(segments: list[Segment]) -> list[Segment]:
    """Join neighbours read the same way; ASCII joins whatever it touches."""
    out: list[Segment] = []
    for s in segments:
        if out:
            last = out[-1]
            same = last.encoding == s.encoding and last.lossy == s.lossy
            if same or (s.encoding == "ascii" and not last.lossy):
                out[-1] = Segment(last.start, s.end, last.text_start, s.text_end, last.encoding, last.lossy)
                continue
            if last.encoding == "ascii" and not s.lossy:
                out[-1] = Segment(last.start, s.end, last.text_start, s.text_end, s.encoding, s.lossy)
                continue
        out.append(s)
    return out


def _utf16_32_without_bom(data: bytes) -> Decoded | None:
    """UTF-16/32 text has NUL bytes in fixed places (the high bytes of ASCII characters)."""
    head = data[:4096]
    if len(head) < 4 or head.count(0) < len(head) // 8:
        return None
    lanes = [head[i::4].count(0) for i in range(4)]
    quarter = len(head) // 4
    if lanes[2] >= 0.9 * quarter and lanes[3] >= 0.9 * quarter:
        order = ["utf-32-le"]
    elif lanes[0] >= 0.9 * quarter and lanes[1] >= 0.9 * quarter:
        order = ["utf-32-be"]
    else:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > 4 * even:
            order = ["utf-16-le"]
        elif even > 4 * odd:
            order = ["utf-16-be"]
        else:  # hanzi such as 一 (U+4E00) put NULs on the other side too: ask the model
            order = ["utf-16-le", "utf-16-be"]
    readings = [(c, t) for c in order if (t := strict_decode(data, c)) is not None and "\x00" not in t]
    readings = [(c, t) for c, t in readings if len(order) == 1 or _score(t) >= _POOR]
    if not readings:
        return None
    codec, text = max(readings, key=lambda r: _score(r[1]))
    return _whole(data, text, codec)


def _plausible_utf16(data: bytes) -> bool:
    """Does some UTF-16 reading of ``data`` give text that reads as text?"""
    for codec in ("utf-16-le", "utf-16-be"):
        text = strict_decode(data[: len(data) & ~1], codec)
        if text is not None and "\x00" not in text and _score(text) >= _POOR:
            return True
    return False


def _arbiter(data: bytes) -> Decoded | None:
    from charset_normalizer import from_bytes

    results = from_bytes(data[:1_000_000])
    best = results.best()
    if best is None or best.encoding is None:
        return None
    encoding = best.encoding
    if encoding in _LATIN_NEIGHBOURS and any(r.encoding == "cp1252" for r in results):
        # short Western text fits several codepages equally; Windows-1252 is the web's
        encoding = "cp1252"
    text = strict_decode(data, encoding)
    return _whole(data, text, encoding) if text is not None else None


_LATIN_NEIGHBOURS = frozenset(
    {"cp1250", "cp1257", "cp1254", "latin_1", "iso8859_15", "iso8859_2", "mac_roman"}
)


# why cleanpage passes bytes through uncleaned (Result.reason, the CLI's message)
BINARY_DATA = "binary data, not a text or HTML page"


def looks_binary(data: bytes) -> bool:
    """NUL bytes outside a UTF-16/32 text, or many control bytes: not a text page.
    UTF-8 text with a few stray NULs (a scraper's leftovers) is still text."""
    head = data[:8192]
    if not head:
        return False
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    nul = head.count(0)
    if nul and nul <= 0.02 * len(head) and _utf8_text(head):
        return False
    if nul:
        # UTF-16 text without a BOM has its NULs (the high bytes of ASCII characters)
        # all on one side: even or odd offsets. A binary file has them on both.
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if min(even, odd) > 0.05 * max(even, odd):
            lanes = [head[i::4].count(0) for i in range(4)]  # UTF-32: two lanes all NUL
            quarter = len(head) // 4
            if sum(1 for lane in lanes if lane >= 0.9 * quarter) >= 2:
                return False
            return not _plausible_utf16(data)  # UTF-16 text with hanzi such as 一 (U+4E00)
        return False
    return _controls(head) > 0.1 * len(head)


def _utf8_text(head: bytes) -> bool:
    """Is ``head`` UTF-8 (its last character possibly cut off) with few control bytes?"""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3 or exc.reason != "unexpected end of data":
            return False
    return _controls(head) <= 0.02 * len(head)


# every byte but the control bytes of a binary file (below 9, and 14 to 31)
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))


def _controls(data: bytes) -> int:
    """How many control bytes ``data`` holds: what deleting all others leaves (in C; a
    loop over the 8 KB head took 0.6 ms a page)."""
    return len(data.translate(None, _NOT_CONTROL))
