"""The progress window: our reports on our local plan, what is due, and the coalition's view.

A window of its own rather than a third page of the programme window: reporting happens for
years after the programme is adopted, by other people (a project officer rather than the
director), and the period chooser and the reminders apply to every page here and to none of
the programme's. As the programme window does, it follows the runner's `Changes`: any action
touching reports, periods or plans (here, an import, a received bundle) reads both views once.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from stratplan.core.changes import Changes
from stratplan.core.errors import StratplanError, ValidationError
from stratplan.core.services import progress, progress_csv
from stratplan.core.services.progress_view import (
    CoalitionView,
    coalition_view,
    point_indicators_by_period,
)
from stratplan.core.services.progress_window import (
    Desk,
    HistoryEntry,
    OurPoint,
    Reminder,
    csv_sheet,
    desk,
    report_history,
)
from stratplan.ui import errors
from stratplan.ui.peer.keyed import sync_combo
from stratplan.ui.progress.coalition_pages import (
    ByPointPage,
    ChartPage,
    GapsPage,
    MatrixPage,
    charts,
    table_view,
)
from stratplan.ui.progress.exports import ProgressExports
from stratplan.ui.progress.models import KEY_ROLE, TextRow, TextTableModel
from stratplan.ui.progress.report_form import ReportForm, status_word
from stratplan.ui.runner import ActionRunner
from stratplan.ui.voting.questions import OpenFile, SaveFile
from stratplan.ui.widgets.geometry import SavedSize, titles_fit
from stratplan.ui.widgets.labels import label_for
from stratplan.ui.widgets.window_keys import add_close_action, tab_leaves_tables

REMINDER_KEY = KEY_ROLE


@dataclass(frozen=True)
class ProgressUpdate:
    """Our desk and the coalition's view, read together for one period."""

    desk: Desk
    view: CoalitionView


