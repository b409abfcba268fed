"""Three-way merges of texts and plan-point fields on hand-picked cases."""

from __future__ import annotations

from typing import Any

import pytest

from stratplan.core.fields import default_fields
from stratplan.core.merge.fields3 import FieldConflict, common_ancestor, merge_fields
from stratplan.core.merge.text3 import Conflict, Prefer, merge_many, merge_text, split_units

BASE = "Intro.\n\nSecond paragraph.\n\nThird paragraph.\n\nFourth paragraph.\n"


def paras(*items: str) -> str:
    return "\n\n".join(items) + "\n"


# --- splitting ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "\n", "\n\n\n", "a", "a\n", "a\n\n\n\nb", "\n\na\nb\n \t\nc\n\n", "a\r\n\r\nb\r\n"],
)
def test_units_join_back_to_the_exact_text(text: str) -> None:
    assert "".join(split_units(text, "paragraph")) == text
    assert "".join(split_units(text, "line")) == text


def test_paragraphs_keep_their_blank_lines_and_lines_their_endings() -> None:
    assert split_units("\na\nb\n\n\nc \n \t\nd", "paragraph") == [
        "\n",
        "a\nb\n",
        "\n\n",
        "c \n",
        " \t\n",
        "d",
    ]
    assert split_units("a\r\nb\n\nc", "line") == ["a\r\n", "b\n", "\n", "c"]


def test_unknown_unit_is_refused() -> None:
    with pytest.raises(ValueError):
        merge_text("a", "b", "c", unit="word")  # type: ignore[arg-type]


# --- text merges --------------------------------------------------------------------------


def test_changes_to_different_paragraphs_merge_cleanly() -> None:
    ours = paras("Intro, edited.", "Second paragraph.", "Third paragraph.", "Fourth paragraph.")
    theirs = paras("Intro.", "Second paragraph.", "Third, rewritten.", "Fourth paragraph.")
    result = merge_text(BASE, ours, theirs, unit="paragraph")
    assert result.clean
    assert result.text == paras(
        "Intro, edited.", "Second paragraph.", "Third, rewritten.", "Fourth paragraph."
    )


def test_same_paragraph_changed_differently_is_a_conflict_with_both_versions() -> None:
    ours = BASE.replace("Second paragraph.", "Second, by Rūta.")
    theirs = BASE.replace("Second paragraph.", "Second, by Jonas.")
    options: tuple[tuple[Prefer, int], ...] = (("theirs", 1), ("ours", 0))
    for prefer, chosen in options:
        result = merge_text(BASE, ours, theirs, unit="paragraph", prefer=prefer)
        assert result.conflicts == (
            Conflict(
                index=2,
                base="Second paragraph.\n\n",
                candidates=("Second, by Rūta.\n\n", "Second, by Jonas.\n\n"),
                chosen=chosen,
            ),
        )
        assert result.text == (ours, theirs)[chosen]


def test_edits_to_adjacent_paragraphs_touch_and_conflict() -> None:
    ours = BASE.replace("Second paragraph.", "Second, edited.")
    theirs = BASE.replace("Third paragraph.", "Third, edited.")
    result = merge_text(BASE, ours, theirs, unit="paragraph")
    [conflict] = result.conflicts
    assert conflict.index == 2
    assert conflict.candidates == (
        "Second, edited.\n\nThird paragraph.\n\n",
        "Second paragraph.\n\nThird, edited.\n\n",
    )
    # Whole regions from one side: never a mix of both edits that no one wrote.
    assert result.text == theirs


def test_the_same_change_on_both_sides_applies_once() -> None:
    both = BASE.replace("Third paragraph.", "Third, agreed.\n\nAnd a new one.")
    result = merge_text(BASE, both, both, unit="paragraph")
    assert result.clean and result.text == both


def test_delete_against_edit_keeps_both() -> None:
    ours = BASE.replace("Third paragraph.\n\n", "")
    theirs = BASE.replace("Third paragraph.", "Third, improved.")
    result = merge_text(BASE, ours, theirs, unit="paragraph", prefer="ours")
    [conflict] = result.conflicts
    assert conflict.candidates == ("", "Third, improved.\n\n")
    assert conflict.base == "Third paragraph.\n\n"
    assert result.text == ours
    assert merge_text(BASE, ours, theirs, unit="paragraph").text == theirs


