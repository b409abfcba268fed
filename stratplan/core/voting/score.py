"""Score rounds: grades 0..5 per proposal, their mean and median, majority-judgment order."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

from stratplan.core.errors import ValidationError
from stratplan.core.voting.model import (
    MAX_GRADE,
    MIN_GRADE,
    ProposalScore,
    ScoreBallot,
    ScoreResult,
    check_one_ballot_each,
    check_options,
    check_weight,
    group_by_key,
)

GRADES = tuple(range(MIN_GRADE, MAX_GRADE + 1))


def _whole_weight(ballot: ScoreBallot) -> int:
    """The ballot weight as a whole number: majority judgment repeats a grade per unit."""
    weight = check_weight(ballot.voter, ballot.weight)
    if weight.denominator != 1:
        raise ValidationError(
            "The ballot of {voter} has weight {weight}: score rounds need whole-number weights.",
            voter=ballot.voter, weight=weight, field="weight")
    return weight.numerator


def _lower_median(counts: Sequence[int]) -> int:
    """Lower median grade of a distribution (counts[g] = how many gave grade g); needs one."""
    total = sum(counts)
    # The lower median is the ((total - 1) // 2)-th grade in ascending order (0-based):
    # for an even count it is the smaller of the two middle grades, never their average.
    wanted = (total - 1) // 2
    seen = 0
    for grade, count in enumerate(counts):
        seen += count
        if seen > wanted:
            return grade
    raise AssertionError("empty distribution")  # callers check total > 0


def majority_values(counts: Sequence[int]) -> tuple[int, ...]:
    """The majority-judgment sequence: the lower median, then the lower median once one copy
    of it is removed, and so on until no grade is left; compared lexicographically."""
    # Split the sorted grades at the lower median: `low` holds it and everything below (pop
    # from the end), `high` the rest (pop from the front). Keeping len(low) - len(high) in
    # {0, 1} keeps the lower median at low[-1], so the whole sequence costs linear time.
    grades = [g for g, count in enumerate(counts) for _ in range(count)]
    cut = (len(grades) + 1) // 2
    low, high = grades[:cut], grades[cut:]
    high.reverse()  # so that popping from the end takes the smallest
    sequence = []
    while low:
        sequence.append(low.pop())
        if len(low) < len(high):
            low.append(high.pop())
    return tuple(sequence)


def count_score(proposals: Sequence[str], ballots: Iterable[ScoreBallot]) -> ScoreResult:
    """Count a score round; the order is majority judgment, blanks counting as grade 0."""
    options = check_options(proposals, "proposal")
    counts = {p: [0] * len(GRADES) for p in options}
    blanks = dict.fromkeys(options, 0)
    for ballot in check_one_ballot_each(ballots):
        weight = _whole_weight(ballot)
        for proposal in ballot.grades:
            if proposal not in counts:
                raise ValidationError(
                    "The ballot of {voter} grades '{proposal}', which is not in this round.",
                    voter=ballot.voter, proposal=proposal)
        for proposal in options:
            grade = ballot.grades.get(proposal)
            if grade is None:
                blanks[proposal] += weight
            elif isinstance(grade, bool) or not isinstance(grade, int) \
                    or not MIN_GRADE <= grade <= MAX_GRADE:
                raise ValidationError(
                    "The ballot of {voter} gives '{proposal}' the grade {grade!r}: grades are "
                    "whole numbers from {min_grade} to {max_grade}, or blank.",
                    voter=ballot.voter, proposal=proposal, grade=grade, min_grade=MIN_GRADE,
                    max_grade=MAX_GRADE, field="grade")
            else:
                counts[proposal][grade] += weight

    scored = []
    mj_keys: dict[str, tuple[int, ...]] = {}
    for proposal in options:
        dist = counts[proposal]
        graded = sum(dist)
        mean = (Fraction(sum(g * n for g, n in enumerate(dist)), graded) if graded else None)
        median = _lower_median(dist) if graded else None
        # For majority judgment a blank is the lowest grade: not grading is not approving.
        with_blanks = [dist[0] + blanks[proposal], *dist[1:]]
        mj_keys[proposal] = majority_values(with_blanks)
        # No ballots at all: every proposal is at grade 0, all tied.
        majority = mj_keys[proposal][0] if mj_keys[proposal] else MIN_GRADE
        scored.append(ProposalScore(proposal=proposal, mean=mean, median=median,
                                    distribution=tuple(dist), blanks=blanks[proposal],
                                    majority_grade=majority))
    # Every ballot grades (or blanks) every proposal, so all sequences have the same length and
    # equal sequences mean identical grade lists: exactly the ties majority judgment keeps.
    return ScoreResult(proposals=tuple(scored), order=group_by_key(options, mj_keys))
