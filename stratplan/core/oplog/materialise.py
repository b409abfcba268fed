"""Materialisation: derived tables from the operation log, incrementally or from scratch."""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import ORMExecuteState, Session

from stratplan.core import changes
from stratplan.core.db.models import DERIVED_TABLE_NAMES, DERIVED_TABLES, Base, SyncHeld, SyncOp
from stratplan.core.oplog.ops import Operation, from_stored

if TYPE_CHECKING:
    from stratplan.core.oplog.reducers import Rows
# The reducers (and the merge code under them) load on the first change applied, not when a
# store opens: a command that only reads never needs them.

_FLAG = "stratplan.materialising"
_MODELS: dict[str, type[Base]] = {m.__tablename__: m for m in DERIVED_TABLES}


class DerivedWriteError(RuntimeError):
    """A bug: code outside the materialiser tried to write a derived table."""


@contextmanager
def _materialising(session: Session) -> Iterator[None]:
    previous = session.info.get(_FLAG, False)
    session.info[_FLAG] = True
    try:
        yield
    finally:
        session.info[_FLAG] = previous


def install_guard(session_class: type[Session] = Session) -> None:
    """Refuse writes to derived tables from anywhere but this module."""
    if event.contains(session_class, "before_flush", _check_flush):
        return
    event.listen(session_class, "before_flush", _check_flush)
    event.listen(session_class, "do_orm_execute", _check_execute)


def _check_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    if session.info.get(_FLAG):
        return
    for obj in (*session.new, *session.dirty, *session.deleted):
        if getattr(obj, "__tablename__", None) in DERIVED_TABLE_NAMES:
            raise DerivedWriteError(f"{obj.__tablename__} is derived; write an operation instead")


def _check_execute(state: ORMExecuteState) -> None:
    if state.session.info.get(_FLAG) or not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if table is not None and table.name in DERIVED_TABLE_NAMES:
        raise DerivedWriteError(f"{table.name} is derived; write an operation instead")


def _active() -> Any:
    """Operations that are stored but held (not admitted, revoked, or waiting for a missing
    revision) take no part in the derived state."""
    return SyncOp.id.not_in(select(SyncHeld.op_id))


def _write_rows(session: Session, rows: Rows) -> None:
    for table, values in rows.items():
        # One executemany per table and set of columns (a reducer may leave optional ones out;
        # the same keys in another order only make another group).
        shapes: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for value in values:
            shapes[tuple(value)].append(value)
        for same in shapes.values():
            _bulk_write(session, {table: same})


def _bulk_write(session: Session, rows: Rows) -> None:
    """Plain executemany for a full rebuild: SQLAlchemy's per-row parameter work would
    otherwise cost as much as reducing the operations."""
    raw = session.connection().connection.dbapi_connection
    assert raw is not None
    for table, values in rows.items():
        if not values:
            continue
        columns = list(values[0])
        sql = (f"INSERT INTO {table} ({', '.join(columns)}) "
               f"VALUES ({', '.join('?' for _ in columns)})")
        if len(columns) == 1:
            raw.executemany(sql, [(v[columns[0]],) for v in values])
        else:
            raw.executemany(sql, map(itemgetter(*columns), values))


_CHUNK = 500


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def apply(session: Session, ops: Iterable[Operation]) -> None:
    """Recompute the derived rows of every entity these new operations touch.

    Entities are handled in batches (one delete, one read and one insert per table and 500
    entities), so importing a bundle that touches thousands of points costs a few queries,
    not thousands."""
    apply_entities(session, {(op.family, op.entity) for op in ops})


