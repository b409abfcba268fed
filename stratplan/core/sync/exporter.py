"""Exporting: everything this store holds, or only what a given peer has not seen yet."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from stratplan.core.db.models import Organisation, SyncDevice, SyncOp, SyncPeer
from stratplan.core.errors import NotFoundError, ValidationError
from stratplan.core.oplog.identity import DeviceIdentity
from stratplan.core.oplog.ops import Operation, from_body
from stratplan.core.sync import forks, held
from stratplan.core.sync.bundle import write_bundle
from stratplan.core.sync.credentials import Credential

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportSummary:
    path: str
    operations: int
    credentials: int
    peer: str


def _noop(_d: int, _t: int) -> None:
    return None


def version_vector(session: Session) -> dict[str, int]:
    """For each device, the highest sequence number held with nothing missing below it."""
    seqs: dict[str, list[int]] = {}
    for device, seq in session.execute(select(SyncOp.device, SyncOp.seq)):
        seqs.setdefault(device, []).append(seq)
    vector: dict[str, int] = {}
    for device, values in seqs.items():
        top = 0
        for value in sorted(set(values)):  # a fork holds a number twice: count it once
            if value != top + 1:
                break
            top = value
        vector[device] = top
    return vector


def peer_vector(session: Session, peer: str) -> tuple[str, dict[str, int]]:
    """What a peer (a device id prefix, or an organisation's code) said it holds.

    For an organisation with several laptops, the smallest of their vectors: what every one
    of them holds."""
    needle = peer.strip().casefold()
    if not needle:
        raise ValidationError("Name the peer: a laptop's id or an organisation's code.")
    codes = {o.id: o.code.casefold() for o in session.scalars(select(Organisation))}
    devices = dict(session.execute(select(SyncDevice.device_id, SyncDevice.org_id)).all())
    rows = [r for r in session.scalars(select(SyncPeer))
            if (len(needle) >= 6 and r.device_id.startswith(needle))
            or codes.get(devices.get(r.device_id, ""), "") == needle]
    if not rows:
        raise NotFoundError("Nothing has been received from '{peer}' yet, so StratPlan cannot "
                            "tell what it lacks. Send everything instead.", peer=peer)
    vectors = [{k: int(v) for k, v in json.loads(r.vector_json).items()} for r in rows]
    keys = set().union(*vectors)
    return ", ".join(r.label or r.device_id[:8] for r in rows), {k: min(v.get(k, 0) for v in vectors) for k in keys}


def require_shared(session: Session) -> bool:
    """True when this store can exchange changes; otherwise the reason, raised (asked before any file dialog)."""
    if not held.genesis_id(session):
        raise NotFoundError("This coalition is not set up for sharing (the demo, or a store made before "
                            "sharing existed). Start or join a shared coalition to exchange changes.")
    return True


def collect(session: Session, *, since: dict[str, int] | None = None,
            progress: Progress = _noop) -> tuple[list[Credential], dict[str, str], list[Operation]]:
    """The credentials, device keys and operations of a bundle (after `since`, when given)."""
    require_shared(session)
    total = session.query(SyncOp).count()
    # A peer's number for a forked device may count the other branch's operations: send all.
    forked = forks.forked_devices(session) if since is not None else set()
    ops: list[Operation] = []
    stmt = select(SyncOp.id, SyncOp.body, SyncOp.sig, SyncOp.device, SyncOp.seq).order_by(SyncOp.hlc, SyncOp.id)
    for done, (oid, body, sig, device, seq) in enumerate(session.execute(stmt).yield_per(5000), 1):
        if since is None or seq > since.get(device, 0) or device in forked:
            ops.append(from_body(body, sig, trusted=True, known_id=oid))
        if done % 5000 == 0:
            progress(done, total)
    wanted = {o.device for o in ops}
    devices = {d: k for d, k in session.execute(select(SyncDevice.device_id, SyncDevice.public_key))
               if d in wanted}
    return held.stored_credentials(session), devices, ops


def export_bundle(session: Session, path: Path, *, identity: DeviceIdentity, peer: str = "",
                  progress: Progress = _noop) -> ExportSummary:
    """Write a bundle file of everything, or of what `peer` lacks."""
    label, since = peer_vector(session, peer) if peer else ("", None)
    credentials, devices, ops = collect(session, since=since, progress=progress)
    coalition = held.load_trust(session)
    assert coalition is not None
    write_bundle(path, coalition=coalition.coalition, sender=identity, devices=devices, ops=ops,
                 version_vector=version_vector(session), credentials=credentials)
    progress(1, 1)
    return ExportSummary(str(path), len(ops), len(credentials), label)
