"""A forward model of the corruption that scraped Chinese pages suffer.

Property tests of repairs take the form ``repair(simulate(x)) == x``. They need a
simulator that damages text the way real mirrors and misconfigured readers do, byte for
byte, and not the way Python's codecs with ``errors=`` would. This module is that
simulator, written from docs/corruption.md (sections 2 and 7):

* :func:`mirror`: the content-farm mirror. It inserts ``(pinyin)`` after every match of
  a character's 2-byte GBK code, misaligned matches included; it decodes the result with
  a 2-byte GBK decoder that turns a lead byte plus an ASCII byte into one ``?``; and it
  folds full-width ASCII to half-width.
* The classic codec confusions: UTF-8 read as GBK or Big5, GBK read as Latin-1 or
  windows-1252, Big5 and GBK read as each other, double UTF-8, and the 锟斤拷, 烫烫
  and 屯屯 fingerprints.
* Hypothesis strategies that build clean GBK text, a mirror dictionary for it and the
  mirrored page.

Every example sentence here is invented for the tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, NamedTuple

from hypothesis import assume
from hypothesis import strategies as st
from strategies import annotatable, articles, toned_readings

from cleanpage.script import is_han

# --- GBK basics -----------------------------------------------------------------------


def _encode_gbk(text: str) -> bytes:
    """``text`` as GBK, with a ValueError that names the problem when it has no GBK code."""
    try:
        return text.encode("gbk")
    except UnicodeEncodeError as err:
        raise ValueError(f"not GBK-encodable: {text[err.start : err.end]!r}") from err


def is_gbk_text(text: str) -> bool:
    """Can the mirror hold ``text`` as GBK bytes? (Its input is always GBK.)"""
    try:
        text.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


def gbk_code(char: str) -> bytes:
    """The 2-byte GBK code of a dictionary character; the mirror searches for these bytes."""
    raw = _encode_gbk(char)
    if len(char) != 1 or len(raw) != 2:
        raise ValueError(f"a dictionary key must be one character with a 2-byte GBK code: {char!r}")
    return raw


def _annotation(syllable: str) -> bytes:
    """The inserted bytes: ``(`` + the GBK syllable + ``)``. ǹ and ḿ have no GBK code."""
    return b"(" + _encode_gbk(syllable) + b")"


def is_lead(byte: int) -> bool:
    """A GBK lead byte: the decoder starts a 2-byte pair with it."""
    return 0x81 <= byte <= 0xFE


def is_trail(byte: int) -> bool:
    """A byte that can end a GBK pair. Anything below 0x40 never can, so the decoder is
    always aligned right after such a byte."""
    return 0x40 <= byte <= 0xFE and byte != 0x7F


def aligned_boundaries(text: str) -> set[int]:
    """The offsets in ``text.encode("gbk")`` that fall between characters (0 and the
    end included): an insertion there cannot split a character."""
    offsets = {0}
    position = 0
    for char in text:
        position += len(_encode_gbk(char))
        offsets.add(position)
    return offsets


# --- step 2: pinyin insertion on raw bytes ----------------------------------------------


class Insertion(NamedTuple):
    """One ``(syllable)`` the mirror inserts, after byte ``offset`` of the clean bytes."""

    offset: int
    syllable: str


def _matches(raw: bytes, dictionary: Mapping[str, str]) -> list[tuple[int, int, str, str]]:
    """(offset after the match, dictionary rank, character, syllable), sorted.

    Every occurrence counts, overlapping and misaligned ones too: the mirror searches
    bytes, not characters. All matches come from the clean bytes, so inserted bytes can
    never create a match of their own.
    """
    found: list[tuple[int, int, str, str]] = []
    for rank, (char, syllable) in enumerate(dictionary.items()):
        code = gbk_code(char)
        _annotation(syllable)  # fail early on a syllable the mirror could not write
        start = raw.find(code)
        while start != -1:
            found.append((start + 2, rank, char, syllable))
            start = raw.find(code, start + 1)
    found.sort()  # by offset, then dictionary order
    return found


def insertion_offsets(raw: bytes, dictionary: Mapping[str, str]) -> list[Insertion]:
    """Where the mirror inserts annotations into ``raw``, sorted by offset (ties keep
    dictionary order). Compare with :func:`aligned_boundaries` to tell a match on a
    whole character from one that straddles two."""
    return [Insertion(offset, syllable) for offset, _, _, syllable in _matches(raw, dictionary)]


def insert_pinyin(raw: bytes, dictionary: Mapping[str, str]) -> bytes:
    """``raw`` with ``(syllable)`` after every match of every dictionary character."""
    pieces: list[bytes] = []
    done = 0
    for offset, syllable in insertion_offsets(raw, dictionary):
        pieces += [raw[done:offset], _annotation(syllable)]
        done = offset
    pieces.append(raw[done:])
    return b"".join(pieces)


# --- step 3: the mirror's decoder ---------------------------------------------------------


class Token(NamedTuple):
    """One output character of the mirror's decoder and the bytes it consumed."""

    start: int
    end: int
    text: str


