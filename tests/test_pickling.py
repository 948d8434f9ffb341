"""What crosses a process boundary (the corpus pool, Ray, datatrove) survives pickling:
the cleaner, its configuration and every part of a result, in the plain and the
compiled build alike (docs/performance.md, "Compiled build": a compiled frozen
dataclass cannot be restored attribute by attribute)."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from cleanpage import Cleaner, Edit
from cleanpage.config import Config
from cleanpage.decode import decode
from cleanpage.result import Segment

SAMPLES = sorted((Path(__file__).parent.parent / "samples").glob("*.txt"))


def round_trip(obj: object) -> object:
    return pickle.loads(pickle.dumps(obj, pickle.HIGHEST_PROTOCOL))


@given(
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.text(max_size=8),
    st.sampled_from(["seo-spam", "pinyin", "mojibake"]),
    st.floats(0, 1),
    st.text(max_size=8),
)
def test_an_edit_survives_pickling_and_copying(
    start: int, length: int, replacement: str, kind: str, confidence: float, original: str
) -> None:
    edit = Edit(start, start + length, replacement, kind, "rule.name", confidence, original)
    assert round_trip(edit) == edit
    assert copy.copy(edit) == edit and copy.deepcopy(edit) == edit


def test_a_configuration_survives_pickling() -> None:
    config = Config(
        path=Path("/corpus/.cleanpage.toml"),
        root=Path("/corpus"),
        disable=frozenset({"spam"}),
        repair=frozenset({"codec"}),
        thresholds={"spam": {"min_segments": 4}},
        exclude=("*.bak",),
        site="netease",
    )
    assert round_trip(config) == config


def test_a_decoded_page_survives_pickling() -> None:
    decoded = decode("标题\n正文。".encode("gb18030"))
    assert round_trip(decoded) == decoded
    segment = Segment(0, 4, 0, 2, "gb18030", lossy=True)
    assert round_trip(segment) == segment


def test_a_cleaner_and_its_results_survive_pickling() -> None:
    """A cleaner sent to a worker cleans as the original does; the result it sends back
    is the same result, every edit included."""
    cleaner = Cleaner()
    sent = round_trip(cleaner)
    assert isinstance(sent, Cleaner)
    for sample in SAMPLES:
        data = sample.read_bytes()
        here = cleaner.clean(data)
        there = sent.clean(data)
        back = round_trip(there)
        assert isinstance(back, type(here))
        assert here.edits and back.edits == here.edits
        assert back.text == here.text and back.source == here.source
        assert back.segments == here.segments and back.metadata == here.metadata


def test_the_package_is_one_build() -> None:
    """cleanpage.COMPILED, read off the package, holds for the modules that do the
    cleaning: no install mixes compiled and source modules of the core."""
    import cleanpage.cleaner
    import cleanpage.detectors.codec
    import cleanpage.html.dom

    for module in (cleanpage.cleaner, cleanpage.detectors.codec, cleanpage.html.dom):
        assert (not str(module.__file__).endswith(".py")) == cleanpage.COMPILED, module.__name__
