"""Derived reporting periods and progress reports (one entity per organisation, point and period).

A report's entity id is computed from (organisation, point, period), so two laptops of one
organisation reporting on the same point write to the same entity, and a report whose signed
organisation is not the one its entity belongs to is ignored on every laptop alike. Each
report names the revision(s) its author saw as parents: a correction is a new revision, the
earlier ones stay as history, and concurrent revisions show the later one and are flagged.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from stratplan.core.oplog.kinds import Kind
from stratplan.core.oplog.ops import Operation

Rows = dict[str, list[dict[str, Any]]]
STATE_KEYS = ("status", "reason", "narrative", "values", "evidence")


def report_entity(org: str, point: str, period: str) -> str:
    """The entity id of org's report on point for period: the same on every laptop."""
    return hashlib.sha256(f"progress-report\n{org}\n{point}\n{period}".encode()).hexdigest()[:32]


def _ordered(ops: list[Operation]) -> list[Operation]:
    return sorted(ops, key=lambda o: (o.hlc, o.id))


def reduce_period(entity: str, ops: list[Operation]) -> Rows:
    sets = [o for o in _ordered(ops) if o.kind == Kind.PERIOD_SET]
    if not sets:
        return {}
    # The organisation that created the period (the convener's) alone may change or remove it.
    owner = sets[0].org
    last = [o for o in sets if o.org == owner][-1]
    p = last.payload
    if p.get("removed"):
        return {}
    return {"progress_period": [{"id": entity, "name": p["name"], "start": p["start"], "end": p["end"],
                                 "due": p.get("due", "") or p["end"], "org_id": owner, "hlc": sets[0].hlc}]}


def _counts(entity: str, op: Operation) -> bool:
    """A report counts only in its own organisation's name, on its own entity."""
    p = op.payload
    return (op.kind == Kind.PROGRESS_REPORT and op.org == p["org"]
            and report_entity(p["org"], p["point"], p["period"]) == entity)


def _state(op: Operation) -> dict[str, Any]:
    p = op.payload
    return {"status": p["status"], "reason": p.get("reason", ""), "narrative": p.get("narrative", ""),
            "values": p.get("values", []), "evidence": p.get("evidence", [])}


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def reduce_progress(entity: str, ops: list[Operation]) -> Rows:
    valid = [o for o in _ordered(ops) if _counts(entity, o)]
    if not valid:
        return {}
    referenced = {parent for o in valid for parent in o.parents}
    heads = [o for o in valid if o.id not in referenced]
    head = heads[-1]  # the later of concurrent revisions shows; the others stay in `heads`
    state = _state(head)
    p = head.payload
    report = {
        "id": entity, "org_id": p["org"], "plan_id": p["plan"], "point_id": p["point"],
        "period_id": p["period"], "status": state["status"], "reason": state["reason"],
        "narrative": state["narrative"], "values_json": _dump(state["values"]),
        "evidence_json": _dump(state["evidence"]), "head": head.id,
        "heads": " ".join(o.id for o in heads), "revision_count": len(valid),
        "author_id": head.author, "hlc": head.hlc,
    }
    revisions = [{"id": o.id, "report_id": entity, "parents": " ".join(o.parents), "author_id": o.author,
                  "hlc": o.hlc, "state_json": _dump(_state(o))} for o in valid]
    return {"progress_report": [report], "progress_revision": revisions}