def mirror_tokens(raw: bytes, *, per_line: bool = False) -> list[Token]:
    """Decode ``raw`` as the mirror did, keeping track of which bytes became which character.

    A 2-byte GBK decoder, not Python's codec: ASCII stays ASCII; 0x80 or 0xFF alone is
    ``?``; a lead byte with a valid trail is decoded as a pair by ``gb18030`` (which maps
    the user-defined areas to the Private Use Area); a lead byte followed by a byte that
    cannot be a trail gives one ``?`` and consumes both bytes (only the lead at the end
    of the data). Each token is exactly one character, so a token's index in the list is
    its index in the decoded text.

    With ``per_line`` each line is decoded on its own: a lead byte before ``\\n`` gives
    ``?`` but leaves the newline alone (corruption.md does not say which the mirror did).
    """
    tokens: list[Token] = []
    i, n = 0, len(raw)
    while i < n:
        byte = raw[i]
        if byte < 0x80:
            tokens.append(Token(i, i + 1, chr(byte)))
            i += 1
        elif not is_lead(byte):  # 0x80 or 0xFF
            tokens.append(Token(i, i + 1, "?"))
            i += 1
        elif i + 1 < n and is_trail(raw[i + 1]):
            tokens.append(Token(i, i + 2, raw[i : i + 2].decode("gb18030")))
            i += 2
        else:
            end = i + 1 if i + 1 == n or (per_line and raw[i + 1] == 0x0A) else i + 2
            tokens.append(Token(i, end, "?"))
            i = end
    return tokens


def mirror_decode(raw: bytes, *, per_line: bool = False) -> str:
    """The text the mirror's decoder makes of ``raw`` (see :func:`mirror_tokens`)."""
    return "".join(token.text for token in mirror_tokens(raw, per_line=per_line))


# --- step 4: full-width folding -------------------------------------------------------

_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def fold_fullwidth(text: str) -> str:
    """Full-width ASCII (U+FF01–FF5E: ，：？！（）； letters, digits) to ASCII and U+3000 to a
    space, as the mirror's output shows. 。、“”‘’…《》 are not in that block and stay."""
    return text.translate(_FOLD)


def flatten_punctuation(text: str) -> str:
    """Only the full-width fold, without any pinyin or byte damage: the input of
    punctuation-restoration tests."""
    return fold_fullwidth(text)


# --- the whole mirror ---------------------------------------------------------------------


def mirror(text: str, dictionary: Mapping[str, str], *, fold: bool = True, per_line: bool = False) -> str:
    """What a content-farm mirror shows for ``text`` (corruption.md §2.1 and §7).

    ``dictionary`` maps a character to the tone-marked syllable inserted after every
    match of its GBK code. ``text`` must be GBK-encodable (ValueError otherwise).
    ``per_line`` decodes line by line, so damage never swallows a newline.
    """
    damaged = insert_pinyin(_encode_gbk(text), dictionary)
    shown = mirror_decode(damaged, per_line=per_line)
    return fold_fullwidth(shown) if fold else shown


class Outcome(NamedTuple):
    """What became of one insertion in :func:`mirror`'s output.

    ``shown`` says how the two matched bytes came out: ``"intact"`` (read as the
    dictionary character, then ``(syllable)``), ``"stray"`` (the second byte read on its
    own, then ``(syllable)``: a stray letter or symbol when it is 0x40–0x7E, the real
    ASCII character in a match such as ``‘a``, ``?`` for 0x80) or ``"remnant"``
    (``?syllable)``: the second byte and ``(`` became one ``?``).
    ``index`` is where the ``(`` or ``?`` stands in the output (folded or not: the fold
    maps one character to one).
    """

    offset: int  # after this byte of text.encode("gbk")
    char: str  # the dictionary character whose code matched
    syllable: str
    aligned: bool  # the match is a whole character of the text
    index: int
    shown: Literal["intact", "stray", "remnant"]


