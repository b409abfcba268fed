"""The PostgreSQL hub: an optional, append-only meeting point for laptops that are online.

The hub holds the same three tables as a store's log (sync_op, sync_credential, sync_device,
made from the same SQLAlchemy models), one coalition per database. A sync pushes what the
hub lacks and pulls what this store lacks. The hub is trusted with nothing: every pulled
credential, device key and operation is verified again here, exactly as a bundle would be,
and one forged row refuses the whole pull. The append-only trigger protects against mistakes
and careless clients; an administrator could still drop it, which is why the verification
(not the trigger) is what makes the hub safe.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from stratplan.core.changes import NOTHING, Changes
from stratplan.core.db.models import Base, LocalState, SyncCredential, SyncDevice, SyncOp
from stratplan.core.errors import (
    BadFileError,
    ForgedDataError,
    HubCancelledError,
    HubError,
    HubUnreachableError,
    HubUrlError,
    NotJoinedError,
    StratplanError,
)
from stratplan.core.messages import Message, msg
from stratplan.core.oplog.hlc import HybridClock
from stratplan.core.oplog.identity import DeviceIdentity, device_id_of
from stratplan.core.oplog.ops import Operation, check_signature, check_signatures_of, from_body
from stratplan.core.sync import held
from stratplan.core.sync.bundle import chain_covered
from stratplan.core.sync.credentials import STORED_KINDS, Credential, parse_credential
from stratplan.core.sync.importer import ImportSummary, import_ops

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]

TABLES = ("sync_credential", "sync_device", "sync_op")
BATCH = 2000
TRIGGER = "stratplan_append_only"
# Any constant will do: it serialises two laptops setting up the same empty hub at once.
SETUP_LOCK = 0x57A7_1A4


@dataclass(frozen=True)
class HubSummary:
    """What a sync did: sent to the hub, received from it, and what the import made of it."""

    hub: str
    pushed: int
    pushed_credentials: int
    pulled: int
    imported: ImportSummary
    # What the pull changed here; `actions.sync_hub` fills it in before its transaction ends.
    changes: Changes = NOTHING

    def as_dict(self) -> dict[str, Any]:
        return {"hub": self.hub, "pushed": self.pushed, "pushed_credentials": self.pushed_credentials,
                "pulled": self.pulled, "imported": self.imported.as_dict()}


@dataclass(frozen=True)
class _Pulled:
    credentials: list[Credential]
    devices: dict[str, str]
    ops: list[Operation]


def _noop(_d: int, _t: int) -> None:
    return None


def _never() -> bool:
    return False


def hub_url(url: str) -> URL:
    """Parse and check a hub address; `postgresql://` and `postgres://` mean psycopg 3."""
    try:
        parsed = make_url(url.strip())
    except ArgumentError as exc:
        raise HubUrlError("'{url}' is not a database address; write it as "
                          "postgresql+psycopg://user@host:5432/database.", url=url) from exc
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername != "postgresql+psycopg":
        raise HubUrlError("A hub must be a PostgreSQL database ('{drivername}' is not); write "
                          "its address as postgresql+psycopg://user@host:5432/database.",
                          drivername=parsed.drivername)
    if not parsed.database:
        raise HubUrlError("The hub address names no database; add it at the end: "
                          "postgresql+psycopg://user@host:5432/database.")
    return parsed


def _where(url: URL) -> str:
    host = url.host or "local socket"
    return f"{host}:{url.port}/{url.database}" if url.port else f"{host}/{url.database}"


def _reason(exc: DBAPIError) -> str:
    lines = str(exc.orig).strip().splitlines() if exc.orig is not None else []
    return lines[0].strip().rstrip(".") if lines else type(exc).__name__


@contextmanager
def _hub_errors(where: str) -> Iterator[None]:
    """Turn the server's failures into one-line errors that name the hub (never the password)."""
    try:
        yield
    except DBAPIError as exc:
        # No SQLSTATE: libpq could not connect; 08 connection, 28 login, 3D no such database.
        state = getattr(exc.orig, "sqlstate", None)
        if exc.connection_invalidated or state is None or state[:2] in ("08", "28", "3D"):
            raise HubUnreachableError("Cannot connect to the hub at {where}: {reason}.",
                                      where=where, reason=_reason(exc)) from exc
        raise HubError("The hub at {where} refused the sync: {reason}.",
                       where=where, reason=_reason(exc)) from exc


