"""Three replicas, random edits, merges, votes and lossy deliveries: after a full exchange all agree.

Operations are delivered as they would be in bundles: some dropped, some twice, in any order.
Whatever happened on the way, once every replica holds every operation, every derived table
is identical on all three and equal to a fresh rebuild.
"""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from stratplan.core.db.models import DERIVED_TABLES, SyncOp
from stratplan.core.errors import StratplanError
from stratplan.core.oplog import materialise
from stratplan.core.oplog.ops import Operation, from_body
from stratplan.core.oplog.writer import Profile, store_ops
from stratplan.core.services import coalition, comments, consolidation, groups, proposals
from stratplan.core.workspace import Workspace, open_workspace

WORDS = ["police", "exit", "survivors", "law", "training", "data", "schools", "buyers", "mokymai", "policija", "ąčę", "🌍"]


def all_ops(ws: Workspace) -> list[Operation]:
    with ws.store.transaction() as s:
        return [from_body(b, sig) for b, sig in s.execute(select(SyncOp.body, SyncOp.sig))]


def deliver(target: Workspace, ops: list[Operation]) -> None:
    with target.store.transaction() as s:
        store_ops(s, ops)


def snapshot(ws: Workspace) -> dict[str, list[tuple[object, ...]]]:
    with ws.store.transaction() as s:
        return {m.__tablename__: sorted(tuple(r) for r in s.execute(text(f"SELECT * FROM {m.__tablename__}")))
                for m in DERIVED_TABLES}


def step(ws: Workspace, rng: random.Random) -> None:
    """One random user action on one replica (refused actions are simply skipped)."""
    w = ws.writer
    try:
        with ws.store.transaction() as s:
            known = [p.id for p in proposals.list_proposals(s, include_deleted=True)]
            action = rng.choice(["create", "edit", "edit", "edit", "comment", "merge", "delete"])
            if action == "create" or not known:
                gid = groups.list_groups(s)[0].id
                proposals.create_proposal(s, writer=w, group_id=gid, fields={
                    "title": " ".join(rng.sample(WORDS, 3)), "body": "\n\n".join(rng.sample(WORDS, 4))})
            elif action == "edit":
                pid = rng.choice(known)
                body = proposals.get_proposal(s, pid).fields["body"].split("\n\n")
                body[rng.randrange(len(body))] = " ".join(rng.sample(WORDS, 2))
                proposals.revise_proposal(s, writer=w, proposal_id=pid, changes={
                    "body": "\n\n".join(body), "tags": rng.sample(WORDS[:6], 2)})
            elif action == "comment":
                comments.add_comment(s, writer=w, proposal_id=rng.choice(known), text=rng.choice(WORDS))
            elif action == "merge" and len(known) >= 2:
                target, source = rng.sample(known, 2)
                consolidation.merge(s, writer=w, target=target, sources=[source])
            else:
                proposals.set_deleted(s, writer=w, proposal_id=rng.choice(known), deleted=rng.random() < 0.5)
    except StratplanError:
        pass  # e.g. merging an already merged point: refused, nothing written


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=10**6), rounds=st.integers(min_value=5, max_value=25))
def test_three_replicas_converge(tmp_path: Path, stratplan_home: Path, seed: int, rounds: int) -> None:
    rng = random.Random(seed)
    folder = tmp_path / str(seed)
    replicas = [open_workspace(folder / f"r{i}.sqlite", stratplan_home / f"keys{seed}-{i}") for i in range(3)]
    try:
        first = replicas[0]
        with first.store.transaction() as s:
            coalition.create_coalition(s, writer=first.writer, name="C", org_name="Centras", org_code="CNT",
                                       country="LT", language="lt", person_name="Rūta")
            orgs = [coalition.add_organisation(s, writer=first.writer, name=c, code=c, country="FR",
                                               language="fr").id for c in ("AUBE", "NORD")]
        for i, other in enumerate(replicas[1:]):
            deliver(other, all_ops(first))
            other.writer.profile = Profile(first.profile.coalition_id, orgs[i], "")
        for _ in range(rounds):
            actor = rng.randrange(3)
            step(replicas[actor], rng)
            if rng.random() < 0.4:  # a lossy, duplicated, shuffled delivery to someone else
                source, target = rng.sample(range(3), 2)
                ops = [op for op in all_ops(replicas[source]) if rng.random() < 0.7]
                ops += rng.sample(ops, len(ops) // 3)
                rng.shuffle(ops)
                deliver(replicas[target], ops)
        everything = [op for ws in replicas for op in all_ops(ws)]
        for ws in replicas:
            shuffled = everything[:]
            rng.shuffle(shuffled)
            deliver(ws, shuffled)
        states = [snapshot(ws) for ws in replicas]
        assert states[0] == states[1] == states[2]
        with replicas[0].store.transaction() as s:
            materialise.rebuild(s)
        assert snapshot(replicas[0]) == states[1]
    finally:
        for ws in replicas:
            ws.close()
