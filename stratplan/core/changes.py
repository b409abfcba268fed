"""What one action changed: a frozen record built from the entities it actually materialised.

The operation writer and the bundle importer both end in `materialise.apply_entities`, which
notes every (family, entity) it recomputed in the session; `collect` turns those notes into a
`Changes` record when the action's transaction ends. Windows refresh from that record (the
rows that changed) instead of reloading everything, as Anki's `OpChanges` lets its screens do.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy.orm import Session

_KEY = "stratplan.changes"


@dataclass(frozen=True)
class Changes:
    """Ids of what changed, by kind; `everything` after a rebuild (refresh all)."""

    proposals: frozenset[str] = frozenset()
    # Proposals whose comment threads changed (comment ids are of no use to a window).
    comments: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    rounds: frozenset[str] = frozenset()
    programme: bool = False
    releases: frozenset[str] = frozenset()
    plans: frozenset[str] = frozenset()
    peer: frozenset[str] = frozenset()
    merges: frozenset[str] = frozenset()
    # Pairs of proposals reviewed (dismissed or linked as related); their proposals are noted too.
    overlaps: frozenset[str] = frozenset()
    # Progress reports (their ids) and reporting periods (any of them).
    progress: frozenset[str] = frozenset()
    periods: bool = False
    # The coalition itself, its organisations and people.
    coalition: bool = False
    # Roster, laptop certificates and revocations (sharing credentials).
    roster: bool = False
    # This laptop's own unsaved drafts (never shared).
    drafts: frozenset[str] = frozenset()
    everything: bool = False

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def __or__(self, other: Changes) -> Changes:
        merged: dict[str, Any] = {}
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            merged[f.name] = mine or theirs if isinstance(mine, bool) else mine | theirs
        return Changes(**merged)

    def touches_proposal(self, proposal_id: str) -> bool:
        """Did the proposal itself (fields, revisions, status, merges) change?"""
        return self.everything or proposal_id in self.proposals


NOTHING = Changes()


@dataclass
class _Notes:
    """Mutable notes kept in `session.info` while an action runs."""

    sets: dict[str, set[str]] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    def add(self, name: str, ids: Iterable[str]) -> None:
        self.sets.setdefault(name, set()).update(ids)


def _notes(session: Session) -> _Notes:
    notes = session.info.get(_KEY)
    if not isinstance(notes, _Notes):
        notes = _Notes()
        session.info[_KEY] = notes
    return notes


# Which Changes field a materialised family lands in.
_FAMILY_FIELD = {
    "proposal": "proposals",
    "group": "groups",
    "round": "rounds",
    "release": "releases",
    "localplan": "plans",
    "peer": "peer",
    "merge": "merges",
    "overlap": "overlaps",
    "progress": "progress",
    "mandate": "rounds",
    "role": "groups",
}
_FAMILY_FLAG = {"period": "periods", "programme": "programme", "coalition": "coalition", "org": "coalition", "person": "coalition"}


def note_materialised(session: Session, pairs: Iterable[tuple[str, str]],
                      rows: Mapping[str, list[dict[str, Any]]]) -> None:
    """Called by the materialiser: these entities were recomputed into these derived rows."""
    notes = _notes(session)
    for family, entity in pairs:
        if family in _FAMILY_FIELD:
            notes.add(_FAMILY_FIELD[family], (entity,))
        elif family in _FAMILY_FLAG:
            notes.flags.add(_FAMILY_FLAG[family])
    # A comment's thread is its proposal's; a merge changes its target and its sources.
    notes.add("comments", (str(r["proposal_id"]) for r in rows.get("comment", ())))
    for record in rows.get("merge_record", ()):
        notes.add("proposals", [str(record["target"]), *json.loads(str(record["sources_json"]))])
    # An amendment shows on its proposal.
    notes.add("proposals", (str(r["proposal_id"]) for r in rows.get("amendment", ())))
    # A related link shows on both of its proposals.
    for review in rows.get("overlap_review", ()):
        notes.add("proposals", [str(review["a"]), str(review["b"])])


def note(session: Session, *, flags: Iterable[str] = (), **ids: Iterable[str]) -> None:
    """Record a change that does not go through the materialiser (drafts, roster, rebuild)."""
    notes = _notes(session)
    for name, values in ids.items():
        notes.add(name, values)
    notes.flags.update(flags)


def collect(session: Session) -> Changes:
    """Everything noted in this session so far, as a frozen record; the notes are cleared."""
    notes = session.info.pop(_KEY, None)
    if not isinstance(notes, _Notes):
        return NOTHING
    values: dict[str, Any] = {name: frozenset(ids) for name, ids in notes.sets.items() if ids}
    values.update({flag: True for flag in notes.flags})
    return Changes(**values)
