"""Delegated votes: the delegate's ballot counts for both, one's own ballot overrides it, no
chains unless the round allows them, the close freezes the mandates; tallies checked by hand."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from stratplan.core.errors import NotFoundError, ValidationError
from stratplan.core.oplog.identity import DeviceIdentity
from stratplan.core.oplog.writer import OpWriter, Profile
from stratplan.core.services import coalition, delegation, proposals, rounds
from stratplan.core.workspace import Workspace

CODES = ("AUBE", "NORD", "SUD", "EST", "OUEST")


@pytest.fixture
def world(workspace: Workspace, group_id: str) -> dict[str, Any]:
    """Our organisation (CNT, the convener) and five others, each with its own laptop; three points."""
    w = workspace.writer
    with workspace.store.transaction() as s:
        others = [coalition.add_organisation(s, writer=w, name=f"Org {c}", code=c, country="FR", language="fr")
                  for c in CODES]
        outsider = coalition.add_organisation(s, writer=w, name="Org OUT", code="OUT", country="FR", language="fr")
        pids = [proposals.create_proposal(s, writer=w, group_id=group_id, fields={"title": t}).id
                for t in ("Police training", "Exit programme", "Schools")]
    laptops = {"CNT": w}
    ids = {"CNT": w.profile.org_id, "OUT": outsider.id}
    for org in others:
        laptop = OpWriter(DeviceIdentity.generate(), w.clock, Profile(w.profile.coalition_id, org.id, ""))
        with workspace.store.transaction() as s:
            laptop.register_device(s)
        laptops[org.code] = laptop
        ids[org.code] = org.id
    return {"pids": pids, "laptops": laptops, "ids": ids, "ws": workspace}


def open_round(world: dict[str, Any], method: str, *, chains: bool = False, weights: dict[str, str] | None = None,
               **options: Any) -> str:
    ids = world["ids"]
    electorate = [(ids[c], (weights or {}).get(c, "1")) for c in ("CNT", *CODES)]
    with world["ws"].store.transaction() as s:
        return rounds.open_round(s, writer=world["laptops"]["CNT"], title=f"{method} round", method=method,
                                 proposal_ids=world["pids"], electorate=electorate, allow_chains=chains,
                                 **options).id


def vote(world: dict[str, Any], rid: str, code: str, choices: Any) -> None:
    with world["ws"].store.transaction() as s:
        rounds.cast_ballot(s, writer=world["laptops"][code], round_id=rid, choices=choices)


def give(world: dict[str, Any], rid: str, code: str, to: str) -> None:
    with world["ws"].store.transaction() as s:
        delegation.give_vote(s, writer=world["laptops"][code], round_id=rid, delegate_org=world["ids"][to])


def roll(world: dict[str, Any], rid: str) -> list[tuple[str, str, str]]:
    with world["ws"].store.transaction() as s:
        return [(e.code, e.how, e.through_code or e.delegate_code) for e in rounds.tally(s, round_id=rid).roll_call]


def test_approval_with_delegations_against_a_hand_count(world: dict[str, Any]) -> None:
    p1, p2, p3 = world["pids"]
    rid = open_round(world, "approval", weights={"EST": "2"})
    vote(world, rid, "CNT", {p1: "yes", p2: "no", p3: "abstain"})
    vote(world, rid, "AUBE", {p1: "no", p2: "yes", p3: "yes"})
    give(world, rid, "NORD", "AUBE")   # counts with AUBE's ballot
    give(world, rid, "EST", "CNT")     # weight 2, with CNT's ballot
    give(world, rid, "SUD", "AUBE")
    vote(world, rid, "SUD", {p1: "yes", p2: "yes", p3: "yes"})  # its own ballot overrides its mandate
    # OUEST does not vote. Hand count, weights CNT 1, AUBE 1, NORD 1 (via AUBE), EST 2 (via CNT), SUD 1:
    #   p1: yes CNT+EST+SUD = 4, no AUBE+NORD = 2 -> 4/6 = 2/3, adopted (2/3 inclusive)
    #   p2: yes AUBE+NORD+SUD = 3, no CNT+EST = 3 -> 1/2, not adopted
    #   p3: yes AUBE+NORD+SUD = 3, abstain CNT+EST = 3 -> 3/3 = 1, adopted
    #   cast 6 of 7 weight; quorum 1/2 met.
    with world["ws"].store.transaction() as s:
        result = rounds.tally(s, round_id=rid)
    assert result.approval is not None
    got = {p.proposal: (p.yes, p.no, p.abstain, p.support, p.adopted) for p in result.approval.proposals}
    assert got == {p1: (4, 2, 0, Fraction(2, 3), True), p2: (3, 3, 0, Fraction(1, 2), False),
                   p3: (3, 0, 3, Fraction(1), True)}
    assert (result.cast, result.electorate) == (Fraction(6), Fraction(7))
    assert roll(world, rid) == [("AUBE", "in_person", ""), ("CNT", "in_person", ""), ("EST", "by_delegation", "CNT"),
                                ("NORD", "by_delegation", "AUBE"), ("OUEST", "absent", ""), ("SUD", "in_person", "")]


def test_ranking_with_a_delegation_against_a_hand_count(world: dict[str, Any]) -> None:
    a, b, c = world["pids"]
    rid = open_round(world, "ranking")
    vote(world, rid, "CNT", [[a], [b], [c]])
    vote(world, rid, "AUBE", [[b], [c], [a]])
    vote(world, rid, "NORD", [[c], [a], [b]])
    give(world, rid, "SUD", "AUBE")
    # Ballots: a>b>c, b>c>a twice (AUBE and SUD through it), c>a>b.
    #   d[a][b] = 2 (CNT, NORD), d[b][a] = 2; d[b][c] = 3, d[c][b] = 1; d[a][c] = 1, d[c][a] = 3.
    # Schulze (winning votes): b beats c 3, c beats a 3, a-b tie 2:2.
    #   p[b][a] = min(3, 3) = 3 > p[a][b] = 2; order b, c, a.
    # Borda (2, 1, 0): a 2+0+0+1 = 3, b 1+2+2+0 = 5, c 0+1+1+2 = 4.
    with world["ws"].store.transaction() as s:
        result = rounds.tally(s, round_id=rid)
    assert result.schulze is not None and result.borda is not None
    assert result.schulze.pairwise[a][b] == 2 and result.schulze.pairwise[b][c] == 3
    assert result.schulze.order == ((b,), (c,), (a,))
    assert result.borda.points == {a: 3, b: 5, c: 4}
    assert result.delegated == {world["ids"]["SUD"]: world["ids"]["AUBE"]}


def test_score_with_a_delegation_against_a_hand_count(world: dict[str, Any]) -> None:
    a, b, c = world["pids"]
    rid = open_round(world, "score")
    vote(world, rid, "CNT", {a: 5, b: 1, c: 3})
    vote(world, rid, "AUBE", {a: 2, b: 4})
    give(world, rid, "NORD", "AUBE")
    give(world, rid, "EST", "AUBE")
    # a: 5, 2, 2, 2 -> mean 11/4; b: 1, 4, 4, 4 -> mean 13/4; c: 3 and three blanks -> mean 3.
    with world["ws"].store.transaction() as s:
        result = rounds.tally(s, round_id=rid)
    assert result.score is not None
    means = {p.proposal: p.mean for p in result.score.proposals}
    assert means == {a: Fraction(11, 4), b: Fraction(13, 4), c: Fraction(3)}
    assert {p.proposal: p.blanks for p in result.score.proposals}[c] == 3


def test_no_chains_unless_the_round_allows_them(world: dict[str, Any]) -> None:
    p1, p2, p3 = world["pids"]
    ballot = {p1: "yes", p2: "yes", p3: "yes"}
    rid = open_round(world, "approval")
    give(world, rid, "NORD", "SUD")     # SUD will itself delegate...
    give(world, rid, "SUD", "AUBE")     # ... (allowed: AUBE has not delegated)
    vote(world, rid, "AUBE", ballot)
    with world["ws"].store.transaction() as s, pytest.raises(ValidationError, match="not passed along"):
        delegation.give_vote(s, writer=world["laptops"]["EST"], round_id=rid, delegate_org=world["ids"]["SUD"])
    assert dict((c, (h, t)) for c, h, t in roll(world, rid))["NORD"] == ("absent", "")
    assert dict((c, (h, t)) for c, h, t in roll(world, rid))["SUD"] == ("by_delegation", "AUBE")
    with world["ws"].store.transaction() as s:
        states = {(m.org_code, m.state): m.reason for m in delegation.list_mandates(s, round_id=rid)}
    assert "does not pass votes along" in str(states[("NORD", "ignored")])
    chained = open_round(world, "approval", chains=True)
    give(world, chained, "NORD", "SUD")
    give(world, chained, "SUD", "AUBE")
    vote(world, chained, "AUBE", ballot)
    assert dict((c, (h, t)) for c, h, t in roll(world, chained))["NORD"] == ("by_delegation", "AUBE")


def test_bad_mandates_are_refused_or_ignored_with_a_reason(world: dict[str, Any]) -> None:
    ids, laptops = world["ids"], world["laptops"]
    rid = open_round(world, "approval")
    with world["ws"].store.transaction() as s:
        with pytest.raises(ValidationError, match="cannot give its vote to itself"):
            delegation.give_vote(s, writer=laptops["NORD"], round_id=rid, delegate_org=ids["NORD"])
        with pytest.raises(ValidationError, match="not in the round's electorate"):
            delegation.give_vote(s, writer=laptops["NORD"], round_id=rid, delegate_org=ids["OUT"])
        with pytest.raises(NotFoundError, match="not a member"):
            delegation.give_vote(s, writer=laptops["NORD"], round_id=rid, delegate_org="nobody")
        with pytest.raises(ValidationError, match="has not given its vote"):
            delegation.withdraw_vote(s, writer=laptops["NORD"], round_id=rid)
        # Written past the service: a mandate to oneself, and one in another organisation's name.
        laptops["NORD"].append(s, kind="mandate.give", entity=rid, payload={"org": ids["NORD"], "delegate": ids["NORD"]})
        laptops["SUD"].append(s, kind="mandate.give", entity=rid, payload={"org": ids["EST"], "delegate": ids["SUD"]})
        laptops["CNT"].append(s, kind="mandate.give", entity=rid, payload={"org": ids["CNT"], "delegate": ids["OUT"]})
    vote(world, rid, "SUD", {p: "yes" for p in world["pids"]})
    with world["ws"].store.transaction() as s:
        reasons = {m.org_code: str(m.reason) for m in delegation.list_mandates(s, round_id=rid)}
    assert reasons == {"NORD": "an organisation cannot give its vote to itself",
                       "EST": "a mandate in another organisation's name",
                       "CNT": "the delegate is not in this round's electorate"}
    assert [h for c, h, _ in roll(world, rid) if c in ("NORD", "EST")] == ["absent", "absent"]


def test_withdrawn_until_the_close_and_frozen_by_it(world: dict[str, Any]) -> None:
    ids, laptops = world["ids"], world["laptops"]
    p1, p2, p3 = world["pids"]
    rid = open_round(world, "approval")
    vote(world, rid, "CNT", {p1: "yes", p2: "yes", p3: "yes"})
    give(world, rid, "NORD", "CNT")
    give(world, rid, "SUD", "CNT")
    with world["ws"].store.transaction() as s:
        delegation.withdraw_vote(s, writer=laptops["SUD"], round_id=rid)
    with world["ws"].store.transaction() as s:
        closed = rounds.close_round(s, writer=laptops["CNT"], round_id=rid)
    assert closed.delegated == {ids["NORD"]: ids["CNT"]}
    with world["ws"].store.transaction() as s:
        with pytest.raises(ValidationError, match="closed"):
            delegation.give_vote(s, writer=laptops["EST"], round_id=rid, delegate_org=ids["CNT"])
        # Written past the service on a laptop that had not seen the close: changes nothing.
        laptops["EST"].append(s, kind="mandate.give", entity=rid, payload={"org": ids["EST"], "delegate": ids["CNT"]})
        prev = tuple(m.id for m in delegation.list_mandates(s, round_id=rid) if m.org_code == "NORD")
        laptops["NORD"].append(s, kind="mandate.withdraw", entity=rid, payload={"org": ids["NORD"]}, parents=prev)
    with world["ws"].store.transaction() as s:
        after = rounds.tally(s, round_id=rid)
        states = [(m.org_code, m.kind, m.state) for m in delegation.list_mandates(s, round_id=rid)]
    assert after.delegated == {ids["NORD"]: ids["CNT"]} and after.cast == 2
    assert states == [("NORD", "give", "counts"), ("SUD", "give", "replaced"), ("SUD", "withdraw", "withdrawn"),
                      ("EST", "give", "ignored"), ("NORD", "withdraw", "ignored")]


def test_the_close_preview_counts_votes_given_to_a_delegate(world: dict[str, Any]) -> None:
    from stratplan.core.services.round_preview import close_preview

    p1, p2, p3 = world["pids"]
    rid = open_round(world, "approval")
    vote(world, rid, "CNT", {p1: "yes", p2: "no", p3: "yes"})
    give(world, rid, "NORD", "CNT")
    give(world, rid, "SUD", "EST")  # EST does not vote: SUD has not voted either
    with world["ws"].store.transaction() as s:
        preview = close_preview(s, round_id=rid)
    assert [(v.code, v.through) for v in preview.voted] == [("CNT", ""), ("NORD", "CNT")]
    assert "SUD" in [v.code for v in preview.missing]
    assert (preview.turnout.cast, preview.turnout.electorate) == (2, 6)
