"""Progress and cancel for the overlap finder: long on a fresh store (every proposal embedded).

The window runs the finder in a worker thread; it passes progress(done, total) to move its bar
and cancelled() -> bool to stop. The finder reads the store and writes nothing but its own
laptop-local vector cache (atomically, at the end), so stopping half-way leaves no trace.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from stratplan.core.errors import StratplanError

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class SuggestCancelledError(StratplanError):
    """The search for overlaps was stopped before it ended; nothing was changed."""


@dataclass
class Steps:
    """Counts units of work done out of a fixed total, reporting and checking for cancel."""

    total: int
    progress: Progress | None = None
    cancelled: Cancelled | None = None
    done: int = field(default=0)

    def advance(self, units: int = 1) -> None:
        self.done = min(self.total, self.done + units)
        self.check()
        if self.progress is not None:
            self.progress(self.done, max(self.total, 1))

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise SuggestCancelledError(
                "The search for overlaps was cancelled; nothing was changed.")

    def part(self, units: int) -> Callable[[int, int], None]:
        """A progress callback for a sub-task worth units of this total (its own done/total)."""
        start = self.done

        def report(done: int, total: int) -> None:
            target = start + (units * done) // max(total, 1)
            self.advance(target - self.done)

        return report
