"""Score rounds: mean, lower median, distribution and majority-judgment order."""

from __future__ import annotations

from fractions import Fraction

import pytest

from stratplan.core.errors import ValidationError
from stratplan.core.voting.model import ScoreBallot
from stratplan.core.voting.score import count_score, majority_values


def columns(**grades: list[int | None]) -> list[ScoreBallot]:
    """Ballots from per-proposal columns: ballot i gives grades[p][i] to proposal p."""
    size = len(next(iter(grades.values())))
    return [ScoreBallot(f"org{i}", {p: g[i] for p, g in grades.items()}) for i in range(size)]


def test_mean_median_distribution() -> None:
    result = count_score(["P"], columns(P=[1, 2, 3, 4, None, 5, 5]))
    p = result.get("P")
    assert p.mean == Fraction(20, 6)  # blanks are left out of the mean
    assert p.median == 3  # grades 1 2 3 4 5 5: lower median of an even count is 3, not 3.5
    assert p.distribution == (0, 1, 1, 1, 1, 2)
    assert p.blanks == 1
    # Majority judgment counts the blank as 0: 0 1 2 3 4 5 5 -> median 3.
    assert p.majority_grade == 3


def test_even_count_uses_the_lower_median() -> None:
    p = count_score(["P"], columns(P=[1, 2, 4, 5])).get("P")
    assert p.median == 2 and p.majority_grade == 2
    assert p.mean == 3


def test_all_blank() -> None:
    p = count_score(["P"], columns(P=[None, None])).get("P")
    assert p.mean is None and p.median is None
    assert p.distribution == (0,) * 6 and p.blanks == 2
    assert p.majority_grade == 0


def test_missing_proposal_is_blank() -> None:
    result = count_score(["P", "Q"], [ScoreBallot("a", {"P": 4}), ScoreBallot("b", {"Q": 2})])
    assert result.get("P").blanks == 1 and result.get("P").distribution[4] == 1
    assert result.get("Q").blanks == 1 and result.get("Q").distribution[2] == 1


def test_majority_judgment_tie_break() -> None:
    # Hand-made: five organisations grade X and Y.
    #   X: 2 3 3 3 5      Y: 1 3 3 4 4       both have majority grade 3.
    # Remove one 3 each:  X: 2 3 3 5 -> 3    Y: 1 3 4 4 -> 3   still level.
    # Remove one 3 each:  X: 2 3 5 -> 3      Y: 1 4 4 -> 4     Y is ahead.
    # Y wins even though X has the higher mean (16/5 against 15/5): Y's middle
    # majority is graded better, which is what majority judgment rewards.
    # Z has the same grades as X given by other organisations: tied with X.
    result = count_score(["X", "Y", "Z"], columns(X=[2, 3, 3, 3, 5], Y=[1, 3, 3, 4, 4],
                                                  Z=[3, 5, 3, 2, 3]))
    assert [result.get(p).majority_grade for p in "XYZ"] == [3, 3, 3]
    assert result.get("X").mean == Fraction(16, 5) > result.get("Y").mean == 3
    assert result.order == (("Y",), ("X", "Z"))
    assert majority_values([0, 0, 1, 3, 0, 1]) == (3, 3, 3, 2, 5)
    assert majority_values([0, 1, 0, 2, 2, 0]) == (3, 3, 4, 1, 4)


def test_blanks_are_the_lowest_grade_for_majority_judgment() -> None:
    # B's two graders loved it, but three left it blank: as 0 0 0 5 5 its majority grade is
    # 0, below A (2 2 2 2 2), even though B's non-blank median and mean are 5.
    result = count_score(["A", "B"], columns(A=[2, 2, 2, 2, 2], B=[None, None, None, 5, 5]))
    b = result.get("B")
    assert (b.mean, b.median, b.majority_grade) == (5, 5, 0)
    assert result.order == (("A",), ("B",))
    # A blank and an explicit 0 are the same grade for majority judgment: tied.
    same = count_score(["C", "D"], columns(C=[None, 3, 4], D=[0, 3, 4]))
    assert same.order == (("C", "D"),)


def test_weights_repeat_grades() -> None:
    weighted = count_score(["P", "Q"], [ScoreBallot("a", {"P": 5, "Q": 1}, weight=3),
                                        ScoreBallot("b", {"P": 0, "Q": 4}, weight=Fraction(2)),
                                        ScoreBallot("c", {"P": None, "Q": 4})])
    expanded = count_score(["P", "Q"], columns(P=[5, 5, 5, 0, 0, None],
                                               Q=[1, 1, 1, 4, 4, 4]))
    assert weighted == expanded
    p = weighted.get("P")
    assert p.mean == 3 and p.median == 5 and p.distribution == (2, 0, 0, 0, 0, 3)
    # With the blank as 0: 0 0 0 5 5 5 -> lower median 0.
    assert p.majority_grade == 0
    assert weighted.order == (("Q",), ("P",))


@pytest.mark.parametrize(
    ("ballot", "message"),
    [
        (ScoreBallot("a", {"P": 6}), "grade 6"),
        (ScoreBallot("a", {"P": -1}), "grade -1"),
        (ScoreBallot("a", {"P": 2.5}), "grade 2.5"),  # type: ignore[dict-item]
        (ScoreBallot("a", {"P": 3.0}), "grade 3.0"),  # type: ignore[dict-item]
        (ScoreBallot("a", {"P": True}), "grade True"),
        (ScoreBallot("a", {"P": "4"}), "grade '4'"),  # type: ignore[dict-item]
        (ScoreBallot("a", {"R": 3}), "not in this round"),
        (ScoreBallot("a", {"P": 3}, weight=Fraction(1, 2)), "whole-number weights"),
        (ScoreBallot("a", {"P": 3}, weight=0), "more than 0"),
    ],
)
def test_bad_ballots_are_refused(ballot: ScoreBallot, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        count_score(["P"], [ballot])


def test_one_ballot_per_organisation() -> None:
    with pytest.raises(ValidationError, match="more than one ballot"):
        count_score(["P"], [ScoreBallot("a", {}), ScoreBallot("a", {})])
