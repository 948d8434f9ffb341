"""Coverage-guided fuzzing of ``cleanpage.clean`` with atheris (libFuzzer for Python).

Each input is cleaned twice: as bytes (decoding included), and as str drawn from the same
bytes by atheris's FuzzedDataProvider, once with HTML recognised and once forced either
way. Every result is checked like tests/test_fuzz.py checks it, and a violation raises,
which libFuzzer reports as a crash and saves as ``crash-<sha1>``:

* no exception, status ``clean`` (``skipped`` for binary data, passed through whole),
  output that encodes as UTF-8, in the output format (lines joined by ``\\n``, none
  blank, none with edge whitespace);
* edits sorted, disjoint, in bounds, naming their span truthfully; applying them to the
  source gives the text and reversing them gives the source back;
* decoding segments that cover the input bytes and the source exactly;
* the output, cleaned again as text, unchanged.

Usage (the corpus directory keeps what atheris learns between runs):

    mkdir -p fuzz-corpus
    python tools/fuzz_atheris.py -max_total_time=3600 fuzz-corpus/
    python tools/fuzz_atheris.py crash-<sha1>          # replay one failure

Any libFuzzer flag works (``-max_len=65536``, ``-jobs=2``, ``-dict=…``); see
docs/reliability.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

with atheris.instrument_imports():
    import cleanpage
    from cleanpage import Result

# The checks of tests/test_fuzz.py: the shared Result checks and the fuzz invariants,
# with the known bugs' signatures (each a strict xfail there) that would stop every run.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from fuzz_invariants import (
    assert_segments_account,
    skipped_as_binary,
)
from helpers import assert_result_accounts, assert_text_format

CLEANER = cleanpage.Cleaner()


def check_result(page: str | bytes, result: Result) -> None:
    """Raise (AssertionError) on a broken promise; libFuzzer saves the input."""
    if skipped_as_binary(page, result):
        return
    assert result.status == "clean", f"status {result.status}: {result.reason}"
    result.text.encode("utf-8")  # raises on a lone surrogate: the output must be UTF-8 text
    if isinstance(page, str):
        assert result.source == page, "str input: source is not the input"
    else:
        assert_segments_account(page, result)
    assert_text_format(result.text)
    assert_result_accounts(result)
    again = CLEANER.clean(result.text, html=False)
    assert again.text == result.text, (
        f"not a fixed point: {result.text[:200]!r} -> {again.text[:200]!r}"
    )


def test_one_input(data: bytes) -> None:
    check_result(data, cleanpage.clean(data))
    provider = atheris.FuzzedDataProvider(data)
    html = (None, True, False)[provider.ConsumeIntInRange(0, 2)]
    # any code points, lone surrogates included (the non-text detector removes them)
    page = provider.ConsumeUnicode(len(data))
    check_result(page, CLEANER.clean(page, html=html))


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
