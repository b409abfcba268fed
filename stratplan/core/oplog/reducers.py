"""Pure reducers: the derived rows of one entity, computed from that entity's operations.

Each reducer sees every operation of one entity and nothing else, and returns the rows it
owns. Because the result depends only on the set of operations (sorted here), two stores
holding the same operations derive exactly the same rows, whatever the arrival order.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from stratplan.core.fields import default_fields
from stratplan.core.merge.fields3 import common_ancestor, merge_fields
from stratplan.core.oplog.amend_reducer import reduce_amend
from stratplan.core.oplog.kinds import Kind
from stratplan.core.oplog.merge_reducer import reduce_merge
from stratplan.core.oplog.ops import Operation
from stratplan.core.oplog.overlap_reducer import reduce_overlap
from stratplan.core.oplog.peer_reducer import reduce_peer
from stratplan.core.oplog.programme_reducer import (
    reduce_local_plan,
    reduce_programme,
    reduce_release,
)
from stratplan.core.oplog.progress_reducer import reduce_period, reduce_progress
from stratplan.core.oplog.role_reducer import reduce_mandate, reduce_role
from stratplan.core.oplog.round_reducer import reduce_round

Rows = dict[str, list[dict[str, Any]]]
Reducer = Callable[[str, list[Operation]], Rows]


def _order(ops: Iterable[Operation]) -> list[Operation]:
    # (hlc, id) is a total order that every replica computes identically.
    return sorted(ops, key=lambda o: (o.hlc, o.id))


def _last_set(ops: list[Operation], kind: Kind) -> Operation | None:
    sets = [o for o in _order(ops) if o.kind == kind]
    return sets[-1] if sets else None


def reduce_coalition(entity: str, ops: list[Operation]) -> Rows:
    last = _last_set(ops, Kind.COALITION_SET)
    if last is None:
        return {}
    p = last.payload
    return {"coalition": [{"id": entity, "name": p["name"], "description": p.get("description", "")}]}


def reduce_org(entity: str, ops: list[Operation]) -> Rows:
    last = _last_set(ops, Kind.ORG_SET)
    if last is None or last.payload.get("removed"):
        return {}
    p = last.payload
    row = {
        "id": entity,
        "name": p["name"],
        "code": p["code"],
        "country": p["country"],
        "language": p["language"],
    }
    return {"organisation": [row]}


def reduce_person(entity: str, ops: list[Operation]) -> Rows:
    last = _last_set(ops, Kind.PERSON_SET)
    if last is None or last.payload.get("removed"):
        return {}
    p = last.payload
    return {"person": [{"id": entity, "name": p["name"], "role": p["role"], "org_id": p["org"]}]}


def reduce_group(entity: str, ops: list[Operation]) -> Rows:
    last = _last_set(ops, Kind.GROUP_SET)
    rows: Rows = {}
    if last is not None:
        p = last.payload
        rows["working_group"] = [
            {
                "id": entity,
                "name": p["name"],
                "description": p.get("description", ""),
                "position": int(p.get("position", 0)),
                "archived": bool(p.get("archived", False)),
            }
        ]
    # Memberships are causal-length sets: the highest length wins, odd means present.
    lengths: dict[str, int] = {}
    for op in ops:
        if op.kind == Kind.GROUP_MEMBER:
            org = op.payload["org"]
            lengths[org] = max(lengths.get(org, 0), int(op.payload["cl"]))
    rows["group_member"] = [
        {"group_id": entity, "org_id": org} for org, cl in sorted(lengths.items()) if cl % 2 == 1
    ]
    return rows


def heads_of(parents_by_rev: dict[str, tuple[str, ...]]) -> list[str]:
    """Revisions that no other known revision names as a parent."""
    referenced = {p for parents in parents_by_rev.values() for p in parents}
    return [r for r in parents_by_rev if r not in referenced]


def reduce_proposal(entity: str, ops: list[Operation]) -> Rows:
    revs = [o for o in _order(ops) if o.kind == Kind.PROPOSAL_REVISE]
    if not revs:
        return {}
    revision_rows = [
        {
            "id": o.id,
            "proposal_id": entity,
            "parents": " ".join(o.parents),
            "author_id": o.author,
            "org_id": o.org,
            "device": o.device,
            "hlc": o.hlc,
            "note": o.payload.get("note", ""),
        }
        for o in revs
    ]
    by_id = {o.id: o for o in revs}
    heads = sorted(heads_of({o.id: o.parents for o in revs}), key=lambda h: (by_id[h].hlc, h))
    head = by_id[heads[-1]]
    fields = default_fields()
    extra: dict[str, str] = {"merged_json": "", "heads": "", "conflicts_json": ""}
    conflicted = False
    if len(heads) > 1:
        fields, extra, conflicted = _merge_heads(revs, by_id, heads)
    else:
        fields.update(head.payload["fields"])
    first = revs[0]
    proposal = {
        "id": entity,
        "group_id": fields["group"],
        "title": fields["title"],
        "summary": fields["summary"],
        "search_text": " ".join(
            (fields["title"], fields["summary"], fields["body"], " ".join(fields["tags"]))
        ).casefold(),
        "status": fields["status"],
        "level": fields["level"],
        "tags": " ".join(fields["tags"]),
        "language": fields["language"],
        "deleted": bool(fields["deleted"]),
        "conflict": conflicted,
        "head_revision": head.id,
        **extra,
        "revision_count": len(revs),
        "author_id": first.author,
        "org_id": first.org,
        "created_hlc": first.hlc,
        "updated_hlc": revs[-1].hlc,
    }
    return {"proposal": [proposal], "revision": revision_rows}


def _merge_heads(
    revs: list[Operation], by_id: dict[str, Operation], heads: list[str]
) -> tuple[dict[str, Any], dict[str, str], bool]:
    """Three-way merge of concurrent heads against their best common ancestor."""
    parents = {o.id: o.parents for o in revs}
    base_id = common_ancestor(parents, heads, lambda r: (by_id[r].hlc,) if r in by_id else (0,))
    base = default_fields()
    if base_id is not None and base_id in by_id:
        base.update(by_id[base_id].payload["fields"])
    merged = merge_fields(base, [by_id[h].payload["fields"] for h in heads])
    fields = default_fields()
    fields.update(merged.fields)
    conflicts = [
        {"field": c.field, "base": c.base, "candidates": list(c.candidates), "chosen": c.chosen,
         "index": c.index}
        for c in merged.conflicts
    ]
    extra = {
        "merged_json": json.dumps(fields, ensure_ascii=False, sort_keys=True),
        "heads": " ".join(heads),
        "conflicts_json": json.dumps({"base": base_id or "", "conflicts": conflicts}, ensure_ascii=False,
                                     sort_keys=True),
    }
    return fields, extra, bool(conflicts)


def reduce_comment(entity: str, ops: list[Operation]) -> Rows:
    ordered = _order(ops)
    adds = [o for o in ordered if o.kind == Kind.COMMENT_ADD]
    if not adds:
        return {}
    add = adds[0]
    # Only the author's own organisation may retract a comment.
    retracted = any(o.kind == Kind.COMMENT_RETRACT and o.org == add.org for o in ordered)
    restored = [o for o in ordered if o.kind in (Kind.COMMENT_RETRACT, Kind.COMMENT_RESTORE) and o.org == add.org]
    if restored:
        retracted = restored[-1].kind == Kind.COMMENT_RETRACT
    row = {
        "id": entity,
        "proposal_id": add.payload["proposal"],
        "reply_to": add.payload.get("reply_to") or "",
        "author_id": add.author,
        "org_id": add.org,
        "text": add.payload["text"],
        "hlc": add.hlc,
        "retracted": retracted,
    }
    return {"comment": [row]}


@dataclass(frozen=True)
class Family:
    """One family of kinds: the reducer that reads its operations and the derived tables it
    owns (each with the column naming the entity there)."""

    reducer: Reducer
    tables: Mapping[str, str]


FAMILIES: dict[str, Family] = {
    "coalition": Family(reduce_coalition, {"coalition": "id"}),
    "org": Family(reduce_org, {"organisation": "id"}),
    "person": Family(reduce_person, {"person": "id"}),
    "group": Family(reduce_group, {"working_group": "id", "group_member": "group_id"}),
    "proposal": Family(reduce_proposal, {"proposal": "id", "revision": "proposal_id"}),
    "comment": Family(reduce_comment, {"comment": "id"}),
    "round": Family(reduce_round, {"vote_round": "id", "vote_ballot": "round_id"}),
    "programme": Family(reduce_programme, {"programme_layout": "id", "programme_layout_version": "layout_id"}),
    "release": Family(reduce_release, {"programme_release": "id"}),
    "localplan": Family(reduce_local_plan, {"local_plan": "id"}),
    "peer": Family(reduce_peer, {"peer_record": "id"}),
    "merge": Family(reduce_merge, {"merge_record": "id"}),
    "overlap": Family(reduce_overlap, {"overlap_review": "id"}),
    "period": Family(reduce_period, {"progress_period": "id"}),
    "progress": Family(reduce_progress, {"progress_report": "id", "progress_revision": "report_id"}),
    "role": Family(reduce_role, {"role_event": "group_id"}),
    "mandate": Family(reduce_mandate, {"vote_mandate": "round_id"}),
    "amend": Family(reduce_amend, {"amendment": "id", "amendment_decision": "amendment_id"}),
}

_orphans = {k.family for k in Kind} ^ set(FAMILIES)
assert not _orphans, f"families without kinds, or kinds without a family: {sorted(_orphans)}"
