"""Promise: a refused or failed change leaves the store as it was, and says why in one line
(a full disk is named as a full disk, not as an unreadable store)."""

from __future__ import annotations

import errno
import shutil
import sqlite3
from collections import namedtuple
from pathlib import Path

import pytest

from stratplan.core.db import engine
from stratplan.core.services import proposals
from tests.promises.conftest import digest, run

Usage = namedtuple("Usage", "total used free")


def _fail_on_write(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    def create(*_args: object, **_kwargs: object) -> None:
        raise exc

    monkeypatch.setattr(proposals, "create_proposal", create)


@pytest.mark.parametrize("exc", [
    sqlite3.OperationalError("database or disk is full"),
    OSError(errno.ENOSPC, "No space left on device"),
], ids=["sqlite-full", "enospc"])
def test_a_full_disk_is_named_as_a_full_disk(exc: BaseException, store: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    before = digest(store)
    _fail_on_write(monkeypatch, exc)
    code, out, err = run(capsys, "proposal", "add", "--db", str(store), "--group", "1", "--title", "X")
    assert code == 1 and err.count("\n") == 1 and "disk is full" in err.lower(), err
    assert digest(store) == before


def test_a_disk_io_error_on_a_full_disk_is_a_full_disk(store: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    # SQLite often reports a full disk while writing its journal as a plain "disk I/O error".
    before = digest(store)
    _fail_on_write(monkeypatch, sqlite3.OperationalError("disk I/O error"))
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: Usage(10**9, 10**9, 4096))
    code, _, err = run(capsys, "proposal", "add", "--db", str(store), "--group", "1", "--title", "X")
    assert code == 1 and "The disk is full, so nothing was saved" in err
    assert digest(store) == before


def test_a_disk_io_error_with_space_left_is_not_called_damage(store: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    _fail_on_write(monkeypatch, sqlite3.OperationalError("disk I/O error"))
    code, _, err = run(capsys, "proposal", "add", "--db", str(store), "--group", "1", "--title", "X")
    assert code == 1 and "a disk error" in err and "damaged" not in err


def test_opening_a_store_on_a_full_disk_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    error = sqlite3.OperationalError("disk I/O error")
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: Usage(10**9, 10**9, 0))
    mapped = engine.translate_db_error(error, tmp_path / "s.sqlite")
    assert mapped is not None and "disk is full" in str(mapped)


def test_a_refused_ballot_sheet_imports_nothing(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = store.parent / "sheet.csv"
    sheet.write_text("organisation,weight,ranking,P1,P2\nCNT,7,P1 > P2\n", encoding="utf-8")
    before = digest(store)
    code, _, err = run(capsys, "round", "import-ballots", "R", str(sheet), "--db", str(store))
    assert code == 1 and "the weight 7 differs from CNT's weight" in err
    assert digest(store) == before
