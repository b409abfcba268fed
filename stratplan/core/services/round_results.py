"""What a round's results need to be read by people: turnout, and why each point is where it is.

Plain data for the voting window and the exports: the turnout against the quorum (counted in
organisations and in weights), one explanation per place of a Schulze order (why each point
is below the one above it, or tied with it), and what one cell of the pairwise matrix says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from stratplan.core.services.rounds import BallotInfo, RoundInfo
from stratplan.core.voting.model import SchulzeResult
from stratplan.core.voting.ranking import strongest_path


@dataclass(frozen=True)
class Turnout:
    """How many organisations of the electorate have a ballot that stands, against the quorum."""

    cast: int
    electorate: int
    cast_weight: Fraction
    electorate_weight: Fraction
    quorum: Fraction
    quorum_met: bool
    # Some organisation weighs other than 1: the quorum is judged on weights, not heads.
    weighted: bool


def turnout(info: RoundInfo, ballots: Iterable[BallotInfo], delegated: Iterable[str] = ()) -> Turnout:
    """The turnout as the count judges it: the effective ballot of each organisation in the
    electorate, and the organisations whose vote a delegate's ballot carried (`delegated`)."""
    weights = {v.org_id: v.weight for v in info.electorate}
    voted = {b.org_id for b in ballots if b.effective and b.org_id in weights}
    voted |= {org for org in delegated if org in weights}
    cast_weight = sum((weights[o] for o in voted), Fraction(0))
    whole = sum(weights.values(), Fraction(0))
    met = whole > 0 and cast_weight / whole >= info.quorum
    return Turnout(cast=len(voted), electorate=len(weights), cast_weight=cast_weight, electorate_weight=whole,
                   quorum=info.quorum, quorum_met=met, weighted=any(w != 1 for w in weights.values()))


@dataclass(frozen=True)
class PlaceStep:
    """Why `lower` is where it is: below `upper` (a path of `strength` against `against`), or tied."""

    upper: str
    lower: str
    tied: bool
    path: tuple[str, ...]
    strength: Fraction
    against: Fraction


def why_order(result: SchulzeResult) -> tuple[PlaceStep, ...]:
    """One step for every point after the first: each adjacent pair of the order is explained.

    A point of a later group is beaten (by strongest paths) by some point of the group just
    above it: the first such point is named. Points tied in one group have equal strongest
    paths both ways: each is paired with the first point of its group.
    """
    steps: list[PlaceStep] = []
    p = result.strength
    for index, group in enumerate(result.order):
        head = group[0]
        for tied in group[1:]:
            steps.append(PlaceStep(head, tied, True, (), p[head][tied], p[tied][head]))
        if index + 1 >= len(result.order):
            continue
        for lower in result.order[index + 1]:
            upper = next((u for u in group if p[u][lower] > p[lower][u]), head)
            steps.append(PlaceStep(upper, lower, False, strongest_path(result, upper, lower),
                                   p[upper][lower], p[lower][upper]))
    return tuple(steps)


@dataclass(frozen=True)
class PairFacts:
    """One cell (row x over column y) of the pairwise matrix, both ways."""

    x: str
    y: str
    x_over_y: Fraction
    y_over_x: Fraction
    path_x_to_y: Fraction
    path_y_to_x: Fraction

    @property
    def verdict(self) -> str:
        """ "above" when x is placed above y, "below" when under it, "tied" when neither."""
        if self.path_x_to_y > self.path_y_to_x:
            return "above"
        if self.path_x_to_y < self.path_y_to_x:
            return "below"
        return "tied"


def pair_facts(result: SchulzeResult, x: str, y: str) -> PairFacts:
    d, p = result.pairwise, result.strength
    return PairFacts(x, y, d[x][y], d[y][x], p[x][y], p[y][x])
