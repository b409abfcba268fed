"""The progress window's Export menu writes our report, the coalition's report and the donors' workbook.

Each export is chosen from the real menu; the save dialog is answered at its ask() seam.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from stratplan.core.services import progress
from stratplan.core.workspace import Workspace
from stratplan.ui.main_window import MainWindow
from stratplan.ui.progress.window import ProgressWindow
from stratplan.ui.voting.questions import SaveFile
from tests.ui.test_progress_window import TRAINED, plan, win  # noqa: F401 - the window's fixtures

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _answer(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> list[tuple[Any, ...]]:
    asked: list[tuple[Any, ...]] = []
    answers = list(paths)

    def ask(cls: type, parent: Any, title: str, suggested: str, filters: str) -> Path | None:
        asked.append((title, suggested, filters))
        return answers.pop(0) if answers else None
    monkeypatch.setattr(SaveFile, "ask", classmethod(ask))
    return asked


def _menu_action(window: ProgressWindow, text: str) -> Any:
    for menu_action in window.menuBar().actions():
        for item in menu_action.menu().actions():
            if item.text() == text:
                return item
    raise AssertionError(f"no menu item {text!r}")


def _report(ws: Workspace, plan: dict[str, str]) -> None:  # noqa: F811
    with ws.store.transaction() as s:
        progress.report(s, writer=ws.writer, plan_id=plan["plan"], point_id=plan["first"], period=plan["now"],
                        status="on_track", narrative="Du mokymai įvyko.",
                        values=[{"indicator": TRAINED, "value": "12", "unit": "people",
                                 "date": progress.get_period(s, plan["now"]).start, "source": "Registras"}])


def test_the_export_menu_writes_three_files(win: ProgressWindow, plan: dict[str, str],  # noqa: F811
                                            small_workspace: Workspace, tmp_path: Path, qtbot: QtBot,
                                            monkeypatch: pytest.MonkeyPatch, shown_errors: list[str]) -> None:
    _report(small_workspace, plan)
    win.reload()
    ours, coalition, values = tmp_path / "ours.docx", tmp_path / "coalition.docx", tmp_path / "values"
    asked = _answer(monkeypatch, ours, coalition, values)
    _menu_action(win, "&Our progress report...").trigger()
    qtbot.waitUntil(ours.exists, timeout=30_000)
    text = "\n".join(p.text for p in Document(str(ours)).paragraphs)
    assert "Du mokymai įvyko." in text and "Status: On track" in text
    _menu_action(win, "The &coalition's progress report...").trigger()
    qtbot.waitUntil(coalition.exists, timeout=60_000)
    doc = Document(str(coalition))
    assert "Coalition progress report: This half" in "\n".join(p.text for p in doc.paragraphs)
    assert len(doc.inline_shapes) >= 2  # the overview's charts
    _menu_action(win, "&Values for donors (.xlsx)...").trigger()
    written = tmp_path / "values.xlsx"  # the extension is added when it is missing
    qtbot.waitUntil(written.exists, timeout=30_000)
    rows = list(load_workbook(written)["Values"].iter_rows(values_only=True))
    assert [(r[7], r[8]) for r in rows[1:]] == [(TRAINED, 12)]
    assert "Saved 1 values from 1 reports" in win.statusBar().currentMessage()
    assert [a[1] for a in asked] == ["progress-report.docx", "coalition-progress-report.docx", "progress-values.xlsx"]
    assert shown_errors == []


def test_cancelling_the_save_dialog_writes_nothing(win: ProgressWindow, tmp_path: Path,  # noqa: F811
                                                  monkeypatch: pytest.MonkeyPatch, shown_errors: list[str]) -> None:
    before = set(tmp_path.rglob("*"))
    asked = _answer(monkeypatch)  # every dialog cancelled
    for text in ("&Our progress report...", "The &coalition's progress report...", "&Values for donors (.xlsx)..."):
        _menu_action(win, text).trigger()
    assert len(asked) == 3
    assert {p for p in set(tmp_path.rglob("*")) - before if not p.name.startswith("store.sqlite")} == set()
    assert shown_errors == []


def test_without_a_local_plan_the_window_says_how_to_start_one(
        window: MainWindow, small_workspace: Workspace, tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch, shown_errors: list[str]) -> None:
    with small_workspace.store.transaction() as s:
        progress.set_period(s, writer=small_workspace.writer, name="2027 H1", start="2027-01-01", end="2027-06-30")
    from tests.ui.journey import action

    action(window, "Pro&gress reports...").trigger()
    shown = window.progress
    assert isinstance(shown, ProgressWindow)
    _answer(monkeypatch, tmp_path / "ours.docx")
    _menu_action(shown, "&Our progress report...").trigger()
    qtbot.waitUntil(lambda: bool(shown_errors), timeout=30_000)
    assert "no local plan yet" in shown_errors[0] and not (tmp_path / "ours.docx").exists()