def test_insertions_at_the_same_place_conflict() -> None:
    ours = BASE.replace("Intro.\n\n", "Intro.\n\nFrom Vilnius.\n\n")
    theirs = BASE.replace("Intro.\n\n", "Intro.\n\nFrom Kaunas.\n\n")
    result = merge_text(BASE, ours, theirs, unit="paragraph")
    assert result.conflicts == (Conflict(2, "", ("From Vilnius.\n\n", "From Kaunas.\n\n"), 1),)
    assert result.text == theirs


def test_appending_does_not_touch_an_edit_of_the_paragraph_before_last() -> None:
    ours = BASE + "\nFifth paragraph.\n"
    theirs = BASE.replace("Third paragraph.", "Third, edited.")
    result = merge_text(BASE, ours, theirs, unit="paragraph")
    assert result.clean
    assert result.text == theirs + "\nFifth paragraph.\n"


def test_appending_at_the_end_of_a_text_without_final_newline() -> None:
    base = "one\ntwo\nthree"
    result = merge_text(base, "ONE\ntwo\nthree", base + "\nfour", unit="line")
    assert result.clean and result.text == "ONE\ntwo\nthree\nfour"
    clash = merge_text(base, base + "\nfour", base + "\nvier", unit="line")
    assert clash.conflicts == (Conflict(3, "", ("four", "vier"), 1),)
    assert clash.text == base + "\nvier"


def test_line_merge_of_separate_lines() -> None:
    base = "a\nb\nc\nd\ne\n"
    result = merge_text(base, "A\nb\nc\nd\ne\n", "a\nb\nc\nd\nE\n", unit="line")
    assert result.clean and result.text == "A\nb\nc\nd\nE\n"


def test_lithuanian_emoji_and_rtl_text_survive() -> None:
    base = paras("Žmogaus teisės.", "Šalia 🌍.", "عدالة للجميع", "שלום עולם")
    ours = base.replace("Žmogaus teisės.", "Žmogaus teisės ir laisvės 🕊️.")
    theirs = base.replace("שלום עולם", "שלום עולם 👩🏽‍⚖️ ‏(RTL)")
    result = merge_text(base, ours, theirs, unit="paragraph")
    assert result.clean
    assert result.text == paras(
        "Žmogaus teisės ir laisvės 🕊️.", "Šalia 🌍.", "عدالة للجميع", "שלום עולם 👩🏽‍⚖️ ‏(RTL)"
    )


def test_no_carriage_return_is_introduced_and_crlf_is_kept() -> None:
    base = "a\n\nb\n\nc\n\nd"
    result = merge_text(base, "A\n\nb\n\nc\n\nd", "a\n\nb\n\nc\n\nD", unit="paragraph")
    assert result.text == "A\n\nb\n\nc\n\nD" and "\r" not in result.text
    crlf = "a\r\n\r\nb\r\n\r\nc\r\n"
    edited = merge_text(crlf, "A\r\n\r\nb\r\n\r\nc\r\n", crlf, unit="paragraph")
    assert edited.text == "A\r\n\r\nb\r\n\r\nc\r\n"


@pytest.mark.parametrize("unit", ["paragraph", "line"])
def test_trailing_newline_is_preserved_or_changed_as_the_head_did(unit: Any) -> None:
    assert merge_text("x\n\ny\n", "x\n\ny\n", "x\n\ny\n", unit=unit).text == "x\n\ny\n"
    assert merge_text("x\n\ny", "X\n\ny", "x\n\ny", unit=unit).text == "X\n\ny"
    assert merge_text("x\n\ny", "x\n\ny", "x\n\ny\n", unit=unit).text == "x\n\ny\n"
    assert merge_text("x\n\ny\n", "X\n\ny\n", "x\n\ny\n", unit=unit).text == "X\n\ny\n"


def test_multiple_blank_lines_are_kept() -> None:
    base = "a\n\n\n\nb\n\n\nc"
    result = merge_text(base, "A\n\n\n\nb\n\n\nc", "a\n\n\n\nb\n\n\nC", unit="paragraph")
    assert result.clean and result.text == "A\n\n\n\nb\n\n\nC"


