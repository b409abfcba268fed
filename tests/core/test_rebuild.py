"""Derived tables are a pure function of the log: rebuilding gives exactly the same state."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import insert, select, text

from stratplan.core.db.models import DERIVED_TABLES, Comment, Proposal
from stratplan.core.oplog import materialise
from stratplan.core.oplog.materialise import DerivedWriteError
from stratplan.core.services import comments, groups, proposals
from stratplan.core.services.coalition import add_organisation
from stratplan.core.workspace import Workspace


def snapshot(ws: Workspace) -> dict[str, list[tuple[object, ...]]]:
    with ws.store.transaction() as s:
        return {
            m.__tablename__: sorted(tuple(r) for r in s.execute(text(f"SELECT * FROM {m.__tablename__}")))
            for m in DERIVED_TABLES
        }


def random_session(ws: Workspace, rng: random.Random, steps: int) -> None:
    w = ws.writer
    words = ["police", "exit", "survivors", "law", "UN", "training", "data", "ąčęėįšųūž", "🌍", "schools", "buyers"]
    with ws.store.transaction() as s:
        group_ids = [g.id for g in groups.list_groups(s)]
        orgs = [add_organisation(s, writer=w, name=f"Org {i}", code=f"O{i}", country="FR", language="fr").id
                for i in range(3)]
    pids: list[str] = []
    cids: list[str] = []
    for _ in range(steps):
        action = rng.choice(["create", "revise", "revise", "restore", "delete", "comment", "member", "group"])
        with ws.store.transaction() as s:
            if action == "create" or not pids:
                title = " ".join(rng.choices(words, k=3))
                pids.append(proposals.create_proposal(
                    s, writer=w, group_id=rng.choice(group_ids),
                    fields={"title": title, "tags": rng.sample(words, 2)}).id)
            elif action == "revise":
                proposals.revise_proposal(s, writer=w, proposal_id=rng.choice(pids), changes={
                    "body": " ".join(rng.choices(words, k=8)), "level": rng.choice(["local", "national"])})
            elif action == "restore":
                pid = rng.choice(pids)
                rev = rng.choice(proposals.history(s, proposal_id=pid))
                proposals.restore_revision(s, writer=w, proposal_id=pid, revision_id=rev.id)
            elif action == "delete":
                proposals.set_deleted(s, writer=w, proposal_id=rng.choice(pids), deleted=rng.random() < 0.5)
            elif action == "comment":
                reply = rng.choice(cids) if cids and rng.random() < 0.3 else ""
                parent = s.get(Comment, reply) if reply else None
                pid = parent.proposal_id if parent else rng.choice(pids)
                cids.append(comments.add_comment(s, writer=w, proposal_id=pid, text=rng.choice(words),
                                                 reply_to=reply).id)
            elif action == "member":
                groups.set_member(s, writer=w, group_id=rng.choice(group_ids), org_id=rng.choice(orgs),
                                  present=rng.random() < 0.6)
            else:
                groups.edit_group(s, writer=w, group_id=rng.choice(group_ids),
                                  description=" ".join(rng.choices(words, k=4)))


def test_rebuild_equals_incremental_state_after_a_long_random_session(workspace: Workspace) -> None:
    random_session(workspace, random.Random(20261128), steps=400)
    incremental = snapshot(workspace)
    assert len(incremental["proposal"]) > 20 and len(incremental["revision"]) > 100
    with workspace.store.transaction() as s:
        count = materialise.rebuild(s)
    assert count > 300
    assert snapshot(workspace) == incremental


def test_code_outside_the_materialiser_cannot_write_derived_tables(workspace: Workspace) -> None:
    with pytest.raises(DerivedWriteError), workspace.store.transaction() as s:
        s.add(Proposal(id="x", group_id="g", title="t", summary="", search_text="", status="draft",
                       level="local", head_revision="h", revision_count=1, author_id="a", org_id="o",
                       created_hlc=1, updated_hlc=1))
    with pytest.raises(DerivedWriteError), workspace.store.transaction() as s:
        s.execute(insert(Proposal), [{"id": "y"}])
    with workspace.store.transaction() as s:
        assert s.scalar(select(Proposal.id).where(Proposal.id.in_(["x", "y"]))) is None