class ProgressWindow(QMainWindow):
    """Reminders on top, the period chooser, then our reports and the coalition's pages."""

    def __init__(self, runner: ActionRunner, parent: QWidget | None = None, *, today: str = "") -> None:
        super().__init__(parent)
        self.runner = runner
        self.org_id = runner.workspace.profile.org_id
        self.today = today
        self.desk: Desk | None = None
        self.setWindowTitle(self.tr("Progress reports — StratPlan"))
        self.reminder_label = QLabel(self)
        self.reminder_label.setWordWrap(True)
        self.reminders = QListWidget(self)
        self.reminders.setAccessibleName(self.tr("Reports due"))
        self.reminders.setMaximumHeight(92)
        self.period = QComboBox(self)
        self.period.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.plan_label = QLabel(self)
        self.points_model = TextTableModel([self.tr("No."), self.tr("Point"), self.tr("Status"),
                                            self.tr("Revisions")], self, numeric=(3,))
        self.points = table_view(self, self.points_model, self.tr("Points of our plan"), 1)
        titles_fit(self.points.horizontalHeader())
        self.form = ReportForm(self)
        self.import_button = QPushButton(self.tr("&Import values from CSV..."), self)
        self.sheet_button = QPushButton(self.tr("S&ave a CSV sheet to fill in..."), self)
        self.by_point = ByPointPage(self)
        self.by_point.history_reader = lambda point_id: self.runner.read(
            self, lambda s: point_indicators_by_period(s, point_id))
        self.charts = ChartPage(self)
        self.matrix = MatrixPage(self)
        self.gaps = GapsPage(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._ours_page(), self.tr("Our &reports"))
        self.tabs.addTab(self.by_point, self.tr("Coalition: &by point"))
        self.tabs.addTab(self.matrix, self.tr("Coalition: &members × points"))
        self.tabs.addTab(self.gaps, self.tr("Coalition: &gaps"))
        # Without the chart drawer (matplotlib) the page is left out rather than shown empty.
        if charts() is not None:
            self.tabs.addTab(self.charts, self.tr("Coalition: c&harts"))
        else:
            self.charts.hide()
        self._build()
        self._connect()
        tab_leaves_tables(self)
        self.close_action = add_close_action(self)
        self.exports = ProgressExports(self, runner, self.chosen_period)
        self.reload()
        runner.add_listener(self)
        self.destroyed.connect(lambda *_: runner.remove_listener(self))
        self._size = SavedSize("progress")
        self._size.restore(self, QSize(1200, 780))

    def _ours_page(self) -> QWidget:
        page = QWidget(self)
        left = QWidget(page)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.plan_label)
        left_layout.addWidget(label_for(self.points, self.tr("Points we &work on:")))
        left_layout.addWidget(self.points)
        files = QHBoxLayout()
        files.addWidget(self.sheet_button)
        files.addWidget(self.import_button)
        left_layout.addLayout(files)
        split = QSplitter(Qt.Orientation.Horizontal, page)
        split.addWidget(left)
        split.addWidget(self.form)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([400, 600])  # the form needs the room more than the list of titles
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        return page

    def _build(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(label_for(self.period, self.tr("Reporting &period:")))
        bar.addWidget(self.period)
        bar.addStretch()
        central = QWidget(self)
        layout = QVBoxLayout(central)
        self.reminder_label.setStyleSheet("font-weight:bold;")
        self.reminder_band = QWidget(central)
        band = QVBoxLayout(self.reminder_band)
        band.setContentsMargins(6, 6, 6, 6)
        band.addWidget(self.reminder_label)
        band.addWidget(self.reminders)
        self.reminder_band.setStyleSheet("QWidget#band{background:#fff4c2;}")
        self.reminder_band.setObjectName("band")
        self.reminder_band.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # The band takes what its few lines need; the pages below take the rest.
        self.reminder_band.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout.addWidget(self.reminder_band)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

    def _connect(self) -> None:
        self.period.currentIndexChanged.connect(lambda _i: self.reload())
        self.points.selectionModel().currentRowChanged.connect(lambda *_: self.show_selected())
        self.form.save_button.clicked.connect(lambda: self.save_report())
        self.import_button.clicked.connect(lambda: self.import_csv())
        self.sheet_button.clicked.connect(lambda: self.save_sheet())
        self.reminders.itemActivated.connect(self.go_to_reminder)
        self.reminders.itemClicked.connect(self.go_to_reminder)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._size.save(self)
        super().closeEvent(event)

    # -- reading -----------------------------------------------------------------------------

    def chosen_period(self) -> str:
        data = self.period.currentData()
        return str(data) if data else ""

    def _read(self, session: Session, period_id: str) -> ProgressUpdate:
        ours = desk(session, org_id=self.org_id, period_id=period_id, today=self.today)
        return ProgressUpdate(ours, coalition_view(session, period_id=ours.period_id, today=self.today,
                                                   every_period=False))

    def reload(self) -> None:
        """Both views for the chosen period in one read (on opening, on choosing a period)."""
        period_id = self.chosen_period()
        data = self.runner.read(self, lambda s: self._read(s, period_id))
        if data is not None:
            self.show_update(data)

    def fetch_changes(self, session: Session, changes: Changes) -> ProgressUpdate | None:
        if not (changes.everything or changes.progress or changes.periods or changes.plans
                or changes.releases or changes.coalition):
            return None
        return self._read(session, self.chosen_period())

    def apply_changes(self, data: ProgressUpdate | None, changes: Changes) -> None:
        if data is not None:
            self.show_update(data)

    # -- showing -----------------------------------------------------------------------------

    def show_update(self, data: ProgressUpdate) -> None:
        ours = data.desk
        shown = self.form.point
        self.desk = ours
        self._show_periods(ours)
        if ours.plan_id:
            self.plan_label.setText(self.tr("Our local plan: {title}").format(title=ours.plan_title))
        else:
            self.plan_label.setText(self.tr("We have no local plan yet: start one in the programme window."))
        self.import_button.setEnabled(bool(ours.plan_id))
        self.sheet_button.setEnabled(bool(ours.plan_id))
        self.points_model.set_rows([self._point_row(p) for p in ours.points])
        self._show_reminders(ours)
        our_code = next((row.code for row in data.view.matrix if row.org_id == self.org_id), "")
        self.by_point.show_view(data.view, ours.period_id, our_code)
        self.charts.show_view(data.view, ours.period_id)
        self.matrix.show_view(data.view)
        self.gaps.show_view(data.view)
        current = self.selected_point()
        if current is None and ours.points:
            self.points.selectRow(0)
        elif current is not None and shown != next((p for p in ours.points if p.id == current), None):
            self.show_selected()  # the report on show changed (saved, corrected elsewhere, other period)

    def _point_row(self, p: OurPoint) -> TextRow:
        if p.report is None:
            return TextRow(p.id, (p.number, p.title, self.tr("no report yet"), ""), p.title)
        revisions = str(p.report.revisions)
        tip = p.title
        if p.report.conflict:
            # Two laptops of ours corrected it without seeing each other: both are kept.
            revisions += " ⚠"
            tip = self.tr("{title}: two corrections were made without seeing each other; "
                          "check the report and save it again to settle it.").format(title=p.title)
        return TextRow(p.id, (p.number, p.title, status_word(p.report.status), revisions), tip)

    def _show_periods(self, ours: Desk) -> None:
        self.period.blockSignals(True)
        try:
            sync_combo(self.period, [(p.id, self.tr("{name}: {start} to {end}, due {due}").format(
                name=p.name, start=p.start, end=p.end, due=p.due)
                + (self.tr(" (current)") if p.id == ours.current_period else "")) for p in ours.periods])
            self.period.setCurrentIndex(max(0, self.period.findData(ours.period_id)))
        finally:
            self.period.blockSignals(False)

    def _reminder_text(self, r: Reminder) -> str:
        if r.kind == "overdue":
            return self.tr("Overdue since {due}: {period}, {number} {title}").format(
                due=r.due, period=r.period, number=r.number, title=r.title)
        if r.kind == "due_soon":
            return self.tr("Due on {due}: {period}, {number} {title}").format(
                due=r.due, period=r.period, number=r.number, title=r.title)
        return self.tr("No update yet for {period}: {number} {title}").format(
            period=r.period, number=r.number, title=r.title)

    def _show_reminders(self, ours: Desk) -> None:
        self.reminders.clear()
        for r in ours.reminders:
            item = QListWidgetItem(self._reminder_text(r))
            item.setData(REMINDER_KEY, (r.period_id, r.point_id))
            self.reminders.addItem(item)
        late = sum(1 for r in ours.reminders if r.kind == "overdue")
        soon = sum(1 for r in ours.reminders if r.kind == "due_soon")
        waiting = len(ours.reminders) - late - soon
        self.reminder_label.setText(self.tr("Reminders: {late}, {soon}, {waiting}. Click one to open it.").format(
            late=self.tr("%n reports overdue", "", late), soon=self.tr("%n due within 14 days", "", soon),
            waiting=self.tr("%n points without an update this period", "", waiting)))
        self.reminder_band.setVisible(bool(ours.reminders))

    def selected_point(self) -> str | None:
        index = self.points.currentIndex()
        return self.points_model.key_at(index.row()) if index.isValid() else None

    def select_point(self, point_id: str) -> bool:
        row = self.points_model.row_of(point_id)
        if row < 0:
            return False
        self.points.selectRow(row)
        return True

    def show_selected(self) -> None:
        """The selected point's report in the form, with its revisions (one read)."""
        ours = self.desk
        key = self.selected_point()
        point = next((p for p in ours.points if p.id == key), None) if ours else None
        period = next((p for p in ours.periods if p.id == ours.period_id), None) if ours else None
        history: list[HistoryEntry] = []
        if point is not None and point.report is not None:
            report_id = point.report.id
            history = self.runner.read(self, lambda s: report_history(s, report_id)) or []
        self.form.show_point(point, period, history)

    def go_to_reminder(self, item: QListWidgetItem) -> None:
        """A reminder opens its report: its period chosen, its point selected on our page."""
        period_id, point_id = item.data(REMINDER_KEY)
        self.tabs.setCurrentIndex(0)
        index = self.period.findData(period_id)
        if index >= 0 and index != self.period.currentIndex():
            self.period.setCurrentIndex(index)  # reads that period's reports
        self.select_point(point_id)
        self.form.status.setFocus()

    # -- actions -----------------------------------------------------------------------------

    def save_report(self) -> bool:
        """Sign our report on the selected point (a correction is a new revision)."""
        ours, point = self.desk, self.form.point
        if ours is None or point is None or not ours.plan_id:
            errors.show_error(self, ValidationError(self.tr("Select a point of our plan first.")))
            return False
        plan_id, period_id, typed = ours.plan_id, ours.period_id, self.form.typed()
        done = self.runner.run(self, lambda s, w: progress.report(s, writer=w, plan_id=plan_id,
                                                                   point_id=point.id, period=period_id, **typed))
        if done is None:
            return False
        self.statusBar().showMessage(self.tr("Report saved for {number}.").format(number=point.number), 5000)
        return True

    def save_sheet(self) -> bool:
        """Our points for the chosen period as a CSV sheet, filled with what we reported so far."""
        ours = self.desk
        if ours is None or not ours.plan_id:
            return False
        path = SaveFile.ask(self, self.tr("Save a sheet of our points"), "progress.csv",
                            self.tr("CSV files (*.csv);;All files (*)"))
        if path is None:
            return False
        try:
            # With a byte-order mark, Excel opens the sheet as UTF-8 (accented names intact).
            path.write_text(csv_sheet(ours), encoding="utf-8-sig")
        except OSError as exc:
            errors.show_error(self, StratplanError(self.tr("Cannot write {path}: {why}").format(
                path=path, why=exc.strerror)))
            return False
        self.statusBar().showMessage(self.tr("Saved {name}: fill it in, then import it.").format(name=path.name), 5000)
        return True

    def import_csv(self) -> bool:
        """Values from a member's own spreadsheet: every row, or nothing (each problem by line)."""
        ours = self.desk
        if ours is None or not ours.plan_id:
            errors.show_error(self, ValidationError(self.tr("We have no local plan yet: start one in the "
                                                            "programme window.")))
            return False
        path = OpenFile.ask(self, self.tr("Import progress values"), self.tr("CSV files (*.csv);;All files (*)"))
        if path is None:
            return False
        try:
            data = path.read_bytes()
        except OSError as exc:
            errors.show_error(self, StratplanError(self.tr("Cannot read {path}: {why}").format(
                path=path, why=exc.strerror)))
            return False
        plan_id = ours.plan_id
        done = self.runner.run(self, lambda s, w: progress_csv.import_csv(s, writer=w, plan_id=plan_id, data=data))
        if done is None:
            return False
        self.statusBar().showMessage(self.tr("%n reports imported.", "", done.value), 5000)
        return True

