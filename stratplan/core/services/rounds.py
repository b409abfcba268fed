"""Voting rounds: open, cast one ballot per organisation, close, and count exactly."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stratplan.core.db.models import Ballot, Organisation, Proposal, Round
from stratplan.core.errors import NotFoundError, ValidationError
from stratplan.core.fields import clean_text
from stratplan.core.messages import Message
from stratplan.core.oplog.round_reducer import METHODS, choices_problem
from stratplan.core.oplog.writer import OpWriter, new_id
from stratplan.core.roles import Roles, check, load_roles, org_name, round_action
from stratplan.core.services import proposals as proposal_service
from stratplan.core.voting.approval import count_approval
from stratplan.core.voting.delegation import Resolution
from stratplan.core.voting.fractions_input import format_fraction, parse_fraction
from stratplan.core.voting.model import (
    ApprovalBallot,
    ApprovalResult,
    BordaResult,
    RankingBallot,
    SchulzeResult,
    ScoreBallot,
    ScoreResult,
)
from stratplan.core.voting.ranking import count_borda, count_schulze
from stratplan.core.voting.score import count_score

if TYPE_CHECKING:
    from stratplan.core.services.delegation import RollCallEntry


@dataclass(frozen=True)
class RoundProposal:
    id: str
    revision: str
    title: str
    number: int


@dataclass(frozen=True)
class Voter:
    org_id: str
    code: str
    name: str
    weight: Fraction


@dataclass(frozen=True)
class RoundInfo:
    id: str
    title: str
    method: str
    status: str
    group_id: str
    proposals: tuple[RoundProposal, ...]
    electorate: tuple[Voter, ...]
    threshold: Fraction
    quorum: Fraction
    basis: str
    closes: str
    opener_org: str
    ballots_cast: int
    # The round shows its count while still open (as provisional); otherwise only once closed.
    live_results: bool = False
    # A vote given to a delegate who gave its own away passes along (default: it does not count).
    chains: bool = False


@dataclass(frozen=True)
class BallotInfo:
    id: str
    org_id: str
    org_code: str
    entered_by: str
    choices: Any
    valid: bool
    problem: str
    effective: bool
    counted: bool
    late: bool
    disagreement: bool
    hlc: int


@dataclass(frozen=True)
class Tally:
    """A round's count: the method's result, plus Borda beside Schulze for ranking rounds."""

    round: RoundInfo
    approval: ApprovalResult | None = None
    schulze: SchulzeResult | None = None
    borda: BordaResult | None = None
    score: ScoreResult | None = None
    # Ballot weight counted and the electorate's weight, so every method can state its turnout.
    cast: Fraction = Fraction(0)
    electorate: Fraction = Fraction(0)
    # Delegated votes: whose ballot counted for whom, and every organisation's roll call.
    resolution: Resolution = Resolution({}, {}, {}, frozenset())
    roll_call: tuple[RollCallEntry, ...] = ()

    @property
    def delegated(self) -> dict[str, str]:
        """giver -> the organisation whose ballot counted for it."""
        return self.resolution.through


def _org_names(session: Session) -> dict[str, Organisation]:
    return {o.id: o for o in session.scalars(select(Organisation))}


def open_round(
    session: Session,
    *,
    writer: OpWriter,
    title: str,
    method: str,
    proposal_ids: list[str],
    electorate: list[tuple[str, str]] | None = None,
    threshold: str = "2/3",
    quorum: str = "1/2",
    basis: str = "expressed",
    closes: str = "",
    group_id: str = "",
    live_results: bool = False,
    allow_chains: bool = False,
) -> RoundInfo:
    """Open a round on the proposals' current revisions (fixed from now on)."""
    clean_title = clean_text(title, single_line=True)
    if not clean_title:
        raise ValidationError("A round needs a title.", field="title")
    if method not in METHODS:
        raise ValidationError("The method must be one of: {methods}.",
                              methods=', '.join(METHODS), field="method")
    if basis not in ("expressed", "electorate"):
        raise ValidationError("Support is counted of those who 'expressed' a view or of the whole 'electorate'.")
    unique = list(dict.fromkeys(proposal_ids))
    if not unique or (method == "ranking" and len(unique) < 2):
        raise ValidationError("Choose the proposals to vote on (at least two for a ranking).")
    items = []
    for pid in unique:
        detail = proposal_service.get_proposal(session, pid)
        if detail.fields["deleted"]:
            raise ValidationError("'{title}' has been deleted and cannot be voted on.",
                                  title=detail.fields['title'])
        items.append({"id": pid, "revision": detail.head_revision, "title": detail.fields["title"]})
    orgs = _org_names(session)
    chosen = electorate if electorate is not None else [(oid, "1") for oid in sorted(orgs)]
    if not chosen:
        raise ValidationError("The electorate is empty: add member organisations first.")
    voters = []
    for org_id, weight in chosen:
        if org_id not in orgs:
            raise NotFoundError("An organisation in the electorate is not a member of the coalition.")
        try:
            value = Fraction(str(weight).strip())
        except (ValueError, ZeroDivisionError) as exc:
            raise ValidationError("The weight '{weight}' of {code} is not a number like 1 or "
                                  "3/2.", weight=weight, code=orgs[org_id].code) from exc
        if value <= 0:
            raise ValidationError("The weight of {code} must be above zero.",
                                  code=orgs[org_id].code)
        voters.append({"org": org_id, "weight": format_fraction(value)})
    if closes:
        try:
            closes = date.fromisoformat(closes.strip()).isoformat()
        except ValueError as exc:
            raise ValidationError("The closing date '{closes}' is not a date like 2027-03-31.",
                                  closes=closes) from exc
    payload: dict[str, Any] = {
        "title": clean_title, "method": method, "proposals": items, "electorate": voters,
        "threshold": format_fraction(parse_fraction(threshold, field="threshold")),
        "quorum": format_fraction(parse_fraction(quorum, field="quorum")),
        "basis": basis, "closes": closes, "group": group_id,
    }
    # Refused here with the reason; the rules would keep the round in the log, not counting.
    check(session, load_roles(session), writer.profile.org_id, round_action(group_id), group_id)
    if live_results:  # only when asked: rounds without it read as they always did
        payload["live_results"] = True
    if allow_chains:
        payload["chains"] = True
    entity = new_id()
    writer.append(session, kind="round.open", entity=entity, payload=payload)
    return get_round(session, entity)


