"""Forks: a laptop restored from a backup writes its sequence numbers again.

Two operations of one device with the same number (StratPlan's writer gives each operation
the number after its `prev`, so two operations naming the same `prev` also share a number)
are a fork. Both are kept and both count; this module finds them for display ("this laptop
was restored from a backup on ...") and moves this laptop to a fresh device identity once
it learns that operations under its own id exist that its store did not write.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stratplan.core import changes
from stratplan.core.db.models import LocalState, Organisation, SyncCredential, SyncDevice, SyncOp
from stratplan.core.errors import KeyError_, PassphraseRequiredError
from stratplan.core.messages import Message, msg
from stratplan.core.oplog.hlc import unpack, wall_ms
from stratplan.core.oplog.identity import (
    KEY_FILE,
    DeviceIdentity,
    load_or_create_identity,
    org_key_file,
    save_identity,
)
from stratplan.core.oplog.ops import Operation, from_body
from stratplan.core.oplog.writer import RETIRED_KEY
from stratplan.core.sync import held
from stratplan.core.sync.credentials import make_credential

if TYPE_CHECKING:
    from stratplan.core.workspace import Workspace

# LocalState key: JSON list of this laptop's identity changes, oldest first.
SUCCESSORS_KEY = "device.successors"
# LocalState key: JSON list of [device, seq, stored id, named id] for forks seen only through
# the chain: an operation whose `prev` is not the operation we hold just before it.
BREAKS_KEY = "forks.chain_breaks"
CERTIFY_HINT = msg("Certify it: run `stratplan coalition join --device --out laptop.request` on this "
                   "laptop, then `stratplan coalition certify-device laptop.request --out reply.bundle` "
                   "on the laptop that holds the organisation's key, and import the reply here.")


@dataclass(frozen=True)
class ForkInfo:
    """Two operations of one laptop with the same number: it was restored from a backup."""

    device: str
    org: str
    org_name: str
    label: str
    seq: int
    op_ids: tuple[str, str]
    earlier_ms: int          # wall time of the earlier of the two operations
    this_laptop: bool        # the device was this laptop's own (former) identity

    @property
    def earlier(self) -> str:
        return datetime.fromtimestamp(self.earlier_ms / 1000, UTC).strftime("%Y-%m-%d %H:%M UTC")

    def text(self) -> Message:
        """What happened, in plain words (a message in the reader's language)."""
        detail = (f" ({self.label}" + (f", {self.org_name})" if self.org_name else ")") if self.label
                  else f" ({self.org_name})" if self.org_name else "")
        who = msg("This laptop") if self.this_laptop else msg("Laptop {device}{detail}", device=self.device[:8],
                                                               detail=detail)
        return msg("{who} was restored from a backup on or after {when}: operation #{seq} was written twice; "
                   "both versions are kept.", who=who, when=self.earlier, seq=self.seq)


@dataclass(frozen=True)
class Successor:
    """This laptop left a forked identity for a fresh one."""

    old: str
    new: str
    at_ms: int
    certified: bool

    def text(self) -> Message:
        """What happened to this laptop's identity, and what to do (in the reader's language)."""
        if self.certified:
            return msg("This laptop was restored from a backup: it continues as laptop {new} (it was {old}). "
                       "It was certified with the organisation's key on this laptop.",
                       new=self.new[:8], old=self.old[:8])
        return msg("This laptop was restored from a backup: it continues as laptop {new} (it was {old}). "
                   "It is not certified yet, so others set its changes aside. {hint}",
                   new=self.new[:8], old=self.old[:8], hint=CERTIFY_HINT)


def list_forks(session: Session, *, local_device: str = "") -> list[ForkInfo]:
    """Every fork in the store, by device and number (the index on (device, seq) serves it)."""
    pairs = session.execute(select(SyncOp.device, SyncOp.seq).group_by(SyncOp.device, SyncOp.seq)
                            .having(func.count() > 1).order_by(SyncOp.device, SyncOp.seq)).all()
    if not pairs and session.get(LocalState, BREAKS_KEY) is None:
        return []
    mine = {s.old for s in successors(session)} | ({local_device} if local_device else set())
    devices = {d: (o, lab) for d, o, lab in session.execute(
        select(SyncDevice.device_id, SyncDevice.org_id, SyncDevice.label))}
    names = dict(session.execute(select(Organisation.id, Organisation.name)).all())
    out = []
    for device, seq in pairs:
        rows = session.execute(select(SyncOp.id, SyncOp.hlc, SyncOp.body, SyncOp.sig)
                               .where(SyncOp.device == device, SyncOp.seq == seq)
                               .order_by(SyncOp.hlc, SyncOp.id).limit(2)).all()
        org, label = devices.get(device, ("", ""))
        if not org:
            org = from_body(rows[0].body, rows[0].sig, trusted=True, known_id=rows[0].id).org
        out.append(ForkInfo(device, org, names.get(org, ""), label, seq, (rows[0].id, rows[1].id),
                            unpack(rows[0].hlc)[0], device in mine))
    for device, seq, stored, named in chain_breaks(session):
        if (device, seq) in {(f.device, f.seq) for f in out}:
            continue  # both operations arrived since: listed above
        row = session.get(SyncOp, stored)
        if row is None:
            continue
        org, label = devices.get(device, ("", ""))
        out.append(ForkInfo(device, org, names.get(org, ""), label, seq, (stored, named),
                            unpack(row.hlc)[0], device in mine))
    return out


def chain_breaks(session: Session) -> list[tuple[str, int, str, str]]:
    """Forks seen through the chain: (device, seq, the id we hold there, the id named instead)."""
    row = session.get(LocalState, BREAKS_KEY)
    return [(str(d), int(n), str(a), str(b)) for d, n, a, b in (json.loads(row.value) if row else [])]


def note_chain_breaks(session: Session, fresh: Collection[Operation]) -> int:
    """Record forks that show only through `prev` (the other branch's operation at that number
    has not reached us); return how many new ones. Called once the new operations are stored."""
    linked = [o for o in fresh if o.prev and o.seq > 1]
    if not linked:
        return 0
    # The new operations are stored already: only links to older ones need a query (a
    # 10,000-operation chain otherwise asked for each of its own members).
    present = {o.id for o in fresh}
    prevs = sorted({o.prev for o in linked} - present)
    for start in range(0, len(prevs), 900):
        present.update(session.scalars(select(SyncOp.id).where(SyncOp.id.in_(prevs[start:start + 900]))))
    known = chain_breaks(session)
    seen = {(d, n, a, b) for d, n, a, b in known}
    added = 0
    for op in linked:
        if op.prev in present:
            continue
        held_there = session.scalars(select(SyncOp.id).where(SyncOp.device == op.device,
                                                             SyncOp.seq == op.seq - 1)).all()
        for other in held_there:
            item = (op.device, op.seq - 1, other, op.prev)
            if other != op.prev and item not in seen:
                seen.add(item)
                known.append(item)
                added += 1
    if added:
        session.merge(LocalState(key=BREAKS_KEY, value=json.dumps(sorted(known))))
    return added


def forked_devices(session: Session) -> set[str]:
    """Devices with a fork in this store: a delta for a peer sends all of their operations,
    since the peer's number for such a device may count operations of the other branch."""
    rows = session.execute(select(SyncOp.device).group_by(SyncOp.device, SyncOp.seq)
                           .having(func.count() > 1)).scalars()
    return set(rows) | {d for d, _n, _a, _b in chain_breaks(session)}


def count_forked(session: Session, ops: Iterable[Operation]) -> int:
    """How many of these (stored) operations share their device and number with another."""
    wanted: dict[str, set[int]] = {}
    for op in ops:
        wanted.setdefault(op.device, set()).add(op.seq)
    count = 0
    for device, seqs in wanted.items():
        rows = session.execute(select(SyncOp.seq, func.count()).where(SyncOp.device == device)
                               .group_by(SyncOp.seq).having(func.count() > 1)).all()
        count += sum(1 for seq, _n in rows if seq in seqs)
    return count


def note_own_device(session: Session, fresh: Iterable[Operation], local_device: str) -> bool:
    """Retire this laptop's id when operations under it arrive that this store does not hold.

    Such operations were written by this laptop before its store was restored from a backup
    (or by a copy of its key elsewhere): writing on under this id would reuse their numbers."""
    if not local_device or not any(op.device == local_device for op in fresh):
        return False
    session.merge(LocalState(key=RETIRED_KEY, value=local_device))
    return True


def own_fork(session: Session, device: str) -> bool:
    """True when the store holds a fork of `device` (two operations with one number)."""
    return session.execute(select(SyncOp.seq).where(SyncOp.device == device).group_by(SyncOp.seq)
                           .having(func.count() > 1).limit(1)).first() is not None


def successors(session: Session) -> list[Successor]:
    """This laptop's identity changes, oldest first."""
    row = session.get(LocalState, SUCCESSORS_KEY)
    return [Successor(str(d["old"]), str(d["new"]), int(d["at"]), bool(d["certified"]))
            for d in (json.loads(row.value) if row else [])]


def retire_if_forked(ws: Workspace, session: Session) -> Successor | None:
    """At start-up: continue under a new identity when this laptop's id is forked or retired."""
    device = ws.identity.device_id
    if ws.writer.is_retired(session) or own_fork(session, device):
        return continue_as_new_device(ws, session)
    trust = held.load_trust(session)
    rotated_before = ws.key_dir is not None and any(ws.key_dir.glob("device_ed25519.retired-*.pem"))
    if trust is not None and device not in trust.certified and rotated_before:
        # A new identity whose certificate was rolled back with its transaction (the key file
        # had already changed): certify it now, with the organisation's key if it is here.
        _certify(ws, session, ws.identity, label="laptop (restored)")
    return None


def continue_as_new_device(ws: Workspace, session: Session) -> Successor:
    """Make a fresh device key, keep the old one aside, certify the new one if we can."""
    old, new = ws.identity, DeviceIdentity.generate()
    if ws.key_dir is not None:
        # The old key first, under another name, then the new one atomically in its place:
        # at every moment a valid key file is there.
        current = ws.key_dir / KEY_FILE
        if current.exists():
            retired = ws.key_dir / f"device_ed25519.retired-{old.device_id[:12]}.pem"
            retired.write_bytes(current.read_bytes())
            retired.chmod(0o600)
        save_identity(new, ws.key_dir, ws.passphrase)
    ws.identity = new
    ws.writer.identity = new
    trust = held.load_trust(session)
    label = (trust.device_labels.get(old.device_id, "") if trust else "") or "laptop"
    ws.writer.register_device(session, label=f"{label} (restored)"[:200])
    certified = _certify(ws, session, new, label=f"{label} (restored)")
    done = Successor(old.device_id, new.device_id, wall_ms(), certified)
    history = [*successors(session), done]
    session.merge(LocalState(key=SUCCESSORS_KEY, value=json.dumps(
        [{"old": s.old, "new": s.new, "at": s.at_ms, "certified": s.certified} for s in history])))
    session.merge(LocalState(key=RETIRED_KEY, value=old.device_id))
    changes.note(session, flags=("roster",))
    return done


def _certify(ws: Workspace, session: Session, device: DeviceIdentity, *, label: str) -> bool:
    """Certify `device` with this laptop's organisation key; False when the key is not here."""
    trust = held.load_trust(session)
    org = ws.profile.org_id
    if trust is None:
        return True  # not shared: nobody needs a certificate
    if ws.key_dir is None or not org:
        return False
    try:
        org_key = load_or_create_identity(ws.key_dir, ws.passphrase, org_key_file(org), create=False)
    except (KeyError_, PassphraseRequiredError):
        return False
    if trust.org_of_key(org_key.public_key.hex()) != org:
        return False
    cert = make_credential(org_key.private_key, {
        "type": "device", "coalition": trust.coalition, "org": org, "device": device.device_id,
        "device_key": device.public_key.hex(), "label": label[:100]})
    if session.get(SyncCredential, cert.id) is None:
        session.add(SyncCredential(id=cert.id, kind=cert.kind, body=cert.body, sig=cert.sig))
        session.flush()
    changed = held.update_held(session, held.load_trust(session), None)
    held.reapply(session, changed)
    return True
