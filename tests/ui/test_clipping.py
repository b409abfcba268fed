"""Layouts that survive long words: in every language, labels, buttons and header sections fit their text.

Every window of the demo is shown at the size it opens with; a one-line label or a button whose
text is wider (QFontMetrics.horizontalAdvance) than the room the layout gave it is clipped, and
so is a header section narrower than its title. Lithuanian and Spanish are usually the longest.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QHeaderView,
    QLabel,
    QPushButton,
    QWidget,
)

from stratplan.app import StratPlanApp
from stratplan.ui.i18n import install_language
from stratplan.ui.settings import Settings
from tests.ui.windows_in_language import header_text, open_every_window

T = TypeVar("T", bound=QWidget)
# Room a header section needs beside its title: the sort indicator and the section's margins.
HEADER_PADDING = 8


def longest_line(widget: QWidget, text: str) -> int:
    metrics = QFontMetrics(widget.font())
    return max(metrics.horizontalAdvance(line) for line in text.replace("&&", "\0").replace("&", "")
               .replace("\0", "&").splitlines() or [""])


def rich(text: str) -> bool:
    return "<" in text and ">" in text


def own(top: QWidget, kind: type[T]) -> list[T]:
    """The widgets of `kind` in `top` itself, not in the tool windows it is the parent of."""
    return [w for w in top.findChildren(kind) if w.window() is top and w.isVisibleTo(top)]


def clipped_labels(top: QWidget) -> list[str]:
    found = []
    for label in own(top, QLabel):
        text = label.text()
        if (not label.isVisibleTo(top) or not text or label.wordWrap() or rich(text)
                or label.pixmap() is not None and not label.pixmap().isNull()):
            continue
        if longest_line(label, text) > label.contentsRect().width():
            found.append(f"label {text!r}: {longest_line(label, text)} > {label.contentsRect().width()} px")
    return found


def clipped_buttons(top: QWidget) -> list[str]:
    found = []
    for button in own(top, QAbstractButton):
        if not button.isVisibleTo(top) or not button.text() or not isinstance(button, QPushButton):
            continue
        # A push button draws its text inside its frame's margins: its size hint is what it needs.
        if button.width() < button.sizeHint().width() and longest_line(button, button.text()) > button.width():
            found.append(f"button {button.text()!r}: {button.width()} < {button.sizeHint().width()} px")
    return found


def clipped_headers(top: QWidget) -> list[str]:
    found = []
    for header in own(top, QHeaderView):
        if not header.isVisibleTo(top) or header.orientation() != Qt.Orientation.Horizontal:
            continue
        for section in range(header.count()):
            if header.isSectionHidden(section):
                continue
            text = header_text(header, section)
            need = longest_line(header, text) + HEADER_PADDING
            if text and header.sectionSize(section) < need:
                found.append(f"header {text!r}: {header.sectionSize(section)} < {need} px")
    return found


@pytest.fixture
def shell(qapp: QApplication, settings: Settings, shown_errors: list[str]) -> Iterator[StratPlanApp]:
    app = StratPlanApp(qapp, settings)
    yield app
    install_language(qapp, "en")


@pytest.mark.qt_log_ignore("propagateSizeHints", "raise()")
@pytest.mark.parametrize("language", ["en", "lt", "fr", "es"])
def test_no_label_button_or_header_is_clipped(language: str, shell: StratPlanApp, qapp: QApplication,
                                              tmp_path: Path) -> None:
    install_language(qapp, language)
    shell.settings.language = language
    windows = open_every_window(shell, qapp, tmp_path / "demo.sqlite")
    try:
        assert len(windows) >= 5
        problems = [f"{type(top).__name__}: {p}" for top in windows
                    for p in clipped_labels(top) + clipped_buttons(top) + clipped_headers(top)]
    finally:
        for top in windows:
            top.close()
        if shell.workspace is not None:
            shell.workspace.close()
    assert problems == [], f"{language}: {len(problems)} clipped, e.g. " + "; ".join(problems[:12])


def test_a_clipped_label_is_seen(qtbot: object) -> None:
    """The measure itself: a label too narrow for its text is reported, a wide one is not."""
    top = QWidget()
    narrow, wide = QLabel("Pasiūlymų pateikimo terminas", top), QLabel("Terminas", top)
    narrow.setGeometry(0, 0, 30, 20)
    wide.setGeometry(0, 30, 300, 20)
    top.show()
    assert clipped_labels(top) == [f"label 'Pasiūlymų pateikimo terminas': "
                                   f"{longest_line(narrow, narrow.text())} > 30 px"]
    top.close()
