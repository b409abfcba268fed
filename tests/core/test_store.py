"""Opening stores: pragmas, and clear refusals that leave the file untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text as sqlite_text

from stratplan.core.db.engine import SCHEMA_HEAD, open_store
from stratplan.core.errors import (
    NotAStoreError,
    StoreCorruptError,
    StoreLockedError,
    StoreReadOnlyError,
    StoreTooNewError,
)

# These tests are about creating and upgrading stores: they run the migrations from an empty
# file rather than copying the session's migrated template (tests/conftest.py).
pytestmark = pytest.mark.migrate_from_empty


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_store_uses_wal_full_sync_and_foreign_keys(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.sqlite")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        # Writers queue: a second waits one second quietly, then says so and waits on (engine._Queue).
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 1000
    store.close()


def test_a_text_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("my meeting notes ąčę", encoding="utf-8")
    before = digest(path)
    with pytest.raises(NotAStoreError, match="not a StratPlan store"):
        open_store(path)
    assert digest(path) == before


def test_another_programs_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.commit()
    con.close()
    before = digest(path)
    with pytest.raises(NotAStoreError):
        open_store(path)
    assert digest(path) == before


def test_a_store_from_a_newer_stratplan_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    open_store(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num='9999_future'")
    con.commit()
    con.close()
    before = digest(path)
    with pytest.raises(StoreTooNewError, match="newer StratPlan"):
        open_store(path)
    assert digest(path) == before


def test_a_store_open_elsewhere_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    first = open_store(path)
    with pytest.raises(StoreLockedError, match="already open"):
        open_store(path)
    first.close()
    open_store(path).close()  # free again once the first window closed it


def test_a_damaged_store_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    open_store(path).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page, keep the header
    path.write_bytes(bytes(data))
    with pytest.raises((StoreCorruptError, NotAStoreError)):
        open_store(path)


def test_a_read_only_store_is_refused_even_for_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.sqlite"
    open_store(path).close()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    with pytest.raises(StoreReadOnlyError, match="read-only"):
        open_store(path)


def test_the_schema_head_constant_matches_the_migrations() -> None:
    from stratplan.core.db.engine import SCHEMA_HEAD, head_revision

    assert head_revision() == SCHEMA_HEAD


def test_an_up_to_date_store_opens_without_backup_and_backups_are_usable(tmp_path: Path) -> None:
    from stratplan.core.db.engine import backup

    path = tmp_path / "s.sqlite"
    open_store(path).close()
    open_store(path).close()
    assert not (tmp_path / "s.sqlite.backups").exists()
    copy = backup(path, "manual")
    con = sqlite3.connect(copy)
    assert con.execute("SELECT value FROM store_meta WHERE key='format'").fetchone() == ("stratplan-store",)
    con.close()


def test_the_migrations_build_exactly_the_models(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from stratplan.core.db.models import Base

    store = open_store(tmp_path / "s.sqlite")
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    store.close()
    assert diff == []


def test_a_full_disk_is_reported_and_nothing_is_half_written(tmp_path: Path, stratplan_home: Path) -> None:
    from sqlalchemy import event, func, select

    from stratplan.core.db.models import SyncOp
    from stratplan.core.errors import StoreFullError
    from stratplan.core.services import coalition, groups, proposals
    from stratplan.core.workspace import open_workspace

    ws = open_workspace(tmp_path / "full.sqlite", stratplan_home / "keys")
    with ws.store.transaction() as s:
        coalition.create_coalition(s, writer=ws.writer, name="C", org_name="O", org_code="O", country="LT",
                                   language="lt", person_name="P")
        gid = groups.list_groups(s)[0].id
        before = s.scalar(select(func.count()).select_from(SyncOp))

    @event.listens_for(ws.store.engine, "connect")
    def _tiny(dbapi_conn: object, _rec: object) -> None:  # the disk "fills up" at the current size
        cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
        pages = cur.execute("PRAGMA page_count").fetchone()[0]
        cur.execute(f"PRAGMA max_page_count={pages + 2}")

    ws.store.engine.dispose()
    with pytest.raises(StoreFullError, match="disk is full"), ws.store.transaction() as s:
        proposals.create_proposal(s, writer=ws.writer, group_id=gid, fields={"title": "Big", "body": "ž" * 150_000})
    event.remove(ws.store.engine, "connect", _tiny)
    ws.store.engine.dispose()
    with ws.store.transaction() as s:
        assert s.scalar(select(func.count()).select_from(SyncOp)) == before
    ws.close()


def test_a_store_from_the_previous_schema_is_upgraded_with_a_backup_and_keeps_its_work(
        tmp_path: Path, stratplan_home: Path) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from stratplan.core.db.engine import _alembic_config
    from stratplan.core.services import coalition, groups, proposals
    from stratplan.core.workspace import open_workspace

    path = tmp_path / "old.sqlite"
    ws = open_workspace(path, stratplan_home / "keys")
    with ws.store.transaction() as s:
        coalition.create_coalition(s, writer=ws.writer, name="C", org_name="Centras", org_code="CNT",
                                   country="LT", language="lt", person_name="Rūta")
        proposals.create_proposal(s, writer=ws.writer, group_id=groups.list_groups(s)[0].id,
                                  fields={"title": "Išlikęs punktas"})
    ws.close()
    engine = create_engine(f"sqlite:///{path}")
    cfg = _alembic_config()
    with engine.begin() as conn:  # take the store back to the first release's schema
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    engine.dispose()
    ws = open_workspace(path, stratplan_home / "keys")
    with ws.store.transaction() as s:
        assert [p.title for p in proposals.list_proposals(s)] == ["Išlikęs punktas"]
        assert s.execute(sqlite_text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_HEAD
    ws.close()
    assert len(list((tmp_path / "old.sqlite.backups").glob("*before-migration.sqlite"))) == 1


def test_a_store_from_schema_0007_drops_the_unique_device_seq_and_keeps_every_operation(
        tmp_path: Path, stratplan_home: Path) -> None:
    """0008: sync_op is rebuilt without UNIQUE(device, seq) (forks are kept), with an index on it."""
    from alembic import command
    from sqlalchemy import create_engine, func, select

    from stratplan.core.db.engine import _alembic_config
    from stratplan.core.db.models import SyncOp
    from stratplan.core.services import coalition, groups, proposals
    from stratplan.core.workspace import open_workspace

    path = tmp_path / "old.sqlite"
    ws = open_workspace(path, stratplan_home / "keys")
    with ws.store.transaction() as s:
        coalition.create_coalition(s, writer=ws.writer, name="C", org_name="Centras", org_code="CNT",
                                   country="LT", language="lt", person_name="Rūta")
        proposals.create_proposal(s, writer=ws.writer, group_id=groups.list_groups(s)[0].id,
                                  fields={"title": "Išlikęs punktas"})
        before = sorted(s.execute(select(SyncOp.id, SyncOp.body, SyncOp.sig, SyncOp.device, SyncOp.seq)).all())
    ws.close()
    engine = create_engine(f"sqlite:///{path}")
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0007")
        ddl = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name='sync_op'").scalar()
        assert "uq_sync_op_device_seq" in ddl
    engine.dispose()
    ws = open_workspace(path, stratplan_home / "keys")
    with ws.store.transaction() as s:
        assert s.execute(sqlite_text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_HEAD
        ddl = s.execute(sqlite_text("SELECT sql FROM sqlite_master WHERE name='sync_op'")).scalar()
        assert "UNIQUE" not in ddl.upper()
        indexes = {r[1] for r in s.execute(sqlite_text("PRAGMA index_list('sync_op')"))}
        assert "ix_sync_op_device_seq" in indexes
        assert sorted(s.execute(select(SyncOp.id, SyncOp.body, SyncOp.sig, SyncOp.device, SyncOp.seq)).all()) \
            == before
        assert [p.title for p in proposals.list_proposals(s)] == ["Išlikęs punktas"]
        # Two operations with one device and number now both fit.
        row = s.execute(select(SyncOp)).scalars().first()
        assert row is not None
        s.add(SyncOp(id="f" * 64, body=row.body, sig=row.sig, device=row.device, seq=row.seq, hlc=row.hlc,
                     kind=row.kind, entity=row.entity))
        s.flush()
        assert s.scalar(select(func.count()).select_from(SyncOp).where(
            SyncOp.device == row.device, SyncOp.seq == row.seq)) == 2
        s.rollback()
    ws.close()
