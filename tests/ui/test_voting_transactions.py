"""The voting window on the shared runner: one transaction per action, rows updated, not reset."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from stratplan.core.services import coalition, proposals, rounds
from stratplan.core.workspace import Workspace
from stratplan.ui.main_window import MainWindow
from stratplan.ui.runner import ActionRunner
from stratplan.ui.voting.close_preview import CloseRoundDialog
from stratplan.ui.voting.import_preview import BallotImportDialog
from stratplan.ui.voting.new_round import NewRound, NewRoundDialog
from stratplan.ui.voting.window import VotingWindow
from tests.ui.transactions import Begins, begins, watch_resets

__all__ = ["begins"]  # the fixture, imported so pytest finds it here


@pytest.fixture
def voting(window: MainWindow, small_workspace: Workspace) -> VotingWindow:
    with small_workspace.store.transaction() as s:
        for code in ("AUBE", "NORD"):
            coalition.add_organisation(s, writer=small_workspace.writer, name=code, code=code, country="FR",
                                       language="fr")
    window.show_voting()
    assert window.voting is not None
    return window.voting


def answer_new_round(monkeypatch: pytest.MonkeyPatch, ws: Workspace, title: str, method: str,
                     begins: Begins | None = None, seen: list[int] | None = None) -> None:
    with ws.store.transaction() as s:
        pids = [p.id for p in proposals.list_proposals(s)]

    def ask(cls: type[NewRoundDialog], parent: object, candidates: object, pre: object) -> NewRound:
        if begins is not None and seen is not None:
            seen.append(begins.count)  # transactions so far: the one that filled the dialog
        return NewRound(title=title, method=method, proposal_ids=pids, threshold="2/3", quorum="1/2",
                        basis="expressed", closes="", live_results=True)

    monkeypatch.setattr(NewRoundDialog, "ask", classmethod(ask))


def click_row(qtbot: QtBot, view: QTableView, row: int) -> None:
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def org_id(ws: Workspace, code: str) -> str:
    with ws.store.transaction() as s:
        return next(o.id for o in coalition.list_organisations(s) if o.code == code)


def test_each_voting_action_is_one_transaction(voting: VotingWindow, begins: Begins, qtbot: QtBot,
                                               monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                               window: MainWindow) -> None:
    ws = voting.ws
    seen: list[int] = []
    answer_new_round(monkeypatch, ws, "Older round", "approval", begins, seen)
    start = begins.count
    qtbot.mouseClick(voting.new_button, Qt.MouseButton.LeftButton)
    # Pressing "New round..." reads the candidates (one); pressing OK opens and shows it (one).
    assert seen[-1] - start == 1 and begins.count - seen[-1] == 1
    answer_new_round(monkeypatch, ws, "Paris approval", "approval")
    assert begins.during(lambda: qtbot.mouseClick(voting.new_button, Qt.MouseButton.LeftButton)) == 2
    assert voting.round_model.rowCount() == 2 and voting.current is not None
    assert voting.current.title == "Paris approval"  # the new round is selected
    assert begins.during(lambda: click_row(qtbot, voting.rounds_view, 1)) == 1
    assert voting.current.title == "Older round"
    assert begins.during(lambda: click_row(qtbot, voting.rounds_view, 0)) == 1

    resets = watch_resets(voting.round_model, voting.ballot_model, voting.pairwise_model, voting.score_model)
    for row in range(3):
        combo = voting.form.combo(row)
        combo.setCurrentIndex(combo.findData("yes"))
    assert begins.during(lambda: qtbot.mouseClick(voting.cast_button, Qt.MouseButton.LeftButton)) == 1
    assert voting.round_model.index(0, 3).data() == "1 / 3"  # the round's row shows the ballot
    assert voting.round_model.index(1, 3).data() == "0 / 3"
    assert voting.ballot_model.rowCount() == 1 and voting.ballot_model.index(0, 2).data() == "current ballot"
    assert "1 of 3 organisations have voted" in voting.info.text()
    assert [bar[1] for bar in voting.chart.bars] == [1, 1, 1]

    sheet = tmp_path / "paper.csv"
    assert begins.during(lambda: voting.export_file(sheet)) == 1
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("AUBE,1,,,", "AUBE,1,yes,no,no"), encoding="utf-8")
    monkeypatch.setattr(BallotImportDialog, "ask", classmethod(lambda cls, *args: True))
    # The preview is one read, recording what it showed is one step.
    assert begins.during(lambda: voting.import_file(sheet)) == 2
    assert voting.round_model.index(0, 3).data() == "2 / 3" and voting.ballot_model.rowCount() == 2
    assert begins.during(lambda: voting.export_results_file(tmp_path / "results.csv")) == 1
    monkeypatch.setattr(CloseRoundDialog, "ask", classmethod(lambda cls, *args: True))
    # Who voted and who did not is one read; closing is one step.
    assert begins.during(lambda: qtbot.mouseClick(voting.close_button, Qt.MouseButton.LeftButton)) == 2
    assert voting.round_model.index(0, 2).data() == "Closed" and not voting.cast_button.isEnabled()
    assert voting.tabs.currentIndex() == 1
    assert resets == []  # casting, importing and closing updated rows; nothing was reset
    assert voting.rounds_view.currentIndex().row() == 0  # the round stays selected
    # Closing adopted P1 (yes from both who voted): the main window's list follows from Changes.
    listed = [window.list_model.proposal_at(r) for r in range(window.list_model.rowCount())]
    assert sum(1 for p in listed if p is not None and p.status == "adopted") == 1


def test_a_ballot_from_elsewhere_updates_its_row_and_keeps_the_selection(
        voting: VotingWindow, monkeypatch: pytest.MonkeyPatch, begins: Begins, qtbot: QtBot) -> None:
    ws = voting.ws
    answer_new_round(monkeypatch, ws, "First", "score")
    voting.new_round()
    answer_new_round(monkeypatch, ws, "Second", "score")
    voting.new_round()
    click_row(qtbot, voting.rounds_view, 1)  # the user looks at the older round and starts grading
    first = voting.current
    assert first is not None and first.title == "First"
    combo = voting.form.combo(0)
    combo.setCurrentIndex(combo.findData(3))
    aube = org_id(ws, "AUBE")
    resets = watch_resets(voting.round_model, voting.ballot_model, voting.score_model)
    inserted: list[int] = []
    voting.ballot_model.rowsInserted.connect(lambda _p, a, _b: inserted.append(a))
    # The convener enters AUBE's paper ballot from somewhere else (another window, the same runner).
    count = begins.during(lambda: voting.runner.run(None, lambda s, w: rounds.cast_ballot(
        s, writer=w, round_id=first.id, choices={first.proposals[1].id: 5}, on_behalf_of=aube)))
    assert count == 1
    assert voting.round_model.index(1, 3).data() == "1 / 3" and voting.round_model.index(0, 3).data() == "0 / 3"
    assert voting.rounds_view.currentIndex().row() == 1 and voting.current.id == first.id
    assert inserted == [0] and voting.ballot_model.index(0, 0).data() == "AUBE"
    assert voting.score_model.index(1, 6).data() == 1  # one grade 5 for the second point
    assert voting.form.combo(0).currentData() == 3  # what the user was choosing is still there
    assert resets == []


def test_a_round_opened_elsewhere_is_inserted_above(voting: VotingWindow, monkeypatch: pytest.MonkeyPatch,
                                                   begins: Begins) -> None:
    answer_new_round(monkeypatch, voting.ws, "First", "approval")
    voting.new_round()
    resets = watch_resets(voting.round_model)
    inserted: list[int] = []
    voting.round_model.rowsInserted.connect(lambda _p, a, _b: inserted.append(a))
    with voting.ws.store.transaction() as s:
        pids = [p.id for p in proposals.list_proposals(s)]
    assert begins.during(lambda: voting.runner.run(None, lambda s, w: rounds.open_round(
        s, writer=w, title="From the main window", method="ranking", proposal_ids=pids))) == 1
    assert inserted == [0] and resets == []
    assert voting.round_model.index(0, 0).data() == "From the main window"
    assert voting.current is not None and voting.current.title == "First"  # still the one shown
    assert voting.rounds_view.currentIndex().row() == 1


def test_a_window_of_its_own_runner(qtbot: QtBot, small_workspace: Workspace, begins: Begins,
                                    shown_errors: list[str]) -> None:
    runner = ActionRunner(small_workspace)
    voting = VotingWindow(runner, language="lt")
    qtbot.addWidget(voting)
    assert begins.count == 1  # opening: every round and the first one's count in one read
    assert "No voting round yet" in voting.info.text() and not voting.cast_button.isEnabled()
    assert voting in runner._listeners  # noqa: SLF001 - the window follows the runner's changes
