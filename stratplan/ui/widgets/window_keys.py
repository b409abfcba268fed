"""Keyboard habits every tool window shares: Esc and Ctrl+W close it, Tab leaves its tables."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QWidget


def add_close_action(window: QWidget) -> QAction:
    """Esc and Ctrl+W (the platform's Close) close `window`; the action is listed in the shortcuts."""
    action = QAction(QCoreApplication.translate("ToolWindow", "Close window"), window)
    keys = [*QKeySequence.keyBindings(QKeySequence.StandardKey.Close), QKeySequence("Ctrl+W"),
            QKeySequence(Qt.Key.Key_Escape)]
    # The platform's Close often is Ctrl+W already; one key twice would be an ambiguous shortcut.
    unique = list({key.toString(): key for key in keys}.values())
    action.setShortcuts(unique)
    # Only while this window is active: Esc in the main window must not close a tool window.
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(lambda _checked=False: window.close())
    window.addAction(action)
    return action


def tab_leaves_tables(root: QWidget) -> None:
    """Tab moves to the next widget instead of walking cell by cell (arrow keys still move cells)."""
    for view in root.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)
