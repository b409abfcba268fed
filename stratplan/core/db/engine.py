"""Opening a store: checks that touch nothing, a lock, SQLite pragmas, migrations."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
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
from stratplan.core.messages import Message, msg, plural

SQLITE_HEADER = b"SQLite format 3\x00"
# The newest schema revision; a test checks it against the migration scripts. Knowing it
# here lets an up-to-date store open without loading Alembic at all (faster start-up).
SCHEMA_HEAD = "0013"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
FORMAT_MARKER = "stratplan-store"
BACKUPS_KEPT = 5

# Writers queue: a second process waits for the store instead of failing. After NOTICE_AFTER
# seconds it says whom it waits for; after the timeout (STRATPLAN_WAIT_SECONDS, 30 by
# default) it gives up with a clear message, having changed nothing.
NOTICE_AFTER = 1.0
WAIT_ENV = "STRATPLAN_WAIT_SECONDS"
DEFAULT_WAIT = 30.0
# Below this much free space a disk I/O error is a full disk.
NEARLY_FULL_BYTES = 1_000_000

WINDOW, COMMAND = "window", "command"
Notice = Callable[[Message], None]
# Who opens stores in this context: a window (the exclusive advisory lock against other
# windows) or a command-line command (no lock: it queues on SQLite like any writer), and
# where a "waiting for ..." notice goes. Set with `opening_as`.
_ROLE: ContextVar[str] = ContextVar("stratplan_store_role", default=WINDOW)
_NOTICE: ContextVar[Notice | None] = ContextVar("stratplan_wait_notice", default=None)


@contextlib.contextmanager
def opening_as(role: str, notice: Notice | None = None) -> Iterator[None]:
    """Stores opened in this block belong to a `window` or a `command`; `notice` hears waits."""
    role_token = _ROLE.set(role)
    notice_token = _NOTICE.set(notice)
    try:
        yield
    finally:
        _ROLE.reset(role_token)
        _NOTICE.reset(notice_token)


def wait_seconds() -> float:
    """How long a writer waits for the store before giving up."""
    try:
        return max(0.0, float(os.environ.get(WAIT_ENV, DEFAULT_WAIT)))
    except ValueError:
        return DEFAULT_WAIT


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


def _is_busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class _Queue:
    """Runs a statement that needs the write lock, waiting for other writers in turn."""

    def __init__(self, path: Path, role: str, notice: Notice | None) -> None:
        self.path = path
        self.role = role
        self.notice = notice

    def run(self, dbapi_conn: Any, statement: str) -> None:
        # The first try waits NOTICE_AFTER (the connection's busy timeout) silently.
        try:
            dbapi_conn.execute(statement)
            return
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc):
                raise
        window = self.window_waits()
        if self.notice is not None:
            self.notice(msg("Waiting for the StratPlan window that has this store open to finish "
                            "with it…") if window else
                        msg("Waiting for another StratPlan command to finish with this store…"))
        remaining = max(0.0, wait_seconds() - NOTICE_AFTER)
        dbapi_conn.execute(f"PRAGMA busy_timeout={int(remaining * 1000)}")
        try:
            dbapi_conn.execute(statement)
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc):
                raise
            seconds = round(wait_seconds())
            raise StoreLockedError(
                plural("The StratPlan window that has this store open kept it busy for {n} "
                       "second, so nothing was changed. Try again when it has finished.",
                       "The StratPlan window that has this store open kept it busy for {n} "
                       "seconds, so nothing was changed. Try again when it has finished.", seconds)
                if window else
                plural("Another StratPlan command kept this store busy for {n} second, so nothing "
                       "was changed. Try again when it has finished.",
                       "Another StratPlan command kept this store busy for {n} seconds, so "
                       "nothing was changed. Try again when it has finished.", seconds)
            ) from exc
        finally:
            dbapi_conn.execute(f"PRAGMA busy_timeout={int(NOTICE_AFTER * 1000)}")

    def window_waits(self) -> bool:
        """Whom we wait for: windows exclude each other, so a window waits for a command."""
        return self.role == COMMAND and _Lock(self.path.with_name(self.path.name + ".lock")).held_elsewhere()


def _install_pragmas(engine: Engine, queue: _Queue) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let us issue BEGIN ourselves, so every write transaction is BEGIN IMMEDIATE
        # and two writers queue on the busy timeout instead of failing mid-way.
        dbapi_conn.isolation_level = None
        # The busy timeout first: switching to WAL needs a lock another writer may hold.
        dbapi_conn.execute(f"PRAGMA busy_timeout={int(NOTICE_AFTER * 1000)}")
        queue.run(dbapi_conn, "PRAGMA journal_mode=WAL")
        dbapi_conn.execute("PRAGMA synchronous=FULL")
        dbapi_conn.execute("PRAGMA foreign_keys=ON")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        queue.run(conn.connection.dbapi_connection, "BEGIN IMMEDIATE")


def _disk_full(path: Path | None, exc: BaseException) -> bool:
    """True when the failure is a full disk (SQLite often calls it a disk I/O error)."""
    for link in (exc, getattr(exc, "orig", None), exc.__cause__, exc.__context__):
        if isinstance(link, OSError) and link.errno == errno.ENOSPC:
            return True
    if path is None:
        return False
    try:
        return shutil.disk_usage(path.parent if path.parent.exists() else Path.cwd()).free < NEARLY_FULL_BYTES
    except OSError:
        return False


FULL_DISK = msg("The disk is full, so nothing was saved. Free some space and try again.")


def translate_db_error(exc: BaseException, path: Path | None = None) -> StoreError | None:
    """A user-facing StoreError for a SQLite failure, or None if it is a bug."""
    if isinstance(exc, StoreError):
        return exc
    text = str(getattr(exc, "orig", exc)).lower()
    if "disk is full" in text or "database or disk is full" in text or _disk_full(None, exc):
        return StoreFullError(FULL_DISK)
    if "disk i/o error" in text:
        if _disk_full(path, exc):
            return StoreFullError(FULL_DISK)
        return StoreError("The store file could not be read or written (a disk error). "
                          "Check the disk or the network folder, then try again.")
    if "readonly" in text or "read-only" in text:
        return StoreReadOnlyError("The store cannot be written (read-only file or folder). Nothing was changed.")
    if "locked" in text or "busy" in text:
        return StoreLockedError("The store is busy in another program (not StratPlan). Try again in a moment.")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return StoreCorruptError(
            "The store file is damaged. Restore it from a backup (see the backups folder next to it)."
        )
    if "unable to open" in text:
        return StoreReadOnlyError("The store file cannot be opened. Check that the folder exists and is writable.")
    return None


@contextlib.contextmanager
def wrap_db_errors(path: Path | None = None) -> Iterator[None]:
    """Turn SQLite failures a user can act on into StoreError subclasses."""
    try:
        yield
    except (DBAPIError, sqlite3.Error) as exc:
        # The queue's own StoreLockedError arrives wrapped by SQLAlchemy: unwrap it.
        orig = getattr(exc, "orig", None)
        if isinstance(orig, StoreError):
            raise orig from exc
        mapped = translate_db_error(exc, path)
        if mapped is None:
            raise
        raise mapped from exc
    except OSError as exc:
        if exc.errno != errno.ENOSPC:
            raise
        raise StoreFullError(FULL_DISK) from exc


class _Lock:
    """An advisory lock next to the store, held while a StratPlan window has it open."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: IO[bytes] | None = None

    def acquire(self) -> None:
        try:
            fh = open(self.path, "a+b")  # noqa: SIM115 - held open for the store's lifetime
        except OSError as exc:
            raise StoreReadOnlyError("Cannot create the lock file {path}: {strerror}.",
                                     path=self.path, strerror=exc.strerror) from exc
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
                "Close it there first, or open a different store. "
                "(Command-line commands do not need that: they wait for the window.)"
            ) from exc
        self._fh = fh

    def held_elsewhere(self) -> bool:
        """True when a window (another process, or another open of ours) holds the lock."""
        if os.name == "nt" or not self.path.exists():  # pragma: no cover - Windows
            return False
        import fcntl

        try:
            with open(self.path, "rb") as fh:
                try:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
                except OSError:
                    return True
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        except OSError:
            return False
        return False

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
        mapped = translate_db_error(exc, path)
        raise (mapped or StoreCorruptError("The store file cannot be read: {exc}.", exc=exc)) from exc
    return tables, version, marker


