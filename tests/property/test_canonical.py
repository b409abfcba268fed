"""Canonical encoding: round trips, NFC and stable ids."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stratplan.core.errors import BadFileError
from stratplan.core.oplog import canonical
from stratplan.core.oplog.ops import op_id

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**63) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_round_trip(value: object) -> None:
    data = canonical.encode(value)
    assert canonical.encode(canonical.decode(data)) == data


@given(st.dictionaries(st.text(max_size=6), st.integers(), max_size=6))
def test_key_order_does_not_change_the_id(value: dict[str, int]) -> None:
    reversed_value = dict(reversed(list(value.items())))
    assert op_id(canonical.encode(value)) == op_id(canonical.encode(reversed_value))


@given(st.text())
def test_composed_and_decomposed_text_give_one_id(text: str) -> None:
    nfd = unicodedata.normalize("NFD", text)
    nfc = unicodedata.normalize("NFC", text)
    assert canonical.encode({"t": nfd}) == canonical.encode({"t": nfc})


def test_lithuanian_text_stays_readable_utf8() -> None:
    assert canonical.encode({"b": "ąčęėįšųūž", "a": 1}) == '{"a":1,"b":"ąčęėįšųūž"}'.encode()


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        canonical.encode({"x": 0.5})
    with pytest.raises(BadFileError):
        canonical.decode(b'{"x":0.5}')


def test_non_canonical_bytes_are_refused() -> None:
    with pytest.raises(BadFileError):
        canonical.decode(b'{"b":1, "a":2}')
