"""Roles enforced on every laptop: operations outside one's role are kept but do not count,
whatever order the bundles arrive in; a grant that arrives after the round it allows makes it count."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stratplan.core.errors import ValidationError
from stratplan.core.oplog.writer import new_id
from stratplan.core.services import programme, progress, role_grants, rounds
from tests.sync.laptops import Laptop, coalition_of_three, copy_of_coalition
from tests.sync.test_attacks import join_fourth


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("coalition")
    for laptop in coalition_of_three(root):
        laptop.close()
    return root


@pytest.fixture
def three(template: Path, tmp_path: Path) -> Iterator[tuple[Laptop, Laptop, Laptop]]:
    laptops = copy_of_coalition(template, tmp_path)
    yield laptops
    for laptop in laptops:
        laptop.close()


@pytest.fixture
def closing() -> Iterator[list[Laptop]]:
    made: list[Laptop] = []
    yield made
    for laptop in made:
        laptop.close()


def raw(laptop: Laptop, kind: str, payload: dict[str, Any], entity: str = "") -> str:
    """An operation signed by the laptop's own organisation, written past the services' checks
    (as an older StratPlan, or one whose roles were revoked meanwhile, would have written it)."""
    with laptop.ws.store.transaction() as s:
        return laptop.ws.writer.append(s, kind=kind, entity=entity or new_id(), payload=payload).entity


def round_payload(laptop: Laptop, pid: str, title: str, group: str) -> dict[str, Any]:
    with laptop.ws.store.transaction() as s:
        from stratplan.core.services import proposals

        revision = proposals.get_proposal(s, pid).head_revision
    return {"title": title, "method": "approval", "proposals": [{"id": pid, "revision": revision, "title": "P"}],
            "electorate": [{"org": laptop.org_id, "weight": "1"}], "threshold": "2/3", "quorum": "1/2",
            "basis": "expressed", "closes": "", "group": group}


def seen(laptop: Laptop) -> dict[str, Any]:
    with laptop.ws.store.transaction() as s:
        return {"rounds": sorted((r.title, r.status) for r in rounds.list_rounds(s)),
                "ignored": sorted((r.title, r.reason.english()) for r in rounds.ignored_rounds(s)),
                "layout": [sec.title for sec in programme.get_layout(s).sections],
                "releases": [r.name for r in programme.list_releases(s)],
                "periods": [p.name for p in progress.list_periods(s)],
                "coordinators": [(r.role, r.org_code) for r in role_grants.list_roles(s)]}


def test_operations_outside_ones_role_do_not_count_in_any_arrival_order(
        three: tuple[Laptop, Laptop, Laptop], tmp_path: Path, closing: list[Laptop]) -> None:
    a, b, c = three
    pid = a.draft("Training for police")
    d = join_fourth(a, tmp_path, closing)
    a.send(tmp_path / "a0.bundle")
    b.receive(tmp_path / "a0.bundle")
    c.receive(tmp_path / "a0.bundle")
    gid = a.group()
    # Beta, not yet a coordinator, opens its group's round and a coalition-wide one, arranges
    # the programme, releases it and sets a period: the services refuse, so it goes past them.
    with b.ws.store.transaction() as s, pytest.raises(ValidationError, match="only a convener or the group's"):
        rounds.open_round(s, writer=b.ws.writer, title="Group", method="approval", proposal_ids=[pid],
                          group_id=gid)
    group_round = raw(b, "round.open", round_payload(b, pid, "Group round", gid))
    raw(b, "round.open", round_payload(b, pid, "Coalition round", ""))
    raw(b, "programme.layout", {"sections": [{"id": "s1", "title": "Beta's section", "points": [pid]}]})
    raw(b, "release.create", {"name": "Beta's release", "sections": []})
    raw(b, "period.set", {"name": "Beta's period", "start": "2027-01-01", "end": "2027-06-30"})
    # The convener makes Beta the group's coordinator and arranges the programme; Gamma tries
    # to close Beta's round (only its opener may) and to arrange the programme after her.
    with a.ws.store.transaction() as s:
        assert role_grants.set_coordinator(s, writer=a.ws.writer, group_id=gid, org_id=b.org_id, present=True)
        programme.save_layout(s, writer=a.ws.writer, sections=[("", "Convener's section", [pid])])
        progress.set_period(s, writer=a.ws.writer, name="2027 H1", start="2027-01-01", end="2027-06-30")
    raw(c, "round.close", {"counted": []}, entity=group_round)
    raw(c, "programme.layout", {"sections": [{"id": "s2", "title": "Gamma's section", "points": [pid]}]})
    bundles = [x.send(tmp_path / f"{x.name}.bundle").path for x in (a, b, c)]
    expected = {"rounds": [("Group round", "open")],
                "ignored": [("Coalition round",
                             "Organisation beta may not open a coalition-wide round: it is not a convener.")],
                "layout": ["Convener's section"], "releases": [], "periods": ["2027 H1"],
                "coordinators": [("convener", "ALPHA"), ("coordinator", "BETA")]}
    snapshots = []
    for number, order in enumerate(itertools.permutations(bundles)):
        twin = d.clone(f"delta-{number}")
        closing.append(twin)
        twin.receive(*(Path(p) for p in order))
        assert seen(twin) == expected
        snapshots.append(twin.snapshot())
    assert all(s == snapshots[0] for s in snapshots)
    assert twin.rebuilt_snapshot() == snapshots[0]


def test_a_grant_arriving_after_the_round_it_allows_makes_it_count(
        three: tuple[Laptop, Laptop, Laptop], tmp_path: Path, closing: list[Laptop]) -> None:
    a, b, _c = three
    pid = a.draft("Shelters")
    d = join_fourth(a, tmp_path, closing)
    a.send(tmp_path / "a0.bundle")
    b.receive(tmp_path / "a0.bundle")
    gid = a.group()
    raw(b, "round.open", round_payload(b, pid, "Group round", gid))
    b.send(tmp_path / "b.bundle")
    d.receive(tmp_path / "b.bundle")
    before = seen(d)
    assert before["rounds"] == []
    assert before["ignored"] == [("Group round", "Organisation beta may not open a working group's round: "
                                  "only a convener or the group's coordinator may.")]
    with a.ws.store.transaction() as s:
        role_grants.set_coordinator(s, writer=a.ws.writer, group_id=gid, org_id=b.org_id, present=True)
    a.send(tmp_path / "a1.bundle")
    d.receive(tmp_path / "a1.bundle")
    assert seen(d)["rounds"] == [("Group round", "open")]
    assert seen(d)["ignored"] == []
    # Revoked again: the round stops counting on this laptop as on every other.
    with a.ws.store.transaction() as s:
        role_grants.set_coordinator(s, writer=a.ws.writer, group_id=gid, org_id=b.org_id, present=False)
    a.send(tmp_path / "a2.bundle")
    d.receive(tmp_path / "a2.bundle")
    assert seen(d)["rounds"] == []


def test_a_convener_named_in_a_new_roster_version_counts_everywhere(
        three: tuple[Laptop, Laptop, Laptop], tmp_path: Path) -> None:
    a, b, c = three
    pid = a.draft("Exit programme")
    a.send(tmp_path / "a0.bundle")
    b.receive(tmp_path / "a0.bundle")
    c.receive(tmp_path / "a0.bundle")
    raw(b, "round.open", round_payload(b, pid, "Beta's round", ""))
    b.send(tmp_path / "b.bundle")
    c.receive(tmp_path / "b.bundle")
    assert seen(c)["rounds"] == []
    with b.ws.store.transaction() as s, pytest.raises(ValidationError, match="Only a convener"):
        role_grants.set_convener(s, writer=b.ws.writer, org_id=c.org_id, present=True, org_key=b.org_key())
    with a.ws.store.transaction() as s:
        assert role_grants.set_convener(s, writer=a.ws.writer, org_id=b.org_id, present=True, org_key=a.org_key())
    a.send(tmp_path / "a1.bundle")
    c.receive(tmp_path / "a1.bundle")
    assert seen(c)["rounds"] == [("Beta's round", "open")]
    assert [r.org_code for r in _roles(c) if r.role == "convener"] == ["ALPHA", "BETA"]


def _roles(laptop: Laptop) -> list[role_grants.RoleRow]:
    with laptop.ws.store.transaction() as s:
        return role_grants.list_roles(s)


def test_a_delegated_vote_travels_and_the_close_freezes_it_on_every_laptop(
        three: tuple[Laptop, Laptop, Laptop], tmp_path: Path) -> None:
    from stratplan.core.services import delegation

    a, b, c = three
    pid = a.draft("Shelters")
    with a.ws.store.transaction() as s:
        rid = rounds.open_round(s, writer=a.ws.writer, title="Paris", method="approval", proposal_ids=[pid]).id
    a.send(tmp_path / "a0.bundle")
    b.receive(tmp_path / "a0.bundle")
    c.receive(tmp_path / "a0.bundle")
    with b.ws.store.transaction() as s:  # Beta cannot come: Gamma votes for it
        delegation.give_vote(s, writer=b.ws.writer, round_id=rid, delegate_org=c.org_id)
    with c.ws.store.transaction() as s:
        rounds.cast_ballot(s, writer=c.ws.writer, round_id=rid, choices={pid: "no"})
    b.send(tmp_path / "b1.bundle", peer="ALPHA")
    c.send(tmp_path / "c1.bundle", peer="ALPHA")
    a.receive(tmp_path / "c1.bundle", tmp_path / "b1.bundle")
    with a.ws.store.transaction() as s:
        closed = rounds.close_round(s, writer=a.ws.writer, round_id=rid)
    assert closed.approval is not None and closed.approval.proposals[0].no == 2
    # Beta, offline, withdraws after the close: it changes nothing, wherever it arrives.
    with b.ws.store.transaction() as s:
        delegation.withdraw_vote(s, writer=b.ws.writer, round_id=rid)
    a.send(tmp_path / "a1.bundle")
    b.send(tmp_path / "b2.bundle")
    counts = []
    for laptop, bundles in ((a, ["b2"]), (b, ["a1"]), (c, ["a1", "b2"])):
        laptop.receive(*(tmp_path / f"{name}.bundle" for name in bundles))
        with laptop.ws.store.transaction() as s:
            result = rounds.tally(s, round_id=rid)
            assert result.approval is not None
            counts.append((result.round.status, result.approval.proposals[0].no, dict(result.delegated)))
    assert counts == [("closed", 2, {b.org_id: c.org_id})] * 3
    assert a.snapshot() == b.snapshot() == c.snapshot() == c.rebuilt_snapshot()
