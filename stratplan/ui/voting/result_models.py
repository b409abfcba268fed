"""Result tables people read: adopted or not (a mark and words), and a ranking's places.

Each model gives a sort value per cell under SORT_ROLE, so a QSortFilterProxyModel sorts by
support or place as numbers, not as the text shown ("24 of 27 (89%)").
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from stratplan.core.export.locale_text import percent
from stratplan.core.locale_format import format_number
from stratplan.core.voting.fractions_input import format_fraction
from stratplan.core.voting.model import ApprovalResult, BordaResult, ProposalApproval, SchulzeResult
from stratplan.ui.i18n import interface_language
from stratplan.ui.voting.models import SORT_ROLE, Index, _Table
from stratplan.ui.voting.texts import share_text


def sorted_view_model(source: _Table[Any], parent: QObject) -> QSortFilterProxyModel:
    """A proxy that sorts `source` by SORT_ROLE (numbers, not the text shown)."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(source)
    proxy.setSortRole(SORT_ROLE)
    return proxy


class ApprovalResultModel(_Table[ProposalApproval]):
    """Per point: ✓ Adopted / ✗ Not adopted, its support as a count and share, and the votes."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.result: ApprovalResult | None = None
        self.labels: dict[str, str] = {}
        self.numbers: dict[str, int] = {}

    def set_result(self, result: ApprovalResult | None, labels: dict[str, str], numbers: dict[str, int]) -> None:
        """A new count of the same points updates their rows; other points reset the table."""
        rows = list(result.proposals) if result else []
        same = labels == self.labels and [r.proposal for r in rows] == [r.proposal for r in self._rows]
        self.result, self.labels, self.numbers = result, labels, numbers
        if same:
            self.update_rows(rows, lambda r: r.proposal)
        else:
            self.set_rows(rows)

    def headers(self) -> list[str]:
        return [self.tr("Proposal"), self.tr("Result"), self.tr("Support"), self.tr("Yes"), self.tr("No"),
                self.tr("Abstain")]

    def row_header(self, row: int) -> None:
        return None

    def verdict(self, p: ProposalApproval) -> str:
        return self.tr("✓ Adopted") if p.adopted else self.tr("✗ Not adopted")

    def reason(self, p: ProposalApproval) -> str:
        """Why the point is (not) adopted, in words."""
        assert self.result is not None
        threshold = format_fraction(self.result.threshold)
        pct = percent(p.support, interface_language())
        if not self.result.quorum_met:
            return self.tr("Not adopted: the quorum is not met, so no point is adopted.")
        if p.adopted:
            return self.tr("Support {pct} reaches the threshold {threshold}.").format(pct=pct, threshold=threshold)
        return self.tr("Support {pct} is below the threshold {threshold}.").format(pct=pct, threshold=threshold)

    def _base(self, p: ProposalApproval) -> Fraction:
        assert self.result is not None
        return p.yes + p.no if self.result.basis == "expressed" else self.result.electorate

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index) or self.result is None:
            return None
        p = self._rows[index.row()]
        col = index.column()
        if role == SORT_ROLE:
            return [self.numbers.get(p.proposal, 0), int(p.adopted), float(p.support), float(p.yes),
                    float(p.no), float(p.abstain)][col]
        if role == Qt.ItemDataRole.ToolTipRole and col in (0, 1):
            return self.labels.get(p.proposal, p.proposal) if col == 0 else self.reason(p)
        if role == Qt.ItemDataRole.ForegroundRole and col == 1:
            # The colour only repeats what the mark and the words say.
            return QColor("#1e6b3a") if p.adopted else QColor("#8a2a2a")
        if role == Qt.ItemDataRole.AccessibleTextRole and col == 1:
            return f"{self.verdict(p)}. {self.reason(p)}"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == 0:
            return self.labels.get(p.proposal, p.proposal)
        if col == 1:
            return self.verdict(p)
        if col == 2:
            return share_text(p.yes, self._base(p))
        return format_fraction([p.yes, p.no, p.abstain][col - 3])


class RankingOrderModel(_Table[str]):
    """The Schulze order, one row per point: its place (ties share one), title and Borda points."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.places: dict[str, int] = {}
        self.tied: set[str] = set()
        self.points: dict[str, Fraction] = {}
        self.labels: dict[str, str] = {}

    def set_result(self, schulze: SchulzeResult | None, borda: BordaResult | None, labels: dict[str, str]) -> None:
        order: Sequence[Sequence[str]] = schulze.order if schulze else ()
        rows = [c for group in order for c in group]
        self.places, place = {}, 1
        for group in order:
            for c in group:
                self.places[c] = place
            place += len(group)
        self.tied = {c for group in order if len(group) > 1 for c in group}
        self.points = dict(borda.points) if borda else {}
        if labels == self.labels and rows == self._rows:
            last = self.columnCount() - 1
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, last))
            return
        self.labels = labels
        self.set_rows(rows)

    def headers(self) -> list[str]:
        return [self.tr("Place"), self.tr("Proposal"), self.tr("Borda points")]

    def row_header(self, row: int) -> None:
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self._valid(index):
            return None
        c = self._rows[index.row()]
        col = index.column()
        if role == SORT_ROLE:
            return [self.places.get(c, 0), self.labels.get(c, c), float(self.points.get(c, 0))][col]
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return self.labels.get(c, c)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == 0:
            place = str(self.places.get(c, ""))
            return self.tr("{place} (tied)").format(place=place) if c in self.tied else place
        if col == 1:
            return self.labels.get(c, c)
        points = self.points.get(c, Fraction(0))
        # Half points come from ties: "10.5" (or "10,5"), never "21/2".
        return str(points.numerator) if points.denominator == 1 else \
            format_number(float(points), interface_language(), decimals=1 if points.denominator == 2 else 2)
