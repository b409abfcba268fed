"""Test-wide set-up: headless Qt, a private StratPlan home per test, and new stores made fast.

Every test that opens a brand-new store gets a copy of one empty store migrated once per
session, instead of running every Alembic migration from an empty file again (see
`new_stores_from_template`). Tests of the migrations themselves opt out with
`@pytest.mark.migrate_from_empty`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from stratplan.core.db import engine as store_engine

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

Migrate = Callable[[Engine], None]


@pytest.fixture(autouse=True)
def stratplan_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Keys, settings and default store live in a fresh folder for every test."""
    home = tmp_path / "home"
    monkeypatch.setenv("STRATPLAN_HOME", str(home))
    monkeypatch.delenv("STRATPLAN_PASSPHRASE", raising=False)
    yield home


def make_migrated_template(path: Path) -> Path:
    """An empty store with every migration applied, as one self-contained file."""
    store_engine.open_store(path).close()
    # Closing the last connection folds the write-ahead log into the file; a copy of the file
    # alone must be the whole store.
    assert not path.with_name(path.name + "-wal").exists()
    return path


def copying_migrate(template: Path, migrate: Migrate) -> Migrate:
    """A stand-in for engine._migrate: a brand-new store starts as a copy of `template`.

    open_store calls _migrate before its engine has connected, so the file is still absent (or
    empty) for a new store. An existing store at an older schema is really migrated.
    """
    def _migrate(engine: Engine) -> None:
        target = Path(str(engine.url.database))
        if target.exists() and target.stat().st_size > 0:
            migrate(engine)
        else:
            shutil.copyfile(template, target)

    return _migrate


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_migrated_template(tmp_path_factory.mktemp("template") / "empty.sqlite")


@pytest.fixture(autouse=True)
def new_stores_from_template(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch,
                             migrated_template: Path) -> None:
    """New stores are copies of the session's migrated template (about 10x faster to open)."""
    if request.node.get_closest_marker("migrate_from_empty") is None:
        monkeypatch.setattr(store_engine, "_migrate", copying_migrate(migrated_template, store_engine._migrate))