def test_deleting_the_tail_against_dropping_the_final_newline_stays_distinct() -> None:
    result = merge_text("x\na", "x", "x\n", unit="line")
    [conflict] = result.conflicts
    assert conflict.candidates[0] != conflict.candidates[1]
    assert result.text == "x\n"


def test_empty_texts() -> None:
    assert merge_text("", "", "", unit="paragraph").text == ""
    assert merge_text("", "new", "", unit="paragraph").text == "new"
    both = merge_text("", "left", "right", unit="line")
    assert both.conflicts == (Conflict(0, "", ("left", "right"), 1),)


def test_merge_many_keeps_every_distinct_candidate_and_shows_the_newest() -> None:
    heads = [
        BASE.replace("Second paragraph.", "Second A."),
        BASE.replace("Second paragraph.", "Second B."),
        BASE.replace("Second paragraph.", "Second A."),
        BASE.replace("Fourth paragraph.", "Fourth C."),
    ]
    result = merge_many(BASE, heads, unit="paragraph")
    assert result.conflicts == (
        Conflict(2, "Second paragraph.\n\n", ("Second A.\n\n", "Second B.\n\n"), 0),
    )
    assert result.text == BASE.replace("Second paragraph.", "Second A.").replace(
        "Fourth paragraph.", "Fourth C."
    )
    assert merge_many(BASE, heads[:2], unit="paragraph") == merge_text(
        BASE, heads[0], heads[1], unit="paragraph"
    )
    assert merge_many(BASE, [heads[3]], unit="line").text == heads[3]
    with pytest.raises(ValueError):
        merge_many(BASE, [], unit="line")


# --- fields -------------------------------------------------------------------------------


def point(**changes: Any) -> dict[str, Any]:
    fields = default_fields()
    fields.update(
        title="Police training",
        summary="Train officers.\nTwice a year.\nIn every region.",
        body=BASE,
        actions=["Write curriculum", "Find trainers", "Run pilot"],
        indicators=[{"name": "Officers", "baseline": "0", "target": "40", "unit": "people"}],
        tags=["police", "training"],
    )
    fields.update(changes)
    return fields


def test_fields_changed_by_one_head_each_all_apply() -> None:
    base = point()
    a = point(title="Police and court training", start="2027-01-01")
    b = point(summary="Train officers.\nTwice a year.\nIn every region, too.", level="local")
    result = merge_fields(base, [a, b])
    assert result.clean
    assert result.fields == point(
        title="Police and court training",
        start="2027-01-01",
        summary="Train officers.\nTwice a year.\nIn every region, too.",
        level="local",
    )


def test_scalar_conflict_takes_the_latest_head() -> None:
    base = point()
    result = merge_fields(base, [point(title="Older"), point(title="Newer"), point()])
    assert result.fields["title"] == "Newer"
    assert result.conflicts == (FieldConflict("title", "Police training", ("Older", "Newer"), 1),)
    same = merge_fields(base, [point(status="submitted"), point(status="submitted")])
    assert same.clean and same.fields["status"] == "submitted"


def test_body_merges_by_paragraph_and_reports_regions() -> None:
    base = point()
    a = point(body=BASE.replace("Intro.", "Intro, A."))
    b = point(body=BASE.replace("Fourth paragraph.", "Fourth, B."))
    assert merge_fields(base, [a, b]).fields["body"] == BASE.replace("Intro.", "Intro, A.").replace(
        "Fourth paragraph.", "Fourth, B."
    )
    c = point(body=BASE.replace("Intro.", "Intro, C."))
    [conflict] = merge_fields(base, [a, c]).conflicts
    assert conflict == FieldConflict("body", "Intro.\n\n", ("Intro, A.\n\n", "Intro, C.\n\n"), 1, 0)


def test_summary_merges_by_line() -> None:
    base = point()
    a = point(summary="Train all officers.\nTwice a year.\nIn every region.")
    b = point(summary="Train officers.\nTwice a year.\nIn every region.\nWith certificates.")
    result = merge_fields(base, [a, b])
    assert result.clean
    assert result.fields["summary"] == (
        "Train all officers.\nTwice a year.\nIn every region.\nWith certificates."
    )


def test_tags_merge_as_a_set_without_conflicts() -> None:
    base = point(tags=["courts", "police", "training"])
    a = point(tags=["courts", "police", "youth"])
    b = point(tags=["courts", "training", "ąžuolas"])
    result = merge_fields(base, [a, b])
    assert result.clean
    assert result.fields["tags"] == ["courts", "youth", "ąžuolas"]