def _info(session: Session, row: Round) -> RoundInfo:
    settings = json.loads(row.settings_json)
    orgs = _org_names(session)
    cast = {b.org_id for b in session.scalars(select(Ballot).where(Ballot.round_id == row.id, Ballot.effective))}
    return RoundInfo(
        id=row.id, title=row.title, method=row.method, status=row.status, group_id=row.group_id,
        proposals=tuple(RoundProposal(p["id"], p["revision"], p["title"], i + 1)
                        for i, p in enumerate(settings["proposals"])),
        electorate=tuple(Voter(e["org"], orgs[e["org"]].code if e["org"] in orgs else "?",
                               orgs[e["org"]].name if e["org"] in orgs else "?", Fraction(e["weight"]))
                         for e in settings["electorate"]),
        threshold=Fraction(settings["threshold"]), quorum=Fraction(settings["quorum"]),
        basis=settings["basis"], closes=settings.get("closes", ""), opener_org=row.opener_org,
        ballots_cast=len(cast), live_results=bool(settings.get("live_results", False)),
        chains=bool(settings.get("chains", False)),
    )


def results_visible(info: RoundInfo) -> bool:
    """A round's count is shown once it is closed, or while open when the round says so."""
    return info.status == "closed" or info.live_results


def round_refusal(session: Session, roles: Roles, row: Round) -> Message | None:
    """Why this round does not count (None when it does): its opener may not open it.

    A round is closed only by the organisation that opened it (the round's rules), so an
    opener that may open it may close it too. Roles are read as they stand now, so a grant
    that arrives after the round.open it allows makes the round count on every laptop alike.
    """
    return roles.refusal(row.opener_org, org_name(session, row.opener_org), round_action(row.group_id),
                         row.group_id)


def get_round(session: Session, round_id: str) -> RoundInfo:
    row = session.get(Round, round_id)
    if row is None:
        raise NotFoundError("That voting round does not exist in this store.")
    refusal = round_refusal(session, load_roles(session), row)
    if refusal is not None:
        raise ValidationError("The round '{title}' does not count: {why}", title=row.title, why=refusal)
    return _info(session, row)


