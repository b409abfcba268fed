"""Derived needs, offers, capacity areas and pairings: the latest word on each record wins."""

from __future__ import annotations

import json
from typing import Any

from stratplan.core.oplog.kinds import Kind
from stratplan.core.oplog.ops import Operation

Rows = dict[str, list[dict[str, Any]]]
# The record type each kind stores (the peer_record.kind column).
RECORDS = {Kind.PEER_AREA: "area", Kind.PEER_NEED: "need", Kind.PEER_OFFER: "offer", Kind.PEER_PAIRING: "pairing"}


def reduce_peer(entity: str, ops: list[Operation]) -> Rows:
    records = sorted((o for o in ops if o.kind in RECORDS), key=lambda o: (o.hlc, o.id))
    if not records:
        return {}
    first, last = records[0], records[-1]
    owner = first.payload.get("org", "")
    # Needs and offers belong to their organisation; the organisation that first entered
    # them (for example a convener importing the needs assessment) may also change them.
    valid = [o for o in records if o.kind not in (Kind.PEER_NEED, Kind.PEER_OFFER)
             or o.org in (owner, first.org)]
    last = valid[-1] if valid else last
    if last.payload.get("removed"):
        return {}
    return {"peer_record": [{
        "id": entity, "kind": RECORDS[Kind(last.kind)], "org_id": last.payload.get("org", ""),
        "area": last.payload.get("area", ""), "hlc": last.hlc,
        "data_json": json.dumps(last.payload, ensure_ascii=False, sort_keys=True)}]}
