"""The derived state of a voting round: its settings, and which ballots count and why.

Pure: it sees the round's own operations only (open, ballots, close). A ballot counts for
the organisation named in its signed body; a re-vote names the ballot it replaces as parent,
so the chain decides, not the arrival order.
"""

from __future__ import annotations

import json
from typing import Any

from stratplan.core.oplog.kinds import Kind
from stratplan.core.oplog.ops import Operation

Rows = dict[str, list[dict[str, Any]]]
METHODS = ("approval", "ranking", "score")
VOTES = ("yes", "no", "abstain")


def choices_problem(method: str, choices: Any, proposals: set[str]) -> str:
    """Why `choices` is not a well-formed ballot for this round ('' when it is)."""
    if method == "approval":
        if not isinstance(choices, dict):
            return "not a yes/no/abstain list"
        for pid, vote in choices.items():
            if pid not in proposals:
                return "votes on a proposal that is not in the round"
            if vote not in VOTES:
                return f"'{vote}' is not yes, no or abstain"
        return ""
    if method == "ranking":
        if not isinstance(choices, list):
            return "not a ranking"
        seen: set[str] = set()
        for group in choices:
            if not isinstance(group, list) or not group:
                return "a ranking has an empty place"
            for pid in group:
                if pid not in proposals:
                    return "ranks a proposal that is not in the round"
                if pid in seen:
                    return "ranks a proposal twice"
                seen.add(pid)
        return ""
    if method == "score":
        if not isinstance(choices, dict):
            return "not a list of scores"
        for pid, grade in choices.items():
            if pid not in proposals:
                return "scores a proposal that is not in the round"
            if grade is not None and (not isinstance(grade, int) or isinstance(grade, bool)
                                      or not 0 <= grade <= 5):
                return "a score is outside 0 to 5"
        return ""
    return "unknown voting method"


def _ballot_problem(op: Operation, settings: dict[str, Any], opener_org: str) -> str:
    p = op.payload
    electorate = {e["org"] for e in settings["electorate"]}
    voter = p.get("org", "")
    if voter not in electorate:
        return "the organisation is not in this round's electorate"
    if p.get("proxy"):
        # Paper and online-form ballots are entered by the convener's organisation.
        if op.org != opener_org:
            return "only the convener may enter a ballot on another organisation's behalf"
    elif op.org != voter:
        return "a ballot in another organisation's name"
    proposals = {item["id"] for item in settings["proposals"]}
    return choices_problem(settings["method"], p.get("choices"), proposals)


def reduce_round(entity: str, ops: list[Operation]) -> Rows:
    ordered = sorted(ops, key=lambda o: (o.hlc, o.id))
    opens = [o for o in ordered if o.kind == Kind.ROUND_OPEN]
    if not opens:
        return {}  # ballots that arrive before the round itself wait for it
    opening = opens[0]
    settings = opening.payload
    closes = [o for o in ordered if o.kind == Kind.ROUND_CLOSE and o.org == opening.org]
    close = closes[0] if closes else None
    counted = set(close.payload.get("counted", [])) if close else set()
    ballots = [o for o in ordered if o.kind == Kind.ROUND_BALLOT]
    problems = {b.id: _ballot_problem(b, settings, opening.org) for b in ballots}
    valid = [b for b in ballots if not problems[b.id]]
    effective, disagreeing = _effective(valid, counted if close else None)
    rows = [
        {
            "id": b.id,
            "round_id": entity,
            "org_id": b.payload.get("org", ""),
            "entered_by_org": b.org,
            "author_id": b.author,
            "choices_json": json.dumps(b.payload.get("choices"), ensure_ascii=False, sort_keys=True),
            "hlc": b.hlc,
            "valid": not problems[b.id],
            "problem": problems[b.id],
            "effective": b.id in effective,
            "counted": b.id in counted,
            # After the close, a valid ballot that the close did not list arrived too late.
            "late": bool(close) and not problems[b.id] and b.id not in counted
                    and b.id not in _superseded(valid),
            "disagreement": b.payload.get("org", "") in disagreeing,
        }
        for b in ballots
    ]
    round_row = {
        "id": entity,
        "title": settings["title"],
        "method": settings["method"],
        "status": "closed" if close else "open",
        "group_id": settings.get("group", ""),
        "settings_json": json.dumps(settings, ensure_ascii=False, sort_keys=True),
        "opener_org": opening.org,
        "opened_hlc": opening.hlc,
        "closed_hlc": close.hlc if close else 0,
        "close_op": close.id if close else "",
        "counted_mandates": " ".join(close.payload.get("mandates", [])) if close else "",
    }
    return {"vote_round": [round_row], "vote_ballot": rows}


def _superseded(valid: list[Operation]) -> set[str]:
    return {p for b in valid for p in b.parents}


def _effective(valid: list[Operation], counted: set[str] | None) -> tuple[set[str], set[str]]:
    """The ballot that stands for each organisation, and organisations whose laptops disagree."""
    by_org: dict[str, list[Operation]] = {}
    for b in valid:
        by_org.setdefault(b.payload["org"], []).append(b)
    replaced = _superseded(valid)
    effective: set[str] = set()
    disagreeing: set[str] = set()
    for org, items in by_org.items():
        if counted is not None:
            listed = [b for b in items if b.id in counted]
            if listed:
                effective.add(listed[-1].id)
            continue
        heads = [b for b in items if b.id not in replaced]
        if len({json.dumps(h.payload["choices"], sort_keys=True) for h in heads}) > 1:
            disagreeing.add(org)
        effective.add(max(heads, key=lambda b: (b.hlc, b.id)).id)
    return effective, disagreeing