def test_delete_against_a_concurrent_edit_keeps_the_point() -> None:
    base = point()
    for heads in (
        [point(deleted=True), point(body="Edited.")],
        [point(body="Edited."), point(deleted=True)],
    ):
        result = merge_fields(base, heads)
        assert result.fields["deleted"] is False
        assert result.fields["body"] == "Edited."
        [conflict] = result.conflicts
        assert conflict.field == "deleted" and conflict.base is False
        assert set(conflict.candidates) == {True, False}
        assert conflict.candidates[conflict.chosen] is False
    alone = merge_fields(base, [point(deleted=True), point()])
    assert alone.clean and alone.fields["deleted"] is True


def test_actions_merge_by_line() -> None:
    base = point()
    a = point(actions=["Write the curriculum", "Find trainers", "Run pilot"])
    b = point(actions=["Write curriculum", "Find trainers", "Run pilot", "Evaluate"])
    result = merge_fields(base, [a, b])
    assert result.clean
    assert result.fields["actions"] == [
        "Write the curriculum",
        "Find trainers",
        "Run pilot",
        "Evaluate",
    ]
    c = point(actions=["Write curriculum", "Find trainers", "Run two pilots"])
    [conflict] = merge_fields(base, [c, b]).conflicts
    assert conflict.field == "actions" and conflict.index == 2
    assert conflict.base == ["Run pilot"]
    assert conflict.candidates == (["Run two pilots"], ["Run pilot", "Evaluate"])
    assert merge_fields(base, [c, b]).fields["actions"] == b["actions"]


def test_indicators_merge_as_whole_rows() -> None:
    one = {"name": "Officers", "baseline": "0", "target": "40", "unit": "people"}
    two = {"name": "Courses", "baseline": "0", "target": "4", "unit": "courses"}
    three = {"name": "Judges", "baseline": "2", "target": "20", "unit": "people"}
    base = point(indicators=[one, two])
    a = point(indicators=[one, two, three])
    b = point(indicators=[{**one, "target": "60"}, two])
    result = merge_fields(base, [a, b])
    assert result.clean
    assert result.fields["indicators"] == [{**one, "target": "60"}, two, three]
    assert list(result.fields["indicators"][0]) == ["name", "baseline", "target", "unit"]
    c = point(indicators=[{**one, "target": "50"}, two])
    conflict = merge_fields(base, [c, b]).conflicts[0]
    assert conflict.candidates == ([{**one, "target": "50"}], [{**one, "target": "60"}])


def test_missing_fields_use_defaults_and_results_do_not_share_lists() -> None:
    base: dict[str, Any] = {"title": "Old"}
    head = {"title": "Old", "actions": ["x"]}
    result = merge_fields(base, [head])
    assert result.fields["actions"] == ["x"] and result.fields["actions"] is not head["actions"]
    assert result.fields["level"] == "national"
    with pytest.raises(ValueError):
        merge_fields(base, [])


# --- common ancestor ----------------------------------------------------------------------


def test_common_ancestor_of_a_simple_fork() -> None:
    parents = {"a": [], "b": ["a"], "c": ["b"], "d": ["b"]}
    assert common_ancestor(parents, ["c", "d"], lambda r: ()) == "b"
    assert common_ancestor(parents, ["c", "b"], lambda r: ()) == "b"
    assert common_ancestor(parents, ["c"], lambda r: ()) == "c"


def test_common_ancestor_of_criss_cross_merges_uses_the_order_key() -> None:
    parents = {"r": [], "x": ["r"], "y": ["r"], "m1": ["x", "y"], "m2": ["x", "y"]}
    clock = {"x": 5, "y": 7}
    assert common_ancestor(parents, ["m1", "m2"], lambda r: (clock.get(r, 0), r)) == "y"
    clock["x"] = 9
    assert common_ancestor(parents, ["m1", "m2"], lambda r: (clock.get(r, 0), r)) == "x"


def test_no_common_ancestor() -> None:
    parents: dict[str, list[str]] = {"a": [], "b": []}
    assert common_ancestor(parents, ["a", "b"], lambda r: ()) is None
    assert common_ancestor(parents, [], lambda r: ()) is None
