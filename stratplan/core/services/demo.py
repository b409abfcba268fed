"""The demo coalition: fictional organisations, people, groups and proposals to explore."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stratplan.core.db.models import SyncOp
from stratplan.core.errors import BadFileError, StoreNotEmptyError
from stratplan.core.oplog.identity import DeviceIdentity
from stratplan.core.oplog.writer import OpWriter, Profile, new_id
from stratplan.core.services import (
    comments,
    demo_programme,
    demo_progress,
    peer,
    programme,
    proposals,
)
from stratplan.core.services.coalition import add_organisation, add_person
from stratplan.core.services.demo_voting import add_demo_rounds
from stratplan.core.services.groups import create_group, set_member
from stratplan.core.services.role_grants import set_convener, set_coordinator
from stratplan.core.workspace import save_profile


def demo_needs(folder: Path) -> bytes:
    """The demo's needs assessment (needs and offers of every organisation), if shipped."""
    path = folder / "needs_offers.csv"
    return path.read_bytes() if path.exists() else b""


def load_demo_file(path: Path) -> dict[str, Any]:
    data = load_progress_file(path)
    for key in ("coalition", "organisations", "people", "groups", "proposals"):
        if key not in data:
            raise BadFileError("The demo data {name} has no '{key}' section.",
                               name=path.name, key=key)
    # Two periods of progress reports after adoption, when shipped beside the coalition.
    extra = path.with_name("progress.json")
    if "progress" not in data and extra.exists():
        data["progress"] = load_progress_file(extra)
    return data


