"""QUndoCommand wrappers around the Qt-free commands in stratplan.core.undoable."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from stratplan.core.undoable import Command

# Runs a step in one transaction; returns the proposal id it touched, or None on a
# handled error (the runner has already shown the message).
Runner = Callable[[Callable[..., str]], str | None]


class UndoableAction(QUndoCommand):
    """One user action on the undo stack; the first `redo` was already done by `push`."""

    def __init__(self, command: Command, runner: Runner, label: str) -> None:
        super().__init__(label)
        self.command = command
        self._runner = runner
        self._done_once = True

    def redo(self) -> None:
        if self._done_once:
            self._done_once = False
            return
        self._runner(self.command.do)

    def undo(self) -> None:
        self._runner(self.command.undo)


def push(stack: QUndoStack, command: Command, runner: Runner, label: str) -> str | None:
    """Do the command; put it on the stack only if it succeeded."""
    result = runner(command.do)
    if result is not None:
        stack.push(UndoableAction(command, runner, label))
    return result
