"""Voting rounds in the store: one ballot per organisation, re-votes, proxies, close, adoption."""

from __future__ import annotations

from fractions import Fraction

import pytest

from stratplan.core.errors import ValidationError
from stratplan.core.oplog import materialise
from stratplan.core.oplog.identity import DeviceIdentity
from stratplan.core.oplog.writer import OpWriter, Profile
from stratplan.core.services import coalition, proposals, rounds
from stratplan.core.workspace import Workspace


@pytest.fixture
def setup(workspace: Workspace, group_id: str) -> dict[str, object]:
    """Three organisations (ours + two others with their own laptops) and three proposals."""
    w = workspace.writer
    with workspace.store.transaction() as s:
        others = [coalition.add_organisation(s, writer=w, name=f"Org {c}", code=c, country="FR", language="fr")
                  for c in ("AUBE", "NORD")]
        pids = [proposals.create_proposal(s, writer=w, group_id=group_id, fields={"title": t}).id
                for t in ("Police training", "Exit programme", "Schools")]
    laptops = {}
    for org in others:
        laptop = OpWriter(DeviceIdentity.generate(), w.clock, Profile(w.profile.coalition_id, org.id, ""))
        with workspace.store.transaction() as s:
            laptop.register_device(s)
        laptops[org.code] = laptop
    return {"pids": pids, "others": others, "laptops": laptops}


def test_approval_round_adopts_points_that_suit_two_thirds(workspace: Workspace, setup: dict) -> None:  # type: ignore[type-arg]
    w, pids, laptops = workspace.writer, setup["pids"], setup["laptops"]
    with workspace.store.transaction() as s:
        r = rounds.open_round(s, writer=w, title="Paris 2026", method="approval", proposal_ids=pids)
        assert len(r.electorate) == 3 and r.threshold == Fraction(2, 3)
        rounds.cast_ballot(s, writer=w, round_id=r.id, choices={pids[0]: "yes", pids[1]: "yes", pids[2]: "no"})
        rounds.cast_ballot(s, writer=laptops["AUBE"], round_id=r.id, choices={pids[0]: "yes", pids[1]: "no"})
        rounds.cast_ballot(s, writer=laptops["NORD"], round_id=r.id, choices={pids[0]: "no", pids[1]: "no"})
        # NORD changes its mind before the close: the re-vote replaces its first ballot
        rounds.cast_ballot(s, writer=laptops["NORD"], round_id=r.id, choices={pids[0]: "yes", pids[1]: "no"})
        result = rounds.close_round(s, writer=w, round_id=r.id)
        assert result.approval is not None and result.approval.quorum_met
        adopted = {p.proposal for p in result.approval.proposals if p.adopted}
        assert adopted == {pids[0]}
        assert proposals.get_proposal(s, pids[0]).fields["status"] == "adopted"
        assert proposals.get_proposal(s, pids[1]).fields["status"] == "draft"
        cast = rounds.ballots(s, round_id=r.id)
        assert sum(b.counted for b in cast) == 3 and len(cast) == 4


def test_ballots_in_another_organisations_name_do_not_count(workspace: Workspace, setup: dict) -> None:  # type: ignore[type-arg]
    w, pids, laptops, others = workspace.writer, setup["pids"], setup["laptops"], setup["others"]
    with workspace.store.transaction() as s:
        r = rounds.open_round(s, writer=w, title="R", method="approval", proposal_ids=pids)
        with pytest.raises(ValidationError, match="opened the round"):
            rounds.cast_ballot(s, writer=laptops["AUBE"], round_id=r.id, choices={}, on_behalf_of=others[1].id)
        # a forged ballot written straight into the log is refused by the rules, not just the form
        laptops["AUBE"].append(s, kind="round.ballot", entity=r.id,
                               payload={"org": others[1].id, "choices": {pids[0]: "no"}, "proxy": False})
        forged = rounds.ballots(s, round_id=r.id)[0]
        assert not forged.valid and "another organisation" in forged.problem
        assert rounds.tally(s, round_id=r.id).approval.cast == 0  # type: ignore[union-attr]