# ---------------------------------------------------------------- the server's tables


_TRIGGER_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the StratPlan hub is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def _ready(conn: Connection) -> bool:
    count = conn.scalar(text(
        "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE t.tgname IN (:rows, :truncate) AND c.relname = ANY(:tables) AND pg_table_is_visible(c.oid)"),
        {"rows": TRIGGER, "truncate": TRIGGER + "_truncate", "tables": list(TABLES)})
    return bool(count == 2 * len(TABLES))


def ensure_schema(conn: Connection) -> None:
    """Create the tables (from the store's own models) and the append-only triggers, if missing."""
    if _ready(conn):
        return
    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SETUP_LOCK})
    if _ready(conn):
        return
    for name in TABLES:
        Base.metadata.tables[name].create(conn, checkfirst=True)
    conn.execute(text(_TRIGGER_FUNCTION))
    for name in TABLES:
        conn.execute(text(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {name}"))
        conn.execute(text(f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON {name} "
                          f"FOR EACH ROW EXECUTE FUNCTION {TRIGGER}()"))
        conn.execute(text(f"DROP TRIGGER IF EXISTS {TRIGGER}_truncate ON {name}"))
        conn.execute(text(f"CREATE TRIGGER {TRIGGER}_truncate BEFORE TRUNCATE ON {name} "
                          f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()"))


# ---------------------------------------------------------------- push


def _check_coalition(conn: Connection, genesis: str, where: str) -> None:
    """Refuse a hub that already serves another coalition (one database per coalition)."""
    for body, sig in conn.execute(select(SyncCredential.body, SyncCredential.sig)
                                  .where(SyncCredential.kind == "roster")):
        try:
            cred = parse_credential(body, sig)
        except (BadFileError, ForgedDataError):
            continue  # the pull will refuse it with the full explanation
        if cred.data.get("version") == 1 and cred.id != genesis:
            raise HubError("The hub at {where} holds another coalition. Each coalition needs "
                           "its own hub database.", where=where)


def _push(conn: Connection, session: Session, *, identity: DeviceIdentity, hub_ops: set[str],
          step: Callable[[int], None]) -> tuple[int, int]:
    """Insert what the hub lacks: credentials first, then device keys, then operations."""
    hub_creds = set(conn.scalars(select(SyncCredential.id)))
    creds = [{"id": i, "kind": k, "body": b, "sig": s}
             for i, k, b, s in session.execute(select(SyncCredential.id, SyncCredential.kind,
                                                      SyncCredential.body, SyncCredential.sig))
             if i not in hub_creds]
    pushed_creds = _insert(conn, "sync_credential", creds) if creds else 0
    hub_devices = set(conn.scalars(select(SyncDevice.device_id)))
    devices = {d: {"device_id": d, "public_key": k, "org_id": o, "label": lab}
               for d, k, o, lab in session.execute(select(SyncDevice.device_id, SyncDevice.public_key,
                                                          SyncDevice.org_id, SyncDevice.label))}
    devices.setdefault(identity.device_id, {"device_id": identity.device_id, "public_key": identity.public_key.hex(),
                                            "org_id": "", "label": ""})
    missing = [row for d, row in devices.items() if d not in hub_devices]
    if missing:
        _insert(conn, "sync_device", missing)
    columns = (SyncOp.id, SyncOp.body, SyncOp.sig, SyncOp.device, SyncOp.seq, SyncOp.hlc, SyncOp.kind,
               SyncOp.entity)
    batch: list[dict[str, Any]] = []
    pushed = 0
    for row in session.execute(select(*columns)).yield_per(BATCH):
        if row.id in hub_ops:
            continue
        batch.append(row._asdict())
        if len(batch) == BATCH:
            pushed += _insert(conn, "sync_op", batch)
            step(len(batch))
            batch = []
    if batch:
        pushed += _insert(conn, "sync_op", batch)
        step(len(batch))
    return pushed, pushed_creds


def _insert(conn: Connection, name: str, rows: Sequence[dict[str, Any]]) -> int:
    """One executemany of INSERT ... ON CONFLICT DO NOTHING; returns how many rows were sent.

    The engine hands executemany to psycopg, which pipelines the rows (three times faster than
    SQLAlchemy's multi-row VALUES, whose long statements psycopg re-parses every time) but
    cannot say which rows were new: a row another laptop pushed a moment earlier counts."""
    conn.execute(pg_insert(Base.metadata.tables[name]).on_conflict_do_nothing(), list(rows))
    return len(rows)


# ---------------------------------------------------------------- pull


def _fetch(conn: Connection, wanted: list[str],
           step: Callable[[int], None]) -> tuple[list[tuple[str, str]], dict[str, str], list[Any]]:
    """The hub's credentials, the operations in `wanted`, and the keys of their devices."""
    creds = [(b, s) for b, s in conn.execute(select(SyncCredential.body, SyncCredential.sig)
                                             .order_by(SyncCredential.id))]
    rows: list[Any] = []
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start:start + BATCH]
        rows.extend(conn.execute(select(SyncOp.id, SyncOp.body, SyncOp.sig, SyncOp.device, SyncOp.seq)
                                 .where(SyncOp.id.in_(chunk))))
        step(len(chunk))
    # Even keys this store already holds are fetched: a hub that lies about one is refused.
    needed = sorted({r.device for r in rows})
    keys = dict(conn.execute(select(SyncDevice.device_id, SyncDevice.public_key)
                             .where(SyncDevice.device_id.in_(needed))).all()) if needed else {}
    return creds, keys, rows


def _forged(what: Message) -> ForgedDataError:
    return ForgedDataError("The hub sent {what}: its data was altered on the server. Nothing "
                           "was received; tell the hub's administrator.", what=what)


def _why(exc: Exception) -> Message | str:
    """The reason a credential was refused, in the reader's language when it is ours."""
    return exc.message if isinstance(exc, StratplanError) else str(exc).rstrip(".")


def _verify(creds: list[tuple[str, str]], hub_keys: dict[str, str], rows: list[Any],
            local_keys: dict[str, str], step: Callable[[int], None]) -> _Pulled:
    """Check everything the hub sent as if it came from a stranger; any doubt refuses it all."""
    credentials = []
    for body, sig in creds:
        try:
            cred = parse_credential(body, sig)
        except (BadFileError, ForgedDataError, KeyError, TypeError, ValueError) as exc:
            raise _forged(msg("a credential that does not verify ({reason})", reason=_why(exc))) from exc
        if cred.kind not in STORED_KINDS:
            raise _forged(msg("a {kind} document, which does not belong on a hub", kind=cred.kind))
        credentials.append(cred)
    keys = dict(local_keys)
    for device, key in hub_keys.items():
        try:
            raw = bytes.fromhex(key)
        except ValueError as exc:
            raise _forged(msg("an unreadable key for laptop {device}", device=device[:8])) from exc
        if device_id_of(raw) != device:
            raise _forged(msg("a key that does not belong to laptop {device}", device=device[:8]))
        keys[device] = key
    ops: list[Operation] = []
    for row in rows:
        try:
            op = from_body(row.body, row.sig)
        except (BadFileError, KeyError, TypeError, ValueError) as exc:
            raise _forged(msg("an operation ({id}) that is not in its signed form", id=row.id[:12])) from exc
        if op.id != row.id or op.device != row.device or op.seq != row.seq:
            raise _forged(msg("an operation ({id}) whose body does not match its id", id=row.id[:12]))
        if op.device not in keys:
            raise _forged(msg("an operation ({id}) from a laptop whose key it does not hold",
                              id=row.id[:12]))
        ops.append(op)
    # One signature per run of a laptop's chained operations; the chain covers the rest
    # (see bundle.check_signatures).
    raw_keys = {device: bytes.fromhex(key) for device, key in keys.items()}
    covered = chain_covered(ops)
    signed = [op for op in ops if op.id not in covered]
    try:
        check_signatures_of(signed, raw_keys)  # in parallel threads
    except ForgedDataError as exc:
        bad = _first_unsigned(signed, raw_keys)
        raise _forged(msg("an operation ({id}, {kind}) without a valid signature of its laptop",
                          id=bad.id[:12], kind=bad.kind)) from exc
    step(len(rows))
    devices = {o.device: keys[o.device] for o in ops}
    return _Pulled(credentials, devices, ops)


def _first_unsigned(ops: list[Operation], keys: dict[str, bytes]) -> Operation:
    """The first operation whose signature fails (after the parallel check found one)."""
    for op in ops:
        try:
            check_signature(op, keys[op.device])
        except ForgedDataError:
            return op
    raise AssertionError("a signature failed in parallel but not in order")


# ---------------------------------------------------------------- the sync


class _Meter:
    """One progress bar over push, fetch, verification and import; checks for Cancel."""

    def __init__(self, progress: Progress, cancel: Cancel) -> None:
        self.progress, self.cancel = progress, cancel
        self.done, self.total = 0, 1

    def step(self, amount: int) -> None:
        if self.cancel():
            raise HubCancelledError("The sync with the hub was cancelled; nothing was changed here.")
        self.done = min(self.done + amount, self.total)
        self.progress(self.done, self.total)

    def scaled(self, share: int) -> Progress:
        start = self.done

        def report(done: int, total: int) -> None:
            if self.cancel():
                raise HubCancelledError("The sync with the hub was cancelled; nothing was changed here.")
            self.done = start + (share * done // total if total else share)
            self.progress(min(self.done, self.total), self.total)
        return report


def _sharing_state(session: Session) -> tuple[str, bool]:
    """(genesis roster id, waiting to join); refuse a store that cannot share."""
    genesis = held.genesis_id(session)
    pending = session.get(LocalState, "join.pending") is not None
    if not genesis and not pending:
        raise NotJoinedError("This store is not set up for sharing (the demo, or a coalition that was never "
                             "shared): it cannot sync with a hub. Start or join a shared coalition first.")
    return genesis, pending


def _engine(url: URL) -> Engine:
    return create_engine(url, poolclass=NullPool, use_insertmanyvalues=False,
                         connect_args={"connect_timeout": 10, "application_name": "StratPlan"})


def sync_hub(session: Session, url: str, *, identity: DeviceIdentity, local_device: str,
             clock: HybridClock | None = None, progress: Progress = _noop,
             cancel: Cancel | None = None) -> HubSummary:
    """Push what the hub lacks, pull what this store lacks, verify it all, import it here.

    Runs inside the caller's transaction: a failed or cancelled pull leaves this store as it
    was. What was pushed stays on the hub (it is append-only, and every row is signed)."""
    address = hub_url(url)
    where = _where(address)
    genesis, pending = _sharing_state(session)
    meter = _Meter(progress, cancel or _never)
    local_ids = set(session.scalars(select(SyncOp.id)))
    local_keys = dict(session.execute(select(SyncDevice.device_id, SyncDevice.public_key)).all())
    engine = _engine(address)
    try:
        with _hub_errors(where), engine.begin() as conn:
            ensure_schema(conn)
        with _hub_errors(where), engine.begin() as conn:
            if genesis:
                _check_coalition(conn, genesis, where)
            hub_ids = set(conn.scalars(select(SyncOp.id)))
            to_push = 0 if pending else len(local_ids - hub_ids)
            wanted = sorted(hub_ids - local_ids)
            meter.total = max(1, to_push + 4 * len(wanted))
            pushed, pushed_creds = (0, 0) if pending else _push(conn, session, identity=identity,
                                                                 hub_ops=hub_ids, step=meter.step)
            creds, hub_keys, rows = _fetch(conn, wanted, meter.step)
    finally:
        engine.dispose()
    pulled = _verify(creds, hub_keys, rows, local_keys, meter.step)
    try:
        summary = import_ops(session, credentials=pulled.credentials, devices=pulled.devices, ops=pulled.ops,
                             local_device=local_device, clock=clock, source=f"hub {where}",
                             progress=meter.scaled(2 * len(wanted)))
    except NotJoinedError as exc:
        if not pending:
            raise
        raise NotJoinedError("The hub does not admit this laptop yet. Ask the convener (or your organisation's "
                             "other laptop) to accept your request and sync with the hub, then sync again.") from exc
    progress(meter.total, meter.total)
    return HubSummary(where, pushed, pushed_creds, len(pulled.ops), summary)
