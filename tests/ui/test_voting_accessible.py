"""A screen reader can use the voting window: every focusable widget has a name; the heat map speaks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QWidget

from stratplan.app import StratPlanApp
from stratplan.core.services import ballot_preview, proposals
from stratplan.core.services.round_preview import close_preview
from stratplan.ui.main_window import MainWindow
from stratplan.ui.settings import Settings
from stratplan.ui.voting.close_preview import CloseRoundDialog
from stratplan.ui.voting.import_preview import BallotImportDialog
from stratplan.ui.voting.new_round import NewRoundDialog
from stratplan.ui.voting.window import VotingWindow


def unnamed(top: QWidget) -> list[str]:
    """The focusable widgets on show in `top` whose accessible name is empty."""
    found = []
    for widget in top.findChildren(QWidget):
        if widget.window() is not top or not widget.isVisibleTo(top):
            continue
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        face = QAccessible.queryAccessibleInterface(widget)
        if face is None or not face.text(QAccessible.Text.Name).strip():
            found.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return found


@pytest.fixture
def voting(qapp: QApplication, settings: Settings, shown_errors: list[str], tmp_path: Path) -> Iterator[VotingWindow]:
    app = StratPlanApp(qapp, settings)
    assert app.open(tmp_path / "demo.sqlite", demo_if_empty=True)
    main = app.window
    assert isinstance(main, MainWindow)
    main.show()
    main.show_voting()
    assert main.voting is not None
    yield main.voting
    main.close()
    if app.workspace is not None:
        app.workspace.close()


def test_every_focusable_widget_of_the_voting_window_has_a_name(voting: VotingWindow) -> None:
    problems = []
    for row in range(voting.round_model.rowCount()):
        voting.rounds_view.selectRow(row)
        for tab in range(voting.tabs.count()):
            voting.tabs.setCurrentIndex(tab)
            QApplication.processEvents()
            problems += [f"round {row}, tab {tab}: {w}" for w in unnamed(voting)]
    assert problems == []


def test_the_voting_dialogs_name_their_widgets(voting: VotingWindow) -> None:
    with voting.ws.store.transaction() as s:
        candidates = proposals.list_proposals(s)
        open_round = next(r for r in voting.round_model.rows() if r.status == "open")
        closing = close_preview(s, round_id=open_round.id)
        sheet = "organisation,weight,P1,P2,P3,P4,P5,P6\nAUBE,1,4,4,4,4,4,4\nNOPE,1,1,,,,,\n"
        read = ballot_preview.preview_ballot_import(s, round_id=open_round.id, data=sheet.encode())
    dialogs = [NewRoundDialog(candidates, set(), voting), CloseRoundDialog(closing, voting),
               BallotImportDialog(read, "sheet.csv", {}, voting)]
    for dialog in dialogs:
        dialog.show()
        QApplication.processEvents()
        assert unnamed(dialog) == [], type(dialog).__name__
        dialog.close()


def test_heat_map_cells_speak_their_values(voting: VotingWindow) -> None:
    row = next(i for i, r in enumerate(voting.round_model.rows()) if r.method == "ranking")
    voting.rounds_view.selectRow(row)
    model = voting.pairwise_model
    size = model.rowCount()
    assert size == 5
    for x in range(size):
        for y in range(size):
            cell = model.index(x, y)
            if x == y:
                continue
            text = cell.data(Qt.ItemDataRole.AccessibleTextRole)
            assert text and " against " in text and "placed above" in text or "tied" in text
            assert str(cell.data()).split(" ")[0] in ("▲", "▼", "=")  # a mark, not the colour alone
