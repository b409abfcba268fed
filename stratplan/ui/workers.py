"""Long work in a worker thread, with a progress dialog that can cancel it cleanly."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar, cast

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from stratplan.core.errors import StratplanError
from stratplan.ui import errors

T = TypeVar("T")
Progress = Callable[[int, int], None]
Work = Callable[[Progress], T]


class Cancelled(StratplanError):
    """The user pressed Cancel; the work was rolled back."""


class _Job(QObject):
    """Lives in the worker thread; reports through signals only."""

    progressed = Signal(int, int)
    done = Signal(object, object)  # result, error

    def __init__(self, work: Work[object]) -> None:
        super().__init__()
        self._work = work
        self.cancel_requested = threading.Event()

    def report(self, done: int, total: int) -> None:
        # Called inside the work; raising here unwinds it and rolls its transaction back.
        if self.cancel_requested.is_set():
            raise Cancelled(self.tr("Cancelled; nothing was changed."))
        self.progressed.emit(done, total)

    @Slot()
    def run(self) -> None:
        try:
            result = self._work(self.report)
        except StratplanError as exc:
            self.done.emit(None, exc)
        else:
            self.done.emit(result, None)


class _Waiter(QObject):
    """Lives in the GUI thread, so the dialog is only touched from there."""

    def __init__(self, dialog: QProgressDialog, loop: QEventLoop) -> None:
        super().__init__()
        self.dialog = dialog
        self.loop = loop
        self.result: object = None
        self.error: BaseException | None = None

    @Slot(int, int)
    def on_progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, max(total, 1)))

    @Slot(object, object)
    def on_done(self, result: object, error: BaseException | None) -> None:
        self.result, self.error = result, error
        self.loop.quit()


def run_with_progress(parent: QWidget | None, label: str, work: Work[T],
                      on_error: Callable[[StratplanError], None] | None = None) -> T | None:
    """Run `work(report)` in a thread behind a modal progress dialog; return its result.

    `work` opens its own session (sessions never cross threads) and calls `report(done,
    total)` now and then. Returns None when the work failed (the message was shown, or
    handed to `on_error`) or was cancelled (nothing was changed).
    """
    dialog = QProgressDialog(label, QCoreApplication.translate("QProgressDialog", "Cancel"), 0, 0, parent)
    dialog.setWindowTitle("StratPlan")
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    loop = QEventLoop()
    waiter = _Waiter(dialog, loop)
    job = _Job(work)
    thread = QThread()
    job.moveToThread(thread)
    job.progressed.connect(waiter.on_progress)
    job.done.connect(waiter.on_done)
    dialog.canceled.connect(job.cancel_requested.set)
    thread.started.connect(job.run)
    thread.start()
    loop.exec()
    thread.quit()
    thread.wait()
    dialog.close()
    if waiter.error is not None and not isinstance(waiter.error, Cancelled):
        if on_error is not None and isinstance(waiter.error, StratplanError):
            on_error(waiter.error)
        else:
            errors.show_error(parent, waiter.error)
    # The job hands back what `work` returned (a T), or None when it failed or was cancelled.
    return cast("T | None", waiter.result)