def load_progress_file(path: Path) -> dict[str, Any]:
    """A demo data file's JSON object (the coalition's or its progress reports'), or BadFileError."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadFileError("The demo data {name} cannot be read: {exc}", name=path.name, exc=exc) from exc
    if not isinstance(data, dict):
        raise BadFileError("The demo data {name} is not a StratPlan demo file.", name=path.name)
    return data


def install_demo(session: Session, *, writer: OpWriter, data: dict[str, Any], home_country: str = "LT",
                 needs_csv: bytes = b"") -> dict[str, int]:
    """Fill an empty store with the demo coalition; this laptop joins as one director.

    Each demo organisation signs its own operations with its own (throw-away) device key,
    as it would on its own laptop; this laptop's key signs only its own organisation's.
    """
    if session.scalar(select(SyncOp.id).limit(1)) is not None:
        raise StoreNotEmptyError("The demo coalition can only be added to an empty store.")
    coalition_id = new_id()
    org_ids = {o["key"]: new_id() for o in data["organisations"]}
    person_ids = {p["key"]: new_id() for p in data["people"]}
    person_org = {p["key"]: p["org"] for p in data["people"]}
    home = next(
        (p for p in data["people"]
         if p["role"] == "director"
         and next(o for o in data["organisations"] if o["key"] == p["org"])["country"] == home_country),
        data["people"][0],
    )
    writers: dict[str, OpWriter] = {}

    def writer_for(person_key: str) -> OpWriter:
        org_key = person_org[person_key]
        if org_key == home["org"]:
            w = writer
        else:
            w = writers.get(org_key) or OpWriter(DeviceIdentity.generate(), writer.clock, Profile())
            writers[org_key] = w
        w.profile = Profile(coalition_id, org_ids[org_key], person_ids[person_key])
        w.register_device(session, label=f"demo laptop of {org_key}")
        return w

    convener = next((p["key"] for p in data["people"] if p["role"] == "convener"), home["key"])
    w = writer_for(convener)
    w.append(session, kind="coalition.set", entity=coalition_id,
             payload={"name": data["coalition"]["name"], "description": data["coalition"].get("description", "")})
    for org in data["organisations"]:
        add_organisation(session, writer=w, name=org["name"], code=org["code"], country=org["country"],
                         language=org["language"], org_id=org_ids[org["key"]])
    for person in data["people"]:
        add_person(session, writer=writer_for(person["key"]), name=person["name"], role=person["role"],
                   org_id=org_ids[person["org"]], person_id=person_ids[person["key"]])
    group_ids: dict[str, str] = {}
    w = writer_for(convener)
    for position, group in enumerate(data["groups"]):
        info = create_group(session, writer=w, name=group["name"], description=group.get("description", ""),
                            position=position)
        group_ids[group["key"]] = info.id
        for org_key in group.get("members", []):
            set_member(session, writer=w, group_id=info.id, org_id=org_ids[org_key], present=True)
        if group.get("coordinator"):  # the convener names each group's coordinator
            set_coordinator(session, writer=w, group_id=info.id, org_id=org_ids[group["coordinator"]], present=True)
    if home["org"] != person_org[convener]:
        # This laptop's organisation co-convenes the meeting with the secretariat, so every
        # window (new rounds, the programme, releases) can be tried from the demo laptop.
        set_convener(session, writer=w, org_id=org_ids[home["org"]], present=True)
    counts = {"organisations": len(org_ids), "people": len(person_ids), "groups": len(group_ids),
              "proposals": 0, "revisions": 0, "comments": 0}
    for item in data["proposals"]:
        _add_proposal(session, item, writer_for, group_ids, counts)
    if needs_csv:
        # The needs assessment is entered by the secretariat, as in real life.
        counts["needs"], counts["offers"] = peer.import_csv(session, writer=writer_for(convener), data=needs_csv)
    counts.update(add_demo_rounds(session, writer_for, data, org_ids))
    # After the meeting: releases, a local plan in progress, pairings (every window has something to show).
    if "meeting" in data:
        counts.update(demo_programme.install(session, meeting=data["meeting"], convener=lambda: writer_for(convener),
                                             home=lambda: writer_for(home["key"])))
        if "progress" in data:
            counts.update(_install_progress(session, data, writer_for, convener, home["key"]))
    writer.profile = Profile(coalition_id, org_ids[home["org"]], person_ids[home["key"]])
    writer.register_device(session, label="this laptop")
    save_profile(session, writer.profile)
    return counts


def _add_proposal(session: Session, item: dict[str, Any], writer_for: Any, group_ids: dict[str, str],
                  counts: dict[str, int]) -> None:
    skip = {"key", "group", "author", "revisions", "comments"}
    fields = {k: v for k, v in item.items() if k not in skip}
    final_status = fields.get("status", "draft")
    final_reason = fields.get("status_reason", "")
    # Points start as drafts and reach their status in the last revision, as in real life.
    revisions = item.get("revisions", [])
    if revisions:
        fields["status"], fields["status_reason"] = "submitted", ""
    detail = proposals.create_proposal(session, writer=writer_for(item["author"]),
                                       group_id=group_ids[item["group"]], fields=fields)
    counts["proposals"] += 1
    for i, rev in enumerate(revisions):
        changes = dict(rev["changes"])
        if i == len(revisions) - 1:
            changes.setdefault("status", final_status)
            changes.setdefault("status_reason", final_reason)
        proposals.revise_proposal(session, writer=writer_for(rev["author"]), proposal_id=detail.id,
                                  changes=changes)
        counts["revisions"] += 1
    comment_ids: dict[str, str] = {}
    for c in item.get("comments", []):
        info = comments.add_comment(session, writer=writer_for(c["author"]), proposal_id=detail.id,
                                    text=c["text"], reply_to=comment_ids.get(c.get("reply_to") or "", ""))
        comment_ids[c["key"]] = info.id
        counts["comments"] += 1


def _install_progress(session: Session, data: dict[str, Any], writer_for: Callable[[str], OpWriter],
                      convener: str, home: str) -> dict[str, int]:
    """Every member's plan on the first reading and two periods of reports (see demo_progress)."""
    first = next(r for r in programme.list_releases(session) if r.name == data["meeting"]["first_release"])
    home_org = next(p["org"] for p in data["people"] if p["key"] == home)
    speakers: dict[str, str] = {}
    for person in data["people"]:  # one person per organisation signs its reports, its director first
        if person["org"] != home_org and (person["org"] not in speakers or person["role"] == "director"):
            speakers[person["org"]] = person["key"]
    members: list[Callable[[], OpWriter]] = [partial(writer_for, key) for _org, key in sorted(speakers.items())]
    return demo_progress.install(session, data=data["progress"], release_id=first.id,
                                 convener=lambda: writer_for(convener), members=members,
                                 home=lambda: writer_for(home))