def counting_rows(session: Session, rows: list[Round]) -> list[Round]:
    """The rounds among `rows` that count (opened by an organisation allowed to)."""
    roles = load_roles(session)
    return [r for r in rows if round_refusal(session, roles, r) is None]


def list_rounds(session: Session) -> list[RoundInfo]:
    """The rounds that count, newest first (see `ignored_rounds` for the others)."""
    rows = list(session.scalars(select(Round).order_by(Round.opened_hlc.desc())))
    return [_info(session, r) for r in counting_rows(session, rows)]


@dataclass(frozen=True)
class IgnoredRound:
    """A round kept in the log that does not count, and why."""

    id: str
    title: str
    opener_org: str
    reason: Message


def ignored_rounds(session: Session) -> list[IgnoredRound]:
    roles = load_roles(session)
    out = []
    for row in session.scalars(select(Round).order_by(Round.opened_hlc.desc())):
        refusal = round_refusal(session, roles, row)
        if refusal is not None:
            out.append(IgnoredRound(row.id, row.title, row.opener_org, refusal))
    return out


def ballots(session: Session, *, round_id: str) -> list[BallotInfo]:
    orgs = _org_names(session)
    rows = session.scalars(select(Ballot).where(Ballot.round_id == round_id).order_by(Ballot.hlc, Ballot.id))
    return [
        BallotInfo(
            id=b.id, org_id=b.org_id, org_code=orgs[b.org_id].code if b.org_id in orgs else "?",
            entered_by=orgs[b.entered_by_org].code if b.entered_by_org in orgs else "?",
            choices=json.loads(b.choices_json), valid=b.valid, problem=b.problem, effective=b.effective,
            counted=b.counted, late=b.late, disagreement=b.disagreement, hlc=b.hlc,
        )
        for b in rows
    ]


def cast_ballot(
    session: Session, *, writer: OpWriter, round_id: str, choices: Any, on_behalf_of: str = ""
) -> BallotInfo:
    """Cast (or change) this organisation's ballot; the convener may enter one on behalf of another."""
    info = get_round(session, round_id)
    if info.status != "open":
        raise ValidationError("The round '{title}' is closed; ballots can no longer be cast.",
                              title=info.title)
    voter = on_behalf_of or writer.profile.org_id
    if on_behalf_of and writer.profile.org_id != info.opener_org:
        raise ValidationError("Only the organisation that opened the round can enter ballots on behalf of others.")
    if voter not in {v.org_id for v in info.electorate}:
        raise ValidationError("This organisation is not in the round's electorate.")
    problem = choices_problem(info.method, choices, {p.id for p in info.proposals})
    if problem:
        raise ValidationError("The ballot is not valid: {problem}.", problem=problem)
    previous = tuple(b.id for b in ballots(session, round_id=round_id) if b.org_id == voter and b.valid)
    payload = {"org": voter, "choices": choices, "proxy": bool(on_behalf_of)}
    op = writer.append(session, kind="round.ballot", entity=round_id, payload=payload, parents=previous)
    return next(b for b in ballots(session, round_id=round_id) if b.id == op.id)


def tally(session: Session, *, round_id: str) -> Tally:
    """Count the round from its ballots: the effective ones while open, the counted ones once closed."""
    from stratplan.core.services import delegation  # it reads rounds through this module

    info = get_round(session, round_id)
    own = [b for b in ballots(session, round_id=round_id) if b.effective]
    voted = {b.org_id for b in own}
    resolution = delegation.resolve_round(session, info, voted)
    # A delegate's ballot counts for each organisation that gave it its vote, with the giver's weight.
    standing = own + delegation.delegated_ballots(info, own, resolution)
    extra: dict[str, Any] = {"resolution": resolution,
                             "roll_call": delegation.roll_call_of(info, voted, resolution)}
    weights = {v.org_id: v.weight for v in info.electorate}
    pids = [p.id for p in info.proposals]
    electorate = sum(weights.values(), Fraction(0))
    cast = sum((weights[b.org_id] for b in standing), Fraction(0))
    if info.method == "approval":
        approval = count_approval(
            pids, [ApprovalBallot(b.org_id, b.choices, weights[b.org_id]) for b in standing],
            electorate, quorum=info.quorum, threshold=info.threshold, basis=info.basis)
        return Tally(info, approval=approval, cast=approval.cast, electorate=approval.electorate, **extra)
    if info.method == "ranking":
        ranking = [RankingBallot(b.org_id, b.choices, weights[b.org_id]) for b in standing]
        return Tally(info, schulze=count_schulze(pids, ranking), borda=count_borda(pids, ranking),
                     cast=cast, electorate=electorate, **extra)
    grades = [ScoreBallot(b.org_id, b.choices, weights[b.org_id]) for b in standing]
    return Tally(info, score=count_score(pids, grades), cast=cast, electorate=electorate, **extra)


