"""Approval rounds: yes/no/abstain per proposal, a quorum and a support threshold."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

from stratplan.core.errors import ValidationError
from stratplan.core.voting.fractions_input import format_fraction, percent
from stratplan.core.voting.model import (
    BASES,
    VOTES,
    ApprovalBallot,
    ApprovalResult,
    ProposalApproval,
    Weight,
    check_fraction,
    check_one_ballot_each,
    check_options,
    check_weight,
)

DEFAULT_QUORUM = Fraction(1, 2)
DEFAULT_THRESHOLD = Fraction(2, 3)


def count_approval(
    proposals: Sequence[str],
    ballots: Iterable[ApprovalBallot],
    electorate: Weight,
    *,
    quorum: Weight = DEFAULT_QUORUM,
    threshold: Weight = DEFAULT_THRESHOLD,
    basis: str = "expressed",
) -> ApprovalResult:
    """Count an approval round.

    electorate is the summed weight of every organisation entitled to vote (their number when
    all weigh 1). The quorum is met when cast / electorate >= quorum. Support is
    yes / (yes + no) on the "expressed" basis, yes / electorate on the "electorate" basis; a
    proposal is adopted when the quorum is met and support >= threshold (both inclusive).
    """
    options = check_options(proposals, "proposal")
    quorum_f = check_fraction(quorum, "quorum")
    threshold_f = check_fraction(threshold, "threshold")
    if basis not in BASES:
        raise ValidationError("Unknown support basis '{basis}': use 'expressed' or "
                              "'electorate'.", basis=basis, field="basis")
    if isinstance(electorate, bool) or not isinstance(electorate, int | Fraction) \
            or electorate <= 0:
        raise ValidationError("The electorate weight {electorate!r} must be more than 0.",
                              electorate=electorate, field="electorate")
    electorate_f = Fraction(electorate)

    totals = {p: {v: Fraction(0) for v in VOTES} for p in options}
    cast = Fraction(0)
    weighted = False
    for ballot in check_one_ballot_each(ballots):
        weight = check_weight(ballot.voter, ballot.weight)
        weighted = weighted or weight != 1
        cast += weight
        for proposal, vote in ballot.votes.items():
            if proposal not in totals:
                raise ValidationError(
                    "The ballot of {voter} votes on '{proposal}', which is not in this round.",
                    voter=ballot.voter, proposal=proposal)
            if vote not in VOTES:
                raise ValidationError(
                    "The ballot of {voter} says '{vote}' on '{proposal}': use yes, no or "
                    "abstain.", voter=ballot.voter, vote=vote, proposal=proposal)
        for proposal in options:
            # Having cast a ballot, an organisation that skipped a proposal abstained on it.
            totals[proposal][ballot.votes.get(proposal, "abstain")] += weight
    if cast > electorate_f:
        raise ValidationError(
            "Ballots weighing {cast} were cast but the electorate weighs only {electorate}.",
            cast=format_fraction(cast), electorate=format_fraction(electorate_f), field="electorate")

    quorum_met = cast / electorate_f >= quorum_f
    counted = []
    for proposal in options:
        yes, no = totals[proposal]["yes"], totals[proposal]["no"]
        denominator = yes + no if basis == "expressed" else electorate_f
        support = yes / denominator if denominator else Fraction(0)
        # Nothing is adopted without a single yes, even at threshold 0 (0 >= 0 would say so).
        adopted = quorum_met and yes > 0 and support >= threshold_f
        counted.append(ProposalApproval(proposal=proposal, yes=yes, no=no,
                                        abstain=totals[proposal]["abstain"],
                                        support=support, adopted=adopted))
    return ApprovalResult(proposals=tuple(counted), cast=cast, electorate=electorate_f,
                          quorum_met=quorum_met, quorum=quorum_f, threshold=threshold_f,
                          basis=basis, weighted=weighted)


def _amount(value: Fraction, weighted: bool) -> str:
    """'24 organisations' / '1 organisation', or 'weight 24' when ballots carry weights."""
    if weighted:
        return f"weight {format_fraction(value)}"
    return format_fraction(value)


def _orgs(total: Fraction, weighted: bool) -> str:
    """The noun after 'N of M': nothing for weights, otherwise organisation(s)."""
    if weighted:
        return format_fraction(total)
    return f"{format_fraction(total)} organisation{'' if total == 1 else 's'}"


def explain_approval(result: ApprovalResult, proposal: str) -> str:
    """One plain-English line, e.g. "adopted: 24 of 31 organisations that expressed a view,
    77%, threshold 2/3, quorum met: 31 of 33 voted"."""
    item = result.get(proposal)
    w = result.weighted
    verdict = "adopted" if item.adopted else "not adopted"
    if result.basis == "expressed":
        expressed = item.yes + item.no
        if expressed == 0:
            support = "no organisation expressed a view"
        else:
            support = (f"{_amount(item.yes, w)} of {_orgs(expressed, w)} that expressed a view, "
                       f"{percent(item.support)}")
    else:
        support = (f"{_amount(item.yes, w)} of {_orgs(result.electorate, w)} in the electorate, "
                   f"{percent(item.support)}")
    turnout = f"{_amount(result.cast, w)} of {format_fraction(result.electorate)} voted"
    if result.quorum_met:
        quorum = f"quorum met: {turnout}"
    else:
        quorum = f"quorum not met: {turnout}, quorum {format_fraction(result.quorum)}"
    parts = [f"{verdict}: {support}", f"threshold {format_fraction(result.threshold)}", quorum]
    if item.yes == 0 and item.support >= result.threshold and result.quorum_met:
        # Only reachable at threshold 0: say why a proposal "meeting" it was not adopted.
        parts.append("nobody voted yes")
    return ", ".join(parts)
