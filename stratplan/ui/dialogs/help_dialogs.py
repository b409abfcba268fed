"""Help: the user guide shipped with the application, and the list of keyboard shortcuts.

The guide is Markdown in resources/guide/<language>.md, shown offline in the interface language
(English when a language has none). The shortcut list is read from the window's own actions, so
it can never disagree with the keys that really work.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import markdown
from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from stratplan.resources import resource_path
from stratplan.ui.widgets.geometry import open_sized


def guide_html(language: str) -> str:
    """The guide in `language` (English if there is none), as HTML."""
    path = resource_path("guide", f"{language}.md")
    if not path.exists():
        path = resource_path("guide", "en.md")
    return str(markdown.markdown(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Shortcut:
    where: str   # the menu, or the window for keys that live outside the menus
    what: str
    keys: str


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def menu_shortcuts(bar: QMenuBar) -> list[Shortcut]:
    """Every menu action that has keys, under its menu's name, in the menus' order."""
    found: list[Shortcut] = []

    def walk(menu: QMenu, where: str) -> None:
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub, where)
            elif not action.isSeparator() and action.shortcuts():
                found.append(Shortcut(where, _plain(action.text()).rstrip(".…"), keys_text(action)))

    for top in bar.actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(menu, _plain(top.text()))
    return found


def keys_text(action: QAction) -> str:
    return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())


def window_shortcuts() -> list[Shortcut]:
    """Keys that belong to no menu: the tool windows' and the programme tree's."""
    tools = QCoreApplication.translate("HelpShortcuts", "Tool windows")
    layout = QCoreApplication.translate("HelpShortcuts", "Programme sections and points")
    lists = QCoreApplication.translate("HelpShortcuts", "Lists and tables")
    return [
        Shortcut(tools, QCoreApplication.translate("HelpShortcuts", "Close the window"), "Esc, Ctrl+W"),
        Shortcut(layout, QCoreApplication.translate("HelpShortcuts", "Move the selected section or point up / down"), "Ctrl+Up, Ctrl+Down"),
        Shortcut(lists, QCoreApplication.translate("HelpShortcuts", "Move between cells"), QCoreApplication.translate("HelpShortcuts", "Arrow keys")),
        Shortcut(lists, QCoreApplication.translate("HelpShortcuts", "Go to the next field"), "Tab, Shift+Tab"),
        Shortcut(QCoreApplication.translate("HelpShortcuts", "Everywhere"), QCoreApplication.translate("HelpShortcuts", "Open a menu or press a button"),
                 QCoreApplication.translate("HelpShortcuts", "Alt + the underlined letter")),
    ]


class GuideDialog(QDialog):
    """The user guide, readable and searchable with the usual keys (Ctrl+F is the main window's)."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("StratPlan user guide"))
        self.text = QTextBrowser(self)
        self.text.setAccessibleName(self.tr("User guide"))
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(guide_html(language))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        open_sized(self, None, QSize(760, 640))

    @classmethod
    def ask(cls, parent: QWidget | None, language: str) -> None:
        cls(language, parent).exec()


class ShortcutsDialog(QDialog):
    """A table of where, what and which keys."""

    def __init__(self, shortcuts: Sequence[Shortcut], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.table = QTableWidget(len(shortcuts), 3, self)
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([self.tr("Where"), self.tr("What"), self.tr("Keys")])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, s in enumerate(shortcuts):
            for column, text in enumerate((s.where, s.what, s.keys)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setTabKeyNavigation(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        open_sized(self, None, QSize(720, 600))

    @classmethod
    def ask(cls, parent: QWidget | None, shortcuts: Sequence[Shortcut]) -> None:
        cls(shortcuts, parent).exec()
