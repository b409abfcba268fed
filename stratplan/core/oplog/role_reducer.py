"""Derived rows of working-group roles and of delegated votes (mandates), one entity at a time.

Whether a role grant counts depends on the conveners, who live in the signed roster, not in the
log: the reducer keeps every grant and revocation with the organisation that signed it, and
`core/roles.py` decides on reading. A mandate's own rules (signed by its giver, not to itself,
its giver's chain) are decided here; the round's electorate and close on reading
(`services/delegation.py`).
"""

from __future__ import annotations

from typing import Any

from stratplan.core.oplog.kinds import Kind
from stratplan.core.oplog.ops import Operation

Rows = dict[str, list[dict[str, Any]]]
# A convener grant is named on the coalition (its entity) and counts only in a store without a
# roster: a shared coalition names its conveners in the signed roster.
ROLES = ("coordinator", "convener")


def reduce_role(entity: str, ops: list[Operation]) -> Rows:
    rows = []
    for op in sorted(ops, key=lambda o: (o.hlc, o.id)):
        p = op.payload
        cl = int(p["cl"])
        # A grant has an odd length, a revocation an even one: anything else is malformed.
        if p["role"] not in ROLES or cl < 1 or (cl % 2 == 1) != (op.kind == Kind.ROLE_GRANT):
            continue
        rows.append({"id": op.id, "group_id": entity, "org_id": p["org"], "role": p["role"], "cl": cl,
                     "signer_org": op.org, "hlc": op.hlc})
    return {"role_event": rows}


def _mandate_problem(op: Operation) -> str:
    p = op.payload
    if op.org != p["org"]:
        return "a mandate in another organisation's name"
    if op.kind == Kind.MANDATE_GIVE and p["delegate"] == p["org"]:
        return "an organisation cannot give its vote to itself"
    return ""


def reduce_mandate(entity: str, ops: list[Operation]) -> Rows:
    ordered = sorted(ops, key=lambda o: (o.hlc, o.id))
    problems = {o.id: _mandate_problem(o) for o in ordered}
    valid = [o for o in ordered if not problems[o.id]]
    # Each giver's chain: a new mandate or a withdrawal names the ones it replaces as parents, so
    # the chain decides which stands, not the clock; concurrent heads: the later (hlc, id) stands.
    replaced = {parent for o in valid for parent in o.parents}
    current: set[str] = set()
    by_giver: dict[str, list[Operation]] = {}
    for op in valid:
        if op.id not in replaced:
            by_giver.setdefault(op.payload["org"], []).append(op)
    for heads in by_giver.values():
        current.add(max(heads, key=lambda o: (o.hlc, o.id)).id)
    rows = [{"id": o.id, "round_id": entity,
             "kind": "give" if o.kind == Kind.MANDATE_GIVE else "withdraw",
             "org_id": o.payload["org"], "delegate_org": o.payload.get("delegate", ""),
             "signer_org": o.org, "hlc": o.hlc, "valid": not problems[o.id], "problem": problems[o.id],
             "current": o.id in current}
            for o in ordered]
    return {"vote_mandate": rows}
