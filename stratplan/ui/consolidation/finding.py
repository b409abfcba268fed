"""Finding suggestions in a worker thread, shown in the window with a progress bar and Cancel.

The finder can take many seconds on a large store (or the first time sentence vectors are
made), so it never runs on the GUI thread. It only reads: its work opens its own session in
the worker (sessions never cross threads) and a cancelled find leaves the window as it was.
One find runs at a time; asking again while one runs cancels it and starts the new one when
the old one has stopped (the user moved the sensitivity slider again, say).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThread, Signal, Slot

from stratplan.core.errors import StratplanError

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]
Work = Callable[[Progress, IsCancelled], object]


class FindCancelled(StratplanError):
    """Raised inside the work when the user pressed Cancel; nothing is shown, nothing changes."""


@dataclass(frozen=True)
class _Request:
    work: Work
    number: int


class _Job(QObject):
    """Lives in the worker thread and reports through signals only."""

    progressed = Signal(int, int)
    done = Signal(object, object)  # result, error (FindCancelled when cancelled)

    def __init__(self, work: Work) -> None:
        super().__init__()
        self._work = work
        self.stop = threading.Event()

    def report(self, done: int, total: int) -> None:
        # The finder calls this between batches: raising here unwinds it at once.
        if self.stop.is_set():
            raise FindCancelled("Cancelled; nothing was changed.")
        self.progressed.emit(done, total)

    @Slot()
    def run(self) -> None:
        try:
            result = self._work(self.report, self.stop.is_set)
            if self.stop.is_set():
                raise FindCancelled("Cancelled; nothing was changed.")
        except StratplanError as exc:
            # The finder's own SuggestCancelledError is a StratplanError too.
            self.done.emit(None, FindCancelled("Cancelled; nothing was changed.") if self.stop.is_set() else exc)
        else:
            self.done.emit(result, None)


class Finder(QObject):
    """Runs one find at a time in a thread; emits `found`, `failed` or `cancelled` in the GUI thread."""

    progressed = Signal(int, int)
    found = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    # Emitted when a find starts and when the last one ends (running or not).
    running_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._job: _Job | None = None
        self._pending: _Request | None = None
        self._count = 0

    @property
    def running(self) -> bool:
        return self._job is not None

    def start(self, work: Work) -> None:
        """Find with `work(progress, cancelled)`; a find still running is cancelled first."""
        self._count += 1
        request = _Request(work, self._count)
        if self._job is not None:
            self._pending = request
            self._job.stop.set()
            return
        self._launch(request)

    def cancel(self) -> None:
        """The user pressed Cancel: stop the find (its result is never shown)."""
        self._pending = None
        if self._job is not None:
            self._job.stop.set()

    def wait(self) -> None:
        """Stop and join the worker (the window is closing)."""
        self.cancel()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()

    def _launch(self, request: _Request) -> None:
        job = _Job(request.work)
        thread = QThread(self)
        job.moveToThread(thread)
        job.progressed.connect(self.progressed)
        job.done.connect(self._finished)
        thread.started.connect(job.run)
        self._job, self._thread = job, thread
        thread.start()
        self.running_changed.emit(True)

    @Slot(object, object)
    def _finished(self, result: object, error: BaseException | None) -> None:
        thread = self._thread
        self._job, self._thread = None, None
        if thread is not None:
            thread.quit()
            thread.wait()
            thread.deleteLater()
        pending, self._pending = self._pending, None
        if pending is not None:  # a newer find was asked for: this one's result is stale
            self._launch(pending)
            return
        self.running_changed.emit(False)
        if isinstance(error, FindCancelled):
            self.cancelled.emit()
        elif error is not None:
            self.failed.emit(error)
        else:
            self.found.emit(result)
