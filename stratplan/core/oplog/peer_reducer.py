"""Derived needs, offers, capacity areas and pairings: the latest word on each record wins."""

from __future__ import annotations

import json
from typing import Any

from stratplan.core.oplog.ops import Operation

Rows = dict[str, list[dict[str, Any]]]
KINDS = {"peer.area": "area", "peer.need": "need", "peer.offer": "offer", "peer.pairing": "pairing"}


def reduce_peer(entity: str, ops: list[Operation]) -> Rows:
    records = sorted((o for o in ops if o.kind in KINDS), key=lambda o: (o.hlc, o.id))
    if not records:
        return {}
    first, last = records[0], records[-1]
    owner = first.payload.get("org", "")
    # Needs and offers belong to their organisation; the organisation that first entered
    # them (for example a convener importing the needs assessment) may also change them.
    valid = [o for o in records if o.kind != "peer.need" and o.kind != "peer.offer"
             or o.org in (owner, first.org)]
    last = valid[-1] if valid else last
    if last.payload.get("removed"):
        return {}
    return {"peer_record": [{
        "id": entity, "kind": KINDS[last.kind], "org_id": last.payload.get("org", ""),
        "area": last.payload.get("area", ""), "hlc": last.hlc,
        "data_json": json.dumps(last.payload, ensure_ascii=False, sort_keys=True)}]}
