"""The fast canonical check (orjson) accepts exactly the bytes the reference encoder writes."""

from __future__ import annotations

import json

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from stratplan.core.errors import BadFileError
from stratplan.core.oplog import canonical

values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(value=values)
def test_fast_and_reference_encodings_agree(value: object) -> None:
    encoded = canonical.encode(value)
    reference = json.dumps(canonical.normalise(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert reference.encode("utf-8") == encoded
    assert canonical.decode(encoded) == canonical.normalise(value)


@settings(max_examples=200, deadline=None)
@given(value=st.dictionaries(st.text(max_size=5), st.text(max_size=5), min_size=2, max_size=4))
def test_reordered_or_spaced_bytes_are_refused(value: dict[str, str]) -> None:
    encoded = canonical.encode(value)
    normal = canonical.normalise(value)
    spaced = orjson.dumps(normal, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    unsorted = orjson.dumps(dict(sorted(normal.items(), reverse=True)))
    for variant in (spaced, unsorted):
        if variant != encoded:
            try:
                canonical.decode(variant)
            except BadFileError:
                continue
            raise AssertionError(f"non-canonical bytes accepted: {variant!r}")
