"""The coalition's pages of the progress window: by programme point, members × points, gaps."""

from __future__ import annotations

import importlib
from collections import Counter
from types import ModuleType

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from stratplan.core.services.progress import STATUSES
from stratplan.core.services.progress_view import MARKS, CoalitionView
from stratplan.ui.progress.models import Matrix, MatrixModel, TextRow, TextTableModel
from stratplan.ui.progress.report_form import status_word
from stratplan.ui.widgets.labels import label_for

MATRIX_KEYS = ("on_track", "delayed", "done", "not_started", "dropped", "set_aside", "missing")


def charts() -> ModuleType | None:
    """The chart drawer, where this installation has it (it needs matplotlib)."""
    try:
        return importlib.import_module("stratplan.core.export.progress_charts")
    except ImportError:
        return None


def compact_rows(view: QTableView) -> None:
    """Rows one line of text high: a long list shows more of itself on a small screen."""
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)


def table_view(parent: QWidget, model: TextTableModel, name: str, stretch: int) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAccessibleName(name)
    view.verticalHeader().setVisible(False)
    compact_rows(view)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    view.setWordWrap(False)
    return view


class ByPointPage(QWidget):
    """Per programme point: who adopted, adapted or set it aside, and the status counts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TextTableModel(
            [self.tr("No."), self.tr("Point"), self.tr("Adopted"), self.tr("Adapted"), self.tr("Set aside"),
             *(status_word(s) for s in STATUSES)], self, numeric=range(2, 5 + len(STATUSES)))
        self.table = table_view(self, self.model, self.tr("Programme points and their progress"), 1)
        self.chart_label = QLabel(self)
        self.chart_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chart_label.setAccessibleName(self.tr("Chart: reports by status, per period"))
        self.chart_scroll = QScrollArea(self)
        self.chart_scroll.setWidget(self.chart_label)
        self.chart_scroll.setWidgetResizable(True)
        self._chart_key: tuple[object, ...] | None = None
        split = QSplitter(Qt.Orientation.Vertical, self)
        top = QWidget(split)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(label_for(self.table, self.tr("Programme po&ints (status counts for the period):")))
        top_layout.addWidget(self.table)
        split.addWidget(top)
        split.addWidget(self.chart_scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.chart_scroll.setVisible(charts() is not None)

    def show_view(self, view: CoalitionView, period_id: str) -> None:
        rows = []
        for p in view.points:
            counts = p.statuses.get(period_id, {})
            rows.append(TextRow(p.id, (p.number, p.title, str(p.adopted), str(p.adapted), str(p.set_aside),
                                       *(str(counts.get(s, 0)) for s in STATUSES)), p.title))
        self.model.set_rows(rows)
        self._draw_chart(view)

    def _draw_chart(self, view: CoalitionView) -> None:
        drawer = charts()
        if drawer is None:
            return
        groups = []
        for period in view.periods:
            total: Counter[str] = Counter()
            for p in view.points:
                total.update(p.statuses.get(period.id, {}))
            groups.append((period.name, dict(total)))
        key = (tuple((name, tuple(sorted(c.items()))) for name, c in groups), status_word("done"))
        if key == self._chart_key:
            return  # the same picture: matplotlib is not asked to draw it again
        self._chart_key = key
        png = drawer.status_chart_png(groups, {s: status_word(s) for s in STATUSES},
                                      title=self.tr("Reports by status, per period"), axis=self.tr("reports"))
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        self.chart_label.setPixmap(pixmap)


class MatrixPage(QWidget):
    """Members × points for the period, a text mark per cell, the legend above it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = MatrixModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAccessibleName(self.tr("Members by points"))
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setMinimumSectionSize(28)
        compact_rows(self.view)
        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.legend)
        layout.addWidget(label_for(self.view, self.tr("Members × points, one &cell per report (hover it for words):")))
        layout.addWidget(self.view)

    def word(self, key: str) -> str:
        words = {"set_aside": self.tr("set aside"), "missing": self.tr("no report"),
                 "none": self.tr("no local plan")}
        return words.get(key) or status_word(key)

    def show_view(self, view: CoalitionView) -> None:
        self.legend.setText(self.tr("Legend: {marks}").format(
            marks="   ".join(f"{MARKS[k]} {self.word(k)}" for k in MATRIX_KEYS)))
        titles = {p.id: (p.number, p.title) for p in view.points}
        columns = [p.id for p in view.points]
        tips = tuple(tuple(f"{row.code} ({row.country}) — {titles[pid][0]} {titles[pid][1]}: {self.word(cell)}"
                           for pid, cell in zip(columns, row.cells, strict=True)) for row in view.matrix)
        self.model.set_matrix(Matrix(
            row_keys=tuple(r.org_id for r in view.matrix),
            row_labels=tuple(f"{r.code} ({r.country})" for r in view.matrix),
            column_keys=tuple(columns),
            column_labels=tuple(titles[pid][0] for pid in columns),
            column_tips=tuple(f"{n} {t}" for n, t in titles.values()),
            marks=tuple(tuple(MARKS.get(c, c) for c in r.cells) for r in view.matrix), tips=tips))


class GapsPage(QWidget):
    """Points nobody is working on in the period, and every report past its due date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.idle = QListWidget(self)
        self.idle.setAccessibleName(self.tr("Points nobody is working on"))
        self.overdue_model = TextTableModel([self.tr("Organisation"), self.tr("Period"), self.tr("Due"),
                                             self.tr("Point")], self)
        self.overdue = table_view(self, self.overdue_model, self.tr("Overdue reports"), 3)
        self.idle_label = label_for(self.idle, "")
        self.overdue_label = label_for(self.overdue, "")
        split = QSplitter(Qt.Orientation.Vertical, self)
        for label, widget in ((self.idle_label, self.idle), (self.overdue_label, self.overdue)):
            box = QWidget(split)
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            label.setParent(box)
            box_layout.addWidget(label)
            box_layout.addWidget(widget)
            split.addWidget(box)
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def show_view(self, view: CoalitionView) -> None:
        titles = {p.id: f"{p.number} {p.title}" for p in view.points}
        self.idle_label.setText(self.tr("Points &nobody is working on in this period (%n):", "", len(view.idle)))
        self.idle.clear()
        self.idle.addItems([titles.get(pid, pid) for pid in view.idle])
        self.overdue_label.setText(self.tr("Reports &overdue (%n):", "", len(view.overdue)))
        self.overdue_model.set_rows([
            TextRow(f"{o.org_id}:{o.period_id}:{o.point_id}",
                    (o.code, o.period, o.due, titles.get(o.point_id, o.number))) for o in view.overdue])
