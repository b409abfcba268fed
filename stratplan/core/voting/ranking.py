"""Ranking rounds: Schulze (winning votes) as the decision, Borda shown beside it."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from fractions import Fraction
from types import MappingProxyType

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
                f"The ranking of {ballot.voter} has an empty or malformed group at place "
                f"{index + 1}: each place must list one or more candidates.")
        for candidate in group:
            if candidate not in known:
                raise ValidationError(
                    f"The ranking of {ballot.voter} names '{candidate}', "
                    "who is not a candidate in this round.")
            if candidate in position:
                raise ValidationError(
                    f"The ranking of {ballot.voter} lists '{candidate}' more than once.")
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
            raise ValidationError(f"The ranking of {ballot.voter} must be a list of groups.")
        read.append((check_weight(ballot.voter, ballot.weight), _positions(ballot, options),
                     len(ballot.ranking)))
    return options, read


def count_schulze(candidates: Sequence[str], ballots: Iterable[RankingBallot]) -> SchulzeResult:
    """Schulze with winning-votes strength; the order is a tuple of tied groups, best first."""
    options, read = _read(candidates, ballots)
    d: Matrix = {x: {y: Fraction(0) for y in options if y != x} for x in options}
    for weight, position, _ in read:
        for x in options:
            for y in options:
                if x != y and position[x] < position[y]:
                    d[x][y] += weight

    # Winning votes: a link x->y exists only when x wins the pairwise contest, with width
    # d[x][y]; Floyd-Warshall then widens each p[x][y] to the best bottleneck path.
    p: Matrix = {x: {y: (d[x][y] if d[x][y] > d[y][x] else Fraction(0)) for y in d[x]}
                 for x in options}
    for k in options:
        for x in options:
            if x == k:
                continue
            for y in options:
                if y != x and y != k:
                    p[x][y] = max(p[x][y], min(p[x][k], p[k][y]))

    # The Schulze relation is a strict partial order, so some remaining candidate is always
    # unbeaten: peel off the unbeaten ones as a tied group, and repeat.
    remaining = list(options)
    order: list[tuple[str, ...]] = []
    while remaining:
        top = tuple(x for x in remaining
                    if not any(p[y][x] > p[x][y] for y in remaining if y != x))
        order.append(top)
        remaining = [x for x in remaining if x not in top]
    return SchulzeResult(candidates=options, pairwise=_frozen(d), strength=_frozen(p),
                         order=tuple(order))


def strongest_path(result: SchulzeResult, source: str, target: str) -> tuple[str, ...]:
    """Candidates along a widest path from source to target, both included; () if none.

    Among paths of the full strength this is one with the fewest links (ties between such
    paths go to candidates listed earlier), so the explanation stays short and repeatable.
    """
    for name in (source, target):
        if name not in result.strength:
            raise ValidationError(f"'{name}' is not a candidate in this round.")
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
    points = {c: Fraction(0) for c in options}
    for weight, position, unranked in read:
        for c in options:
            place = position[c]
            if place == unranked:
                # Left out: no points, by decision (not the average of the places left over).
                continue
            below = sum(1 for o in options if position[o] > place)
            tied = sum(1 for o in options if o != c and position[o] == place)
            points[c] += weight * (below + Fraction(tied, 2))
    return BordaResult(candidates=options, points=MappingProxyType(points),
                       order=group_by_key(options, points))