def insertion_outcomes(text: str, dictionary: Mapping[str, str], *, per_line: bool = False) -> list[Outcome]:
    """Every insertion of ``mirror(text, dictionary)`` and how it shows in the output:
    the ground truth a repair test compares against."""
    raw = _encode_gbk(text)
    boundaries = aligned_boundaries(text)
    matches = _matches(raw, dictionary)
    damaged = insert_pinyin(raw, dictionary)
    tokens = mirror_tokens(damaged, per_line=per_line)
    owner = [0] * len(damaged)  # byte -> index of the token that consumed it
    for index, token in enumerate(tokens):
        owner[token.start : token.end] = [index] * (token.end - token.start)
    outcomes: list[Outcome] = []
    shift = 0  # bytes inserted before the current match
    for offset, _, char, syllable in matches:
        at = offset + shift  # where "(" went in the damaged bytes
        before = tokens[owner[at - 1]]
        shown: Literal["intact", "stray", "remnant"]
        if before.start == at - 2 and before.end == at:
            shown = "intact"
        elif before.start == at - 1 and before.end == at:
            shown = "stray"
        else:
            assert before.start == at - 1 and before.end == at + 1 and before.text == "?"
            shown = "remnant"
        aligned = offset in boundaries and offset - 2 in boundaries
        outcomes.append(Outcome(offset, char, syllable, aligned, owner[at], shown))
        shift += len(_annotation(syllable))
    return outcomes


# --- classic codec confusions -------------------------------------------------------------

Utf8Misreading = Literal["gb18030", "gbk", "big5", "big5hkscs"]
_UTF8_MISREADINGS = ("gb18030", "gbk", "big5", "big5hkscs")
SingleByte = Literal["latin-1", "cp1252"]

# WHATWG windows-1252: Python's cp1252 plus the five bytes it leaves undefined, which a
# browser shows as the C1 controls U+0081, U+008D, U+008F, U+0090 and U+009D
_CP1252_HOLES = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
_WHATWG_1252 = "".join(chr(b) if b in _CP1252_HOLES else bytes([b]).decode("cp1252") for b in range(256))
_WHATWG_1252_BYTES = {char: b for b, char in enumerate(_WHATWG_1252)}


def whatwg_cp1252_decode(raw: bytes) -> str:
    """Bytes read as a browser reads windows-1252: every byte has a character, so the
    confusion loses nothing."""
    return "".join(_WHATWG_1252[b] for b in raw)


def whatwg_cp1252_encode(text: str) -> bytes:
    """The inverse of :func:`whatwg_cp1252_decode`, to undo a windows-1252 confusion."""
    try:
        return bytes(_WHATWG_1252_BYTES[char] for char in text)
    except KeyError as err:
        raise ValueError(f"not in windows-1252: {err.args[0]!r}") from err


def _decode_single_byte(raw: bytes, codec: SingleByte) -> str:
    if codec == "latin-1":
        return raw.decode("latin-1")
    if codec == "cp1252":
        return whatwg_cp1252_decode(raw)
    raise ValueError(f"unsupported single-byte codec: {codec!r}")


def _recode(text: str, source: str, target: str, errors: str = "strict") -> str:
    """``text`` encoded as ``source`` and decoded as ``target``, with codec errors as
    ValueError so callers catch one kind of exception."""
    try:
        return text.encode(source).decode(target, errors=errors)
    except UnicodeError as err:
        raise ValueError(f"{source} bytes do not read as {target}: {err}") from err


def utf8_read_as(text: str, codec: Utf8Misreading) -> str:
    """UTF-8 text read with a Chinese codec, strictly. Raises ValueError when the bytes
    do not decode (use ``hypothesis.assume`` or catch it), so no information is lost."""
    if codec not in _UTF8_MISREADINGS:
        raise ValueError(f"unsupported codec: {codec!r}")
    return _recode(text, "utf-8", codec)


def utf8_read_as_lossy(text: str, codec: Utf8Misreading) -> str:
    """UTF-8 text read with a Chinese codec and ``errors="replace"``: what a reader
    shows when it does not give up, U+FFFD included."""
    if codec not in _UTF8_MISREADINGS:
        raise ValueError(f"unsupported codec: {codec!r}")
    return _recode(text, "utf-8", codec, errors="replace")


def gbk_read_as(text: str, codec: SingleByte) -> str:
    """GBK text shown by a reader that assumed Latin-1 or windows-1252 (``ÖÐÎÄ``)."""
    return _decode_single_byte(_encode_gbk(text), codec)


def big5_read_as_gbk(text: str) -> str:
    """Traditional text saved as Big5 and read as GBK (by ``gb18030``, which also maps the
    user-defined areas). ValueError when it cannot be encoded or decoded."""
    return _recode(text, "big5", "gb18030")


def gbk_read_as_big5(text: str) -> str:
    """Text saved as GBK and read as Big5. ValueError when the bytes are not Big5."""
    return _recode(text, "gbk", "big5")


