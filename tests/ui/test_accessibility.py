"""What a screen reader announces: every focusable widget of every window has a name.

The name is asked of Qt's accessibility layer (QAccessible), as a screen reader asks it: a
button's text, a field's buddy label, a form row's label or an explicit accessible name all
count; a list, table or edit box reached by Tab with none of those is announced as nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from stratplan.app import StratPlanApp
from stratplan.ui.i18n import install_language
from stratplan.ui.settings import Settings
from tests.ui.windows_in_language import every_tab, open_every_window


@pytest.fixture
def shell(qapp: QApplication, settings: Settings, shown_errors: list[str]) -> Iterator[StratPlanApp]:
    app = StratPlanApp(qapp, settings)
    yield app
    install_language(qapp, "en")


def spoken_name(widget: QWidget) -> str:
    face = QAccessible.queryAccessibleInterface(widget)
    return face.text(QAccessible.Text.Name).strip() if face is not None else ""


def unnamed(top: QWidget) -> set[str]:
    """Focusable widgets on show (on any tab page) that a screen reader cannot name."""
    missing: set[str] = set()
    for _page in every_tab(top):
        for widget in top.findChildren(QWidget):
            if widget.window() is not top or not widget.isVisibleTo(top):
                continue
            if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isEnabled():
                continue
            # A combo box's or spin box's own line edit is announced through its owner.
            if isinstance(widget, QLineEdit) and widget.parent() is not None and \
                    type(widget.parent()).__name__ in {"QComboBox", "QSpinBox", "QDateEdit", "QDoubleSpinBox"}:
                continue
            # Containers: the screen reader announces their tabs and contents, not the frame.
            if type(widget).__name__ in {"QScrollBar", "QHeaderView", "QSplitterHandle", "QTabWidget",
                                         "QScrollArea"}:
                continue
            if not spoken_name(widget):
                missing.add(f"{type(top).__name__}: {type(widget).__name__} {attribute_name(widget)}"
                            f" near {neighbour_text(widget)!r}")
    return missing


def attribute_name(widget: QWidget) -> str:
    """The attribute that holds the widget in one of its parents (`editor.body`), to find it in the code."""
    parent = widget.parentWidget()
    while parent is not None:
        for name, value in vars(parent).items():
            if value is widget:
                return f"{type(parent).__name__}.{name}"
        parent = parent.parentWidget()
    return widget.objectName()


def neighbour_text(widget: QWidget) -> str:
    """Something to find the widget by in a failure message."""
    parent = widget.parentWidget()
    while parent is not None:
        for child in parent.findChildren(QWidget):
            text = getattr(child, "text", None)
            if callable(text) and isinstance(text(), str) and text().strip():
                return str(text())[:40]
        parent = parent.parentWidget()
    return ""


@pytest.mark.qt_log_ignore("propagateSizeHints", "raise()")
def test_every_focusable_widget_has_a_name(shell: StratPlanApp, qapp: QApplication, tmp_path: Path) -> None:
    windows = open_every_window(shell, qapp, tmp_path / "demo.sqlite")
    assert len(windows) >= 5
    missing: set[str] = set()
    for top in windows:
        missing |= unnamed(top)
    assert sorted(missing) == [], "\n".join(sorted(missing))


def test_the_check_finds_an_unnamed_field(qtbot: object) -> None:
    from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout

    top = QWidget()
    layout = QVBoxLayout(top)
    layout.addWidget(QLabel("Notes"))
    layout.addWidget(QPlainTextEdit())
    named = QPlainTextEdit()
    named.setAccessibleName("Comments")
    layout.addWidget(named)
    top.show()
    assert [m.split(" near")[0] for m in unnamed(top)] == ["QWidget: QPlainTextEdit "]
    top.close()
