"""The coverage heat map: organisations by capacity areas, coloured by where help exists."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from stratplan.core.peer.matching import CoverageMatrix

Index = QModelIndex | QPersistentModelIndex
COLOURS = {"need_met": QColor("#a8dcb5"), "need_unmet": QColor("#f2a3a3"), "offer_only": QColor("#b7d1f2"),
           "none": QColor("#ffffff")}


class CoverageModel(QAbstractTableModel):
    """Cell text: the need's priority (H/M/L) and the offers made there; colour: the status."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.matrix: CoverageMatrix | None = None
        self.org_labels: dict[str, str] = {}
        self.area_labels: dict[str, str] = {}

    def set_matrix(self, matrix: CoverageMatrix | None, org_labels: dict[str, str],
                   area_labels: dict[str, str]) -> None:
        self.beginResetModel()
        self.matrix, self.org_labels, self.area_labels = matrix, org_labels, area_labels
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.orgs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.areas)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.matrix is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.matrix.areas):
                return None
            area = self.matrix.areas[section]
            totals = self.matrix.totals[section]
            label = self.area_labels.get(area, area)
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tr("{area}: {needs} needs, {unmet} without any offer, {offers} offers").format(
                    area=label, needs=totals.needs, unmet=totals.unmet, offers=totals.offers)
            return f"{label}\n({totals.unmet}/{totals.needs})"
        if not 0 <= section < len(self.matrix.orgs):
            return None
        return self.org_labels.get(self.matrix.orgs[section], self.matrix.orgs[section])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.matrix is None or not index.isValid():
            return None
        if not (0 <= index.row() < len(self.matrix.orgs) and 0 <= index.column() < len(self.matrix.areas)):
            return None
        cell = self.matrix.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            priority = {"high": "H", "medium": "M", "low": "L"}.get(cell.priority or "", "")
            offers = f"+{cell.offers}" if cell.offers else ""
            return f"{priority}{offers}"
        if role == Qt.ItemDataRole.BackgroundRole:
            return COLOURS.get(cell.status, COLOURS["none"])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            texts = {"need_met": self.tr("needs help here; {n} other organisations offer it"),
                     "need_unmet": self.tr("needs help here; nobody offers it yet"),
                     "offer_only": self.tr("offers help here"), "none": self.tr("nothing recorded")}
            return texts[cell.status].format(n=cell.available)
        return None
