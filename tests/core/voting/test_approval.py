"""Approval rounds: inclusive quorum and threshold, abstentions, bases, weights, wording."""

from __future__ import annotations

from fractions import Fraction

import pytest

from stratplan.core.errors import ValidationError
from stratplan.core.voting.approval import count_approval, explain_approval
from stratplan.core.voting.model import ApprovalBallot


def ballots(proposal: str = "P", *, yes: int = 0, no: int = 0, abstain: int = 0,
            missing: int = 0) -> list[ApprovalBallot]:
    """Unit-weight ballots; `missing` ballots say nothing about the proposal."""
    votes = ["yes"] * yes + ["no"] * no + ["abstain"] * abstain
    made = [ApprovalBallot(f"org{i}", {proposal: v}) for i, v in enumerate(votes)]
    made += [ApprovalBallot(f"silent{i}", {}) for i in range(missing)]
    return made


def test_8_of_12_meets_two_thirds_exactly() -> None:
    result = count_approval(["P"], ballots(yes=8, no=4), electorate=12)
    p = result.get("P")
    assert (p.yes, p.no, p.abstain) == (8, 4, 0)
    assert p.support == Fraction(2, 3)
    assert p.adopted
    assert result.threshold == Fraction(2, 3)
    assert result.quorum == Fraction(1, 2)
    assert result.basis == "expressed"


def test_7_of_11_falls_short() -> None:
    result = count_approval(["P"], ballots(yes=7, no=4), electorate=11)
    assert result.get("P").support == Fraction(7, 11) < Fraction(2, 3)
    assert not result.get("P").adopted


def test_quorum_of_exactly_half_is_met_and_one_less_is_not() -> None:
    met = count_approval(["P"], ballots(yes=5), electorate=10)
    assert met.quorum_met and met.cast == 5 and met.electorate == 10
    assert met.get("P").adopted
    short = count_approval(["P"], ballots(yes=4), electorate=10)
    assert not short.quorum_met
    assert short.get("P").support == 1
    assert not short.get("P").adopted


def test_abstentions_count_for_quorum_only() -> None:
    # 2 yes, 1 no, 3 abstain, 1 ballot silent on P, out of 12: quorum 7/12 met thanks to the
    # abstainers, while support is 2 of the 3 who expressed a view.
    result = count_approval(["P"], ballots(yes=2, no=1, abstain=3, missing=1), electorate=12)
    p = result.get("P")
    assert result.cast == 7 and result.quorum_met
    assert (p.yes, p.no, p.abstain) == (2, 1, 4)
    assert p.support == Fraction(2, 3) and p.adopted
    # Without the abstainers the quorum fails and nothing is adopted.
    thin = count_approval(["P"], ballots(yes=2, no=1), electorate=12)
    assert not thin.quorum_met and not thin.get("P").adopted


def test_nobody_expressing_a_view_means_support_zero_and_not_adopted() -> None:
    result = count_approval(["P"], ballots(abstain=6), electorate=6)
    assert result.quorum_met
    assert result.get("P").support == 0
    assert not result.get("P").adopted
    assert explain_approval(result, "P").startswith(
        "not adopted: no organisation expressed a view, threshold 2/3")


def test_electorate_basis_counts_yes_against_everyone() -> None:
    votes = ballots(yes=8, no=1, abstain=1)
    expressed = count_approval(["P"], votes, electorate=12)
    assert expressed.get("P").support == Fraction(8, 9) and expressed.get("P").adopted
    electorate = count_approval(["P"], votes, electorate=12, basis="electorate")
    assert electorate.basis == "electorate"
    assert electorate.get("P").support == Fraction(8, 12)
    assert electorate.get("P").adopted
    low = count_approval(["P"], votes, electorate=13, basis="electorate")
    assert low.get("P").support == Fraction(8, 13) and not low.get("P").adopted
    assert explain_approval(electorate, "P") == (
        "adopted: 8 of 12 organisations in the electorate, 67%, threshold 2/3, "
        "quorum met: 10 of 12 voted")


