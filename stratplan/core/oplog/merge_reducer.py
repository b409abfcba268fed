"""Derived consolidations: a merge is active until its undo arrives, whatever the order."""

from __future__ import annotations

import json
from typing import Any

from stratplan.core.oplog.kinds import Kind
from stratplan.core.oplog.ops import Operation

Rows = dict[str, list[dict[str, Any]]]


def reduce_merge(entity: str, ops: list[Operation]) -> Rows:
    ordered = sorted(ops, key=lambda o: (o.hlc, o.id))
    created = [o for o in ordered if o.kind == Kind.MERGE_CREATE]
    if not created:
        return {}
    first = created[0]
    # Only the organisation that merged may undo its merge.
    undone = any(o.kind == Kind.MERGE_UNDO and o.org == first.org for o in ordered)
    p = first.payload
    return {"merge_record": [{
        "id": entity, "target": p["target"], "sources_json": json.dumps(sorted(p["sources"])),
        "source_heads_json": json.dumps(p.get("source_heads", {}), sort_keys=True), "active": not undone,
        "author_id": first.author, "org_id": first.org, "hlc": first.hlc}]}
