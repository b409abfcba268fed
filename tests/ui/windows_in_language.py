"""Shared by the no-English and clipping tests: every window of the demo, opened in one language.

`open_every_window` opens the demo store, then every tool window through the Tools menu (the
QActions a user triggers), and returns the main window and the tool windows, shown at their
own size so the layouts are really computed. `visible_texts` lists what a user reads in one
window: labels, buttons, group titles, tabs, menus, header sections, combo items, tooltips.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)

from stratplan.app import StratPlanApp
from stratplan.resources import resource_path


@dataclass(frozen=True)
class Seen:
    """One text on show: what it is (for the failure message) and the text."""

    where: str
    text: str


def open_every_window(app: StratPlanApp, qapp: QApplication, store: Path) -> list[QWidget]:
    assert app.open(store, demo_if_empty=True)
    main = app.window
    assert main is not None
    main.show()
    tools = main.menuBar().actions()[3].menu()  # Tools, as tests/ui/test_languages.py opens it
    assert isinstance(tools, QMenu)
    before = set(qapp.topLevelWidgets())
    for action in tools.actions():
        if not action.isSeparator():
            action.trigger()
    opened = [w for w in qapp.topLevelWidgets() if w not in before and w.isVisible()]
    qapp.processEvents()
    return [main, *opened]


def _menu_texts(menu: QMenu, where: str) -> Iterator[Seen]:
    for action in menu.actions():
        if action.isSeparator():
            continue
        yield Seen(f"{where} menu", action.text())
        if action.toolTip() and action.toolTip() != action.text().replace("&", ""):
            yield Seen(f"{where} tooltip", action.toolTip())
        sub = action.menu()
        if isinstance(sub, QMenu):
            yield from _menu_texts(sub, where)


def every_tab(top: QWidget) -> Iterator[None]:
    """Each page of each tab widget in turn (widgets of a page not on show are not visible)."""
    yield
    for tabs in top.findChildren(QTabWidget):
        if not tabs.isVisibleTo(top):
            continue
        current = tabs.currentIndex()
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            QApplication.processEvents()
            yield
        tabs.setCurrentIndex(current)


def visible_texts(top: QWidget) -> list[Seen]:
    """What a user reads in `top`, on every tab page, each text once."""
    found: dict[tuple[str, str], Seen] = {}
    for _page in every_tab(top):
        for s in _texts_on_show(top):
            found.setdefault((s.where, s.text), s)
    return list(found.values())


def _texts_on_show(top: QWidget) -> list[Seen]:
    name = type(top).__name__
    seen = [Seen(f"{name} title", top.windowTitle())]
    if isinstance(top, QMainWindow):
        for action in top.menuBar().actions():
            seen.append(Seen(f"{name} menu bar", action.text()))
            if isinstance(action.menu(), QMenu):
                seen += _menu_texts(action.menu(), name)
    for widget in top.findChildren(QWidget):
        # A tool window is a child of the main window: its texts are its own window's.
        if widget.window() is not top or not widget.isVisibleTo(top):
            continue
        kind = type(widget).__name__
        if widget.toolTip():
            seen.append(Seen(f"{name} {kind} tooltip", widget.toolTip()))
        if isinstance(widget, QLabel):
            seen.append(Seen(f"{name} label", widget.text()))
        elif isinstance(widget, QAbstractButton):
            seen.append(Seen(f"{name} button", widget.text()))
        elif isinstance(widget, QGroupBox):
            seen.append(Seen(f"{name} group", widget.title()))
        elif isinstance(widget, QTabWidget):
            seen += [Seen(f"{name} tab", widget.tabText(i)) for i in range(widget.count())]
        elif isinstance(widget, QComboBox):
            seen += [Seen(f"{name} combo", widget.itemText(i)) for i in range(widget.count())]
        elif isinstance(widget, QTableView | QTreeView) and widget.model() is not None:
            header = widget.horizontalHeader() if isinstance(widget, QTableView) else widget.header()
            if header.isVisibleTo(top):
                seen += [Seen(f"{name} header", header_text(header, c)) for c in range(header.count())]
    return [s for s in seen if s.text.strip()]


def header_text(header: QHeaderView, section: int) -> str:
    return str(header.model().headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole) or "")


def demo_strings() -> set[str]:
    """Every text of the demo coalition (titles, names, descriptions): data, not interface."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(json.loads(resource_path("demo", "coalition.json").read_text(encoding="utf-8")))
    for line in resource_path("demo", "needs_offers.csv").read_text(encoding="utf-8").splitlines():
        found.update(cell.strip() for cell in line.split(",") if cell.strip())
    return found