def test_weights_are_summed() -> None:
    result = count_approval(
        ["P", "Q"],
        [
            ApprovalBallot("big", {"P": "yes", "Q": "no"}, weight=3),
            ApprovalBallot("mid", {"P": "no", "Q": "yes"}, weight=Fraction(3, 2)),
            ApprovalBallot("small", {"P": "no", "Q": "abstain"}),
        ],
        electorate=Fraction(15, 2),
    )
    p, q = result.get("P"), result.get("Q")
    assert result.cast == Fraction(11, 2) and result.quorum_met and result.weighted
    assert (p.yes, p.no, p.abstain) == (3, Fraction(5, 2), 0)
    assert p.support == Fraction(6, 11) and not p.adopted
    assert (q.yes, q.no, q.abstain) == (Fraction(3, 2), 3, 1)
    assert q.support == Fraction(1, 3) and not q.adopted
    assert explain_approval(result, "P") == (
        "not adopted: weight 3 of 11/2 that expressed a view, 55%, threshold 2/3, "
        "quorum met: weight 11/2 of 15/2 voted")
    with_threshold = count_approval(
        ["P"], [ApprovalBallot("big", {"P": "yes"}, weight=3), ApprovalBallot("x", {"P": "no"})],
        electorate=4, threshold=Fraction(3, 4))
    assert with_threshold.get("P").support == Fraction(3, 4) and with_threshold.get("P").adopted


def test_explanation_of_the_reference_case() -> None:
    result = count_approval(["P"], ballots(yes=24, no=7), electorate=33)
    assert explain_approval(result, "P") == (
        "adopted: 24 of 31 organisations that expressed a view, 77%, threshold 2/3, "
        "quorum met: 31 of 33 voted")


def test_explanation_when_quorum_fails() -> None:
    result = count_approval(["P"], ballots(yes=3), electorate=10, quorum=Fraction(1, 2))
    assert explain_approval(result, "P") == (
        "not adopted: 3 of 3 organisations that expressed a view, 100%, threshold 2/3, "
        "quorum not met: 3 of 10 voted, quorum 1/2")
    single = count_approval(["P"], ballots(yes=1), electorate=1)
    assert explain_approval(single, "P") == (
        "adopted: 1 of 1 organisation that expressed a view, 100%, threshold 2/3, "
        "quorum met: 1 of 1 voted")


def test_threshold_zero_never_adopts_without_a_yes() -> None:
    result = count_approval(["P", "Q"], [ApprovalBallot("a", {"P": "yes", "Q": "no"})],
                            electorate=1, threshold=0)
    assert result.get("P").adopted
    assert not result.get("Q").adopted
    assert explain_approval(result, "Q").endswith("nobody voted yes")


def test_proposals_keep_their_order() -> None:
    result = count_approval(["Z", "A", "M"], [], electorate=3)
    assert [p.proposal for p in result.proposals] == ["Z", "A", "M"]
    assert result.cast == 0 and not result.quorum_met


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"ballots": [ApprovalBallot("a", {"X": "yes"})]}, "not in this round"),
        ({"ballots": [ApprovalBallot("a", {"P": "maybe"})]}, "use yes, no or abstain"),
        ({"ballots": [ApprovalBallot("a", {}), ApprovalBallot("a", {})]}, "more than one"),
        ({"ballots": [ApprovalBallot("a", {}, weight=0)]}, "more than 0"),
        ({"ballots": [ApprovalBallot("a", {}, weight=-1)]}, "more than 0"),
        ({"ballots": [ApprovalBallot("a", {}, weight=0.5)]}, "whole number or a fraction"),  # type: ignore[arg-type]
        ({"ballots": [ApprovalBallot("a", {}, weight=True)]}, "whole number or a fraction"),
        ({"electorate": 0}, "more than 0"),
        ({"electorate": 1, "ballots": ballots(yes=2)}, "electorate weighs only 1"),
        ({"threshold": Fraction(3, 2)}, "from 0 to 1"),
        ({"quorum": -1}, "from 0 to 1"),
        ({"threshold": 0.5}, "exact fraction"),
        ({"basis": "turnout"}, "Unknown support basis"),
        ({"proposals": []}, "at least one proposal"),
        ({"proposals": ["P", "P"]}, "listed twice"),
    ],
)
def test_mistakes_are_refused(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"proposals": ["P"], "ballots": [], "electorate": 10}
    args.update(kwargs)
    with pytest.raises(ValidationError, match=message):
        count_approval(**args)  # type: ignore[arg-type]