def apply_entities(session: Session, pairs: Iterable[tuple[str, str]],
                   known: Mapping[str, Operation] | None = None) -> None:
    """Recompute the derived rows of these (family, entity) pairs from their applied operations.

    known: operations already parsed (an import's new ones), by id, so they are not parsed
    again from the store."""
    from stratplan.core.oplog.reducers import FAMILIES

    touched = sorted((family, entity) for family, entity in set(pairs) if family in FAMILIES)
    if not touched:
        return
    by_family: dict[str, list[str]] = defaultdict(list)
    for family, entity in touched:
        by_family[family].append(entity)
    with _materialising(session):
        for family, entities in by_family.items():
            for table, column in FAMILIES[family].tables.items():
                model = _MODELS[table]
                for chunk in _chunks(entities):
                    session.execute(delete(model).where(getattr(model, column).in_(chunk)))
        stored: dict[str, list[Operation]] = defaultdict(list)
        session.flush()  # the reads below go past the session
        raw = session.connection().connection.dbapi_connection
        assert raw is not None
        for chunk in _chunks(sorted({entity for _, entity in touched})):
            # On the DB-API connection, as in a rebuild: an import of 10,000 operations reads
            # each of them back here.
            rows = raw.execute(f"SELECT id, body, sig FROM sync_op WHERE entity IN ({', '.join('?' * len(chunk))}) "
                               "AND id NOT IN (SELECT op_id FROM sync_held)", chunk)
            for oid, body, sig in rows:
                op = known.get(oid) if known else None
                if op is None:
                    op = from_stored(oid, body, sig)
                stored[op.entity].append(op)
        pending: Rows = defaultdict(list)
        for family, entity in touched:
            same_family = [o for o in stored.get(entity, ()) if o.family == family]
            for table, values in FAMILIES[family].reducer(entity, same_family).items():
                pending[table].extend(values)
        _write_rows(session, pending)
    changes.note_materialised(session, touched, pending)


Progress = Callable[[int, int], None]
"""Called with (operations done, total); may raise to cancel (the transaction rolls back)."""


def _no_progress(_done: int, _total: int) -> None:
    return None


def rebuild(session: Session, progress: Progress = _no_progress) -> int:
    """Drop every derived row and recompute all of them from the log; return the op count."""
    # Parsing creates millions of small objects that live until the end: without the
    # cyclic collector scanning them again and again, a rebuild runs about twice as fast.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _rebuild(session, progress)
    finally:
        if collecting:
            gc.enable()


# The applied log in entity order, read on the DB-API connection: SQLAlchemy's per-row
# result processing would cost a fifth of the rebuild. The kind column names the family, so
# operations are grouped before any body is parsed.
_LOG_BY_ENTITY = ("SELECT id, entity, kind, body, sig FROM sync_op "
                  "WHERE id NOT IN (SELECT op_id FROM sync_held) ORDER BY entity")
# Operations reduced between two writes of the derived rows: the memory held at once.
_BATCH = 5000


def _rebuild(session: Session, progress: Progress) -> int:
    """Stream the log entity by entity, writing derived rows in batches.

    Holding every parsed operation at once (hundreds of megabytes for 100,000 operations)
    made the rebuild slower than the parsing itself; in entity order only one entity's
    operations are in memory at a time, and one batch of derived rows.
    """
    total = session.scalar(select(func.count()).select_from(SyncOp).where(_active())) or 0
    progress(0, total)
    count = 0
    indexes = [index for model in DERIVED_TABLES for index in Base.metadata.tables[model.__tablename__].indexes]
    with _materialising(session):
        connection = session.connection()
        raw = connection.connection.dbapi_connection
        assert raw is not None
        # Building each index once at the end is faster than keeping it up to date row by row.
        for index in indexes:
            index.drop(connection)
        for model in DERIVED_TABLES:
            raw.execute(f"DELETE FROM {model.__tablename__}")
        pending: Rows = defaultdict(list)
        cursor = raw.execute(_LOG_BY_ENTITY)
        entity: str | None = None
        bucket: list[tuple[str, str, str, str]] = []
        while rows := cursor.fetchmany(_BATCH):
            for oid, op_entity, kind, body, sig in rows:
                if op_entity != entity:
                    if bucket:
                        _reduce_into(pending, bucket)
                        bucket = []
                    entity = op_entity
                bucket.append((oid, kind, body, sig))
            count += len(rows)
            _flush(session, pending)
            progress(count, total)
        if bucket:
            _reduce_into(pending, bucket)
        _flush(session, pending)
        for index in indexes:
            index.create(connection)
    progress(total, total)
    changes.note(session, flags=("everything",))
    return count


def _reduce_into(pending: Rows, rows: list[tuple[str, str, str, str]]) -> None:
    """Derived rows of one entity from its stored (id, kind, body, signature) rows."""
    from stratplan.core.oplog.reducers import FAMILIES

    families: dict[str, list[Operation]] = defaultdict(list)
    for oid, kind, body, sig in rows:
        family = kind.split(".", 1)[0]
        if family in FAMILIES:
            families[family].append(from_stored(oid, body, sig))
    for family, items in families.items():
        for table, values in FAMILIES[family].reducer(items[0].entity, items).items():
            pending[table].extend(values)


def _flush(session: Session, pending: Rows) -> None:
    _write_rows(session, pending)
    pending.clear()
