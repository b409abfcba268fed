"""The demo's programme after the meeting: adopted points in sections, two releases, a local plan
in progress and confirmed training pairings, so that every window has something to show."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from stratplan.core.oplog.writer import OpWriter
from stratplan.core.services import groups, localplans, peer, programme, proposals
from stratplan.core.services.overlap_service import suggest

# Points adopted per working group (the demo ships three adopted ones; the meeting adopts more).
ADOPT_PER_GROUP = 4
PAIRINGS = 6


def install(session: Session, *, meeting: dict[str, Any], convener: Callable[[], OpWriter],
            home: Callable[[], OpWriter]) -> dict[str, int]:
    """Adopt, arrange and release the programme (convener), start the home organisation's plan.

    `meeting` is the demo file's texts for it: release names, notes, the plan's title and decisions."""
    group_rows = groups.list_groups(session)
    listed = proposals.list_proposals(session)
    # Points with a possible duplicate are left to consolidate first, as a working group would.
    overlapping = {pid for suggestion in suggest(session) for pid in suggestion.group.ids}
    w = convener()
    for g in group_rows:
        candidates = sorted((p for p in listed if p.group_id == g.id and p.status == "submitted"
                             and p.id not in overlapping), key=lambda p: p.title)
        for p in candidates[:ADOPT_PER_GROUP]:
            proposals.revise_proposal(session, writer=w, proposal_id=p.id, changes={"status": "adopted"},
                                      note=meeting["adopted_note"])
    adopted = {p.id: p for p in proposals.list_proposals(session) if p.status == "adopted"}
    sections: list[tuple[str, str, list[str]]] = [
        ("", g.name, [str(pid) for pid in sorted((pid for pid, p in adopted.items() if p.group_id == g.id),
                                                  key=lambda pid: adopted[pid].title)]) for g in group_rows]
    sections = [s for s in sections if s[2]]
    programme.save_layout(session, writer=w, sections=sections)
    first = programme.create_release(session, writer=w, name=meeting["first_release"])
    # Between the two readings: one point's text is sharpened and one point moves section.
    layout = programme.get_layout(session)
    edited = layout.sections[0].points[0].id
    body = proposals.get_proposal(session, edited).fields.get("body", "")
    proposals.revise_proposal(session, writer=w, proposal_id=edited, changes={
        "body": f"{body}\n\n{meeting['added_text']}"}, note=meeting["revision_note"])
    moved = [[p.id for p in s.points] for s in layout.sections]
    if len(moved) > 1 and len(moved[0]) > 1:
        moved[1].append(moved[0].pop())
    programme.save_layout(session, writer=w, sections=[(s.id, s.title, ids) for s, ids in zip(
        layout.sections, moved, strict=True)])
    programme.create_release(session, writer=w, name=meeting["second_release"])
    # The home organisation has started adapting the first reading and has not followed the second yet.
    hw = home()
    plan = localplans.start_plan(session, writer=hw, release_id=first.id, title=meeting["plan_title"])
    points = [p.id for p in plan.points][:3]
    if len(points) == 3:
        localplans.decide(session, writer=hw, plan_id=plan.id, point_id=points[0], decision="adopt")
        localplans.decide(session, writer=hw, plan_id=plan.id, point_id=points[1], decision="adapt",
                          local=dict(meeting["adapted"]))
        localplans.decide(session, writer=hw, plan_id=plan.id, point_id=points[2], decision="not_applicable",
                          reason=meeting["not_applicable_reason"])
    # The secretariat confirms the best partner for the first needs that have one.
    confirmed = 0
    w = convener()
    for options in peer.matches(session).values():
        if confirmed == PAIRINGS:
            break
        if options:
            peer.confirm_pairing(session, writer=w, match=options[0])
            confirmed += 1
    return {"adopted": len(adopted), "releases": 2, "local_plans": 1, "pairings": confirmed}
