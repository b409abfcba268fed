"""The proposal list read straight through a database connection (no ORM, no SQLAlchemy import).

The window, the services and the command line's fast read path (`proposal list` on a store that
needs no migration) all read the list here, so there is one query and one set of rules.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, fields
from typing import Any

from stratplan.core.ids import GroupId, ProposalId

_BATCH = 1000


@dataclass(frozen=True)
class ProposalSummary:
    """One row of the proposal list."""

    id: ProposalId
    group_id: GroupId
    title: str
    summary: str
    status: str
    level: str
    tags: tuple[str, ...]
    language: str
    author: str
    organisation: str
    updated_hlc: int
    revision_count: int
    conflict: bool
    search_text: str


def _marks(conn: Any, count: int) -> str:
    # sqlite3 takes "?", psycopg "%s": whatever the driver behind the connection says.
    style = getattr(type(conn), "__module__", "").split(".")[0]
    mark = "%s" if style.startswith("psycopg") else "?"
    return ", ".join([mark] * count)


def rows_of(conn: Any, sql: str, params: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    cursor = conn.cursor()
    try:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(_BATCH):
            yield from batch
    finally:
        cursor.close()


def survivors(merges: Iterable[tuple[str, str, str, int]]) -> dict[str, str]:
    """Each merged-away proposal and the survivor it now lives in, from the active merges
    (id, target, sources as JSON, clock).

    Union-find: proposals linked by merges form one group, and the target of the group's
    earliest merge (by clock, then id) survives, so crossed merges made on two laptops end
    with the same single survivor everywhere.
    """
    rows = list(merges)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _mid, target, sources, _hlc in rows:
        for source in json.loads(sources):
            parent[find(source)] = find(target)
    survivor: dict[str, str] = {}
    for _mid, target, _sources, _hlc in sorted(rows, key=lambda r: (r[3], r[0])):
        survivor.setdefault(find(target), target)
    return {p: survivor[find(p)] for p in parent if survivor.get(find(p), p) != p}


def iter_summaries(conn: Any, *, group_id: str | None = None, include_deleted: bool = False,
                   ids: Collection[str] | None = None, with_search_text: bool = True) -> Iterator[ProposalSummary]:
    """The list's rows, newest change first, read in batches through a DB-API connection."""
    people = dict(rows_of(conn, "SELECT id, name FROM person"))
    orgs = dict(rows_of(conn, "SELECT id, code FROM organisation"))
    merged = survivors(rows_of(conn, "SELECT id, target, sources_json, hlc FROM merge_record WHERE active"))
    where: list[str] = []
    params: list[Any] = []
    if group_id is not None:
        where.append(f"group_id = {_marks(conn, 1)}")
        params.append(group_id)
    if not include_deleted:
        where.append("NOT deleted")
    if ids is not None:
        wanted = sorted(ids)
        if not wanted:
            return
        where.append(f"id IN ({_marks(conn, len(wanted))})")
        params += wanted
    text = "search_text" if with_search_text else "''"
    sql = (f"SELECT id, group_id, title, summary, {text}, status, level, tags, language, author_id, org_id, "
           f"updated_hlc, revision_count, conflict FROM proposal"
           + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY updated_hlc DESC")
    make = _summary_maker()
    for (pid, gid, title, summary, search, status, level, tags, lang, author_id, org_id,
         updated, count, conflict) in rows_of(conn, sql, tuple(params)):
        author = people.get(author_id, "")
        org = orgs.get(org_id, "")
        yield make((
            pid, gid, title, summary, "merged" if pid in merged else status, level,
            tuple(tags.split()), lang, author, org, updated, count, bool(conflict),
            f"{search} {author.casefold()} {org.casefold()}" if with_search_text else "",
        ))


def _summary_maker() -> Callable[[tuple[Any, ...]], ProposalSummary]:
    """Build rows from values in field order without the frozen dataclass's __init__.

    That __init__ sets each of the 14 fields through object.__setattr__: half the time of
    reading the list of a big store (the window's first frame reads every row)."""
    names = tuple(f.name for f in fields(ProposalSummary))
    new = object.__new__

    def make(values: tuple[Any, ...]) -> ProposalSummary:
        row: ProposalSummary = new(ProposalSummary)
        row.__dict__.update(zip(names, values, strict=True))
        return row

    return make
