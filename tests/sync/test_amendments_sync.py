"""Amendments between three laptops: proposed offline, decided elsewhere, the same text everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from stratplan.commands.sharing import import_text
from stratplan.core.errors import BadOperationError, ValidationError
from stratplan.core.services import amend_merge, amendments, proposals, role_grants
from tests.sync.laptops import Laptop, coalition_of_three

BODY = "Laws that end the buying of sex.\nExit programmes for survivors.\n\nPeer training on advocacy."


def _propose(laptop: Laptop, pid: str, **kw: object) -> str:
    with laptop.ws.store.transaction() as s:
        return amendments.propose_amendment(s, writer=laptop.ws.writer, proposal_id=pid, reason="Why not.",
                                            **kw).id  # type: ignore[arg-type]


def _states(laptop: Laptop, pid: str) -> dict[str, tuple[str, tuple[bool, ...]]]:
    with laptop.ws.store.transaction() as s:
        return {a.id: (a.state, tuple(d.counts for d in a.decisions))
                for a in amendments.list_amendments(s, proposal_id=pid)}


def _body(laptop: Laptop, pid: str) -> str:
    with laptop.ws.store.transaction() as s:
        return str(proposals.get_proposal(s, pid).fields["body"])


def _exchange(tmp: Path, laptops: tuple[Laptop, ...], tag: str) -> None:
    bundles = [x.send(tmp / f"{tag}-{x.name}.stratplan").path for x in laptops]
    for i, laptop in enumerate(laptops):
        # Each laptop receives the others' bundles in a different order.
        order = bundles[i:] + bundles[:i]
        laptop.receive(*(Path(p) for p in (order[::-1] if i % 2 else order)))


@pytest.fixture
def three(tmp_path: Path) -> tuple[Laptop, Laptop, Laptop]:
    a, b, c = coalition_of_three(tmp_path)
    yield a, b, c
    for laptop in (a, b, c):
        laptop.close()


def test_two_organisations_amend_a_third_ones_proposal_and_the_owner_decides(
        tmp_path: Path, three: tuple[Laptop, Laptop, Laptop]) -> None:
    a, b, c = three
    pid = c.draft("Abolitionist laws", BODY)
    c.send(tmp_path / "p.stratplan")
    a.receive(tmp_path / "p.stratplan")
    b.receive(tmp_path / "p.stratplan")
    # Offline, on two laptops: one amendment each, and beta signs an acceptance it has no right to.
    first = _propose(a, pid, change="replace", first=1, text="Laws that end the buying of sex, everywhere.")
    second = _propose(b, pid, change="insert", first=2, text="Housing for survivors.")
    with b.ws.store.transaction() as s:
        with pytest.raises(ValidationError, match="may not decide"):
            amendments.decide_amendment(s, writer=b.ws.writer, amendment_id=second, decision="accept")
        row = s.get(amendments.Amendment, second)
        assert row is not None
        b.ws.writer.append(s, kind="amend.decide", entity=second, parents=(row.op_id,),
                           payload={"decision": "accept"})
    a.send(tmp_path / "a-first.stratplan")
    [summary] = c.receive(tmp_path / "a-first.stratplan")
    # What the receiving director reads: the amendment that came in.
    assert [o.amendments for o in summary.organisations] == [1]
    assert "1 amendment, " in import_text(summary)
    _exchange(tmp_path, (a, b, c), "one")
    for laptop in (a, b, c):
        assert _states(laptop, pid) == {first: ("open", ()), second: ("open", (False,))}
    with c.ws.store.transaction() as s:
        amend_merge.decide(s, writer=c.ws.writer, amendment_id=first, decision="accept")
        amend_merge.decide(s, writer=c.ws.writer, amendment_id=second, decision="modify",
                           text="Housing and work for survivors.", reason="Work matters too.")
    _exchange(tmp_path, (a, b, c), "two")
    expected = ("Laws that end the buying of sex, everywhere.\nExit programmes for survivors.\n"
                "Housing and work for survivors.\n\nPeer training on advocacy.")
    assert _body(a, pid) == _body(b, pid) == _body(c, pid) == expected
    assert _states(a, pid)[second] == ("merged", (False, True))
    assert a.snapshot() == b.snapshot() == c.snapshot() == b.rebuilt_snapshot()


def test_two_coordinators_accepting_competing_amendments_offline_end_alike_with_both_kept(
        tmp_path: Path, three: tuple[Laptop, Laptop, Laptop]) -> None:
    a, b, c = three
    gid = a.group()
    with a.ws.store.transaction() as s:
        for org in (a.org_id, b.org_id):
            role_grants.set_coordinator(s, writer=a.ws.writer, group_id=gid, org_id=org, present=True)
    pid = c.draft("Abolitionist laws", BODY)
    _exchange(tmp_path, (a, b, c), "roles")
    one = _propose(a, pid, change="replace", first=2, text="Exit programmes run by survivors.")
    other = _propose(b, pid, change="delete", first=2)
    _exchange(tmp_path, (a, b, c), "amend")
    # Offline: each coordinator accepts a different one of the two competing amendments.
    for laptop, mine in ((a, one), (b, other)):
        with laptop.ws.store.transaction() as s:
            out = amend_merge.decide(s, writer=laptop.ws.writer, amendment_id=mine, decision="accept")
            assert out.merge is not None and out.merge.merged == (mine,)
    _exchange(tmp_path, (a, b, c), "decide")
    for laptop in (a, b, c):
        assert {k: v[0] for k, v in _states(laptop, pid).items()} == {one: "merged", other: "merged"}
        with laptop.ws.store.transaction() as s:
            detail = proposals.get_proposal(s, pid)
            assert detail.conflict  # both texts kept until a person resolves it
    assert _body(a, pid) == _body(b, pid) == _body(c, pid)
    assert a.snapshot() == b.snapshot() == c.snapshot() == c.rebuilt_snapshot()


def test_control_characters_in_an_amendment_from_elsewhere_refuse_the_bundle(
        tmp_path: Path, three: tuple[Laptop, Laptop, Laptop]) -> None:
    a, b, c = three
    pid = c.draft("Abolitionist laws", BODY)
    c.send(tmp_path / "p.stratplan")
    b.receive(tmp_path / "p.stratplan")
    with b.ws.store.transaction() as s:
        rev = proposals.get_proposal(s, pid).head_revision
        with pytest.raises(BadOperationError, match="control character"):
            b.ws.writer.append(s, kind="amend.propose", entity="x" * 32, parents=(rev,), payload={
                "proposal": pid, "revision": rev, "change": "insert", "start": 0, "end": 0, "old": "",
                "text": "\x07bell", "reason": "r"})
    assert _states(b, pid) == {}


def test_a_rejection_made_offline_does_not_take_a_merged_amendment_back_out(
        tmp_path: Path, three: tuple[Laptop, Laptop, Laptop]) -> None:
    a, b, c = three
    with a.ws.store.transaction() as s:
        role_grants.set_coordinator(s, writer=a.ws.writer, group_id=a.group(), org_id=a.org_id, present=True)
    pid = c.draft("Abolitionist laws", BODY)
    _exchange(tmp_path, (a, b, c), "start")
    one = _propose(b, pid, change="replace", first=1, text="Laws against the buying of sex.")
    _exchange(tmp_path, (a, b, c), "amend")
    with a.ws.store.transaction() as s:  # the coordinator accepts and merges...
        amend_merge.decide(s, writer=a.ws.writer, amendment_id=one, decision="accept")
    with c.ws.store.transaction() as s:  # ...while the owner, offline, rejects it
        amend_merge.decide(s, writer=c.ws.writer, amendment_id=one, decision="reject", reason="Too short.")
    _exchange(tmp_path, (a, b, c), "decide")
    for laptop in (a, b, c):
        assert _states(laptop, pid)[one] == ("merged", (True, True))
        assert _body(laptop, pid).startswith("Laws against the buying of sex.\n")


def test_an_amendment_whose_revision_has_not_arrived_waits_and_one_that_misquotes_it_does_not_fit(
        tmp_path: Path, three: tuple[Laptop, Laptop, Laptop]) -> None:
    a, b, c = three
    pid = c.draft("Abolitionist laws", BODY)
    c.send(tmp_path / "p.stratplan")
    b.receive(tmp_path / "p.stratplan")
    good = _propose(b, pid, change="delete", first=2)
    with b.ws.store.transaction() as s:  # signed by a member, but quoting words the revision lacks
        rev = proposals.get_proposal(s, pid).head_revision
        b.ws.writer.append(s, kind="amend.propose", entity="f" * 32, parents=(rev,), payload={
            "proposal": pid, "revision": rev, "change": "replace", "start": 0, "end": 4, "old": "Bans",
            "text": "Laws", "reason": "r"})
    # Alpha first gets the amendments without the proposal they amend: they wait.
    b.partial_bundle(tmp_path / "only-amendments.stratplan", ops=lambda o: o.family == "amend")
    a.receive(tmp_path / "only-amendments.stratplan")
    assert set(a.held().values()) == {"gap"} and len(a.held()) == 2
    assert _states(a, pid) == {}
    a.receive(tmp_path / "p.stratplan")
    assert a.held() == {}
    assert {k: v[0] for k, v in _states(a, pid).items()} == {good: "open", "f" * 32: "invalid"}
    b.send(tmp_path / "b.stratplan")
    c.receive(tmp_path / "b.stratplan")
    with c.ws.store.transaction() as s, pytest.raises(ValidationError, match="does not fit the revision"):
        amendments.decide_amendment(s, writer=c.ws.writer, amendment_id="f" * 32, decision="accept")


def test_a_coordinators_acceptance_counts_once_the_grant_arrives_whatever_came_first(
        tmp_path: Path, three: tuple[Laptop, Laptop, Laptop]) -> None:
    a, b, c = three
    pid = c.draft("Abolitionist laws", BODY)
    _exchange(tmp_path, (a, b, c), "start")
    one = _propose(a, pid, change="replace", first=3, text="Peer training on advocacy and on the law.")
    with a.ws.store.transaction() as s:  # the convener makes beta the group's coordinator
        role_grants.set_coordinator(s, writer=a.ws.writer, group_id=a.group(), org_id=b.org_id, present=True)
    a.send(tmp_path / "a.stratplan")
    b.receive(tmp_path / "a.stratplan")
    with b.ws.store.transaction() as s:
        amend_merge.decide(s, writer=b.ws.writer, amendment_id=one, decision="accept")
    # Gamma hears of the acceptance before it hears of the grant: it does not count yet.
    b.partial_bundle(tmp_path / "no-roles.stratplan", ops=lambda o: o.family != "role")
    c.receive(tmp_path / "no-roles.stratplan")
    assert _states(c, pid)[one][1] == (False,) and _states(c, pid)[one][0] != "merged"
    c.receive(tmp_path / "a.stratplan")
    assert _states(c, pid)[one] == ("merged", (True,)) == _states(b, pid)[one]
    assert c.snapshot() == c.rebuilt_snapshot()
