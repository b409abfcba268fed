"""Ballots and results of voting rounds: plain frozen data, plus the checks all rounds share."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

from stratplan.core.errors import ValidationError
from stratplan.core.messages import msg

# A ballot's weight: an organisation counts once unless the coalition agreed otherwise.
Weight = int | Fraction
# A ranking order: groups of tied candidates, best first; never ties broken silently.
Group = tuple[str, ...]
Order = tuple[Group, ...]

VOTES = ("yes", "no", "abstain")
BASES = ("expressed", "electorate")
MIN_GRADE = 0
MAX_GRADE = 5


@dataclass(frozen=True)
class ApprovalBallot:
    """One organisation's yes/no/abstain per proposal; proposals left out count as abstain."""

    voter: str
    votes: Mapping[str, str]
    weight: Weight = 1


@dataclass(frozen=True)
class RankingBallot:
    """Tied groups best first, e.g. [["A"], ["B", "C"]]; unmentioned candidates tie last."""

    voter: str
    ranking: Sequence[Sequence[str]]
    weight: Weight = 1


@dataclass(frozen=True)
class ScoreBallot:
    """A grade 0..5 or None (blank) per proposal; proposals left out are blank."""

    voter: str
    grades: Mapping[str, int | None]
    weight: Weight = 1


@dataclass(frozen=True)
class ProposalApproval:
    """The count of one proposal in an approval round (yes/no/abstain are summed weights)."""

    proposal: str
    yes: Fraction
    no: Fraction
    abstain: Fraction
    support: Fraction
    adopted: bool


@dataclass(frozen=True)
class ApprovalResult:
    """An approval round: one ProposalApproval per proposal, in the order they were given."""

    proposals: tuple[ProposalApproval, ...]
    cast: Fraction
    electorate: Fraction
    quorum_met: bool
    quorum: Fraction
    threshold: Fraction
    basis: str
    # True when some ballot weighs other than 1, so explanations speak of weight.
    weighted: bool

    def get(self, proposal: str) -> ProposalApproval:
        """The count of one proposal; ValidationError if it was not in the round."""
        for item in self.proposals:
            if item.proposal == proposal:
                return item
        raise ValidationError("'{proposal}' was not voted on in this round.", proposal=proposal)


@dataclass(frozen=True)
class SchulzeResult:
    """Schulze (winning votes): pairwise matrix d, strongest paths p and the tied-group order."""

    candidates: tuple[str, ...]
    # pairwise[x][y]: total weight of ballots preferring x strictly over y (x != y).
    pairwise: Mapping[str, Mapping[str, Fraction]]
    # strength[x][y]: width of the widest path from x to y (0 when there is none).
    strength: Mapping[str, Mapping[str, Fraction]]
    order: Order

    def beats(self, x: str, y: str) -> bool:
        """Whether x ranks above y under Schulze (never true of x and itself)."""
        return x != y and self.strength[x][y] > self.strength[y][x]


@dataclass(frozen=True)
class BordaResult:
    """Borda points (ties averaged, unranked 0) and the tied-group order by points."""

    candidates: tuple[str, ...]
    points: Mapping[str, Fraction]
    order: Order


@dataclass(frozen=True)
class ProposalScore:
    """Grades of one proposal; distribution[g] is the weight that gave grade g."""

    proposal: str
    mean: Fraction | None  # over non-blank grades; None when every ballot left it blank
    median: int | None  # lower median over non-blank grades; None when all blank
    distribution: tuple[int, ...]  # index 0..5
    blanks: int
    majority_grade: int  # lower median of all grades, blanks counted as 0


@dataclass(frozen=True)
class ScoreResult:
    """A score round: one ProposalScore per proposal (given order), majority-judgment order."""

    proposals: tuple[ProposalScore, ...]
    order: Order

    def get(self, proposal: str) -> ProposalScore:
        """The grades of one proposal; ValidationError if it was not in the round."""
        for item in self.proposals:
            if item.proposal == proposal:
                return item
        raise ValidationError("'{proposal}' was not graded in this round.", proposal=proposal)


def check_weight(voter: str, weight: object) -> Fraction:
    """A ballot weight as an exact positive Fraction; floats are refused, not rounded."""
    # bool is an int subclass: True as a weight is almost certainly a bug upstream.
    if isinstance(weight, bool) or not isinstance(weight, int | Fraction):
        raise ValidationError(
            "The ballot of {voter} has weight {weight!r}: use a whole number or a fraction.",
            voter=voter, weight=weight, field="weight",
        )
    if weight <= 0:
        raise ValidationError(
            "The ballot of {voter} has weight {weight}: weights must be more than 0.",
            voter=voter, weight=weight, field="weight",
        )
    return Fraction(weight)


def check_options(options: Sequence[str], kind: str) -> tuple[str, ...]:
    """The proposals or candidates of a round, refusing none and duplicates."""
    if not options:
        raise (ValidationError("A round needs at least one candidate.") if kind == "candidate"
               else ValidationError("A round needs at least one proposal."))
    seen: set[str] = set()
    for option in options:
        if option in seen:
            raise (ValidationError("The candidate '{option}' is listed twice.", option=option)
                   if kind == "candidate" else
                   ValidationError("The proposal '{option}' is listed twice.", option=option))
        seen.add(option)
    return tuple(options)


_FRACTION_NAMES = {"quorum": msg("quorum"), "threshold": msg("threshold")}


def check_fraction(value: object, name: str) -> Fraction:
    """A quorum or threshold as an exact Fraction from 0 to 1."""
    if isinstance(value, bool) or not isinstance(value, int | Fraction):
        raise ValidationError("The {name} {value!r} must be an exact fraction such as 2/3.",
                              name=_FRACTION_NAMES.get(name, name), value=value, field=name)
    if not 0 <= value <= 1:
        raise ValidationError("The {name} {value} must be from 0 to 1.",
                              name=_FRACTION_NAMES.get(name, name), value=value, field=name)
    return Fraction(value)


_B = TypeVar("_B", ApprovalBallot, RankingBallot, ScoreBallot)


def check_one_ballot_each(ballots: Iterable[_B]) -> list[_B]:
    """The ballots as a list, refusing a second ballot from the same organisation."""
    seen: set[str] = set()
    result = list(ballots)
    for ballot in result:
        if ballot.voter in seen:
            raise ValidationError("{voter} has cast more than one ballot.", voter=ballot.voter)
        seen.add(ballot.voter)
    return result


_K = TypeVar("_K", Fraction, tuple[int, ...])


def group_by_key(options: Sequence[str], key: Mapping[str, _K]) -> Order:
    """Options grouped by equal key, groups in descending key order, members in given order."""
    distinct = sorted({key[o] for o in options}, reverse=True)
    return tuple(tuple(o for o in options if key[o] == k) for k in distinct)
