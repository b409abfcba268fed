"""Delegated votes: whose ballot carries each organisation's vote in one round (pure).

The rules, decided so every laptop counts alike:
- an organisation's own ballot always stands for it (it overrides the mandate it gave);
- otherwise a mandate to a delegate makes the delegate's ballot count for the giver too, with
  the giver's weight;
- both the giver and the delegate must be in the round's electorate;
- no chains by default: a mandate to a delegate who has itself given its vote away does not
  count (A -> B -> C: B's ballot does not carry A's vote, and neither does C's). A round that
  allows chains follows them to the first organisation that voted; a cycle counts for nobody;
- a mandate whose delegate does not vote carries nothing: the giver did not vote.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

# Why a mandate does not count (keys; the services word them for people).
GIVER_OUTSIDE = "giver-outside"
DELEGATE_OUTSIDE = "delegate-outside"
CHAIN = "chain"
CYCLE = "cycle"


@dataclass(frozen=True)
class MandateFact:
    """One standing mandate: `giver` gives its vote in the round to `delegate`."""

    id: str
    giver: str
    delegate: str


@dataclass(frozen=True)
class Resolution:
    """For each giver, the organisation whose ballot counts for it, and the mandates set aside."""

    # giver -> the organisation that voted for it (the end of its chain, which voted)
    through: dict[str, str]
    # giver -> its delegate, when the mandate counts but nobody along it voted
    unused: dict[str, str]
    # mandate id -> why it does not count
    ignored: dict[str, str]
    # mandate ids that count (the close lists them)
    counting: frozenset[str]


def resolve(electorate: Collection[str], voted: Collection[str], mandates: Iterable[MandateFact],
            *, chains: bool = False) -> Resolution:
    """Apply the rules above; `voted` are the organisations with a ballot that stands."""
    by_giver: dict[str, MandateFact] = {}
    ignored: dict[str, str] = {}
    for m in sorted(mandates, key=lambda m: m.id):
        if m.giver not in electorate:
            ignored[m.id] = GIVER_OUTSIDE
        elif m.delegate not in electorate:
            ignored[m.id] = DELEGATE_OUTSIDE
        else:
            by_giver[m.giver] = m  # one standing mandate per giver (its chain of operations decides)
    through: dict[str, str] = {}
    unused: dict[str, str] = {}
    counting: set[str] = set()
    for giver, mandate in sorted(by_giver.items()):
        if giver in voted:
            counting.add(mandate.id)  # its own ballot stands: the mandate is kept, unused
            continue
        end, problem = _follow(giver, by_giver, voted, chains)
        if problem:
            ignored[mandate.id] = problem
            continue
        counting.add(mandate.id)
        if end in voted:
            through[giver] = end
        else:
            unused[giver] = mandate.delegate
    return Resolution(through, unused, ignored, frozenset(counting))


def _follow(giver: str, by_giver: dict[str, MandateFact], voted: Collection[str], chains: bool) -> tuple[str, str]:
    """The organisation the giver's vote reaches, or why the mandate does not count."""
    delegate = by_giver[giver].delegate
    if not chains:
        return (delegate, CHAIN) if delegate in by_giver else (delegate, "")
    seen = {giver}
    current = delegate
    while current not in voted and current in by_giver:
        if current in seen:
            return current, CYCLE
        seen.add(current)
        current = by_giver[current].delegate
    if current in seen:
        return current, CYCLE
    return current, ""
