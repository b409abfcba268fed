"""The one runner of the window: one transaction per user action, refresh from `Changes`.

Every window of a store shares one `ActionRunner`. A user action is a step (services called
with the session and the writer); the runner runs it in exactly one transaction, collects
the `Changes` it made, and, in that same transaction, lets every registered listener read
what it needs to show those changes (`fetch`). After the commit the listeners update their
models from that data (`apply`): the rows that changed, never a reset on an ordinary edit.
A `StratplanError` is shown as a message and the store stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from stratplan.core.errors import StratplanError
from stratplan.ui import errors
from stratplan.ui.lazy import lazy

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from stratplan.core import actions
    from stratplan.core import changes as _changes
    from stratplan.core.actions import Outcome, Step
    from stratplan.core.changes import Changes
    from stratplan.core.workspace import Workspace
else:
    # Loaded with the first action, after the window's first paint.
    actions = lazy("stratplan.core.actions")
    _changes = lazy("stratplan.core.changes")

T = TypeVar("T")


class ChangeListener(Protocol):
    """A window part that shows store data and follows what actions change."""

    def fetch_changes(self, session: Session, changes: Changes) -> Any:
        """Read (inside the action's transaction) what is needed to show `changes`."""
        ...

    def apply_changes(self, data: Any, changes: Changes) -> None:
        """Update the widgets from what `fetch_changes` read (after the commit)."""
        ...


ErrorHandler = Callable[[StratplanError], None]


class ActionRunner(QObject):
    """Runs user actions and reads for every window of one workspace."""

    # Emitted after the listeners were updated, with what changed.
    changes_applied = Signal(object)

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._listeners: list[ChangeListener] = []

    def add_listener(self, listener: ChangeListener) -> None:
        if listener not in self._listeners:
            self._listeners.append(listener)

    def remove_listener(self, listener: ChangeListener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def run(self, parent: QWidget | None, step: Step[T], *,
            on_error: ErrorHandler | None = None) -> Outcome[T] | None:
        """One user action in one transaction; None (after showing why) if the store refused it."""
        try:
            with self.workspace.store.transaction() as session:
                _changes.collect(session)
                value = step(session, self.workspace.writer)
                done = _changes.collect(session)
                fetched = self._fetch(session, done)
        except StratplanError as exc:
            errors.show_error(parent, exc)
            if on_error is not None:
                on_error(exc)
            return None
        self._apply(fetched, done)
        return actions.Outcome(value, done)

    def read(self, parent: QWidget | None, step: Callable[[Session], T], *,
             on_error: ErrorHandler | None = None) -> T | None:
        """Read-only work in one transaction; None (after showing why) on a user error."""
        outcome = self.run(parent, lambda session, _writer: step(session), on_error=on_error)
        return None if outcome is None else outcome.value

    def publish(self, parent: QWidget | None, changes: Changes) -> None:
        """Changes made elsewhere (a worker thread's import): one read to show them."""
        if not changes:
            return
        try:
            with self.workspace.store.transaction() as session:
                fetched = self._fetch(session, changes)
        except StratplanError as exc:
            errors.show_error(parent, exc)
            return
        self._apply(fetched, changes)

    def _fetch(self, session: Session, done: Changes) -> list[tuple[ChangeListener, Any]]:
        if done is _changes.NOTHING or not done:
            return []
        return [(listener, listener.fetch_changes(session, done)) for listener in list(self._listeners)]

    def _apply(self, fetched: list[tuple[ChangeListener, Any]], done: Changes) -> None:
        for listener, data in fetched:
            if listener in self._listeners:
                listener.apply_changes(data, done)
        if done:
            self.changes_applied.emit(done)
