"""A workspace: an open store together with this device's identity, clock and profile."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stratplan.core.db.engine import Store, open_store
from stratplan.core.db.models import LocalState, StoreMeta, SyncOp
from stratplan.core.key_guard import refuse_lost_key
from stratplan.core.oplog import materialise
from stratplan.core.oplog.hlc import HybridClock
from stratplan.core.oplog.identity import DeviceIdentity, load_or_create_identity
from stratplan.core.oplog.writer import OpWriter, Profile
from stratplan.core.sync import forks

materialise.install_guard()


@dataclass
class Workspace:
    """Everything a service call needs besides its session."""

    store: Store
    identity: DeviceIdentity
    writer: OpWriter
    # Where this laptop's keys live, and the passphrase that opened them (kept in memory only,
    # to open the organisation key when admitting or certifying).
    key_dir: Path | None = None
    passphrase: str | None = None

    @property
    def profile(self) -> Profile:
        return self.writer.profile

    def close(self) -> None:
        self.store.close()


def read_profile(session: Session) -> Profile:
    meta = dict(session.execute(select(StoreMeta.key, StoreMeta.value)).all())
    local = dict(session.execute(select(LocalState.key, LocalState.value)).all())
    return Profile(
        coalition_id=meta.get("coalition_id", ""),
        org_id=local.get("profile.org", ""),
        person_id=local.get("profile.person", ""),
    )


def save_profile(session: Session, profile: Profile) -> None:
    """Remember who works on this laptop (local only, never shared)."""
    session.merge(StoreMeta(key="coalition_id", value=profile.coalition_id))
    session.merge(LocalState(key="profile.org", value=profile.org_id))
    session.merge(LocalState(key="profile.person", value=profile.person_id))


def open_workspace(
    db_path: Path, key_dir: Path, *, passphrase: str | None = None
) -> Workspace:
    """Open the store and this device's key; make the key on first run."""
    refuse_lost_key(db_path, key_dir)
    identity = load_or_create_identity(key_dir, passphrase)
    store = open_store(db_path)
    try:
        with store.transaction() as session:
            profile = read_profile(session)
            # Our own stamps are the floor; others' count only up to a day ahead, as when they
            # arrived, so a peer with a wild clock cannot drag ours away through a restart.
            own = session.scalar(select(func.max(SyncOp.hlc)).where(SyncOp.device == identity.device_id)) or 0
            clock = HybridClock(own)
            clock.observe(session.scalar(select(func.max(SyncOp.hlc))) or 0)
            writer = OpWriter(identity, clock, profile)
            writer.register_device(session, label="this laptop")
            if store.migrated:
                # A new schema may add derived tables: fill them from the log.
                materialise.rebuild(session)
            ws = Workspace(store=store, identity=identity, writer=writer, key_dir=key_dir, passphrase=passphrase)
            # A laptop restored from a backup must not reuse its numbers: once its store knows
            # of operations under its id that it did not write, it continues under a new id.
            writer.on_retired = lambda s: _continue_as_new_device(ws, s)
            forks.retire_if_forked(ws, session)
    except BaseException:
        store.close()
        raise
    return ws


def _continue_as_new_device(ws: Workspace, session: Session) -> None:
    forks.continue_as_new_device(ws, session)
