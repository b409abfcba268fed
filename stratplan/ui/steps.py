"""Running one user action: one transaction, and a message instead of a failure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from stratplan.core.errors import StratplanError
from stratplan.core.workspace import Workspace
from stratplan.ui import errors


def run_step(parent: QWidget, workspace: Workspace, step: Callable[..., Any]) -> Any:
    """Call `step(session, writer)` in one transaction; on a user error show it, return None."""
    try:
        with workspace.store.transaction() as session:
            return step(session, workspace.writer)
    except StratplanError as exc:
        errors.show_error(parent, exc)
        return None
