"""Long work runs in a worker thread with progress, and Cancel leaves nothing half-done."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton
from sqlalchemy import func, select

from stratplan.core.db.models import Proposal
from stratplan.core.oplog import materialise
from stratplan.core.workspace import Workspace
from stratplan.ui.main_window import MainWindow
from stratplan.ui.workers import run_with_progress


def test_rebuild_from_the_menu_runs_off_the_gui_thread(window: MainWindow) -> None:
    gui = QThread.currentThread()
    threads = []
    real = materialise.rebuild

    def spy(session, report=materialise._no_progress):  # type: ignore[no-untyped-def]
        threads.append(QThread.currentThread())
        return real(session, report)

    materialise.rebuild = spy  # type: ignore[assignment]
    try:
        window.rebuild_views()
    finally:
        materialise.rebuild = real  # type: ignore[assignment]
    assert threads and threads[0] is not gui
    assert window.list_model.rowCount() == 3
    assert "Rebuilt the views" in window.statusBar().currentMessage()


def test_cancel_rolls_the_work_back(qapp: QApplication, small_workspace: Workspace,
                                    shown_errors: list[str]) -> None:
    store = small_workspace.store

    def slow_rebuild(report: Callable[[int, int], None]) -> int:
        with store.transaction() as session:
            def slow(done: int, total: int) -> None:
                report(done, total)
                QThread.msleep(300)
            materialise.rebuild(session, slow)
            for _ in range(50):  # keeps reporting until cancelled
                slow(1, 2)
            return 1

    def press_cancel() -> None:
        for widget in qapp.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.isVisible():
                widget.findChild(QPushButton).click()  # the user presses Cancel
                return
        QTimer.singleShot(100, press_cancel)

    QTimer.singleShot(600, press_cancel)
    assert run_with_progress(None, "Working...", slow_rebuild) is None
    assert shown_errors == []
    with store.transaction() as s:  # the derived rows were deleted inside the work: rolled back
        assert s.scalar(select(func.count()).select_from(Proposal)) == 3
