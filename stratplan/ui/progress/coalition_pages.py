"""The coalition's pages of the progress window: by programme point, charts, members × points, gaps."""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Callable
from types import ModuleType

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QResizeEvent, QShowEvent
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

from stratplan.core.services.indicator_history import (
    ByPeriod,
    IndicatorHistory,
    indicator_history,
    indicator_names,
)
from stratplan.core.services.progress import STATUSES
from stratplan.core.services.progress_view import MARKS, CoalitionView
from stratplan.ui.progress.models import Matrix, MatrixModel, TextRow, TextTableModel
from stratplan.ui.progress.report_form import status_word
from stratplan.ui.widgets.geometry import titles_fit
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
    """Per programme point: who adopted, adapted or set it aside, and the status counts; below,
    the selected point's indicators (summed where units agree, listed always) and countries."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TextTableModel(
            [self.tr("No."), self.tr("Point"), self.tr("Adopted"), self.tr("Adapted"), self.tr("Set aside"),
             *(status_word(s) for s in STATUSES)], self, numeric=range(2, 5 + len(STATUSES)))
        self.table = table_view(self, self.model, self.tr("Programme points and their progress"), 1)
        self.indicator_model = TextTableModel(
            [self.tr("Indicator"), self.tr("Unit"), self.tr("Members reporting"), self.tr("Total"),
             self.tr("Mean"), self.tr("Values")], self, numeric=(2, 3, 4))
        self.indicators = table_view(self, self.indicator_model, self.tr("Indicators of the selected point"), 5)
        self.countries = QLabel(self)
        self.countries.setWordWrap(True)
        self.chart = IndicatorChart(self)
        self.view: CoalitionView | None = None
        self.period_id = ""
        self.our_code = ""
        # One point's indicator values in every period, read when its chart is first drawn (the
        # window's view holds the chosen period's values only); None: the view has them all.
        self.history_reader: Callable[[str], ByPeriod | None] | None = None
        self._histories: dict[str, ByPeriod | None] = {}
        split = QSplitter(Qt.Orientation.Vertical, self)
        top, bottom = QWidget(split), QSplitter(Qt.Orientation.Horizontal, split)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(label_for(self.table, self.tr("Programme po&ints (status counts for the period):")))
        top_layout.addWidget(self.table)
        details = QWidget(bottom)
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(label_for(self.indicators, self.tr("Indicators of the selected point, this period:")))
        details_layout.addWidget(self.indicators)
        details_layout.addWidget(self.countries)
        bottom.addWidget(details)
        bottom.addWidget(self.chart)
        bottom.setStretchFactor(0, 1)
        bottom.setStretchFactor(1, 1)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_details())
        self.indicators.selectionModel().currentRowChanged.connect(lambda *_: self.show_chart())

    def show_view(self, view: CoalitionView, period_id: str, our_code: str = "") -> None:
        self.view, self.period_id, self.our_code = view, period_id, our_code
        self._histories = {}
        rows = []
        for p in view.points:
            counts = p.statuses.get(period_id, {})
            rows.append(TextRow(p.id, (p.number, p.title, str(p.adopted), str(p.adapted), str(p.set_aside),
                                       *(str(counts.get(s, 0)) for s in STATUSES)), p.title))
        self.model.set_rows(rows)
        if not self.table.currentIndex().isValid() and rows:
            self.table.selectRow(0)
        else:
            self.show_details()

    def show_details(self) -> None:
        """The selected point's indicator roll-ups and its statuses per country, for the period."""
        key = self.model.key_at(self.table.currentIndex().row())
        point = next((p for p in self.view.points if p.id == key), None) if self.view else None
        if point is None:
            self.indicator_model.set_rows([])
            self.countries.setText("")
            self.show_chart()
            return
        self.indicator_model.set_rows([TextRow(r.name, (
            r.name, r.unit or self.tr("units differ"), str(r.reporting), r.total, r.mean,
            "; ".join(f"{code} {value} {unit}".strip() for code, value, unit in r.values)))
            for r in point.indicators.get(self.period_id, ())])
        by_country = sorted((country, counts[self.period_id]) for country, counts in point.countries.items()
                            if counts.get(self.period_id))
        self.countries.setText(self.tr("By country: {countries}").format(countries="; ".join(
            f"{country}: " + ", ".join(f"{status_word(s)} {n}" for s, n in counts.items())
            for country, counts in by_country)) if by_country else self.tr("No reports on this point this period."))
        if not self.indicators.currentIndex().isValid() and self.indicator_model.rowCount():
            self.indicators.selectRow(0)
        else:
            self.show_chart()

    def _history(self, point_id: str) -> ByPeriod | None:
        if self.history_reader is None:
            return None
        if point_id not in self._histories:
            self._histories[point_id] = self.history_reader(point_id)
        return self._histories[point_id]

    def show_chart(self) -> None:
        """The chosen indicator over the periods (the first the point has, when none is chosen)."""
        key = self.model.key_at(self.table.currentIndex().row())
        name = self.indicator_model.key_at(self.indicators.currentIndex().row()) if key else ""
        by_period = self._history(key) if key else None
        if key and not name and self.view is not None:
            name = next(iter(indicator_names(self.view, key, by_period)), "")
        history = (indicator_history(self.view, key, name, self.our_code, by_period)
                   if self.view and key and name else None)
        self.chart.show_history(history, self.our_code)


