"""Derived rows of amendments: the proposed change and every decision on it, one amendment at a time.

Whether an amendment fits the revision it names, and whether a decision counts (its author's
organisation owns the proposal or coordinates its working group), depend on other entities: the
rows keep what each operation says and who signed it, and `services/amendments.py` judges on
reading, the same way on every laptop.
"""

from __future__ import annotations

from typing import Any

from stratplan.core.oplog.kinds import Kind
from stratplan.core.oplog.ops import Operation

Rows = dict[str, list[dict[str, Any]]]
CHANGES = ("replace", "insert", "delete")
DECISIONS = ("accept", "modify", "reject", "aside")


def reduce_amend(entity: str, ops: list[Operation]) -> Rows:
    ordered = sorted(ops, key=lambda o: (o.hlc, o.id))
    proposals = [o for o in ordered if o.kind == Kind.AMEND_PROPOSE and o.payload["change"] in CHANGES]
    rows: Rows = {"amendment": [], "amendment_decision": []}
    if proposals:
        # One amendment is proposed once; a second amend.propose under its id (a forged or
        # broken laptop) is ignored, the earliest (clock, id) standing everywhere alike.
        op = proposals[0]
        p = op.payload
        rows["amendment"].append({
            "id": entity, "op_id": op.id, "proposal_id": p["proposal"], "revision_id": p["revision"],
            "change": p["change"], "start": int(p["start"]), "end": int(p["end"]), "old": p["old"],
            "text": p["text"], "reason": p["reason"], "author_id": op.author, "org_id": op.org,
            "hlc": op.hlc})
    for op in ordered:
        if op.kind != Kind.AMEND_DECIDE or op.payload["decision"] not in DECISIONS:
            continue
        p = op.payload
        rows["amendment_decision"].append({
            "id": op.id, "amendment_id": entity, "decision": p["decision"], "text": p.get("text", ""),
            "reason": p.get("reason", ""), "by": p.get("by", ""), "parents": " ".join(op.parents),
            "author_id": op.author, "org_id": op.org, "hlc": op.hlc})
    return rows
