"""The coverage heat map: organisations by capacity areas, coloured by where help exists.

A new matrix replaces the old one cell by cell (`dataChanged`), with the rows or columns of
new organisations or areas inserted where they belong; only a removal resets the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from stratplan.core.peer.matching import CoverageMatrix

Index = QModelIndex | QPersistentModelIndex
COLOURS = {"need_met": QColor("#a8dcb5"), "need_unmet": QColor("#f2a3a3"), "offer_only": QColor("#b7d1f2"),
           "none": QColor("#ffffff")}


class CoverageModel(QAbstractTableModel):
    """Cell text: the need's priority (H/M/L) and the offers made there; colour: the status."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.matrix: CoverageMatrix | None = None
        self.org_labels: dict[str, str] = {}
        self.area_labels: dict[str, str] = {}
        # Model row/column -> the matrix's; the identity except while rows are being inserted.
        self._rows: list[int] = []
        self._columns: list[int] = []

    def set_matrix(self, matrix: CoverageMatrix | None, org_labels: dict[str, str],
                   area_labels: dict[str, str]) -> None:
        old = self.matrix
        if old is None or matrix is None or not (_grows(old.orgs, matrix.orgs) and _grows(old.areas, matrix.areas)):
            self.beginResetModel()
            self.matrix, self.org_labels, self.area_labels = matrix, org_labels, area_labels
            self._rows = list(range(len(matrix.orgs))) if matrix else []
            self._columns = list(range(len(matrix.areas))) if matrix else []
            self.endResetModel()
            return
        # Same rows and columns so far, read from the new matrix; then the new ones go in.
        self._rows = [matrix.orgs.index(o) for o in old.orgs]
        self._columns = [matrix.areas.index(a) for a in old.areas]
        self.matrix, self.org_labels, self.area_labels = matrix, org_labels, area_labels
        for index in range(len(matrix.orgs)):
            if index not in self._rows:
                at = sum(1 for r in self._rows if r < index)
                self.beginInsertRows(QModelIndex(), at, at)
                self._rows.insert(at, index)
                self.endInsertRows()
        for index in range(len(matrix.areas)):
            if index not in self._columns:
                at = sum(1 for c in self._columns if c < index)
                self.beginInsertColumns(QModelIndex(), at, at)
                self._columns.insert(at, index)
                self.endInsertColumns()
        if matrix.orgs and matrix.areas:
            self.dataChanged.emit(self.index(0, 0), self.index(len(matrix.orgs) - 1, len(matrix.areas) - 1))
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(matrix.areas) - 1)
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(matrix.orgs) - 1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.matrix is None else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.matrix is None else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.matrix is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._columns):
                return None
            area = self.matrix.areas[self._columns[section]]
            totals = self.matrix.totals[self._columns[section]]
            label = self.area_labels.get(area, area)
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tr("{area}: {needs}, {unmet}, {offers}").format(
                    area=label, needs=self.tr("%n needs", "", totals.needs),
                    unmet=self.tr("%n without any offer", "", totals.unmet),
                    offers=self.tr("%n offers", "", totals.offers))
            return f"{label}\n({totals.unmet}/{totals.needs})"
        if not 0 <= section < len(self._rows):
            return None
        org = self.matrix.orgs[self._rows[section]]
        return self.org_labels.get(org, org)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.matrix is None or not index.isValid():
            return None
        if not (0 <= index.row() < len(self._rows) and 0 <= index.column() < len(self._columns)):
            return None
        cell = self.matrix.rows[self._rows[index.row()]][self._columns[index.column()]]
        if role == Qt.ItemDataRole.DisplayRole:
            priority = {"high": "H", "medium": "M", "low": "L"}.get(cell.priority or "", "")
            offers = f"+{cell.offers}" if cell.offers else ""
            return f"{priority}{offers}"
        if role == Qt.ItemDataRole.BackgroundRole:
            return COLOURS.get(cell.status, COLOURS["none"])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            texts = {"need_met": self.tr("needs help here; %n other organisations offer it", "", cell.available),
                     "need_unmet": self.tr("needs help here; nobody offers it yet"),
                     "offer_only": self.tr("offers help here"), "none": self.tr("nothing recorded")}
            return texts[cell.status]
        return None


def _grows(old: Sequence[str], new: Sequence[str]) -> bool:
    """Is `new` the same keys as `old`, in the same order, with some added?"""
    rest = iter(new)
    return len(set(new)) == len(new) and all(key in rest for key in old)
