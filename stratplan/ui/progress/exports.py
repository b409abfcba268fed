"""The progress window's Export menu: our report, the coalition's report, the values for donors.

Each export asks where to write, then builds and writes the file in a worker thread with its own
session (a coalition of 200 members draws a hundred charts), behind a cancellable progress dialog.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow
from sqlalchemy.orm import Session

from stratplan.core.errors import StratplanError, ValidationError
from stratplan.core.export import libreoffice
from stratplan.core.export.document import LANGUAGES, DocModel
from stratplan.ui import errors
from stratplan.ui.i18n import interface_language
from stratplan.ui.programme.exporting import announce, file_filters, write_any, write_qt_pdf
from stratplan.ui.runner import ActionRunner
from stratplan.ui.voting.questions import SaveFile
from stratplan.ui.workers import run_with_progress


def _language() -> str:
    language = interface_language()
    return language if language in LANGUAGES else "en"


class ProgressExports:
    """Adds the Export menu to the progress window; `period` gives the period on show."""

    def __init__(self, window: QMainWindow, runner: ActionRunner, period: Callable[[], str]) -> None:
        self.window = window
        self.runner = runner
        self.period = period
        menu = window.menuBar().addMenu(QCoreApplication.translate("ProgressExports", "&Export"))
        self.ours_action = self._add(menu, QCoreApplication.translate("ProgressExports", "&Our progress report..."), self.export_ours, "Ctrl+Shift+E")
        self.coalition_action = self._add(menu, QCoreApplication.translate("ProgressExports", "The &coalition's progress report..."), self.export_coalition)
        self.values_action = self._add(menu, QCoreApplication.translate("ProgressExports", "&Values for donors (.xlsx)..."), self.export_values)

    def _add(self, menu: object, text: str, slot: Callable[[], object], shortcut: str = "") -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def _period(self) -> str | None:
        period = self.period()
        if not period:
            errors.show_error(self.window, ValidationError(
                "No reporting period yet: the convener sets them with `stratplan progress period-add`."))
            return None
        return period

    def export_ours(self) -> bool:
        """Our organisation's report for the period on show, from our newest local plan."""
        from stratplan.core.services import localplans, progress_document

        period = self._period()
        if period is None:
            return False
        org = self.runner.workspace.writer.profile.org_id

        def build(session: Session) -> DocModel:
            plans = localplans.list_plans(session, org_id=org)
            if not plans:
                raise ValidationError("Your organisation has no local plan yet: start one in the programme window.")
            return progress_document.progress_document(session, plan_id=plans[0].id, period=period,
                                                       language=_language())
        return self._document(QCoreApplication.translate("ProgressExports", "Export our progress report"), "progress-report.docx", build)

    def export_coalition(self) -> bool:
        """The coalition's report for the period on show: roll-ups, charts, matrix."""
        from stratplan.core.services import coalition_report

        period = self._period()
        if period is None:
            return False

        def build(session: Session) -> DocModel:
            return coalition_report.coalition_report(session, period=period, language=_language())
        return self._document(QCoreApplication.translate("ProgressExports", "Export the coalition's progress report"), "coalition-progress-report.docx", build)

    def _document(self, title: str, suggested: str, build: Callable[[Session], DocModel]) -> bool:
        path = SaveFile.ask(self.window, title, suggested, file_filters(self.window))
        if path is None:
            return False
        store = self.runner.workspace.store
        qt_pdf = path.suffix.lower() == ".pdf" and not libreoffice.available()

        def work(report: Callable[[int, int], None]) -> DocModel:
            report(0, 2)
            with store.transaction() as session:
                model = build(session)
            report(1, 2)
            if not qt_pdf:
                write_any(model, path)
            report(2, 2)
            return model

        model = run_with_progress(self.window, QCoreApplication.translate("ProgressExports", "Writing {name}...").format(name=path.name), work)
        if model is None:
            return False
        if qt_pdf:
            try:
                write_qt_pdf(model, path)  # Qt's text layout belongs to the GUI thread
            except StratplanError as exc:
                errors.show_error(self.window, exc)
                return False
        return announce(self.window, path)

    def export_values(self) -> bool:
        """Every value and report as an Excel workbook."""
        from stratplan.core.services import progress_xlsx

        path = SaveFile.ask(self.window, QCoreApplication.translate("ProgressExports", "Export the values for donors"), "progress-values.xlsx",
                            QCoreApplication.translate("ProgressExports", "Excel workbook (*.xlsx)"))
        if path is None:
            return False
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        store = self.runner.workspace.store

        def work(report: Callable[[int, int], None]) -> tuple[int, int]:
            report(0, 1)
            with store.transaction() as session:
                return progress_xlsx.write_values(session, path, language=_language())

        counted = run_with_progress(self.window, QCoreApplication.translate("ProgressExports", "Writing {name}...").format(name=path.name), work)
        if counted is None:
            return False
        self.window.statusBar().showMessage(QCoreApplication.translate("ProgressExports", "Saved {values} values from {reports} reports in {file}").format(
            values=counted[0], reports=counted[1], file=str(path.resolve())))
        return True