def belongs_to_shared_coalition(path: Path) -> bool:
    """True when the store at `path` takes part in a shared coalition (read without writing)."""
    path = Path(path).expanduser().absolute()
    if not path.is_file() or path.stat().st_size == 0:
        return False
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if "sync_credential" in tables and con.execute("SELECT 1 FROM sync_credential LIMIT 1").fetchone():
                return True
            return "local_state" in tables and con.execute(
                "SELECT 1 FROM local_state WHERE key='join.pending'").fetchone() is not None
        finally:
            con.close()
    except sqlite3.Error:
        return False  # opening the store reports what is wrong with it


def _check_file(path: Path) -> None:
    if path.is_dir():
        raise NotAStoreError("{path} is a folder, not a StratPlan store file.", path=path)
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise NotAStoreError("{name} is not a StratPlan store (it is not a database file).",
                             name=path.name)
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise StoreReadOnlyError(
            "{path} is read-only (or its folder is). Copy it somewhere writable to work on it.",
            path=path
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
        with wrap_db_errors(self.path), self.session_factory.begin() as session:
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
        raise StoreReadOnlyError("Cannot create the folder {parent}: {strerror}.",
                                 parent=path.parent, strerror=exc.strerror) from exc
    if not os.access(path.parent, os.W_OK):
        raise StoreReadOnlyError("The folder {parent} is read-only; choose another place for "
                                 "the store.", parent=path.parent)
    exists = path.exists() and path.stat().st_size > 0
    if exists:
        tables, version, marker = _inspect(path)
        if tables and marker != FORMAT_MARKER:
            raise NotAStoreError("{name} is a database, but not a StratPlan store.",
                                 name=path.name)
        if version is not None and version != SCHEMA_HEAD and version not in known_revisions():
            raise StoreTooNewError(
                "{name} was written by a newer StratPlan. Update StratPlan to open it.",
                name=path.name
            )
    role = _ROLE.get()
    lock = _Lock(path.with_name(path.name + ".lock"))
    if role == WINDOW:
        # Exclusive against other windows only: commands queue on SQLite's own locks.
        lock.acquire()
    try:
        if exists and version != SCHEMA_HEAD:
            with wrap_db_errors(path):
                backup(path, "before-migration")
        engine = create_engine(f"sqlite:///{path}", future=True)
        _install_pragmas(engine, _Queue(path, role, _NOTICE.get()))
        migrated = not exists or version != SCHEMA_HEAD
        if migrated:
            with wrap_db_errors(path):
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
