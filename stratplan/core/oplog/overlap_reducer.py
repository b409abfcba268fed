"""Derived overlap reviews: pairs dismissed as "not a duplicate" and pairs linked as related.

Each pair of proposals is one entity (its id is computed from the two proposal ids, so two
laptops reviewing the same pair write to the same entity). Each relation, dismissed and
related, is a causal-length set: every operation carries the length it makes (odd = on, even =
off) and the highest length wins, so "review again" after a dismissal wins on every laptop
whatever the order the two arrive in, and two laptops dismissing the same pair at once agree.
"""

from __future__ import annotations

import hashlib
from typing import Any

from stratplan.core.oplog.kinds import Kind
from stratplan.core.oplog.ops import Operation

Rows = dict[str, list[dict[str, Any]]]

# kind -> (relation, whether the kind turns the relation on)
_RELATIONS = {
    Kind.OVERLAP_DISMISS: ("dismiss", True),
    Kind.OVERLAP_REVIEW_AGAIN: ("dismiss", False),
    Kind.OVERLAP_RELATE: ("relate", True),
    Kind.OVERLAP_UNRELATE: ("relate", False),
}


def pair_entity(a: str, b: str) -> str:
    """The entity id of the pair {a, b}: the same on every laptop, whichever order they are named in."""
    first, second = sorted((a, b))
    return hashlib.sha256(f"overlap-pair\n{first}\n{second}".encode()).hexdigest()[:32]


def _valid(entity: str, op: Operation) -> bool:
    """An operation counts only when it names its own pair in order and its length fits its kind
    (a hand-made operation that breaks this is kept in the log and ignored everywhere alike)."""
    p = op.payload
    a, b, cl = p["a"], p["b"], p["cl"]
    _relation, on = _RELATIONS[Kind(op.kind)]
    return a < b and pair_entity(a, b) == entity and cl >= 1 and (cl % 2 == 1) == on


def reduce_overlap(entity: str, ops: list[Operation]) -> Rows:
    valid = [o for o in ops if o.kind in _RELATIONS and _valid(entity, o)]
    if not valid:
        return {}
    row: dict[str, Any] = {"id": entity, "a": valid[0].payload["a"], "b": valid[0].payload["b"]}
    for relation in ("dismiss", "relate"):
        mine = [o for o in valid if _RELATIONS[Kind(o.kind)][0] == relation]
        # The highest length wins; equal lengths mean the same state, (hlc, id) picks whose name shows.
        last = max(mine, key=lambda o: (o.payload["cl"], o.hlc, o.id), default=None)
        row[f"{relation}_cl"] = last.payload["cl"] if last else 0
        row[f"{relation}_org"] = last.org if last else ""
        row[f"{relation}_author"] = last.author if last else ""
        row[f"{relation}_hlc"] = last.hlc if last else 0
    return {"overlap_review": [row]}
