"""Importing verified operations and credentials into a store: all of them or none.

The caller opens one transaction (SQLite BEGIN IMMEDIATE) around `import_ops`; anything
raised inside rolls everything back, so a refused or interrupted import leaves the store
exactly as it was, and a retry starts from scratch.

Operations are stored by id, never by (device, number): two operations of one device with
the same number (a laptop restored from a backup) are both kept and both count. The
summary says honestly what was stored, what was already here, and what was set aside, and
names the forks that came in.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from stratplan.core import changes
from stratplan.core.db.models import (
    LocalState,
    Organisation,
    Person,
    Proposal,
    StoreMeta,
    SyncCredential,
    SyncDevice,
    SyncHeld,
    SyncOp,
    SyncPeer,
)
from stratplan.core.errors import BadOperationError, ForgedDataError, NotJoinedError
from stratplan.core.messages import msg
from stratplan.core.oplog.hlc import HybridClock, wall_ms
from stratplan.core.oplog.identity import device_id_of
from stratplan.core.oplog.kinds import Kind, payload_problem
from stratplan.core.oplog.ops import Operation
from stratplan.core.sync import forks as fork_log
from stratplan.core.sync import held
from stratplan.core.sync.bundle import Bundle, read_bundle
from stratplan.core.sync.credentials import Credential
from stratplan.core.sync.trust import (
    GAP,
    NOT_ADMITTED,
    OTHER_COALITION,
    OTHER_ORG,
    REVOKED,
    Trust,
    compute_trust,
)

Progress = Callable[[int, int], None]


@dataclass
class OrgSummary:
    """What came in from one organisation."""

    org_id: str
    name: str
    new_proposals: int = 0
    revisions: int = 0
    ballots: int = 0
    comments: int = 0
    other: int = 0
    conflicts: int = 0
    amendments: int = 0  # proposed (decisions on them count as other)


@dataclass
class ImportSummary:
    """What an import did, in numbers a director can read."""

    source: str
    received: int = 0
    new: int = 0
    already_here: int = 0
    applied: int = 0
    released: int = 0
    waiting_admission: int = 0
    revoked: int = 0
    gaps: int = 0
    # Of this import's new operations: how many were set aside, by reason (admission,
    # revoked, gap), and how many fork a laptop's history (another operation with its
    # device and number is stored too: that laptop was restored from a backup).
    held_new: dict[str, int] = field(default_factory=dict)
    forks: int = 0
    # Operations under this laptop's own id arrived that this store did not write: it was
    # restored from a backup (or its key is used elsewhere) and continues under a new id.
    own_device_forked: bool = False
    new_credentials: int = 0
    roster_version: int = 0
    joined: bool = False
    organisations: list[OrgSummary] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["organisations"] = [o.__dict__ for o in self.organisations]
        return data


def _noop(_d: int, _t: int) -> None:
    return None


def _signature(trust: Trust | None) -> tuple[Any, ...]:
    if trust is None:
        return ()
    return (trust.roster_id, sorted((d, sorted(o)) for d, o in trust.certified.items()),
            sorted(trust.revoked.items()), sorted(trust.org_revoked.items()), sorted(trust.waiting_devices.items()))


def _pin_genesis(session: Session, credentials: list[Credential], local_device: str) -> Trust:
    """First import into a store that asked to join: accept the roster that admits this laptop."""
    if session.scalar(select(SyncOp.id).limit(1)) is not None and session.get(LocalState, "join.pending") is None:
        raise NotJoinedError("This store holds a coalition that was not set up for sharing (such as the demo): "
                             "it cannot receive changes. Start or join a shared coalition in a new store.")
    if session.get(LocalState, "join.pending") is None:
        raise NotJoinedError("This store has not joined a coalition yet. Join first (Coalition → Join), "
                             "then receive the convener's reply.")
    for cred in sorted(credentials, key=lambda c: c.id):
        if cred.kind != "roster" or cred.data.get("version") != 1:
            continue
        trust = compute_trust(credentials, cred.id)
        if trust is not None and local_device in trust.devices:
            return trust
    raise NotJoinedError("This bundle does not admit this laptop yet. Ask the convener (or your "
                         "organisation's other laptop) for the reply to your join request.")


def _complete_join(session: Session, trust: Trust, local_device: str) -> None:
    pending = json.loads(session.get(LocalState, "join.pending").value)  # type: ignore[union-attr]
    session.merge(StoreMeta(key=held.GENESIS_KEY, value=_genesis_of(session, trust)))
    session.merge(StoreMeta(key="coalition_id", value=trust.coalition))
    # Another member may have certified this laptop too: the organisation that asked comes first.
    org = pending.get("org") if pending.get("org") in trust.certified[local_device] else trust.devices[local_device]
    session.merge(LocalState(key="profile.org", value=str(org)))
    session.merge(LocalState(key="profile.person", value=str(pending.get("person", ""))))
    session.delete(session.get(LocalState, "join.pending"))


def _genesis_of(session: Session, trust: Trust) -> str:
    by_id = {c.id: c for c in held.stored_credentials(session)}
    cred = by_id[trust.roster_id]
    while cred.data["prev"]:
        cred = by_id[str(cred.data["prev"])]
    return cred.id


def _check(ops: list[Operation], trust: Trust | None, coalition: str, sender: str) -> None:
    """Refuse the whole bundle for operations no honest laptop could have written.

    A laptop that passes on another laptop's forgery may simply not have known whose laptop
    that was (its certificate had not reached it): the forgery is then kept aside (held, never
    applied) rather than refusing every later bundle of that honest laptop."""
    for op in ops:
        if op.coalition != coalition:
            raise ForgedDataError("The bundle holds operations of another coalition; nothing was imported.")
        reason = trust.verdict(op) if trust is not None else None
        if reason == OTHER_ORG and op.device == sender:
            raise ForgedDataError(
                "The bundle holds a {kind} that claims to come from another organisation than "
                "the one its laptop ({device}) belongs to; nothing was imported.",
                kind=op.kind, device=op.device[:8])
        if reason == OTHER_COALITION:
            raise ForgedDataError("The bundle holds operations of another coalition; nothing was imported.")


def _check_payloads(ops: list[Operation], source: str) -> None:
    """Refuse the whole import for a correctly signed change whose contents no version of
    StratPlan writes: checked against its kind's schema here, before any reducer runs, so a
    reducer that still fails later is a bug and shows as one."""
    for op in ops:
        found = payload_problem(op.kind, op.payload, writing=False)
        if found is None:
            continue
        key, what = found
        part = key or msg("payload")
        if source:
            raise BadOperationError(
                "{source} holds a {kind} change whose contents cannot be read ({part} {what}); "
                "nothing was imported.", source=source, part=part, what=what, kind=op.kind, key=key)
        raise BadOperationError(
            "The changes received hold a {kind} change whose contents cannot be read ({part} "
            "{what}); nothing was imported.", part=part, what=what, kind=op.kind, key=key)


def import_ops(session: Session, *, credentials: list[Credential], devices: dict[str, str],
               ops: list[Operation], local_device: str, clock: HybridClock | None = None,
               sender: str = "", sender_vector: dict[str, int] | None = None, source: str = "",
               progress: Progress = _noop) -> ImportSummary:
    """Store verified credentials and operations, decide what is held, update derived tables."""
    summary = ImportSummary(source=source, received=len(ops))
    progress(0, len(ops))
    trust_before = held.load_trust(session)
    if trust_before is None:
        trust_after = _pin_genesis(session, credentials, local_device)
        summary.joined = True
    new_creds = [c for c in credentials
                 if session.get(SyncCredential, c.id) is None]
    for cred in new_creds:
        session.add(SyncCredential(id=cred.id, kind=cred.kind, body=cred.body, sig=cred.sig))
    session.flush()
    if new_creds:
        # Roster versions, laptop certificates and revocations: windows showing them refresh.
        changes.note(session, flags=("roster",))
    summary.new_credentials = len(new_creds)
    if summary.joined:
        _complete_join(session, trust_after, local_device)
        session.flush()
    trust_after = held.load_trust(session)  # type: ignore[assignment]
    assert trust_after is not None
    summary.roster_version = trust_after.version
    _check(ops, trust_after, trust_after.coalition, sender)

    unique = list({o.id: o for o in ops}.values())
    known: set[str] = set()
    ids = [o.id for o in unique]
    for start in range(0, len(ids), 900):
        known.update(session.scalars(select(SyncOp.id).where(SyncOp.id.in_(ids[start:start + 900]))))
    fresh = [o for o in unique if o.id not in known]
    _check_payloads(fresh, source)
    summary.new, summary.already_here = len(fresh), len(ops) - len(fresh)
    for device, key in devices.items():
        session.execute(sqlite_insert(SyncDevice).values(
            device_id=device, public_key=key, org_id=trust_after.devices.get(device, ""),
            label=trust_after.device_labels.get(device, "")).on_conflict_do_nothing())
    # The driver's own executemany: SQLAlchemy's per-row parameter handling cost more than
    # the insert itself for 10,000 operations.
    raw = session.connection().connection.dbapi_connection
    assert raw is not None
    summary.own_device_forked = fork_log.note_own_device(session, fresh, local_device)
    for start in range(0, len(fresh), 2000):
        chunk = fresh[start:start + 2000]
        # By id only: `fresh` holds none already stored, and a fork must never be dropped.
        raw.executemany("INSERT INTO sync_op (id, body, sig, device, seq, hlc, kind, entity) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [(o.id, o.body, o.sig, o.device, o.seq, o.hlc, o.kind, o.entity) for o in chunk])
        progress(start + len(chunk), len(ops) * 2)
    summary.forks = fork_log.count_forked(session, fresh) + fork_log.note_chain_breaks(session, fresh)

    held_before = set(session.scalars(select(SyncHeld.op_id)))
    if summary.joined or _signature(trust_before) != _signature(trust_after):
        changed = held.update_held(session, trust_after, None)
    else:
        changed = held.update_held(session, trust_after, fresh)
    now_held = dict(session.execute(select(SyncHeld.op_id, SyncHeld.reason)).all())
    applied = [o for o in fresh if o.id not in now_held]
    summary.applied = len(applied)
    for op in fresh:
        if op.id in now_held:
            summary.held_new[now_held[op.id]] = summary.held_new.get(now_held[op.id], 0) + 1
    summary.released = len(held_before - set(now_held) - {o.id for o in fresh})
    for reason in now_held.values():
        if reason == NOT_ADMITTED:
            summary.waiting_admission += 1
        elif reason == REVOKED:
            summary.revoked += 1
        elif reason == GAP:
            summary.gaps += 1
    entities = changed | {o.entity for o in applied}
    held.reapply(session, entities, {o.id: o for o in fresh})
    progress(len(ops) * 2, len(ops) * 2)

    if clock is not None and fresh:
        # Data with a wild clock is accepted; our own clock moves forward at most a day.
        clock.observe(max(o.hlc for o in fresh))
    if sender and sender_vector is not None:
        _know_devices(session, trust_after, {*devices, sender})
        _remember_peer(session, sender, sender_vector, trust_after)
    summary.organisations = _per_org(session, applied)
    if summary.joined:
        _choose_person(session)
    return summary


def import_bundle(session: Session, bundle: Bundle, *, source: str, local_device: str,
                  clock: HybridClock | None = None, progress: Progress = _noop) -> ImportSummary:
    """Import a bundle already verified by read_bundle (inside the caller's transaction)."""
    return import_ops(session, credentials=list(bundle.credentials), devices=bundle.devices, ops=list(bundle.ops),
                      local_device=local_device, clock=clock, sender=bundle.sender,
                      sender_vector=bundle.version_vector, source=source, progress=progress)


def import_bundle_file(session: Session, path: Path, *, local_device: str, clock: HybridClock | None = None,
                       progress: Progress = _noop) -> ImportSummary:
    """Verify a bundle file completely, then import it (inside the caller's transaction)."""
    return import_bundle(session, read_bundle(path), source=path.name, local_device=local_device, clock=clock,
                         progress=progress)


def _choose_person(session: Session) -> None:
    """After joining as a second laptop, work as the organisation's first person."""
    person = session.get(LocalState, "profile.person")
    org = session.get(LocalState, "profile.org")
    if org is None:
        return
    if person is not None and person.value and session.get(Person, person.value) is not None:
        return
    first = session.scalars(select(Person).where(Person.org_id == org.value).order_by(Person.name)).first()
    session.merge(LocalState(key="profile.person", value=first.id if first else ""))


def _know_devices(session: Session, trust: Trust, wanted: set[str]) -> None:
    """Name the organisation of these devices, and store the sender's key from its certificate.

    A laptop that has not written yet sends a bundle without its own key (a bundle carries the
    keys of its operations' devices): without a row for it, `sync export --for ITS-ORG` could
    not find what that organisation said it holds. A device stored before its certificate
    arrived gets its organisation now."""
    for device in sorted(wanted):
        org = trust.devices.get(device, "")
        if not org:
            continue
        row = session.get(SyncDevice, device)
        if row is None:
            key = _certified_key(session, device, org)
            if key:
                session.add(SyncDevice(device_id=device, public_key=key, org_id=org,
                                       label=trust.device_labels.get(device, "")))
        elif not row.org_id:
            row.org_id = org


def _certified_key(session: Session, device: str, org: str) -> str:
    for cred in held.stored_credentials(session):
        d = cred.data
        if cred.kind == "device" and d.get("device") == device and d.get("org") == org:
            key = str(d.get("device_key", ""))
            try:
                if device_id_of(bytes.fromhex(key)) == device:
                    return key
            except ValueError:
                continue
    return ""


def _remember_peer(session: Session, sender: str, vector: dict[str, int], trust: Trust) -> None:
    row = session.get(SyncPeer, sender)
    old = json.loads(row.vector_json) if row else {}
    merged = {d: max(int(vector.get(d, 0)), int(old.get(d, 0))) for d in {*vector, *old}}
    if row is not None and merged == old:
        return  # the same bundle again: nothing to learn, nothing to change
    label = trust.device_labels.get(sender, "")
    org = trust.orgs.get(trust.devices.get(sender, ""), {})
    if org:
        label = f"{org.get('code', '')} {label}".strip()
    session.merge(SyncPeer(device_id=sender, vector_json=json.dumps(merged, sort_keys=True), label=label,
                           seen_at=wall_ms()))


def _per_org(session: Session, applied: list[Operation]) -> list[OrgSummary]:
    names = dict(session.execute(select(Organisation.id, Organisation.name)).all())
    out: dict[str, OrgSummary] = {}
    touched: dict[str, set[str]] = {}
    for op in applied:
        item = out.setdefault(op.org, OrgSummary(op.org, names.get(op.org, op.org[:8])))
        if op.kind == Kind.PROPOSAL_REVISE:
            if op.parents:
                item.revisions += 1
            else:
                item.new_proposals += 1
            touched.setdefault(op.org, set()).add(op.entity)
        elif op.kind == Kind.ROUND_BALLOT:
            item.ballots += 1
        elif op.kind == Kind.COMMENT_ADD:
            item.comments += 1
        elif op.kind == Kind.AMEND_PROPOSE:
            item.amendments += 1
        else:
            item.other += 1
    for org, entities in touched.items():
        out[org].conflicts = session.scalar(
            select(func.count()).select_from(Proposal)
            .where(Proposal.id.in_(list(entities)), Proposal.conflict)) or 0
    return sorted(out.values(), key=lambda o: o.name.casefold())
