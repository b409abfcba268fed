"""Helpers for journey tests: find the real actions and buttons a user would press."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QWidget
from pytestqt.qtbot import QtBot


def plain(text: str) -> str:
    """A label as read: without accelerator marks and trailing dots."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".…").strip()


def action(window: QWidget, text: str) -> QAction:
    """The one action of the window (its menus included) whose text reads `text`."""
    found = [a for a in window.findChildren(QAction) if plain(a.text()) == plain(text)]
    assert len(found) == 1, (text, [a.text() for a in window.findChildren(QAction)])
    return found[0]


def button(window: QWidget, text: str) -> QAbstractButton:
    """The one visible button of the window whose text reads `text`."""
    found = [b for b in window.findChildren(QAbstractButton) if plain(b.text()) == plain(text) and b.isVisible()]
    assert len(found) == 1, (text, [b.text() for b in window.findChildren(QAbstractButton) if b.isVisible()])
    return found[0]


def click(qtbot: QtBot, window: QWidget, text: str) -> None:
    """Press the button as a user does (enabled and visible, or the test fails)."""
    target = button(window, text)
    assert target.isEnabled(), text
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
