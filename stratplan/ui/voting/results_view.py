"""The Results tab: sortable result tables, the heat map with its legend, and why each place is so.

An open round's count stays sealed unless the round shows it while open; then it is marked
provisional. Every number in brackets has a legend, every heat-map cell explains its pair when
clicked (or reached with the arrow keys), and the mark in each cell repeats its colour.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from stratplan.core.services import rounds
from stratplan.core.services.round_results import why_order
from stratplan.core.voting.fractions_input import format_fraction
from stratplan.core.voting.model import Order
from stratplan.ui.voting.models import PairwiseModel, ScoreTableModel
from stratplan.ui.voting.result_models import (
    ApprovalResultModel,
    RankingOrderModel,
    sorted_view_model,
)
from stratplan.ui.voting.support_chart import SupportChart
from stratplan.ui.voting.texts import step_text


def fit_rows(view: QTableView, most: int = 14) -> None:
    """Make a table as tall as its rows (up to `most`), so the tab scrolls instead of the table.

    When its columns are wider than the table (a large matrix, a narrow window), the horizontal
    scroll bar gets its own room below the last row.
    """
    rows = min(view.model().rowCount(), most) if view.model() is not None else 0
    height = view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth() + 2
    height += sum(view.rowHeight(r) for r in range(rows)) if rows else view.verticalHeader().defaultSectionSize()
    if view.horizontalHeader().length() > view.viewport().width() + 1:
        height += view.horizontalScrollBar().sizeHint().height()
    if view.height() != height:
        view.setFixedHeight(height)


def keep_title_width(view: QTableView, stretch: int) -> None:
    """The stretched column never narrower than its title: the table scrolls sideways instead."""
    header = view.horizontalHeader()
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setMinimumSectionSize(max(header.minimumSectionSize(), header.sectionSizeHint(stretch)))


def _table(parent: QWidget, name: str) -> QTableView:
    view = QTableView(parent)
    view.setAccessibleName(name)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setTabKeyNavigation(False)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    view.setWordWrap(True)
    return view


def _sorted(view: QTableView) -> None:
    """Sortable by a click on a column title; first in the order of the round (ascending)."""
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)


def _label(parent: QWidget, selectable: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ResultsView(QWidget):
    """Shows one round's count: `show_count(tally)` (the turnout is in the window's heading)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = _label(self)
        self.approval_model = ApprovalResultModel(self)
        self.approval_table = _table(self, self.tr("Result per point"))
        self.approval_table.setModel(sorted_view_model(self.approval_model, self))
        _sorted(self.approval_table)
        self.chart = SupportChart(self)
        self.chart_legend = _label(self)
        self.order_model = RankingOrderModel(self)
        self.order_table = _table(self, self.tr("Order of the points"))
        self.order_table.setModel(sorted_view_model(self.order_model, self))
        _sorted(self.order_table)
        self.pairwise_model = PairwiseModel(self)
        self.matrix_title = _label(self)
        self.matrix_title.setText(self.tr("<b>Head-to-head contests</b> (each row against each column)"))
        self.matrix = _table(self, self.tr("Head-to-head contests between the points"))
        self.matrix.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.matrix.setModel(self.pairwise_model)
        self.matrix.setAccessibleDescription(self.tr("Each cell explains its pair when selected."))
        self.legend = _label(self)
        self.legend.setText(self.tr(
            "▲ the row's point wins the contest against the column's, ▼ it loses, = a tie (the colour says "
            "the same). The number is how many organisations ranked the row's point above the column's; "
            "in brackets, the strength of the strongest path from row to column, which Schulze compares. "
            "Select a cell to read its pair in words."))
        self.pair_label = _label(self, selectable=True)
        self.pair_label.setAccessibleName(self.tr("The selected pair in words"))
        self.score_model = ScoreTableModel(self)
        self.scores = _table(self, self.tr("Grades per point"))
        self.scores.setModel(sorted_view_model(self.score_model, self))
        _sorted(self.scores)
        self.score_legend = _label(self)
        self.score_legend.setText(self.tr(
            "Columns 0 to 5: how many organisations gave each grade. The majority grade is the median of "
            "all grades, a blank counting as 0; it decides the order."))
        self.explanation = _label(self, selectable=True)
        self.explanation.setAccessibleName(self.tr("How the order was reached"))
        layout = QVBoxLayout(self)
        for widget in (self.status, self.approval_table, self.chart, self.chart_legend, self.order_table,
                       self.matrix_title, self.matrix, self.legend, self.pair_label, self.scores,
                       self.score_legend, self.explanation):
            layout.addWidget(widget)
        layout.addStretch()
        self.matrix.clicked.connect(self._explain_cell)
        self.matrix.selectionModel().currentChanged.connect(lambda current, _old: self._explain_cell(current))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # A narrower tab may need a scroll bar under a table (or no longer need one).
        for view in (self.approval_table, self.order_table, self.matrix, self.scores):
            if view.isVisibleTo(self):
                fit_rows(view)

    def _explain_cell(self, index: QModelIndex) -> None:
        if index.isValid():
            self.pair_label.setText(self.pairwise_model.explain(index.row(), index.column())
                                    or self.tr("A point against itself: nothing to compare."))

    def _sections(self, approval: bool = False, ranking: bool = False, score: bool = False) -> None:
        for widget in (self.approval_table, self.chart, self.chart_legend):
            widget.setVisible(approval)
        for widget in (self.order_table, self.matrix_title, self.matrix, self.legend, self.pair_label):
            widget.setVisible(ranking)
        for widget in (self.scores, self.score_legend):
            widget.setVisible(score)

    def show_count(self, result: rounds.Tally) -> None:
        info = result.round
        if not rounds.results_visible(info):
            self._sections()
            # The turnout is in the heading above: only what is not known yet is said here.
            self.status.setText(self.tr("<b>The results stay sealed until the round closes.</b> Until then, "
                                        "only the turnout above is known."))
            self.explanation.setText("")
            return
        if info.status == "open":
            self.status.setText(self.tr("<b>Provisional:</b> the round is still open; these figures change "
                                        "as ballots arrive."))
        else:
            self.status.setText(self.tr("<b>Final result:</b> the round is closed."))
        labels = {p.id: f"P{p.number} {p.title}" for p in info.proposals}
        self._sections(result.approval is not None, result.schulze is not None, result.score is not None)
        lines: list[str] = []
        if result.approval is not None:
            self._show_approval(result, labels)
        if result.schulze is not None and result.borda is not None:
            lines += self._show_ranking(result, labels)
        if result.score is not None:
            self.score_model.set_result(result.score, labels)
            self.scores.resizeColumnsToContents()
            fit_rows(self.scores)
            lines.append(self.tr("Order (majority judgment): {order}").format(
                order=self._order_text(result.score.order, labels)))
        self.explanation.setText("\n".join(lines))

    def _show_approval(self, result: rounds.Tally, labels: dict[str, str]) -> None:
        a = result.approval
        assert a is not None
        numbers = {p.id: p.number for p in result.round.proposals}
        self.approval_model.set_result(a, labels, numbers)
        self.approval_table.resizeColumnsToContents()
        keep_title_width(self.approval_table, 0)
        fit_rows(self.approval_table)
        if not a.quorum_met:
            self.status.setText(self.status.text() + " " + self.tr("The quorum is not met: no point is adopted."))
        marked = [(("✓ " if p.adopted else "✗ ") + labels[p.proposal], p.support, p.adopted) for p in a.proposals]
        self.chart.set_bars(marked, a.threshold)
        self.chart.setAccessibleName(self.tr("Support per point"))
        self.chart.setAccessibleDescription("; ".join(
            f"{label}: {round(float(support) * 100)}%" for label, support, _ in marked))
        self.chart_legend.setText(self.tr("Bars: the support of each point. Dashed line: the threshold ({t}).")
                                  .format(t=format_fraction(a.threshold)))

    def _show_ranking(self, result: rounds.Tally, labels: dict[str, str]) -> list[str]:
        schulze, borda = result.schulze, result.borda
        assert schulze is not None and borda is not None
        short = {p.id: f"P{p.number}" for p in result.round.proposals}
        self.order_model.set_result(schulze, borda, labels)
        self.order_table.resizeColumnsToContents()
        keep_title_width(self.order_table, 1)
        fit_rows(self.order_table)
        self.pairwise_model.set_result(schulze, short, labels)
        self.matrix.resizeColumnsToContents()
        fit_rows(self.matrix)
        self.pair_label.setText(self.tr("Select a cell to read what it says about its pair."))
        lines = [self.tr("Order (Schulze): {order}").format(order=self._order_text(schulze.order, short)),
                 self.tr("Borda, for comparison: {order}").format(order=self._order_text(borda.order, short))]
        lines += [step_text(step, short) for step in why_order(schulze)]
        return lines

    @staticmethod
    def _order_text(order: Order, labels: dict[str, str]) -> str:
        return "  >  ".join(" = ".join(labels[c] for c in group) for group in order)
