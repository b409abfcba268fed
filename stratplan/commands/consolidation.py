"""Commands for consolidation: overlap suggestions, merge, split, unmerge, retire."""

from __future__ import annotations

import argparse
import dataclasses
import itertools

from sqlalchemy.orm import Session

from stratplan.commands.common import JsonObject, emit, named, resolve_group, say, store_action
from stratplan.core.errors import ValidationError
from stratplan.core.messages import msg, plural
from stratplan.core.services import consolidation, overlap_review, proposals


def _merge_id(s: Session, value: str) -> str:
    for m in consolidation.list_merges(s):
        if len(value) >= 4 and m.id.startswith(value.lower()):
            return m.id
    raise ValidationError("No merge id starts with '{value}'. See `stratplan merge --list`.",
                          value=value)


def cmd_overlaps(args: argparse.Namespace) -> int:
    from stratplan.core.services.overlap_service import vector_cache_path  # loads NumPy

    if not 0.0 < args.threshold <= 1.0:
        raise ValidationError("--threshold must be above 0 and at most 1, not {threshold}.",
                              threshold=args.threshold)
    with store_action(args) as (ws, s):
        cache = None if args.ngrams_only else vector_cache_path(ws.store.path)
        # Pairs already dismissed or linked as related are reviewed: never listed again.
        found = overlap_review.suggest_unreviewed(
            s, group_id=resolve_group(s, args.group) if args.group else None,
            threshold=args.threshold, cache=cache, ngrams_only=args.ngrams_only)
    data: list[JsonObject] = [
        {"score": round(g.group.score, 3), "kind": g.group.kind,
         "proposals": [{"id": p, "title": g.titles[p]} for p in g.group.ids],
         "pairs": [{"a": p.a, "b": p.b, "score": round(p.score, 3), "kind": p.kind} for p in g.group.pairs]}
        for g in found]
    emit(args, data, lambda: "\n".join(_group_lines(d) for d in data) or say(msg("No overlaps found.")))
    return 0


def _group_lines(group: JsonObject) -> str:
    """One line per group; a group of three or more also shows each pair's score beneath it."""
    members: list[JsonObject] = group["proposals"]
    pairs: list[JsonObject] = group["pairs"]
    line = (f"{round(float(group['score']) * 100):3d}%  {named('overlap', str(group['kind'])):<12}  "
            + " / ".join(f"{str(p['id'])[:8]} {p['title']}" for p in members))
    if len(members) < 3:
        return line
    return "\n".join([line, *(f"      {round(float(p['score']) * 100):3d}%  {str(p['a'])[:8]} - {str(p['b'])[:8]}"
                              for p in pairs)])


def _two(s: Session, args: argparse.Namespace) -> tuple[str, str]:
    a, b = (proposals.resolve_proposal_id(s, x) for x in args.ids)
    return a, b


def _titles(s: Session, *ids: str) -> str:
    return " / ".join(proposals.get_proposal(s, i).fields["title"] for i in ids)


def cmd_dismiss(args: argparse.Namespace) -> int:
    """Every pair among the named proposals is dismissed as not a duplicate."""
    with store_action(args) as (ws, s):
        ids = list(dict.fromkeys(proposals.resolve_proposal_id(s, x) for x in args.ids))
        if len(ids) < 2:
            raise ValidationError("Name at least two proposals to dismiss as not a duplicate.")
        pairs = [overlap_review.pair_of(a, b) for a, b in itertools.combinations(ids, 2)]
        count = overlap_review.dismiss(s, writer=ws.writer, pairs=pairs)
        titles = _titles(s, *ids)
    emit(args, {"dismissed": count, "pairs": [list(p) for p in pairs]},
         lambda: say(plural("Dismissed {n} pair as not a duplicate: {titles}.",
                            "Dismissed {n} pairs as not duplicates: {titles}.", count, titles=titles)))
    return 0


def _pair_command(args: argparse.Namespace, action: str) -> int:
    steps = {"review_again": overlap_review.review_again, "relate": overlap_review.relate,
             "unrelate": overlap_review.unrelate}
    with store_action(args) as (ws, s):
        a, b = _two(s, args)
        steps[action](s, writer=ws.writer, a=a, b=b)
        titles = _titles(s, a, b)
        state = next((p for p in overlap_review.reviewed(s) if {p.a, p.b} == {a, b}), None)
    data = {"a": min(a, b), "b": max(a, b), "dismissed": bool(state and state.dismissed),
            "related": bool(state and state.related)}
    texts = {"review_again": msg("These two can be suggested again: {titles}.", titles=titles),
             "relate": msg("Linked as related: {titles}.", titles=titles),
             "unrelate": msg("No longer linked as related: {titles}.", titles=titles)}
    emit(args, data, lambda: say(texts[action]))
    return 0


def cmd_review_again(args: argparse.Namespace) -> int:
    return _pair_command(args, "review_again")


def cmd_relate(args: argparse.Namespace) -> int:
    return _pair_command(args, "relate")


def cmd_unrelate(args: argparse.Namespace) -> int:
    return _pair_command(args, "unrelate")


def cmd_reviewed(args: argparse.Namespace) -> int:
    with store_action(args) as (_ws, s):
        pairs = overlap_review.reviewed(s)
    dismissed, related = say(msg("not a duplicate")), say(msg("related"))

    def line(p: overlap_review.ReviewedPair) -> str:
        marks = [f"{dismissed} ({p.dismissed_by})" if p.dismissed else "",
                 f"{related} ({p.related_by})" if p.related else ""]
        return f"{p.a[:8]} {p.a_title} / {p.b[:8]} {p.b_title}  " + ", ".join(m for m in marks if m)

    emit(args, [dataclasses.asdict(p) for p in pairs],
         lambda: "\n".join(line(p) for p in pairs) or say(msg("No pairs reviewed yet.")))
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
