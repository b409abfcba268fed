"""Derived state of the programme layout, its releases and organisations' local plans."""

from __future__ import annotations

import json
from typing import Any

from stratplan.core.oplog.kinds import Kind
from stratplan.core.oplog.ops import Operation

Rows = dict[str, list[dict[str, Any]]]


def _ordered(ops: list[Operation]) -> list[Operation]:
    return sorted(ops, key=lambda o: (o.hlc, o.id))


def reduce_programme(entity: str, ops: list[Operation]) -> Rows:
    layouts = [o for o in _ordered(ops) if o.kind == Kind.PROGRAMME_LAYOUT]
    if not layouts:
        return {}
    last = layouts[-1]
    # Every arrangement with its organisation: which one shows is decided on reading, by the
    # roles (only a convener arranges the programme; core/roles.py).
    versions = [{"id": o.id, "layout_id": entity, "org_id": o.org, "hlc": o.hlc,
                 "layout_json": json.dumps(o.payload, ensure_ascii=False, sort_keys=True)} for o in layouts]
    return {"programme_layout": [{"id": entity, "hlc": last.hlc,
                                  "layout_json": json.dumps(last.payload, ensure_ascii=False, sort_keys=True)}],
            "programme_layout_version": versions}


def reduce_release(entity: str, ops: list[Operation]) -> Rows:
    # A release is immutable: only its first creation counts, whatever else arrives.
    created = [o for o in _ordered(ops) if o.kind == Kind.RELEASE_CREATE]
    if not created:
        return {}
    first = created[0]
    return {"programme_release": [{
        "id": entity, "name": first.payload["name"], "hlc": first.hlc, "org_id": first.org,
        "content_json": json.dumps(first.payload, ensure_ascii=False, sort_keys=True)}]}


def reduce_local_plan(entity: str, ops: list[Operation]) -> Rows:
    ordered = _ordered(ops)
    starts = [o for o in ordered if o.kind == Kind.LOCALPLAN_START]
    if not starts:
        return {}
    start = starts[0]
    owner = start.org
    release = start.payload["release"]
    decisions: dict[str, Any] = {}
    local_points: dict[str, Any] = {}
    for op in ordered:
        if op.org != owner:
            continue  # only the organisation itself adapts its plan
        if op.kind == Kind.LOCALPLAN_REBASE:
            release = op.payload["release"]
        elif op.kind == Kind.LOCALPLAN_DECIDE:
            decisions[op.payload["point"]] = {**op.payload, "hlc": op.hlc}
        elif op.kind == Kind.LOCALPLAN_LOCAL_POINT:
            local_points[op.payload["id"]] = {**op.payload, "hlc": op.hlc}
    state = {"decisions": decisions, "local_points": local_points, "title": start.payload.get("title", "")}
    return {"local_plan": [{"id": entity, "org_id": owner, "release_id": release, "hlc": ordered[-1].hlc,
                            "state_json": json.dumps(state, ensure_ascii=False, sort_keys=True)}]}
