"""Every replica shows the same tally, whatever order the operations arrive in."""

from __future__ import annotations

import random
from pathlib import Path

from sqlalchemy import select

from stratplan.core.db.models import SyncDevice, SyncOp
from stratplan.core.oplog import materialise
from stratplan.core.oplog.identity import DeviceIdentity
from stratplan.core.oplog.ops import from_body
from stratplan.core.oplog.writer import OpWriter, Profile, store_ops
from stratplan.core.services import coalition, proposals, rounds
from stratplan.core.workspace import Workspace, open_workspace


def test_tallies_agree_on_every_replica_in_any_arrival_order(workspace: Workspace, group_id: str,
                                                             tmp_path: Path, stratplan_home: Path) -> None:
    w = workspace.writer
    with workspace.store.transaction() as s:
        orgs = [coalition.add_organisation(s, writer=w, name=c, code=c, country="FR", language="fr")
                for c in ("AUBE", "NORD", "SUD", "EST")]
        pids = [proposals.create_proposal(s, writer=w, group_id=group_id, fields={"title": f"P{i}"}).id
                for i in range(4)]
        round_id = rounds.open_round(s, writer=w, title="R", method="ranking", proposal_ids=pids).id
    rng = random.Random(4)
    laptops = [OpWriter(DeviceIdentity.generate(), w.clock, Profile(w.profile.coalition_id, o.id, "")) for o in orgs]
    with workspace.store.transaction() as s:
        for laptop in laptops:
            laptop.register_device(s)
            for _ in range(2):  # each votes, then changes its mind once
                order = pids[:]
                rng.shuffle(order)
                rounds.cast_ballot(s, writer=laptop, round_id=round_id, choices=[[p] for p in order])
        rounds.close_round(s, writer=w, round_id=round_id)
        # one laptop was offline and votes after the close
        laptops[0].append(s, kind="round.ballot", entity=round_id,
                          payload={"org": orgs[0].id, "choices": [[pids[3]]], "proxy": False})
        expected = rounds.tally_json(rounds.tally(s, round_id=round_id))
        rows = [(op_id, body, sig) for op_id, body, sig in s.execute(select(SyncOp.id, SyncOp.body, SyncOp.sig))]
        devices = [(d.device_id, d.public_key, d.org_id) for d in s.scalars(select(SyncDevice))]
    ops = [from_body(body, sig) for _, body, sig in rows]
    for attempt in range(3):
        replica = open_workspace(tmp_path / f"replica{attempt}.sqlite", stratplan_home / "keys")
        shuffled = ops[:]
        random.Random(attempt).shuffle(shuffled)
        with replica.store.transaction() as s:
            for device_id, key, org in devices:
                s.merge(SyncDevice(device_id=device_id, public_key=key, org_id=org, label=""))
            for start in range(0, len(shuffled), 7):  # delivered in small batches, out of order
                store_ops(s, shuffled[start:start + 7])
            assert rounds.tally_json(rounds.tally(s, round_id=round_id)) == expected
            late = [b for b in rounds.ballots(s, round_id=round_id) if b.late]
            assert len(late) == 1 and not late[0].counted
            materialise.rebuild(s)
            assert rounds.tally_json(rounds.tally(s, round_id=round_id)) == expected
        replica.close()
