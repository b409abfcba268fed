"""Table models of the progress window: keyed rows of texts, and the members × points matrix.

Both follow a refresh with targeted edits (rows inserted, removed, repainted) so the selected
row and the scroll position stay; only a change of the matrix's rows or columns resets it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from stratplan.ui.models.keyed import row_edits

Index = QModelIndex | QPersistentModelIndex
KEY_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class TextRow:
    """One row: its key (an id), a text per column, and an optional tooltip for the whole row."""

    key: str
    texts: tuple[str, ...]
    tooltip: str = ""


class TextTableModel(QAbstractTableModel):
    """Rows of texts under fixed headers; `numeric` columns are centred."""

    def __init__(self, headers: Sequence[str], parent: QObject | None = None, *,
                 numeric: Sequence[int] = ()) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.numeric = frozenset(numeric)
        self.rows: list[TextRow] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if not 0 <= column < len(row.texts):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return row.texts[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip or row.texts[column] or None
        if role == KEY_ROLE:
            return row.key
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.numeric:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def set_rows(self, rows: Sequence[TextRow]) -> None:
        """Show `rows`: targeted inserts, removals and repaints; a reset only if kept rows moved."""
        new = list(rows)
        edits = row_edits([r.key for r in self.rows], [r.key for r in new])
        if edits is None:
            self.beginResetModel()
            self.rows = new
            self.endResetModel()
            return
        for i in edits.removals:
            self.beginRemoveRows(QModelIndex(), i, i)
            del self.rows[i]
            self.endRemoveRows()
        for i in edits.insertions:
            self.beginInsertRows(QModelIndex(), i, i)
            self.rows.insert(i, new[i])
            self.endInsertRows()
        for i, (old, row) in enumerate(zip(self.rows, new, strict=True)):
            if old != row:
                self.rows[i] = row
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.headers) - 1))

    def row_of(self, key: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.key == key), -1)

    def key_at(self, row: int) -> str | None:
        return self.rows[row].key if 0 <= row < len(self.rows) else None


@dataclass(frozen=True)
class Matrix:
    """Members (rows) × points (columns): a mark per cell and a sentence saying it in words."""

    row_keys: tuple[str, ...]
    row_labels: tuple[str, ...]
    column_keys: tuple[str, ...]
    column_labels: tuple[str, ...]
    column_tips: tuple[str, ...]
    marks: tuple[tuple[str, ...], ...]
    tips: tuple[tuple[str, ...], ...]


EMPTY = Matrix((), (), (), (), (), (), ())


class MatrixModel(QAbstractTableModel):
    """The members × points matrix: text marks in the cells (status never rests on colour)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.matrix = EMPTY

    def set_matrix(self, matrix: Matrix) -> None:
        old = self.matrix
        if (old.row_keys, old.column_keys) != (matrix.row_keys, matrix.column_keys):
            self.beginResetModel()
            self.matrix = matrix
            self.endResetModel()
            return
        self.matrix = matrix
        if matrix.row_keys and matrix.column_keys:
            self.dataChanged.emit(self.index(0, 0), self.index(len(matrix.row_keys) - 1, len(matrix.column_keys) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.matrix.row_keys)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.matrix.column_keys)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        m = self.matrix
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(m.column_keys):
            if role == Qt.ItemDataRole.DisplayRole:
                return m.column_labels[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return m.column_tips[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(m.row_keys) \
                and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return m.row_labels[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        m = self.matrix
        if not index.isValid() or not (0 <= index.row() < len(m.row_keys) and 0 <= index.column() < len(m.column_keys)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return m.marks[index.row()][index.column()]
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return m.tips[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
