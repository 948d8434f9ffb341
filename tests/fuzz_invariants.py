"""What a fuzzed Result must satisfy beyond tests/helpers.py's shared checks, and the
signatures of the known bugs a fuzz run steps around. Plain asserts and no hypothesis,
so tests/test_fuzz.py and tools/fuzz_atheris.py share them.

Each known bug is a strict xfail with a minimal reproduction in tests/test_fuzz.py (or
tests/test_html_properties.py); when one is fixed, its xfail starts failing: remove it
and its signature here.
"""

from __future__ import annotations

import itertools

from cleanpage import Result

# test_escaped_tags_are_removed_like_tags_in_a_text_page (test_html_properties.py): when
# compose_edits drops a text edit, the output can differ from a second cleaning.
KNOWN_HTML_OVERLAP = "overlapped markup and were left out"
# Characters that layout.strip removes at a line's edge after the detectors have read the
# line with them: test_characters_stripped_at_a_line_edge_do_not_hide_a_separator_line.
# The other invariants still hold on pages with them; only the fixed-point check is left
# out there.
STRIPPED_AT_EDGES = frozenset("\x1c\x1d\x1e\x1f\u200b\u200c\u200d\u2060\ufeff")


def known_unstable(result: Result, again: Result) -> bool:
    """Does the second cleaning change what the first one left, as a known bug does?"""
    # what the second cleaning changes, layout aside (removing a line fixes line ends)
    changes = [e for e in again.edits if e.original != e.replacement and e.kind != "layout"]
    rules = {e.rule for e in changes}
    if not changes:
        return False
    if all(r.startswith("codec.") for r in rules):
        # test_codec_repair_output_is_not_repaired_again (a codec repair took again), or
        # test_edge_whitespace_does_not_hide_mojibake (a stripped edge hid the run)
        return any(e.rule.startswith("codec.") or e.rule == "layout.strip" for e in result.edits)
    if rules == {"related.items"}:  # test_removing_related_items_leaves_no_new_list
        return any(e.rule == "related.items" for e in result.edits)
    if rules == {"punctuation.full-width"}:  # test_punctuation_decision_ignores_removed_lines
        return True
    if rules == {"spam.spliced-bracket"}:  # test_nested_bracketed_spam_goes_in_one_cleaning
        return any(e.rule == "spam.spliced-bracket" for e in result.edits)
    if rules == {"residue.separator-line"}:  # test_title_spam_cut_leaves_no_separator_line
        return any(e.rule.startswith("spam.title-") for e in result.edits)
    if all(r.startswith("pinyin.") for r in rules):  # test_pinyin_decision_ignores_spliced_spam
        return any(e.rule.startswith("spam.") for e in result.edits)
    if all(r.startswith("share.") for r in rules):  # test_trailing_padding_does_not_hide_a_share_line
        return any(e.rule == "layout.strip" for e in result.edits)
    # test_decoded_entity_does_not_complete_a_tag
    return all(r.startswith("residue.") for r in rules) and "&" in result.source


def codec_wrote_edge_space(result: Result) -> bool:
    """test_codec_repair_does_not_leave_whitespace_at_a_line_edge."""
    return any(e.rule.startswith("codec.") and e.replacement != e.replacement.strip() for e in result.edits)


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
