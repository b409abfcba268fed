"""Commands for consolidation: overlap suggestions, merge, split, unmerge, retire."""

from __future__ import annotations

import argparse
import dataclasses

from sqlalchemy.orm import Session

from stratplan.commands.common import JsonObject, emit, named, resolve_group, say, store_action
from stratplan.core.errors import ValidationError
from stratplan.core.messages import msg, plural
from stratplan.core.services import consolidation, proposals


def _merge_id(s: Session, value: str) -> str:
    for m in consolidation.list_merges(s):
        if len(value) >= 4 and m.id.startswith(value.lower()):
            return m.id
    raise ValidationError("No merge id starts with '{value}'. See `stratplan merge --list`.",
                          value=value)


def cmd_overlaps(args: argparse.Namespace) -> int:
    from stratplan.core.services.overlap_service import suggest  # loads NumPy

    if not 0.0 < args.threshold <= 1.0:
        raise ValidationError("--threshold must be above 0 and at most 1, not {threshold}.",
                              threshold=args.threshold)
    with store_action(args) as (ws, s):
        found = suggest(s, group_id=resolve_group(s, args.group) if args.group else None,
                        threshold=args.threshold, ngrams_only=args.ngrams_only)
    data: list[JsonObject] = [
        {"score": round(g.group.score, 3), "kind": g.group.kind,
         "proposals": [{"id": p, "title": g.titles[p]} for p in g.group.ids],
         "pairs": [{"a": p.a, "b": p.b, "score": round(p.score, 3), "kind": p.kind} for p in g.group.pairs]}
        for g in found]
    emit(args, data, lambda: "\n".join(
        f"{round(d['score'] * 100):3d}%  {named('overlap', d['kind']):<12}  "
        + " / ".join(f"{p['id'][:8]} {p['title']}" for p in d["proposals"])
        for d in data) or say(msg("No overlaps found.")))
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    with store_action(args) as (ws, s):
        if args.list:
            merges = consolidation.list_merges(s)
            data: object = [dataclasses.asdict(m) for m in merges]
            active, undone = say(msg("active")), say(msg("undone"))
            text = "\n".join(f"{m.id[:8]}  {active if m.active else undone:<8}  "
                             f"{', '.join(m.source_titles)} -> {m.target_title}" for m in merges)
        else:
            if not args.target or not args.source:
                raise ValidationError("Give the target and at least one source: stratplan merge TARGET SOURCE...")
            info = consolidation.merge(s, writer=ws.writer, target=proposals.resolve_proposal_id(s, args.target),
                                       sources=[proposals.resolve_proposal_id(s, x) for x in args.source])
            data, text = dataclasses.asdict(info), say(msg("Merged into '{title}' ({id}).",
                                                           title=info.target_title, id=info.id[:8]))
    emit(args, data, lambda: text or say(msg("No merges yet.")))
    return 0


def cmd_unmerge(args: argparse.Namespace) -> int:
    with store_action(args) as (ws, s):
        info = consolidation.unmerge(s, writer=ws.writer, merge_id=_merge_id(s, args.merge))
    emit(args, dataclasses.asdict(info), lambda: say(msg("Undone: {titles} stand on their own again.",
                                                         titles=", ".join(info.source_titles))))
    return 0


def cmd_split(args: argparse.Namespace) -> int:
    with store_action(args) as (ws, s):
        created = consolidation.split(s, writer=ws.writer, source=proposals.resolve_proposal_id(s, args.id),
                                      parts=[{"title": t} for t in args.part or []])
    emit(args, {"created": created}, lambda: say(plural("Split into {n} new point.", "Split into {n} new points.",
                                                         len(created))))
    return 0


def cmd_retire(args: argparse.Namespace) -> int:
    with store_action(args) as (ws, s):
        duplicate = proposals.resolve_proposal_id(s, args.duplicate_of) if args.duplicate_of else ""
        detail = consolidation.retire(s, writer=ws.writer, proposal_id=proposals.resolve_proposal_id(s, args.id),
                                      reason=args.reason, detail=args.detail or "", duplicate_of=duplicate)
    emit(args, {"id": detail.id, "status": detail.fields["status"], "reason": detail.fields["status_reason"]},
         lambda: say(msg("Retired: {reason}", reason=detail.fields["status_reason"])))
    return 0
