"""The demo's voting rounds: two closed rounds with their results and one still open.

Read from resources/demo/rounds.json. The convener's organisation opens and closes each round;
every organisation signs its own ballot with its own demo laptop, except the paper ballots the
convener enters on an organisation's behalf, as at a real meeting; in the open round one
organisation has given its vote to another.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from stratplan.core.errors import BadFileError
from stratplan.core.oplog.writer import OpWriter
from stratplan.core.services import delegation, groups, proposals, rounds
from stratplan.resources import resource_path


def load_rounds() -> list[dict[str, Any]]:
    """The shipped demo rounds ([] when the file is not there)."""
    path = resource_path("demo", "rounds.json")
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadFileError("The demo data {name} cannot be read: {why}", name=path.name, why=str(exc)) from exc
    return list(data.get("rounds", []))


def add_demo_rounds(session: Session, writer_for: Callable[[str], OpWriter], data: dict[str, Any],
                    org_ids: dict[str, str], *, today: date | None = None) -> dict[str, int]:
    """Open, fill and (for most) close the demo rounds; the counts of rounds and ballots added.

    `writer_for(person_key)` is the demo loader's: the writer of that person's organisation.
    """
    specs = data.get("rounds") or load_rounds()
    if not specs:
        return {}
    person_of: dict[str, str] = {}
    for person in data["people"]:
        person_of.setdefault(person["org"], person["key"])
    convener = next((p["key"] for p in data["people"] if p["role"] == "convener"), data["people"][0]["key"])
    titles = {item["key"]: item["title"] for item in data["proposals"]}
    by_title: dict[str, str] = {p.title: p.id for p in proposals.list_proposals(session)}
    group_names = {g["key"]: (g["name"], g.get("members", [])) for g in data["groups"]}
    group_ids = {g.name: g.id for g in groups.list_groups(session)}
    ballots = 0
    for spec in specs:
        name, members = group_names[spec["group"]]
        try:
            pids = [by_title[titles[key]] for key in spec["proposals"]]
        except KeyError as exc:
            raise BadFileError("The demo round '{title}' names a proposal the demo does not have ({key}).",
                               title=spec["title"], key=str(exc)) from exc
        closes = ""
        if "closes_in_days" in spec:
            closes = ((today or date.today()) + timedelta(days=int(spec["closes_in_days"]))).isoformat()
        opener = writer_for(convener)
        info = rounds.open_round(
            session, writer=opener, title=spec["title"], method=spec["method"], proposal_ids=pids,
            electorate=[(org_ids[key], "1") for key in members], threshold=spec["threshold"],
            quorum=spec["quorum"], closes=closes, group_id=group_ids[name])
        paper = set(spec.get("paper", []))
        for org_key, text in spec["ballots"].items():
            choices = _choices(info.method, text, pids)
            if org_key in paper:
                rounds.cast_ballot(session, writer=writer_for(convener), round_id=info.id, choices=choices,
                                   on_behalf_of=org_ids[org_key])
            else:
                rounds.cast_ballot(session, writer=writer_for(person_of[org_key]), round_id=info.id,
                                   choices=choices)
            ballots += 1
        # An organisation that could not come gives its vote to another member of the electorate.
        for giver, delegate in spec.get("mandates", {}).items():
            delegation.give_vote(session, writer=writer_for(person_of[giver]), round_id=info.id,
                                 delegate_org=org_ids[delegate])
        if spec.get("closed"):
            rounds.close_round(session, writer=writer_for(convener), round_id=info.id)
    return {"rounds": len(specs), "ballots": ballots}


_VOTES = {"y": "yes", "n": "no", "a": "abstain"}


def _choices(method: str, text: str, pids: list[str]) -> Any:
    """A ballot as the demo file writes it, with the round's proposal ids."""
    if method == "approval":
        return {pid: _VOTES[letter] for pid, letter in zip(pids, text, strict=True)}
    if method == "ranking":
        label = {f"P{n}": pid for n, pid in enumerate(pids, start=1)}
        return [[label[item.strip()] for item in place.split("=")] for place in text.split(">")]
    grades = text.split(",")
    return {pid: int(g) for pid, g in zip(pids, grades, strict=True) if g.strip()}
