"""Writing operations: sequence numbers, chain links, clock stamps, signing, then materialising.

Each operation names its device's previous one (`prev`), taken from the store: the next
number is one more than the highest this device has in the store, and `prev` is the
operation with that number. A device whose store learnt of operations under its id that
this store did not write (it was restored from a backup, or its key is used elsewhere) is
retired: the writer asks `on_retired` for a fresh identity before it writes again."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from stratplan.core.db.models import LocalState, SyncDevice, SyncOp
from stratplan.core.oplog import materialise
from stratplan.core.oplog.hlc import HybridClock
from stratplan.core.oplog.identity import DeviceIdentity
from stratplan.core.oplog.ops import Operation, create_op

# LocalState key naming a device id that must not write any more (see core/sync/forks.py).
RETIRED_KEY = "device.retired"


def new_id() -> str:
    """A fresh random entity id."""
    return uuid.uuid4().hex


@dataclass
class Profile:
    """Who is working on this laptop: coalition, organisation and person ids."""

    coalition_id: str = ""
    org_id: str = ""
    person_id: str = ""


class OpWriter:
    """Signs this device's operations and applies them to the derived tables."""

    def __init__(self, identity: DeviceIdentity, clock: HybridClock, profile: Profile) -> None:
        self.identity = identity
        self.clock = clock
        self.profile = profile
        # Gives this laptop a fresh identity (set by the workspace, which knows the key folder).
        self.on_retired: Callable[[Session], None] | None = None
        self._rotated = False

    def register_device(self, session: Session, *, label: str = "") -> None:
        """Make sure this device's public key is known to the store."""
        stmt = sqlite_insert(SyncDevice).values(
            device_id=self.identity.device_id,
            public_key=self.identity.public_key.hex(),
            org_id=self.profile.org_id,
            label=label,
        )
        session.execute(
            stmt.on_conflict_do_update(
                index_elements=["device_id"], set_={"org_id": self.profile.org_id}
            )
        )

    def append(
        self,
        session: Session,
        *,
        kind: str,
        entity: str,
        payload: dict[str, Any],
        parents: tuple[str, ...] = (),
    ) -> Operation:
        """Sign and store one operation, then update the derived tables.

        `kind` is a `kinds.Kind` (or its text); the payload must fit the kind's schema
        (BadOperationError names the key that does not), so no reducer ever sees a payload
        of the wrong shape."""
        # The schemas load with the first change written; a command that only reads skips them.
        from stratplan.core.oplog.kinds import check_payload

        check_payload(kind, payload)
        if self.is_retired(session) or (
                # The transaction that made our new identity was rolled back: make another.
                self._rotated and session.get(SyncDevice, self.identity.device_id) is None):
            self._continue_as_new_device(session)
        last = session.execute(
            select(SyncOp.id, SyncOp.seq).where(SyncOp.device == self.identity.device_id)
            .order_by(SyncOp.seq.desc(), SyncOp.id).limit(1)
        ).first()
        op = create_op(
            self.identity,
            kind=kind,
            entity=entity,
            coalition=self.profile.coalition_id,
            org=self.profile.org_id,
            author=self.profile.person_id,
            seq=(last.seq if last else 0) + 1,
            hlc=self.clock.now(),
            parents=parents,
            payload=payload,
            prev=last.id if last else "",
        )
        store_ops(session, [op])
        return op

    def is_retired(self, session: Session) -> bool:
        """True when this device must not write any more (a fork of it was found)."""
        row = session.get(LocalState, RETIRED_KEY)
        return row is not None and row.value == self.identity.device_id

    def _continue_as_new_device(self, session: Session) -> None:
        self._rotated = True
        if self.on_retired is not None:
            self.on_retired(session)
        if self.is_retired(session):
            # No workspace to keep a key in (tests, tools): a fresh key for this session only,
            # never another operation under the forked id.
            self.identity = DeviceIdentity.generate()
            self.register_device(session, label="this laptop")


def store_ops(session: Session, ops: list[Operation]) -> list[Operation]:
    """Insert operations once each (by id) and materialise the new ones; return those."""
    known = set(
        session.scalars(select(SyncOp.id).where(SyncOp.id.in_([o.id for o in ops])))
    )
    fresh = [o for o in ops if o.id not in known]
    if fresh:
        session.execute(
            sqlite_insert(SyncOp).on_conflict_do_nothing(),
            [
                {
                    "id": o.id,
                    "body": o.body,
                    "sig": o.sig,
                    "device": o.device,
                    "seq": o.seq,
                    "hlc": o.hlc,
                    "kind": o.kind,
                    "entity": o.entity,
                }
                for o in fresh
            ],
        )
        materialise.apply(session, fresh)
    return fresh
