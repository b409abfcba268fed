"""The window's frame (coalition, working groups, how many points) read through a database connection.

Like `proposal_rows`, these queries run on a DB-API connection, with no ORM and no SQLAlchemy
import: the services call them through their session's connection, and the window calls them
on a read-only sqlite3 connection to show its first frame before the rest of the code loads.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stratplan.core.db.readonly import KEY_FILE, key_is_sound, open_current
from stratplan.core.ids import GroupId, OrgId
from stratplan.core.services.proposal_rows import ProposalSummary, iter_summaries, rows_of


@dataclass(frozen=True)
class CoalitionInfo:
    id: str
    name: str
    description: str


@dataclass(frozen=True)
class GroupInfo:
    id: GroupId
    name: str
    description: str
    position: int
    archived: bool
    proposal_count: int
    member_org_ids: tuple[OrgId, ...]


def read_coalition(conn: Any) -> CoalitionInfo | None:
    """The coalition this store belongs to, or None for an empty store."""
    for cid, name, description in rows_of(conn, "SELECT id, name, description FROM coalition LIMIT 1"):
        return CoalitionInfo(cid, name, description)
    return None


def read_groups(conn: Any, *, include_archived: bool = False) -> list[GroupInfo]:
    """Groups in their display order, with live proposal counts."""
    counts = dict(rows_of(conn, "SELECT group_id, count(*) FROM proposal WHERE NOT deleted GROUP BY group_id"))
    members: dict[str, list[OrgId]] = {}
    # Members in the order the store returns them, as the group's editor has always listed them.
    for gid, oid in rows_of(conn, "SELECT group_id, org_id FROM group_member"):
        members.setdefault(gid, []).append(OrgId(oid))
    sql = "SELECT id, name, description, position, archived FROM working_group ORDER BY position, name"
    return [
        GroupInfo(GroupId(gid), name, description, position, bool(archived), counts.get(gid, 0),
                  tuple(members.get(gid, ())))
        for gid, name, description, position, archived in rows_of(conn, sql)
        if include_archived or not archived
    ]


def count_live(conn: Any) -> int:
    """How many (not deleted) proposals the store holds."""
    return int(next(iter(rows_of(conn, "SELECT count(*) FROM proposal WHERE NOT deleted")))[0])


@dataclass(frozen=True)
class FirstFrame:
    """What the window shows first: its title, the sidebar's groups, the whole list.

    The rows carry no search text (the whole text of every point, most of what there is to
    read): the window reads the full rows once the store is open, before the filter is used."""

    coalition: CoalitionInfo
    groups: list[GroupInfo]
    total: int
    rows: list[ProposalSummary]


def read_first_frame(path: Path, key_dir: Path) -> FirstFrame | None:
    """The first frame of a store that opens without questions, or None to open it the full way.

    None for anything that needs more than reading: no store yet or one to migrate, an empty
    store (the welcome choices), a key that is missing, exposed or asks for a passphrase."""
    key = key_dir / KEY_FILE
    try:
        if not key_is_sound(key_dir) or b"ENCRYPTED" in key.read_bytes()[:64]:
            return None
    except OSError:
        return None
    conn = open_current(path)
    if conn is None:
        return None
    try:
        conn.execute("BEGIN")  # one consistent state, even while another process commits
        coalition = read_coalition(conn)
        if coalition is None:
            return None
        return FirstFrame(coalition, read_groups(conn), count_live(conn), list(iter_summaries(conn, with_search_text=False)))
    except sqlite3.Error:
        return None
    finally:
        conn.close()
