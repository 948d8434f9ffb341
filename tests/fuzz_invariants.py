"""What a fuzzed Result must satisfy beyond tests/helpers.py's shared checks, and the
signatures of the known bugs a fuzz run steps around. Plain asserts and no hypothesis,
so tests/test_fuzz.py and tools/fuzz_atheris.py share them.

A known bug that a fuzz run must step around gets a signature here and a strict xfail
with its minimal reproduction in tests/test_fuzz.py; when it is fixed, the xfail starts
failing: remove both.
"""

from __future__ import annotations

import itertools

from cleanpage import Result
from cleanpage.decode import BINARY_DATA, looks_binary


def skipped_as_binary(page: str | bytes, result: Result) -> bool:
    """Was ``page`` binary data, passed through whole as the API promises? Such a result
    has nothing more to check."""
    if result.status != "skipped" or result.reason != BINARY_DATA:
        return False
    assert isinstance(page, bytes) and looks_binary(page), "only binary bytes are skipped as binary"
    assert result.text == result.source and result.edits == []
    return True


def assert_segments_account(page: bytes, result: Result) -> None:
    """The decoding segments cover the input bytes and the source exactly, in order, and
    each lossless segment's bytes decode to its text."""
    if not page:
        assert result.source == ""
        return
    segments = result.segments
    assert segments, "bytes input without segments"
    assert segments[0].start == 0 and segments[0].text_start == 0
    assert segments[-1].end == len(page) and segments[-1].text_end == len(result.source)
    for before, after in itertools.pairwise(segments):
        assert before.end == after.start and before.text_end == after.text_start, (before, after)
    for s in segments:
        assert s.start <= s.end and s.text_start <= s.text_end, s
        if s.lossy:
            continue
        text = result.source[s.text_start : s.text_end]
        read = page[s.start : s.end].decode(s.encoding)
        # a byte-order mark at the start of the page is read, not kept
        assert read == text or (s.start == 0 and read.removeprefix("\ufeff") == text), s