def test_paper_ballots_entered_by_the_opener_and_late_ballots(workspace: Workspace, setup: dict) -> None:  # type: ignore[type-arg]
    w, pids, laptops, others = workspace.writer, setup["pids"], setup["laptops"], setup["others"]
    with workspace.store.transaction() as s:
        r = rounds.open_round(s, writer=w, title="R", method="ranking", proposal_ids=pids)
        proxy = rounds.cast_ballot(s, writer=w, round_id=r.id, choices=[[pids[2]], [pids[0], pids[1]]],
                                   on_behalf_of=others[0].id)
        assert proxy.valid and proxy.entered_by == "CNT" and proxy.org_code == "AUBE"
        rounds.close_round(s, writer=w, round_id=r.id)
        with pytest.raises(ValidationError, match="closed"):
            rounds.cast_ballot(s, writer=laptops["NORD"], round_id=r.id, choices=[[pids[0]]])
        # a laptop that was offline sends its ballot after the close: kept, shown late, not counted
        laptops["NORD"].append(s, kind="round.ballot", entity=r.id,
                               payload={"org": others[1].id, "choices": [[pids[0]]], "proxy": False})
        late = [b for b in rounds.ballots(s, round_id=r.id) if b.org_code == "NORD"][0]
        assert late.valid and late.late and not late.counted
        result = rounds.tally(s, round_id=r.id)
        assert result.schulze is not None and result.schulze.order[0] == (pids[2],)


def test_two_laptops_of_one_organisation_disagreeing_are_flagged(workspace: Workspace, setup: dict) -> None:  # type: ignore[type-arg]
    w, pids = workspace.writer, setup["pids"]
    second = OpWriter(DeviceIdentity.generate(), w.clock, Profile(w.profile.coalition_id, w.profile.org_id, ""))
    with workspace.store.transaction() as s:
        second.register_device(s)
        r = rounds.open_round(s, writer=w, title="R", method="score", proposal_ids=pids)
        # both laptops vote without seeing each other's ballot (no parent link)
        w.append(s, kind="round.ballot", entity=r.id,
                 payload={"org": w.profile.org_id, "choices": {pids[0]: 5}, "proxy": False})
        second.append(s, kind="round.ballot", entity=r.id,
                      payload={"org": w.profile.org_id, "choices": {pids[0]: 1}, "proxy": False})
        listed = rounds.ballots(s, round_id=r.id)
        assert all(b.disagreement for b in listed) and sum(b.effective for b in listed) == 1


def test_bad_rounds_are_refused(workspace: Workspace, setup: dict) -> None:  # type: ignore[type-arg]
    w, pids = workspace.writer, setup["pids"]
    with workspace.store.transaction() as s:
        with pytest.raises(ValidationError, match="at least two"):
            rounds.open_round(s, writer=w, title="R", method="ranking", proposal_ids=pids[:1])
        with pytest.raises(ValidationError):
            rounds.open_round(s, writer=w, title="R", method="approval", proposal_ids=pids, threshold="abc")
        r = rounds.open_round(s, writer=w, title="R", method="score", proposal_ids=pids, threshold="66.67%")
        assert r.threshold == Fraction(6667, 10000)
        with pytest.raises(ValidationError, match="outside 0 to 5"):
            rounds.cast_ballot(s, writer=w, round_id=r.id, choices={pids[0]: 6})


def test_rounds_survive_a_rebuild(workspace: Workspace, setup: dict) -> None:  # type: ignore[type-arg]
    w, pids = workspace.writer, setup["pids"]
    with workspace.store.transaction() as s:
        r = rounds.open_round(s, writer=w, title="R", method="approval", proposal_ids=pids)
        rounds.cast_ballot(s, writer=w, round_id=r.id, choices={pids[0]: "yes"})
        before = (rounds.list_rounds(s), rounds.ballots(s, round_id=r.id))
        materialise.rebuild(s)
        assert (rounds.list_rounds(s), rounds.ballots(s, round_id=r.id)) == before
