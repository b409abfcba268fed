"""Row edits that turn one list of keyed rows into another: targeted inserts and removals.

Models and item widgets use this to follow a refresh with `beginRemoveRows`/`beginInsertRows`
(which keep the selection and the scroll position) instead of resetting. Qt-free and pure, so
both the voting and the programme windows share it.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RowEdits:
    """Rows to remove (highest first, so each index is still right) then rows to insert (lowest first)."""

    removals: tuple[int, ...]
    insertions: tuple[int, ...]


def row_edits(old: Sequence[Hashable], new: Sequence[Hashable]) -> RowEdits | None:
    """The edits turning `old` keys into `new` keys, or None if rows that stay changed their order.

    Keys are unique within each list. When the rows kept change order the caller reloads:
    that does not happen on the edits these windows make (rounds, ballots and releases keep
    their order; sections move by drag and drop, which the tree widget already did itself).
    """
    old_set, new_set = set(old), set(new)
    kept_old = [k for k in old if k in new_set]
    kept_new = [k for k in new if k in old_set]
    if kept_old != kept_new:
        return None
    removals = tuple(i for i in range(len(old) - 1, -1, -1) if old[i] not in new_set)
    insertions = tuple(i for i, k in enumerate(new) if k not in old_set)
    return RowEdits(removals, insertions)