class IndicatorChart(QLabel):
    """An indicator's coalition mean and our own value across the periods, against its target.

    Drawn only while on show (matplotlib takes a second to start), and scaled to the room the
    page leaves it rather than forcing the page to scroll."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(380, 120)  # a smaller picture could not be read
        self.setAccessibleName(self.tr("Chart: the selected indicator over the periods"))
        self._pending: tuple[IndicatorHistory | None, str] | None = None
        self._drawn: object = None
        self._picture = QPixmap()

    def show_history(self, history: IndicatorHistory | None, our_code: str) -> None:
        self._pending = (history, our_code)
        if self.isVisible():
            self.draw()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.draw()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def draw(self) -> None:
        drawer = charts()
        if self._pending is None or self._pending == self._drawn:
            return
        self._drawn = self._pending
        history, our_code = self._pending
        if drawer is None or history is None:
            self._picture = QPixmap()
            self.clear()
            self.setText(self.tr("No indicator to chart for this point.") if history is None else "")
            self.setAccessibleDescription("")
            return
        series = [drawer.Series(self.tr("Coalition mean"), history.mean)]
        if our_code and any(v is not None for v in history.ours):
            series.append(drawer.Series(self.tr("Our value ({code})").format(code=our_code), history.ours))
        self._picture = _pixmap(drawer.indicator_chart_png(
            history.periods, series, title=history.name, unit=history.unit, target=history.target,
            target_label=self.tr("target"), width=5.0))
        values = ", ".join(f"{p} {v:g}" for p, v in zip(history.periods, history.mean, strict=True) if v is not None)
        self.setAccessibleDescription(self.tr("{indicator}, coalition mean per period: {values}; target {target}").format(
            indicator=history.name, values=values or "—",
            target=f"{history.target:g}" if history.target is not None else "—"))
        self._fit()

    def _fit(self) -> None:
        if not self._picture.isNull():
            self.setPixmap(self._picture.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                                Qt.TransformationMode.SmoothTransformation))


def _pixmap(png: bytes) -> QPixmap:
    pixmap = QPixmap()
    pixmap.loadFromData(png, "PNG")
    return pixmap


class ChartPage(QWidget):
    """Statuses per period (the whole coalition) and per point (the chosen period), as pictures.

    Drawn only while the page is on show: matplotlib takes a second to start, which nobody
    should wait for on opening the window or saving a report on another page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart_label = QLabel(self)
        self.chart_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chart_label.setAccessibleName(self.tr("Chart: reports by status, per period"))
        self.point_chart_label = QLabel(self)
        self.point_chart_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.point_chart_label.setAccessibleName(self.tr("Chart: reports by status, per point"))
        inner = QWidget(self)
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(self.chart_label)
        inner_layout.addWidget(self.point_chart_label)
        inner_layout.addStretch()
        scroll = QScrollArea(self)
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        self._pending: tuple[CoalitionView, str] | None = None
        self._drawn: tuple[object, ...] | None = None

    def show_view(self, view: CoalitionView, period_id: str) -> None:
        self._pending = (view, period_id)
        if self.isVisible():
            self.draw()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.draw()

    def draw(self) -> None:
        drawer = charts()
        if drawer is None or self._pending is None:
            return
        view, period_id = self._pending
        per_period = []
        for period in view.periods:
            total: Counter[str] = Counter()
            for p in view.points:
                total.update(p.statuses.get(period.id, {}))
            per_period.append((period.name, dict(total)))
        per_point = [(f"{p.number} {p.title}", p.statuses[period_id]) for p in view.points
                     if p.statuses.get(period_id)]
        period_name = next((p.name for p in view.periods if p.id == period_id), "")
        key = (tuple((n, tuple(sorted(c.items()))) for n, c in per_period + per_point), period_name,
               status_word("done"))
        if key == self._drawn:
            return  # the same pictures: not drawn again
        self._drawn = key
        words = {s: status_word(s) for s in STATUSES}
        self.chart_label.setPixmap(_pixmap(drawer.status_chart_png(
            per_period, words, title=self.tr("Reports by status, per period"), axis=self.tr("reports"))))
        self.point_chart_label.setPixmap(_pixmap(drawer.status_chart_png(
            per_point, words, title=self.tr("Reports by status, per point: {period}").format(period=period_name),
            axis=self.tr("reports"))))


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
        titles_fit(self.overdue.horizontalHeader())
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