def double_utf8(text: str, via: SingleByte = "cp1252") -> str:
    """UTF-8 bytes misread as ``via`` and saved again as UTF-8: the visible text
    (``中`` -> ``ä¸\\xad``). Both readings are lossless, so it can be undone."""
    return _decode_single_byte(text.encode("utf-8"), via)


def kunkao(n: int) -> str:
    """``n`` U+FFFD (UTF-8 EF BF BD) read as GBK: ``锟斤拷`` per two of them. An odd ``n``
    ends in ``锟`` plus U+FFFD, because the lone BD byte at the end does not decode."""
    if n < 0:
        raise ValueError("n must be >= 0")
    return ("\ufffd" * n).encode("utf-8").decode("gbk", errors="replace")


def tangtang(n: int) -> str:
    """``n`` bytes 0xCC (MSVC's uninitialised stack) read as GBK: ``烫`` per two bytes, and
    U+FFFD for an odd last byte."""
    if n < 0:
        raise ValueError("n must be >= 0")
    return (b"\xcc" * n).decode("gbk", errors="replace")


def tuntun(n: int) -> str:
    """``n`` bytes 0xCD (MSVC's uninitialised heap) read as GBK: ``屯`` per two bytes, and
    U+FFFD for an odd last byte."""
    if n < 0:
        raise ValueError("n must be >= 0")
    return (b"\xcd" * n).decode("gbk", errors="replace")


# --- hypothesis strategies ----------------------------------------------------------------

# what cleanpage's document test needs (detectors/pinyin.py: min_matches, min_distinct)
MIN_MATCHES = 20
MIN_DISTINCT = 10


def gbk_texts(script: int | None = None) -> st.SearchStrategy[str]:
    """Generated articles (SIMP, TRAD or either) that the mirror can hold as GBK."""
    return articles(script).filter(is_gbk_text)


def mirror_readings(char: str) -> tuple[str, ...]:
    """Toned readings of ``char`` that the mirror can write in GBK (not ǹ or ḿ)."""
    return tuple(r for r in toned_readings(char) if is_gbk_text(r))


def _misaligned_characters(text: str) -> list[str]:
    """Han characters with a usable reading whose GBK code occurs in ``text`` only across
    a character boundary (as 驗 in 因為): dictionary members a real mirror shows only
    through damage."""
    raw = _encode_gbk(text)
    boundaries = aligned_boundaries(text)
    present = set(text)
    found: set[str] = set()
    for i in range(len(raw) - 1):
        if i in boundaries and i + 2 in boundaries:
            continue
        try:
            char = raw[i : i + 2].decode("gbk")
        except UnicodeDecodeError:
            continue
        if len(char) == 1 and is_han(char) and char not in present and mirror_readings(char):
            found.add(char)
    return sorted(found)


@st.composite
def mirror_dictionaries(
    draw: st.DrawFn, text: str, min_chars: int = 12, max_misaligned: int = 3
) -> dict[str, str]:
    """A per-document dictionary for ``text``: ``min_chars`` or more of its characters,
    each mapped to one of its toned readings, and up to ``max_misaligned`` characters that
    match only across character boundaries.

    The page must pass cleanpage's document test, so at least ``MIN_MATCHES`` aligned
    annotations over ``MIN_DISTINCT`` characters must come out intact (a misaligned
    decoder turns some into ``?syllable)``). Every occurrence of a character is annotated
    by construction: the mirror searches bytes.
    """
    counts = annotatable(text)
    candidates = [char for char, _ in counts.most_common() if mirror_readings(char)]
    assume(len(candidates) >= min_chars)
    k = draw(st.integers(min_chars, min(len(candidates), 40)))
    pool_size = draw(st.integers(k, len(candidates)))  # how far down the frequency list to reach
    chosen = draw(st.permutations(candidates[:pool_size]))[:k]
    if max_misaligned:
        extra = _misaligned_characters(text)
        n_extra = draw(st.integers(0, min(max_misaligned, len(extra))))
        if n_extra:
            chosen += draw(st.lists(st.sampled_from(extra), min_size=n_extra, max_size=n_extra, unique=True))
    dictionary = {char: draw(st.sampled_from(mirror_readings(char))) for char in chosen}
    intact = [o for o in insertion_outcomes(text, dictionary) if o.aligned and o.shown == "intact"]
    assume(len(intact) >= MIN_MATCHES and len({o.char for o in intact}) >= MIN_DISTINCT)
    return dictionary


@st.composite
def mirrored_pages(draw: st.DrawFn, script: int | None = None) -> tuple[str, dict[str, str], str]:
    """(clean text, dictionary, what the mirror shows): the input of repair tests."""
    clean = draw(gbk_texts(script))
    dictionary = draw(mirror_dictionaries(clean))
    return clean, dictionary, mirror(clean, dictionary)
