"""Opening a store: checks that touch nothing, a lock, SQLite pragmas, migrations."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from stratplan.core.errors import (
    NotAStoreError,
    StoreCorruptError,
    StoreError,
    StoreFullError,
    StoreLockedError,
    StoreReadOnlyError,
    StoreTooNewError,
)

SQLITE_HEADER = b"SQLite format 3\x00"
# The newest schema revision; a test checks it against the migration scripts. Knowing it
# here lets an up-to-date store open without loading Alembic at all (faster start-up).
SCHEMA_HEAD = "0008"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
FORMAT_MARKER = "stratplan-store"
BACKUPS_KEPT = 5


def _alembic_config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def known_revisions() -> set[str]:
    """Every schema revision this version of StratPlan knows."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def head_revision() -> str:
    """The newest revision according to the migration scripts."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def _install_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let us issue BEGIN ourselves, so every write transaction is BEGIN IMMEDIATE
        # and two writers queue on the busy timeout instead of failing mid-way.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=5000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def translate_db_error(exc: BaseException) -> StoreError | None:
    """A user-facing StoreError for a SQLite failure, or None if it is a bug."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return StoreFullError("The disk is full, so the change was not saved. Free some space and try again.")
    if "readonly" in text or "read-only" in text:
        return StoreReadOnlyError("The store cannot be written (read-only file or folder). Nothing was changed.")
    if "locked" in text or "busy" in text:
        return StoreLockedError("The store is busy in another program. Try again in a moment.")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return StoreCorruptError(
            "The store file is damaged. Restore it from a backup (see the backups folder next to it)."
        )
    if "unable to open" in text:
        return StoreReadOnlyError("The store file cannot be opened. Check that the folder exists and is writable.")
    return None


@contextlib.contextmanager
def wrap_db_errors() -> Iterator[None]:
    """Turn SQLite failures a user can act on into StoreError subclasses."""
    try:
        yield
    except (DBAPIError, sqlite3.Error) as exc:
        mapped = translate_db_error(exc)
        if mapped is None:
            raise
        raise mapped from exc


class _Lock:
    """An advisory lock next to the store, held while a StratPlan window has it open."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: IO[bytes] | None = None

    def acquire(self) -> None:
        try:
            fh = open(self.path, "a+b")  # noqa: SIM115 - held open for the store's lifetime
        except OSError as exc:
            raise StoreReadOnlyError(f"Cannot create the lock file {self.path}: {exc.strerror}.") from exc
        try:
            if os.name == "nt":  # pragma: no cover - Windows
                import msvcrt

                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            else:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            fh.close()
            raise StoreLockedError(
                "This store is already open in another StratPlan window. "
                "Close it there first, or open a different store."
            ) from exc
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def _inspect(path: Path) -> tuple[set[str], str | None, str | None]:
    """Read tables, schema revision and format marker without writing anything."""
    uri = f"file:{path}?mode=ro"
    try:
        con = sqlite3.connect(uri, uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            version = None
            marker = None
            if "alembic_version" in tables:
                row = con.execute("SELECT version_num FROM alembic_version").fetchone()
                version = row[0] if row else None
            if "store_meta" in tables:
                row = con.execute("SELECT value FROM store_meta WHERE key='format'").fetchone()
                marker = row[0] if row else None
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        mapped = translate_db_error(exc)
        raise (mapped or StoreCorruptError(f"The store file cannot be read: {exc}.")) from exc
    return tables, version, marker


def _check_file(path: Path) -> None:
    if path.is_dir():
        raise NotAStoreError(f"{path} is a folder, not a StratPlan store file.")
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise NotAStoreError(f"{path.name} is not a StratPlan store (it is not a database file).")
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise StoreReadOnlyError(
            f"{path} is read-only (or its folder is). Copy it somewhere writable to work on it."
        )


def backup(path: Path, reason: str) -> Path:
    """A consistent copy through SQLite's backup API, keeping the newest few."""
    folder = path.parent / f"{path.name}.backups"
    folder.mkdir(exist_ok=True)
    target = folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{int(time.time_ns() % 1_000_000):06d}-{reason}.sqlite"
    src = sqlite3.connect(path)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    for old in sorted(folder.glob("*.sqlite"))[:-BACKUPS_KEPT]:
        old.unlink()
    return target


@dataclass
class Store:
    """An open store: engine, the one session factory, and the lock that keeps it ours."""

    path: Path
    engine: Engine
    session_factory: sessionmaker[Session]
    _lock: _Lock = field(repr=False)
    # True when opening upgraded the schema: derived tables must then be rebuilt.
    migrated: bool = False

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error."""
        with wrap_db_errors(), self.session_factory.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()
        self._lock.release()


def open_store(path: Path) -> Store:
    """Open (or create) the store at `path`; refuse clearly without touching anything."""
    path = Path(path).expanduser().absolute()
    _check_file(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreReadOnlyError(f"Cannot create the folder {path.parent}: {exc.strerror}.") from exc
    if not os.access(path.parent, os.W_OK):
        raise StoreReadOnlyError(f"The folder {path.parent} is read-only; choose another place for the store.")
    exists = path.exists() and path.stat().st_size > 0
    if exists:
        tables, version, marker = _inspect(path)
        if tables and marker != FORMAT_MARKER:
            raise NotAStoreError(f"{path.name} is a database, but not a StratPlan store.")
        if version is not None and version != SCHEMA_HEAD and version not in known_revisions():
            raise StoreTooNewError(
                f"{path.name} was written by a newer StratPlan. Update StratPlan to open it."
            )
    lock = _Lock(path.with_name(path.name + ".lock"))
    lock.acquire()
    try:
        if exists and version != SCHEMA_HEAD:
            backup(path, "before-migration")
        engine = create_engine(f"sqlite:///{path}", future=True)
        _install_pragmas(engine)
        migrated = not exists or version != SCHEMA_HEAD
        if migrated:
            with wrap_db_errors():
                _migrate(engine)
    except BaseException:
        lock.release()
        raise
    factory = sessionmaker(engine, expire_on_commit=False)
    return Store(path=path, engine=engine, session_factory=factory, _lock=lock,
                 migrated=migrated and exists)


def _migrate(engine: Engine) -> None:
    from alembic import command

    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.exec_driver_sql(
            "INSERT OR IGNORE INTO store_meta (key, value) VALUES ('format', ?)", (FORMAT_MARKER,)
        )
