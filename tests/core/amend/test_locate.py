"""From "replace lines 3-4" to an exact change, and the messages for requests that do not fit."""

from __future__ import annotations

import pytest

from stratplan.core.amend.locate import clean_input, locate
from stratplan.core.amend.passages import apply_changes, carry, clusters, competes
from stratplan.core.errors import ValidationError
from stratplan.core.messages import msg

BODY = "First line.\nSecond line here.\n\nThird, after a blank.\nFourth."


def _apply(change: str, **kw: object) -> str:
    found = locate(BODY, change=change, **kw)  # type: ignore[arg-type]
    return apply_changes(BODY, [found])


def test_replace_insert_and_delete_by_line_number() -> None:
    assert _apply("replace", first=2, text="Line two.") == "First line.\nLine two.\n\nThird, after a blank.\nFourth."
    assert _apply("insert", first=1, text="New line.").startswith("First line.\nNew line.\nSecond")
    assert _apply("insert", first=0, text="Top.").startswith("Top.\nFirst line.")
    assert _apply("delete", first=3, last=4) == "First line.\nSecond line here.\n"
    assert _apply("delete", first=1) == "Second line here.\n\nThird, after a blank.\nFourth."


def test_an_exact_passage_can_be_named_instead_of_lines() -> None:
    assert _apply("replace", passage="after a blank", text="après une ligne vide") == \
        "First line.\nSecond line here.\n\nThird, après une ligne vide.\nFourth."
    assert _apply("delete", passage=" here") == "First line.\nSecond line.\n\nThird, after a blank.\nFourth."


@pytest.mark.parametrize(("kw", "words"), [
    ({"change": "replace", "first": 5, "text": "x"}, "Line 5 is outside the text: it has 4 numbered lines."),
    ({"change": "delete", "first": 0}, "Line 0 is outside the text"),
    ({"change": "insert", "first": 9, "text": "x"}, "Line 9 is outside the text"),
    ({"change": "replace", "first": 3, "last": 2, "text": "x"}, "The last line (2) comes before the first (3)."),
    ({"change": "replace", "passage": "line", "text": "x"}, "occurs 2 times"),
    ({"change": "replace", "passage": "nowhere", "text": "x"}, "is not in this revision's text"),
    ({"change": "swap", "first": 1, "text": "x"}, "Choose replace, insert or delete"),
    ({"change": "replace", "first": 1, "text": " "}, "Give the new text"),
    ({"change": "delete", "first": 1, "text": "x"}, "A deletion takes no new text."),
])
def test_requests_that_do_not_fit_the_text_say_why(kw: dict[str, object], words: str) -> None:
    with pytest.raises(ValidationError, match=words.replace("(", r"\(").replace(")", r"\)")):
        locate(BODY, **kw)  # type: ignore[arg-type]


def test_control_characters_are_refused_and_right_to_left_text_is_kept() -> None:
    with pytest.raises(ValidationError, match="U\\+0007"):
        clean_input("ring\x07", msg("The new text"), 100)
    with pytest.raises(ValidationError, match="U\\+202E"):
        clean_input("\u202eevil", msg("The new text"), 100)
    assert clean_input("שלום 👋\r\nעולם", msg("The new text"), 100) == "שלום 👋\nעולם"
    with pytest.raises(ValidationError, match="too long"):
        clean_input("x" * 101, msg("The new text"), 100)


def test_changes_compete_when_they_touch_the_same_passage() -> None:
    a, b = locate(BODY, change="replace", first=2, text="A"), locate(BODY, change="delete", first=2)
    c = locate(BODY, change="insert", first=2, text="C")
    d = locate(BODY, change="replace", first=4, text="D")
    assert competes(a, b) and competes(a, c) and not competes(a, d)
    assert clusters([d, a, b]) == [[1, 2], [0]]


def test_a_passage_is_carried_to_a_later_text_only_while_it_is_unchanged() -> None:
    later = "Intro.\n" + BODY.replace("Fourth.", "Fourth, changed.")
    start = BODY.index("Second line")
    assert carry(BODY, later, start, start + 11) == (start + 7, start + 18)
    end = BODY.index("Fourth.")
    assert carry(BODY, later, end, end + 7) is None
