"""bytes -> text, saying which encoding was used.

Order: a byte-order mark; strict UTF-8 (valid UTF-8 of any length is almost never
another encoding, while UTF-8 bytes often *do* decode as GB18030, so UTF-8 must be
tried before a declared GB charset); the charset the page declares (HTML ``<meta>``,
XML declaration, or the caller's); GB18030 (the superset of GB2312 and GBK); Big5-HKSCS;
then charset-normalizer as arbiter; and last GB18030 with replacement characters, with a
warning, so a result always comes back.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

import regex

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
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312", "gb_2312-80"}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    warnings: tuple[str, ...] = field(default=())


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
    if label in {"big5", "big5-hkscs", "x-x-big5"}:
        return "big5hkscs"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(data: bytes | str, declared: str | None = None) -> Decoded:
    if isinstance(data, str):
        return Decoded(data, "str")
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = _strict(data, name)
            if text is not None:
                return Decoded(text, name.replace("-sig", ""))
    if not data:
        return Decoded("", "ascii")
    utf8 = _strict(data, "utf-8")
    if utf8 is not None:
        return Decoded(utf8, "ascii" if data.isascii() else "utf-8")
    candidates: list[str] = []
    for label in (declared, declared_charset(data), "gb18030", "big5hkscs"):
        codec = normalise_label(label) if label else None
        if codec and codec not in candidates:
            candidates.append(codec)
    declared_codec = candidates[0] if (declared or declared_charset(data)) else None
    decodings = [(name, text) for name in candidates if (text := _strict(data, name)) is not None]
    if decodings:
        if declared_codec is not None and decodings[0][0] == declared_codec:
            return Decoded(decodings[0][1], declared_codec)
        # GB18030 accepts almost any double-byte input, Big5 too: when both decode,
        # the one that reads as Chinese wins (Big5 read as GB gives kana and box marks)
        name, text = max(decodings, key=lambda d: plausibility(d[1]))
        return Decoded(text, name)
    guess = _arbiter(data)
    if guess is not None:
        return guess
    lossy = data.decode("gb18030", errors="replace")
    return Decoded(lossy, "gb18030", ("no encoding decodes every byte; undecodable bytes became U+FFFD",))


_COMMON_MARKS = frozenset("‘’“”…—·")


def _ordinary(ch: str) -> bool:
    cp = ord(ch)
    if cp < 0x80 or 0x4E00 <= cp <= 0x9FFF:
        return True
    return 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFF5E or ch in _COMMON_MARKS


def plausibility(text: str) -> float:
    """Share of characters that ordinary Chinese text is made of: common Han, ASCII,
    CJK and full-width punctuation. Text decoded with the wrong CJK codec scores low."""
    if not text:
        return 0.0
    good = sum(1 for ch in text if _ordinary(ch))
    return good / len(text)


def _arbiter(data: bytes) -> Decoded | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        return None
    text = _strict(data, best.encoding)
    return Decoded(text, best.encoding) if text is not None else None


def looks_binary(data: bytes) -> bool:
    """NUL bytes outside a UTF-16/32 text, or many control bytes: not a text page."""
    head = data[:8192]
    if not head:
        return False
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    nul = head.count(0)
    if nul:
        # UTF-16 text without a BOM has its NULs (the high bytes of ASCII characters)
        # all on one side: even or odd offsets. A binary file has them on both.
        even, odd = head[0::2].count(0), head[1::2].count(0)
        return min(even, odd) > 0.05 * max(even, odd)
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > 0.1 * len(head)
