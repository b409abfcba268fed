"""Three-way text merge: identities, symmetry, determinism and kept candidates."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from stratplan.core.merge.fields3 import merge_fields
from stratplan.core.merge.text3 import merge_many, merge_text, split_units

units = st.sampled_from(["paragraph", "line"])

# Few distinct pieces, so that heads share, move and repeat lines the way real edits do.
PIECES = ["", "", " ", "a", "b", "Ąžuolas 🌳", "שלום", "عدالة", "x\r", "a b"]
texts = st.lists(st.sampled_from(PIECES), max_size=12).map("\n".join) | st.text(max_size=40)


@st.composite
def edited(draw: st.DrawFn, base: str) -> str:
    """The base with a few lines replaced, removed or inserted."""
    lines = base.split("\n")
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(lines)))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.sampled_from([*PIECES, "new", "новый", "👩🏽‍⚖️"]))
        if op == "insert" or at == len(lines):
            lines.insert(at, piece)
        elif op == "delete":
            del lines[at]
        else:
            lines[at] = piece
    return "\n".join(lines)


@st.composite
def triples(draw: st.DrawFn) -> tuple[str, str, str]:
    base = draw(texts)
    return base, draw(edited(base)), draw(edited(base))


@given(texts, texts, units)
def test_one_side_unchanged_gives_the_other(base: str, x: str, unit: Any) -> None:
    for result in (merge_text(base, x, base, unit=unit), merge_text(base, base, x, unit=unit)):
        assert result.text == x and result.clean


@given(texts, texts, units)
def test_same_change_on_both_sides(base: str, x: str, unit: Any) -> None:
    result = merge_text(base, x, x, unit=unit)
    assert result.text == x and result.clean


@given(texts, units)
def test_units_join_back(text: str, unit: Any) -> None:
    assert "".join(split_units(text, unit)) == text


@given(triples(), units)
def test_clean_merges_are_deterministic_and_symmetric(t: tuple[str, str, str], unit: Any) -> None:
    base, x, y = t
    first = merge_text(base, x, y, unit=unit)
    assert merge_text(base, x, y, unit=unit) == first
    swapped = merge_text(base, y, x, unit=unit)
    assert first.clean == swapped.clean
    if first.clean:
        assert first.text == swapped.text


@given(triples(), units)
def test_conflicts_keep_both_sides_verbatim(t: tuple[str, str, str], unit: Any) -> None:
    base, x, y = t
    for prefer, chosen in (("ours", 0), ("theirs", 1)):
        result = merge_text(base, x, y, unit=unit, prefer=prefer)  # type: ignore[arg-type]
        for conflict in result.conflicts:
            ours, theirs = conflict.candidates
            assert ours != theirs
            assert ours in x and theirs in y and conflict.base in base
            assert conflict.chosen == chosen
    # Only the display choice depends on the preference.
    a = merge_text(base, x, y, unit=unit, prefer="ours")
    b = merge_text(base, x, y, unit=unit, prefer="theirs")
    assert [(c.index, c.base, c.candidates) for c in a.conflicts] == [
        (c.index, c.base, c.candidates) for c in b.conflicts
    ]
    if not a.conflicts:
        assert a.text == b.text


@given(triples(), units)
def test_no_carriage_return_appears_from_nowhere(t: tuple[str, str, str], unit: Any) -> None:
    base, x, y = t
    result = merge_text(base, x, y, unit=unit)
    assert result.text.count("\r") <= base.count("\r") + x.count("\r") + y.count("\r")
    if "\r" not in base + x + y:
        assert "\r" not in result.text


@st.composite
def many(draw: st.DrawFn) -> tuple[str, list[str]]:
    base = draw(texts)
    return base, draw(st.lists(edited(base), min_size=1, max_size=4))


@given(many(), units)
def test_merge_many_depends_only_on_the_ordered_input(m: tuple[str, list[str]], unit: Any) -> None:
    base, heads = m
    result = merge_many(base, heads, unit=unit)
    assert merge_many(base, list(heads), unit=unit) == result
    if len(heads) == 1:
        assert result.text == heads[0] and result.clean
    if len(heads) == 2:
        assert result == merge_text(base, heads[0], heads[1], unit=unit)
    for conflict in result.conflicts:
        assert len(set(conflict.candidates)) == len(conflict.candidates) >= 2
        assert 0 <= conflict.chosen < len(conflict.candidates)
        # Every candidate is one head's own text, never a blend.
        assert all(any(c in h for h in heads) for c in conflict.candidates)
    if all(h == heads[0] for h in heads):
        assert result.text == heads[0] and result.clean


tag_lists = st.lists(st.sampled_from(["a", "b", "c", "ąžuolas"]), unique=True).map(sorted)
action_lists = st.lists(st.sampled_from(["x", "y", "z", "Ž"]), max_size=5)


@given(tag_lists, tag_lists, tag_lists, action_lists, action_lists)
def test_fields_follow_a_lone_head_and_tags_never_conflict(
    base_tags: list[str], t1: list[str], t2: list[str], base_actions: list[str], acts: list[str]
) -> None:
    base = {"title": "T", "tags": base_tags, "actions": base_actions}
    head = {"title": "T", "tags": t1, "actions": acts}
    alone = merge_fields(base, [head, base])
    assert alone.clean
    assert alone.fields["tags"] == t1 and alone.fields["actions"] == acts
    both = merge_fields(base, [{"title": "T", "tags": t1}, {"title": "T", "tags": t2}])
    expected = (
        (set(base_tags) & set(t1) & set(t2))
        | (set(t1) - set(base_tags))
        | (set(t2) - set(base_tags))
    )
    assert both.clean and both.fields["tags"] == sorted(expected)
