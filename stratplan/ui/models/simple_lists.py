"""List models for the sidebar groups, a proposal's revisions and its comments."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from stratplan.ui.i18n import stamp_text
from stratplan.ui.models.keyed import row_edits

if TYPE_CHECKING:
    from stratplan.core.services.comments import CommentInfo
    from stratplan.core.services.groups import GroupInfo
    from stratplan.core.services.proposals import RevisionInfo

ID_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


def when(stamp: int) -> str:
    """A revision's or comment's time in the interface language ("2 déc. 2026, 14:05")."""
    return stamp_text(stamp)


class _ListModel(QAbstractListModel):
    """Shared plumbing: a list of frozen rows with an id each."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def update_rows(self, rows: list[Any], key: Callable[[Any], str]) -> None:
        """Follow a refresh with targeted edits: rows that left are removed, new ones inserted
        and changed ones repainted, so selection and scroll position stay. Only when the rows
        that stay changed their order does the model reset."""
        edits = row_edits([key(r) for r in self._rows], [key(r) for r in rows])
        if edits is None:
            self.set_rows(rows)
            return
        for i in edits.removals:
            self.beginRemoveRows(QModelIndex(), i, i)
            del self._rows[i]
            self.endRemoveRows()
        for i in edits.insertions:
            self.beginInsertRows(QModelIndex(), i, i)
            self._rows.insert(i, rows[i])
            self.endInsertRows()
        for i, (old, new) in enumerate(zip(self._rows, rows, strict=True)):
            if old != new:
                self._rows[i] = new
                self.dataChanged.emit(self.index(i), self.index(i))

    def row_data(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def _valid(self, index: Index) -> bool:
        return index.isValid() and 0 <= index.row() < len(self._rows)


class GroupListModel(_ListModel):
    """'All proposals' first, then the working groups in their order."""

    ALL = ""

    def set_groups(self, groups: list[GroupInfo], total: int) -> None:
        rows = [(self.ALL, self.tr("All proposals"), total), *((g.id, g.name, g.proposal_count) for g in groups)]
        self.update_rows(rows, key=lambda row: str(row[0]))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        gid, name, count = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{name} ({count})"
        if role == Qt.ItemDataRole.ToolTipRole:
            return name
        if role == ID_ROLE:
            return gid
        return None


class RevisionListModel(_ListModel):
    """A proposal's revisions, newest first."""

    def set_revisions(self, revisions: list[RevisionInfo]) -> None:
        self.update_rows(list(reversed(revisions)), key=lambda rev: str(rev.id))

    def number_of(self, revision_id: str) -> int:
        """The revision's number in the proposal's history (1 = first)."""
        ids = [r.id for r in self._rows]
        return len(ids) - ids.index(revision_id)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        rev: RevisionInfo = self._rows[index.row()]
        number = len(self._rows) - index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            text = self.tr("#{n}  {when}  {author} ({org})").format(
                n=number, when=when(rev.hlc), author=rev.author, org=rev.organisation)
            return f"{text} — {rev.note}" if rev.note else text
        if role == ID_ROLE:
            return rev.id
        return None


class CommentListModel(_ListModel):
    """Comments in thread order; replies are indented."""

    def set_comments(self, comments: list[CommentInfo]) -> None:
        self.update_rows(comments, key=lambda comment: str(comment.id))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        c: CommentInfo = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            indent = "    " * c.depth + ("↳ " if c.depth else "")
            text = self.tr("(withdrawn)") if c.retracted else c.text
            return f"{indent}{c.author} ({c.organisation}), {when(c.hlc)}:\n{indent}{text}"
        if role == ID_ROLE:
            return c.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return c.text
        return None
