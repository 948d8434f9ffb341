"""GBK byte arithmetic for the repairs: which bytes lead, which trail, tolerant decoding.

Mirrors damage pages at the byte level (see docs/encodings.md), so the repairs work on
``text.encode("gb18030")``: GB18030 is the GBK superset that also maps the private-use
characters a mirror's decoder produced back to their user-defined GBK codes.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple


def is_lead(byte: int) -> bool:
    return 0x81 <= byte <= 0xFE


def is_trail(byte: int) -> bool:
    return 0x40 <= byte <= 0xFE and byte != 0x7F


def _pair_slow(lead: int, trail: int) -> str | None:
    if not (is_lead(lead) and is_trail(trail)):
        return None
    try:
        return bytes((lead, trail)).decode("gb18030")
    except UnicodeDecodeError:
        return None


# every two-byte code's character (or None), by (lead << 8) | trail: one list lookup
# instead of a decode and a dict lookup per pair (the byte-shift search asks for tens
# of thousands a page). Filled on first use: it takes 23 ms, which an import that
# never repairs a byte-shifted page should not pay.
_PAIRS: list[str | None] = []


def pair(lead: int, trail: int) -> str | None:
    """The character a two-byte GBK code stands for (user-defined codes give private-use
    characters, as a mirror's decoder did), or None."""
    if not _PAIRS:
        # built whole, then put in place by one slice assignment: a thread that meets
        # the list half filled could read a wrong character
        _PAIRS[:] = [_pair_slow(code >> 8, code & 0xFF) for code in range(0x10000)]
    return _PAIRS[(lead << 8) | trail] if 0 <= lead < 0x100 and 0 <= trail < 0x100 else None


@lru_cache(maxsize=256)
def first_chars(following: int) -> list[tuple[str, int]]:
    """For each first byte, the character it starts before byte ``following`` and its
    length in bytes, as :func:`unit_at` reads it when nothing but those two bytes is
    read: ASCII alone, a pair, else U+FFFD alone. (``following`` must not be a digit,
    which could start a four-byte sequence.)"""
    out: list[tuple[str, int]] = []
    for first in range(0x100):
        if first < 0x80:
            out.append((chr(first), 1))
            continue
        ch = pair(first, following)
        out.append(("\ufffd", 1) if ch is None else (ch, 2))
    return out


class Unit(NamedTuple):
    """One decoded character and the bytes ``[start, end)`` it came from."""

    start: int
    end: int
    char: str


def unit_at(raw: bytes | bytearray, i: int) -> Unit:
    """The character that starts at byte ``i``. Never fails: a byte that starts no valid
    sequence becomes U+FFFD on its own, so decoding realigns as soon as it can."""
    b = raw[i]
    if b < 0x80:
        return _unit(Unit, (i, i + 1, chr(b)))
    n = len(raw)
    if 0x81 <= b <= 0xFE and i + 1 < n:
        nxt = raw[i + 1]
        if 0x30 <= nxt <= 0x39 and i + 3 < n:  # a four-byte GB18030 sequence
            try:
                return _unit(Unit, (i, i + 4, bytes(raw[i : i + 4]).decode("gb18030")))
            except UnicodeDecodeError:
                pass
        ch = pair(b, nxt)
        if ch is not None:
            return _unit(Unit, (i, i + 2, ch))
    return _unit(Unit, (i, i + 1, "\ufffd"))


# a Unit made without the NamedTuple's Python-level __new__ (half the cost: the
# byte-shift search reads thousands of units a line)
_unit = tuple.__new__


def decode_units(raw: bytes | bytearray) -> list[Unit]:
    """Decode GB18030 bytes character by character (see :func:`unit_at`)."""
    out: list[Unit] = []
    i = 0
    n = len(raw)
    while i < n:
        u = unit_at(raw, i)
        out.append(u)
        i = u.end
    return out


def decode(raw: bytes | bytearray) -> str:
    """:func:`decode_units`' characters joined. Bytes that are valid GB18030 read the same
    character by character as the codec reads them, so those are decoded by the codec."""
    try:
        return bytes(raw).decode("gb18030")
    except UnicodeDecodeError:
        return "".join(u.char for u in decode_units(raw))


# The A3 row of GBK holds the full-width forms of ASCII 0x21-0x7E: A3A1 is ！, A3BF ？.
def fullwidth_code(ascii_char: str) -> bytes:
    return bytes((0xA3, ord(ascii_char) - 0x21 + 0xA1))
