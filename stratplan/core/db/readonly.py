"""A read-only sqlite3 connection to a current store, for reads that must not wait for SQLAlchemy.

The command line's `proposal list` and the window's first frame read through it. Anything
unusual (no file, an older store that needs migrating, a key that is missing or exposed) gives
None, and the caller takes the full path, which opens the store properly and says what is wrong.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

# Kept equal to stratplan.core.db.engine.SCHEMA_HEAD and FORMAT_MARKER, and to the key file's
# name in stratplan.core.oplog.identity (a test checks them).
KEY_FILE = "device_ed25519.pem"
SCHEMA_HEAD = "0013"
FORMAT_MARKER = "stratplan-store"


def open_current(path: Path) -> sqlite3.Connection | None:
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


def key_is_sound(folder: Path) -> bool:
    """The laptop's key is where it should be and private: otherwise the full path runs,
    and says what is wrong (a key readable by others, a folder anyone can write, a lost key)."""
    key = folder / KEY_FILE
    try:
        return (folder.is_dir() and not folder.stat().st_mode & 0o002
                and key.is_file() and not key.stat().st_mode & 0o077)
    except OSError:
        return False
