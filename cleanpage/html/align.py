"""Match the DOM's text nodes to the source's text runs.

The parser merges runs that an ignored tag separated (``a</div>b`` is one node "ab"),
drops or rewrites whitespace (CR LF, a newline after ``<pre>``) and moves text that sits
directly in a ``<table>`` in front of it. So a node is matched to one or more
consecutive runs by its text with whitespace removed, starting where the last match
ended and looking a bounded distance ahead; a node that matches nowhere is reported and
its text is not used, never guessed.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .dom import TextNode
from .source import BLANK, UNPARSED, Run

# characters the parser drops or rewrites, deleted from both sides before matching
IGNORED = " \t\n\r\f\x0b\x00\ufffd"
WINDOW = 64  # how many unmatched runs ahead a node may be found (foster-parented text)


def _key(text: str) -> str:
    """``text`` without the :data:`IGNORED` characters. Each one present is replaced
    away (a scan in C per character that is there): ``str.translate`` with a table
    costs about 30 ns per character of the text, 5 ms for a hidden block of 174,000
    characters, against under 1 ms."""
    if not text.strip(BLANK):  # whitespace between tags (BLANK: all of it in IGNORED)
        return ""
    for ch in IGNORED:
        if ch in text:
            text = text.replace(ch, "")
    return text


def align(runs: Sequence[Run], nodes: Sequence[TextNode]) -> tuple[list[int], int]:
    """For each run, the index of the text node it belongs to (-1: none); and the
    number of non-blank text nodes no run matched. ``nodes`` leaves out the text of
    raw-text elements (script, style …), as the runs' side does."""
    owner = [-1] * len(runs)
    # raw text (script, style …) is never output, and can be huge: not matched at all
    keys = ["" if r.raw else _key(r.text) for r in runs]
    live = [k for k, key in enumerate(keys) if key]  # runs that hold visible characters
    used = bytearray(len(runs))
    cursor = 0  # position in ``live`` of the first run not yet matched
    missed = 0
    # The parser builds elements from a noscript's content, which the source scanner
    # reads as raw text: a node found there has no run of its own, and is not missing.
    unparsed = [(r.start, _key(r.text)) for r in runs if r.tag in UNPARSED]
    last_end = 0  # source end of the last run matched
    for node in nodes:
        want = _key(node.text)
        if not want:
            continue
        # A node built from a noscript that comes next in the source (between the last
        # match and the next run: the parser moves head noscript text into the body) is
        # that noscript's text: it must not take a later run that reads the same. The
        # run right at the cursor is still its own (a body paragraph after a noscript).
        next_start = runs[live[cursor]].start if cursor < len(live) else sys.maxsize
        from_noscript = any(last_end <= start < next_start and want in key for start, key in unparsed)
        matched = False
        skipped = False
        tried = 0
        pos = cursor
        while pos < len(live) and tried < WINDOW:
            k = live[pos]
            if used[k]:
                pos += 1
                continue
            tried += 1
            if want.startswith(keys[k]):
                taken = _extend(live, pos, keys, used, want)
                if taken and from_noscript and pos != cursor:
                    skipped = True
                    break
                if taken:
                    for j in taken:
                        owner[j] = node.index
                        used[j] = 1
                    last_end = max(last_end, runs[taken[-1]].end)
                    matched = True
                    break
            pos += 1
        if not matched and not skipped and not any(want in key for _, key in unparsed):
            missed += 1
        while cursor < len(live) and used[live[cursor]]:
            cursor += 1
    return owner, missed


def _extend(live: Sequence[int], pos: int, keys: Sequence[str], used: bytearray, want: str) -> list[int]:
    """Runs from ``live[pos]`` on whose keys concatenate to exactly ``want``."""
    taken: list[int] = []
    got = 0
    while pos < len(live) and got < len(want):
        k = live[pos]
        key = keys[k]
        if used[k] or not want.startswith(key, got):
            return []
        taken.append(k)
        got += len(key)
        pos += 1
    return taken if got == len(want) else []
