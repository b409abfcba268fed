"""Ranking rounds: Schulze (winning votes) with tied groups, and Borda beside it."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import pytest

from stratplan.core.errors import ValidationError
from stratplan.core.voting.model import RankingBallot
from stratplan.core.voting.ranking import count_borda, count_schulze, strongest_path

# The 45-voter example of the Wikipedia article "Schulze method": (voters, ranking).
WIKIPEDIA = [(5, "ACBED"), (5, "ADECB"), (8, "BEDAC"), (3, "CABED"),
             (7, "CAEBD"), (2, "CBADE"), (7, "DCEBA"), (8, "EBADC")]
# Published pairwise preferences d[X][Y] for X, Y in A..E (diagonal unused).
WIKIPEDIA_D = {
    "A": {"B": 20, "C": 26, "D": 30, "E": 22},
    "B": {"A": 25, "C": 16, "D": 33, "E": 18},
    "C": {"A": 19, "B": 29, "D": 17, "E": 24},
    "D": {"A": 15, "B": 12, "C": 28, "E": 14},
    "E": {"A": 23, "B": 27, "C": 21, "D": 31},
}
# Published strongest-path strengths p[X][Y].
WIKIPEDIA_P = {
    "A": {"B": 28, "C": 28, "D": 30, "E": 24},
    "B": {"A": 25, "C": 28, "D": 33, "E": 24},
    "C": {"A": 25, "B": 29, "D": 29, "E": 24},
    "D": {"A": 25, "B": 28, "C": 28, "E": 24},
    "E": {"A": 25, "B": 28, "C": 28, "D": 31},
}


def expanded(spec: list[tuple[int, str]]) -> list[RankingBallot]:
    """One unit-weight strict ballot per voter."""
    made = []
    for count, ranking in spec:
        made += [RankingBallot(f"{ranking}-{i}", [[c] for c in ranking]) for i in range(count)]
    return made


def weighted(spec: list[tuple[int, str]]) -> list[RankingBallot]:
    """One ballot per line, weighing as many voters."""
    return [RankingBallot(ranking, [[c] for c in ranking], weight=count)
            for count, ranking in spec]


@pytest.mark.parametrize("make", [expanded, weighted])
def test_wikipedia_example(make: Callable[[list[tuple[int, str]]], list[RankingBallot]]) -> None:
    result = count_schulze(list("ABCDE"), make(WIKIPEDIA))
    assert result.pairwise == WIKIPEDIA_D
    assert result.strength == WIKIPEDIA_P
    assert result.order == (("E",), ("A",), ("C",), ("B",), ("D",))
    assert result.beats("E", "A") and not result.beats("A", "E")
    assert result.candidates == ("A", "B", "C", "D", "E")


def test_wikipedia_strongest_paths() -> None:
    result = count_schulze(list("ABCDE"), weighted(WIKIPEDIA))
    # A beats B only through D and C: A-(30)-D-(28)-C-(29)-B, width 28.
    assert strongest_path(result, "A", "B") == ("A", "D", "C", "B")
    assert strongest_path(result, "E", "D") == ("E", "D")
    assert strongest_path(result, "E", "A") == ("E", "B", "A")  # E-(27)-B-(25)-A
    assert strongest_path(result, "C", "C") == ("C",)
    for x in "ABCDE":
        for y in "ABCDE":
            path = strongest_path(result, x, y)
            assert path[0] == x and path[-1] == y
            if x != y:
                # Every link is a pairwise win and the narrowest is the published strength.
                links = list(zip(path, path[1:], strict=False))
                assert all(result.pairwise[a][b] > result.pairwise[b][a] for a, b in links)
                assert min(result.pairwise[a][b] for a, b in links) == WIKIPEDIA_P[x][y]
    with pytest.raises(ValidationError, match="not a candidate"):
        strongest_path(result, "A", "Z")


def test_condorcet_cycle_is_one_tied_group() -> None:
    result = count_schulze(list("ABC"), expanded([(1, "ABC"), (1, "BCA"), (1, "CAB")]))
    assert result.order == (("A", "B", "C"),)
    assert all(result.strength[x][y] == 2 for x in "ABC" for y in "ABC" if x != y)
    assert not result.beats("A", "B") and not result.beats("B", "A")


def test_exact_tie_between_two_stays_a_tie() -> None:
    result = count_schulze(["A", "B", "C"], expanded([(1, "ABC"), (1, "BAC")]))
    assert result.order == (("A", "B"), ("C",))


def test_partial_rankings_with_ties() -> None:
    ballots = [
        RankingBallot("v1", [["A"], ["B", "C"]]),  # D left out: tied below everyone
        RankingBallot("v2", [["B"]]),  # A, C, D tied last
        RankingBallot("v3", [["C", "D"], ["A"]]),  # B left out
    ]
    result = count_schulze(list("ABCD"), ballots)
    # Worked by hand: v1 puts A over B, C, D and B, C over D; v2 puts B over the rest;
    # v3 puts C, D over A, B and A over B.
    assert result.pairwise == {
        "A": {"B": 2, "C": 1, "D": 1},
        "B": {"A": 1, "C": 1, "D": 2},
        "C": {"A": 1, "B": 1, "D": 1},
        "D": {"A": 1, "B": 1, "C": 0},
    }
    # Pairwise wins: A>B (2:1), B>D (2:1), C>D (1:0); everything else is level.
    assert result.strength == {
        "A": {"B": 2, "C": 0, "D": 2},
        "B": {"A": 0, "C": 0, "D": 2},
        "C": {"A": 0, "B": 0, "D": 1},
        "D": {"A": 0, "B": 0, "C": 0},
    }
    # Nobody beats A or C; once they are out nobody beats B; D comes last.
    assert result.order == (("A", "C"), ("B",), ("D",))
    assert strongest_path(result, "A", "D") == ("A", "B", "D")
    assert strongest_path(result, "B", "A") == ()

    borda = count_borda(list("ABCD"), ballots)
    # v1: A 3, B and C 1 + 1/2 each, D (left out) 0.   v2: B 3, the rest 0.
    # v3: C and D 2 + 1/2 each, A 1, B (left out) 0.
    assert borda.points == {"A": 4, "B": Fraction(9, 2), "C": 4, "D": Fraction(5, 2)}
    assert borda.order == (("B",), ("A", "C"), ("D",))


def test_borda_full_ties_and_weights() -> None:
    ballots = [
        RankingBallot("x", [["A", "B", "C"]], weight=2),  # all tied: 1 each, times 2
        RankingBallot("y", [["C"], ["A", "B"]]),  # C 2, A and B 0 + 1/2
        RankingBallot("z", []),  # an empty ranking gives nobody anything
    ]
    borda = count_borda(list("ABC"), ballots)
    assert borda.points == {"A": Fraction(5, 2), "B": Fraction(5, 2), "C": 4}
    assert borda.order == (("C",), ("A", "B"))
    schulze = count_schulze(list("ABC"), ballots)
    assert schulze.order == (("C",), ("A", "B"))
    assert schulze.pairwise["C"] == {"A": 1, "B": 1}
    assert schulze.pairwise["A"] == {"B": 0, "C": 0}


def test_wikipedia_borda_totals() -> None:
    borda = count_borda(list("ABCDE"), weighted(WIKIPEDIA))
    # Strict full rankings of 5: 4, 3, 2, 1, 0 points; 45 voters share 45 * 10 points.
    assert borda.points == {"A": 98, "B": 92, "C": 89, "D": 69, "E": 102}
    assert sum(borda.points.values()) == 450
    assert borda.order == (("E",), ("A",), ("B",), ("C",), ("D",))


@pytest.mark.parametrize(
    ("ballots", "message"),
    [
        ([RankingBallot("v", [["A"], ["Z"]])], "names 'Z', who is not a candidate"),
        ([RankingBallot("v", [["A", "A"]])], "lists 'A' more than once"),
        ([RankingBallot("v", [["A"], ["B"], ["A"]])], "lists 'A' more than once"),
        ([RankingBallot("v", [["A"], []])], "empty or malformed group at place 2"),
        ([RankingBallot("v", ["AB"])], "empty or malformed group at place 1"),
        ([RankingBallot("v", "AB")], "must be a list of groups"),
        ([RankingBallot("v", []), RankingBallot("v", [])], "more than one ballot"),
        ([RankingBallot("v", [], weight=Fraction(-1, 2))], "more than 0"),
    ],
)
def test_bad_ballots_are_refused(ballots: list[RankingBallot], message: str) -> None:
    for count in (count_schulze, count_borda):
        with pytest.raises(ValidationError, match=message):
            count(list("ABC"), ballots)


def test_bad_candidate_lists_are_refused() -> None:
    with pytest.raises(ValidationError, match="listed twice"):
        count_schulze(["A", "A"], [])
    with pytest.raises(ValidationError, match="at least one candidate"):
        count_borda([], [])
