"""Opening stores: pragmas, and clear refusals that leave the file untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from stratplan.core.db.engine import open_store
from stratplan.core.errors import (
    NotAStoreError,
    StoreCorruptError,
    StoreLockedError,
    StoreReadOnlyError,
    StoreTooNewError,
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_store_uses_wal_full_sync_and_foreign_keys(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.sqlite")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
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