def close_round(session: Session, *, writer: OpWriter, round_id: str) -> Tally:
    """Close with a signed list of the ballots that count; adopted points become 'adopted'."""
    info = get_round(session, round_id)
    if info.status != "open":
        raise ValidationError("This round is already closed.")
    check(session, load_roles(session), writer.profile.org_id, round_action(info.group_id, closing=True),
          info.group_id)
    if writer.profile.org_id != info.opener_org:
        raise ValidationError("Only the organisation that opened the round can close it.")
    counted = sorted(b.id for b in ballots(session, round_id=round_id) if b.effective)
    result = tally(session, round_id=round_id)
    summary: dict[str, Any] = {"counted": counted}
    if result.resolution.counting:  # the mandates that count, so a later one changes nothing
        summary["mandates"] = sorted(result.resolution.counting)
    if result.schulze is not None:
        summary["order"] = [list(group) for group in result.schulze.order]
    writer.append(session, kind="round.close", entity=round_id, payload=summary)
    if result.approval is not None and result.approval.quorum_met:
        for item in result.approval.proposals:
            current = session.get(Proposal, item.proposal)
            if item.adopted and current is not None and current.status != "adopted":
                proposal_service.revise_proposal(
                    session, writer=writer, proposal_id=item.proposal, changes={"status": "adopted"},
                    note=f"adopted in round '{info.title}'")
    return tally(session, round_id=round_id)


def tally_json(result: Tally) -> dict[str, Any]:
    """A round's count as plain data: the order as tied groups, and per-proposal figures."""
    info = result.round
    titles = {p.id: p.title for p in info.proposals}
    out: dict[str, Any] = {"round": info.id, "title": info.title, "method": info.method,
                           "status": info.status, "threshold": format_fraction(info.threshold),
                           "quorum": format_fraction(info.quorum), "basis": info.basis,
                           "cast": format_fraction(result.cast),
                           "electorate": format_fraction(result.electorate)}
    if result.roll_call:
        from stratplan.core.services.delegation import roll_call_json

        out["roll_call"] = roll_call_json(result.roll_call)
    if result.approval is not None:
        a = result.approval
        out["quorum_met"] = a.quorum_met
        out["proposals"] = [{"id": p.proposal, "title": titles[p.proposal], "yes": str(p.yes), "no": str(p.no),
                             "abstain": str(p.abstain), "support": format_fraction(p.support),
                             "adopted": p.adopted} for p in a.proposals]
        ranked = sorted(a.proposals, key=lambda p: p.support, reverse=True)
        groups: list[list[str]] = []
        for p in ranked:
            if groups and a.get(groups[-1][0]).support == p.support:
                groups[-1].append(p.proposal)
            else:
                groups.append([p.proposal])
        out["order"] = groups
    if result.schulze is not None and result.borda is not None:
        out["order"] = [list(g) for g in result.schulze.order]
        out["borda_order"] = [list(g) for g in result.borda.order]
        out["proposals"] = [{"id": pid, "title": titles[pid], "borda": format_fraction(result.borda.points[pid]),
                             "pairwise": {o: str(v) for o, v in result.schulze.pairwise[pid].items()},
                             "strongest_paths": {o: str(v) for o, v in result.schulze.strength[pid].items()}}
                            for pid in titles]
    if result.score is not None:
        out["order"] = [list(g) for g in result.score.order]
        out["proposals"] = [{"id": p.proposal, "title": titles[p.proposal],
                             "mean": None if p.mean is None else format_fraction(p.mean),
                             "median": p.median, "majority_grade": p.majority_grade,
                             "distribution": list(p.distribution), "blanks": p.blanks}
                            for p in result.score.proposals]
    return out
