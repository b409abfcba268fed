"""QUndoCommand wrappers around the Qt-free commands in stratplan.core.undoable.

The stack and the store must always agree. When the store refuses an undo or a redo (the
runner has already shown why), the command is marked obsolete: QUndoStack then drops it
instead of moving its index as if the step had happened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtGui import QUndoCommand, QUndoStack

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from stratplan.core.oplog.writer import OpWriter
    from stratplan.core.undoable import Command

T = TypeVar("T")
Half = Callable[["Session", "OpWriter"], str]
# Runs one half of a command (do or undo) as one user action; returns None when the store
# refused it (the message has been shown).
Runner = Callable[[Half], T | None]


class UndoableAction(QUndoCommand):
    """One user action on the undo stack; the first `redo` was already done by `push`."""

    def __init__(self, command: Command, runner: Runner[object], label: str) -> None:
        super().__init__(label)
        self.command = command
        self._runner = runner
        self._done_once = True

    def redo(self) -> None:
        if self._done_once:
            self._done_once = False
            return
        if self._runner(self.command.do) is None:
            self.setObsolete(True)

    def undo(self) -> None:
        if self._runner(self.command.undo) is None:
            self.setObsolete(True)


def push(stack: QUndoStack, command: Command, runner: Runner[T], label: str) -> T | None:
    """Do the command; put it on the stack only if it succeeded."""
    result = runner(command.do)
    if result is not None:
        stack.push(UndoableAction(command, runner, label))
    return result
