"""Inline changes a reader can follow: a rewrite is struck and underlined as a whole."""

from __future__ import annotations

import random

from stratplan.core.amend.inline import inline_runs


def _sides(runs: list[tuple[str, str]]) -> tuple[str, str]:
    return ("".join(t for k, t in runs if k != "insert"), "".join(t for k, t in runs if k != "delete"))


def test_a_rewritten_clause_is_one_deletion_then_one_insertion() -> None:
    old = "Judges decide whether a woman forced into offences is punished, and how seriously pimps are sentenced."
    new = "Kaune ir Vilniuje, du kartus per metus 🎓 seriously pimps are sentenced."
    runs = inline_runs(old, new)
    assert runs == [("delete", "Judges decide whether a woman forced into offences is punished, and how"),
                    ("insert", "Kaune ir Vilniuje, du kartus per metus 🎓"),
                    ("equal", " seriously pimps are sentenced.")]


def test_a_one_word_change_stays_a_one_word_change() -> None:
    runs = inline_runs("Twice a year, with survivors.", "Four times a year, with survivors.")
    assert runs == [("delete", "Twice"), ("insert", "Four times"), ("equal", " a year, with survivors.")]


def test_both_texts_come_back_from_the_runs_whatever_they_are() -> None:
    rng = random.Random(7)
    words = ["ąčę", "ėįš", "שלום", "🎓", "a", "the", ",", "police", "Kaunas", "\n"]
    for _ in range(300):
        old = " ".join(rng.choice(words) for _ in range(rng.randint(0, 12)))
        new = " ".join(rng.choice(words) for _ in range(rng.randint(0, 12)))
        assert _sides(inline_runs(old, new)) == (old, new)
