"""The public value types of a result keep their contract whatever builds them (Edit
sets its slots itself, for speed: see its __init__)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleanpage import Edit

_fields = st.tuples(
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.text(max_size=4),
    st.sampled_from(["seo-spam", "layout"]),
    st.sampled_from(["spam.line", "html.markup"]),
    st.floats(0, 1),
    st.text(max_size=4),
)


@given(_fields)
def test_an_edit_holds_what_it_was_given_by_position_or_by_name(values: tuple) -> None:
    names = [f.name for f in dataclasses.fields(Edit)]
    by_position = Edit(*values)
    by_name = Edit(**dict(zip(names, values, strict=True)))
    assert dataclasses.astuple(by_position) == values
    assert by_position == by_name and hash(by_position) == hash(by_name)
    assert by_position.to_dict() == dict(zip(names, values, strict=True))


def test_an_edit_is_frozen_and_its_original_defaults_to_empty() -> None:
    edit = Edit(0, 3, "", "seo-spam", "spam.line", 0.9)
    assert edit.original == ""
    with pytest.raises(dataclasses.FrozenInstanceError):
        edit.start = 1  # type: ignore[misc]
    assert dataclasses.replace(edit, start=1) == Edit(1, 3, "", "seo-spam", "spam.line", 0.9)
    with pytest.raises(TypeError):
        Edit(0, 3, "", "seo-spam")  # type: ignore[call-arg]
