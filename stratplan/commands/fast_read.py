"""`proposal list` without SQLAlchemy: a read-only sqlite3 connection when the store allows it.

Listing is what people run most, and importing SQLAlchemy, the models and the signing code
costs more than the listing itself. When the store is a StratPlan store at the current schema
and the command needs nothing else (no group to resolve), the rows are read directly; in every
other case (a missing file, an older store to migrate, --group) the full command runs and says
what it says.
"""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

from stratplan.commands.proposal_output import json_list, text_list, write_out
from stratplan.core import paths
from stratplan.core.services.proposal_rows import iter_summaries

# Kept equal to stratplan.core.db.engine.SCHEMA_HEAD and FORMAT_MARKER, and to the key file's
# name in stratplan.core.oplog.identity (a test checks them).
KEY_FILE = "device_ed25519.pem"
SCHEMA_HEAD = "0013"
FORMAT_MARKER = "stratplan-store"


def _readable(path: Path) -> sqlite3.Connection | None:
    """A read-only connection to a current StratPlan store, or None to take the full path."""
    if not path.is_file() or path.stat().st_size == 0:
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        conn.execute("PRAGMA busy_timeout=30000")  # a writer's commit in progress: wait, as commands do
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        marker = conn.execute("SELECT value FROM store_meta WHERE key='format'").fetchone()
    except sqlite3.Error:
        conn.close()
        return None
    if not version or version[0] != SCHEMA_HEAD or not marker or marker[0] != FORMAT_MARKER:
        conn.close()
        return None
    return conn


def _key_is_sound() -> bool:
    """The laptop's key is where it should be and private: otherwise the full command runs,
    and says what is wrong (a key readable by others, a folder anyone can write, a lost key)."""
    folder = paths.key_dir()
    key = folder / KEY_FILE
    try:
        return (folder.is_dir() and not folder.stat().st_mode & 0o002
                and key.is_file() and not key.stat().st_mode & 0o077)
    except OSError:
        return False


def cmd_proposal(args: argparse.Namespace) -> int:
    if args.action_name == "list" and not args.group and _key_is_sound():
        path = Path(args.db).expanduser() if args.db else paths.default_store_path()
        conn = _readable(path.absolute())
        if conn is not None:
            try:
                # One read transaction: the rows are one consistent state even while a writer commits.
                conn.execute("BEGIN")
                rows = iter_summaries(conn, with_search_text=False)
                write_out(json_list(rows) if args.json else text_list(rows))
            finally:
                conn.close()
            return 0
    from stratplan.cli import _import_quietly

    handler = _import_quietly("stratplan.commands.drafting").cmd_proposal
    return int(handler(args))
