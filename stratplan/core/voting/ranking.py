"""Ranking rounds: Schulze (winning votes) as the decision, Borda shown beside it."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Sequence
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from stratplan.core.errors import ValidationError
from stratplan.core.voting.model import (
    BordaResult,
    RankingBallot,
    SchulzeResult,
    check_one_ballot_each,
    check_options,
    check_weight,
    group_by_key,
)

Matrix = dict[str, dict[str, Fraction]]


def _frozen(matrix: Matrix) -> MappingProxyType[str, MappingProxyType[str, Fraction]]:
    """A read-only view, so a result handed to the UI cannot be changed behind its back."""
    return MappingProxyType({x: MappingProxyType(row) for x, row in matrix.items()})


def _positions(ballot: RankingBallot, candidates: tuple[str, ...]) -> dict[str, int]:
    """Each candidate's group index on a ballot; unmentioned candidates share the last one."""
    known = set(candidates)
    position: dict[str, int] = {}
    for index, group in enumerate(ballot.ranking):
        # A plain string would be read letter by letter as candidates: refuse it.
        if isinstance(group, str) or not group:
            raise ValidationError(
                "The ranking of {voter} has an empty or malformed group at place {index}: each "
                "place must list one or more candidates.", voter=ballot.voter, index=index + 1)
        for candidate in group:
            if candidate not in known:
                raise ValidationError(
                    "The ranking of {voter} names '{candidate}', who is not a candidate in "
                    "this round.", voter=ballot.voter, candidate=candidate)
            if candidate in position:
                raise ValidationError(
                    "The ranking of {voter} lists '{candidate}' more than once.",
                    voter=ballot.voter, candidate=candidate)
            position[candidate] = index
    unranked = len(ballot.ranking)
    return {c: position.get(c, unranked) for c in candidates}


Read = list[tuple[Fraction, dict[str, int], int]]


def _read(candidates: Sequence[str],
          ballots: Iterable[RankingBallot]) -> tuple[tuple[str, ...], Read]:
    """Checked candidates, and each ballot as (weight, positions, the unranked position)."""
    options = check_options(candidates, "candidate")
    read = []
    for ballot in check_one_ballot_each(ballots):
        if isinstance(ballot.ranking, str):
            raise ValidationError("The ranking of {voter} must be a list of groups.",
                                  voter=ballot.voter)
        read.append((check_weight(ballot.voter, ballot.weight), _positions(ballot, options),
                     len(ballot.ranking)))
    return options, read


def _scaled(read: Read) -> tuple[list[int], int]:
    """Weights as integers over one common denominator, so the counting can use integers."""
    scale = 1
    for weight, _, _ in read:
        scale = math.lcm(scale, weight.denominator)
    return [int(weight * scale) for weight, _, _ in read], scale


def _as_fractions(options: tuple[str, ...], matrix: Any, scale: int) -> Matrix:
    values = matrix.tolist()
    # Counts repeat a lot (they are at most the number of ballots): one Fraction per value.
    cache = {v: Fraction(v, scale) for v in set(matrix.flatten().tolist())}
    return {x: {y: cache[values[i][j]] for j, y in enumerate(options) if j != i}
            for i, x in enumerate(options)}


def count_schulze(candidates: Sequence[str], ballots: Iterable[RankingBallot]) -> SchulzeResult:
    """Schulze with winning-votes strength; the order is a tuple of tied groups, best first.

    The counting runs on integer arrays (numpy): 300 candidates and 2,000 ballots are 180
    million pairwise comparisons, far beyond what plain Python does in a second. Weights
    are scaled to integers first, so the arithmetic stays exact.
    """
    # numpy is imported here, not with the module: every command that opens the store loads
    # the voting services, and numpy alone costs more than the whole `proposal list`.
    import numpy as np

    options, read = _read(candidates, ballots)
    size = len(options)
    weights, scale = _scaled(read)
    d = np.zeros((size, size), dtype=np.int64)
    for weight, (_, position, _) in zip(weights, read, strict=True):
        rank = np.array([position[c] for c in options], dtype=np.int64)
        prefers = rank[:, None] < rank[None, :]
        if weight == 1:
            d += prefers
        else:
            d += prefers * weight
    # Winning votes: a link x->y exists only when x wins the pairwise contest, with width
    # d[x][y]; Floyd-Warshall then widens each p[x][y] to the best bottleneck path.
    p = np.where(d > d.T, d, 0)
    for k in range(size):
        p = np.maximum(p, np.minimum(p[:, k : k + 1], p[k : k + 1, :]))
    np.fill_diagonal(p, 0)
    # The Schulze relation is a strict partial order, so some remaining candidate is always
    # unbeaten: peel off the unbeaten ones as a tied group, and repeat.
    beaten_by = p < p.T  # beaten_by[x, y]: y beats x
    remaining = list(range(size))
    order: list[tuple[str, ...]] = []
    while remaining:
        sub = beaten_by[np.ix_(remaining, remaining)]
        top = [remaining[i] for i in range(len(remaining)) if not sub[i].any()]
        order.append(tuple(options[i] for i in top))
        chosen = set(top)
        remaining = [i for i in remaining if i not in chosen]
    return SchulzeResult(candidates=options, pairwise=_frozen(_as_fractions(options, d, scale)),
                         strength=_frozen(_as_fractions(options, p, scale)), order=tuple(order))


def strongest_path(result: SchulzeResult, source: str, target: str) -> tuple[str, ...]:
    """Candidates along a widest path from source to target, both included; () if none.

    Among paths of the full strength this is one with the fewest links (ties between such
    paths go to candidates listed earlier), so the explanation stays short and repeatable.
    """
    for name in (source, target):
        if name not in result.strength:
            raise ValidationError("'{name}' is not a candidate in this round.", name=name)
    if source == target:
        return (source,)
    width = result.strength[source][target]
    if width == 0:
        return ()
    d = result.pairwise

    def usable(x: str, y: str) -> bool:
        return d[x][y] > d[y][x] and d[x][y] >= width

    previous: dict[str, str] = {}
    queue = deque([source])
    while queue:
        x = queue.popleft()
        for y in result.candidates:
            if y != x and y != source and y not in previous and usable(x, y):
                previous[y] = x
                queue.append(y)
    path = [target]
    while path[-1] != source:
        path.append(previous[path[-1]])
    return tuple(reversed(path))


def count_borda(candidates: Sequence[str], ballots: Iterable[RankingBallot]) -> BordaResult:
    """Borda points: one per candidate ranked strictly below, half per other candidate tied
    in the same group; candidates a ballot leaves out get 0 from it."""
    options, read = _read(candidates, ballots)
    weights, scale = _scaled(read)
    # Twice the points, in integers: a tie gives half a point per tied candidate.
    doubled = dict.fromkeys(options, 0)
    for weight, (_, position, unranked) in zip(weights, read, strict=True):
        sizes: dict[int, int] = {}
        for place in position.values():
            sizes[place] = sizes.get(place, 0) + 1
        below = 0
        below_of: dict[int, int] = {}
        for place in sorted(sizes, reverse=True):
            below_of[place] = below
            below += sizes[place]
        for c, place in position.items():
            if place != unranked:  # left out: no points, by decision
                doubled[c] += weight * (2 * below_of[place] + sizes[place] - 1)
    points = {c: Fraction(v, 2 * scale) for c, v in doubled.items()}
    return BordaResult(candidates=options, points=MappingProxyType(points),
                       order=group_by_key(options, points))
