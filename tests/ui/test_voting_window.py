"""The voting window: open a round, cast our ballot, import paper ballots, close, see results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from stratplan.core.services import coalition, proposals, rounds
from stratplan.core.workspace import Workspace
from stratplan.ui.main_window import MainWindow
from stratplan.ui.voting.close_preview import CloseRoundDialog
from stratplan.ui.voting.import_preview import BallotImportDialog
from stratplan.ui.voting.models import (
    BallotTableModel,
    PairwiseModel,
    RoundListModel,
    ScoreTableModel,
)
from stratplan.ui.voting.new_round import NewRoundDialog
from stratplan.ui.voting.questions import EmptyBallotQuestion
from stratplan.ui.voting.window import VotingWindow


@pytest.fixture
def voting(window: MainWindow, small_workspace: Workspace, qtbot: QtBot) -> VotingWindow:
    with small_workspace.store.transaction() as s:
        for code in ("AUBE", "NORD"):
            coalition.add_organisation(s, writer=small_workspace.writer, name=code, code=code, country="FR",
                                       language="fr")
    window.show_voting()
    assert window.voting is not None
    return window.voting


def open_round(voting: VotingWindow, monkeypatch: pytest.MonkeyPatch, method: str, live: bool = False) -> list[str]:
    with voting.ws.store.transaction() as s:
        pids = [p.id for p in proposals.list_proposals(s)]
    monkeypatch.setattr(NewRoundDialog, "ask", classmethod(lambda cls, parent, candidates, pre: {
        "title": f"Paris {method}", "method": method, "proposal_ids": pids, "threshold": "2/3", "quorum": "1/2",
        "basis": "expressed", "closes": "2026-12-01", "live_results": live}))
    # Previews and questions say yes here; tests/ui/test_voting_journey.py reads what they show.
    for dialog in (BallotImportDialog, CloseRoundDialog, EmptyBallotQuestion):
        monkeypatch.setattr(dialog, "ask", classmethod(lambda cls, *args: True))
    voting.new_round()
    return pids


def test_an_approval_round_from_opening_to_results(voting: VotingWindow, monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path, window: MainWindow) -> None:
    pids = open_round(voting, monkeypatch, "approval")
    assert voting.round_model.rowCount() == 1 and "0 of 3 organisations have voted" in voting.info.text()
    for row in range(3):  # our organisation says yes to everything
        combo = voting.form.combo(row)
        combo.setCurrentIndex(combo.findData("yes"))
    voting.cast_button.click()
    assert "1 of 3" in voting.info.text()
    sheet = tmp_path / "paper.csv"
    voting.export_file(sheet)
    text = sheet.read_text(encoding="utf-8").replace("AUBE,1,,,", "AUBE,1,yes,yes,no").replace(
        "NORD,1,,,", "NORD,1,no,yes,no")
    sheet.write_text(text, encoding="utf-8")
    voting.import_file(sheet)
    assert "3 of 3" in voting.info.text()
    assert voting.ballot_model.rowCount() == 3
    voting.close_round()
    # P1: 2 yes of 3 (meets 2/3), P2: 3 of 3, P3: 1 of 3
    assert [bar[2] for bar in voting.chart.bars] == [True, True, False]
    table = voting.results.approval_model
    assert [table.index(r, 1).data() for r in range(3)] == ["✓ Adopted", "✓ Adopted", "✗ Not adopted"]
    assert table.index(1, 2).data() == "3 of 3 (100%)"
    with voting.ws.store.transaction() as s:
        statuses = {p.id: p.status for p in proposals.list_proposals(s)}
    assert statuses[pids[0]] == "adopted"  # the main window's list shows it too after the refresh
    assert any(window.list_model.proposal_at(r).status == "adopted"  # type: ignore[union-attr]
               for r in range(window.list_model.rowCount()))


def test_a_ranking_round_shows_the_matrix(voting: VotingWindow, monkeypatch: pytest.MonkeyPatch,
                                          qtmodeltester: Any) -> None:
    open_round(voting, monkeypatch, "ranking", live=True)
    for row, place in enumerate((2, 1, 3)):
        combo = voting.form.combo(row)
        combo.setCurrentIndex(combo.findData(place))
    voting.cast_button.click()
    assert voting.pairwise_model.rowCount() == 3
    qtmodeltester.check(voting.pairwise_model)
    assert "Order (Schulze): P2" in voting.explanation.text()
    assert "Why P2" in voting.explanation.text()


def test_a_score_round_and_refusing_a_bad_import(voting: VotingWindow, monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path, shown_errors: list[str], qtmodeltester: Any) -> None:
    open_round(voting, monkeypatch, "score", live=True)
    combo = voting.form.combo(0)
    combo.setCurrentIndex(combo.findData(4))
    voting.cast_button.click()
    qtmodeltester.check(voting.score_model)
    assert voting.score_model.index(0, 5).data() == 1  # one organisation gave grade 4
    bad = tmp_path / "bad.csv"
    bad.write_text("organisation,weight,P1,P2,P3\nAUBE,1,7,,\n", encoding="utf-8")
    previews: list[Any] = []
    monkeypatch.setattr(BallotImportDialog, "ask", classmethod(lambda cls, parent, preview, *a: previews.append(
        preview) or True))
    voting.import_file(bad)
    assert [str(r.reason) for r in previews[0].rows] == ["line 2: the score 7 is outside 0 to 5"]
    with voting.ws.store.transaction() as s:
        assert len(rounds.ballots(s, round_id=voting.current.id)) == 1  # type: ignore[union-attr]


def test_voting_models_pass_the_model_tester(voting: VotingWindow, monkeypatch: pytest.MonkeyPatch,
                                             qtmodeltester: Any) -> None:
    open_round(voting, monkeypatch, "approval")
    voting.cast_button.click()
    for model in (voting.round_model, voting.ballot_model):
        qtmodeltester.check(model)
    for empty in (RoundListModel(), BallotTableModel(), PairwiseModel(), ScoreTableModel()):
        qtmodeltester.check(empty)


def test_results_export_as_word_and_csv(voting: VotingWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                        shown_errors: list[str]) -> None:
    from docx import Document

    open_round(voting, monkeypatch, "approval", live=True)
    voting.cast_button.click()
    voting.export_results_file(tmp_path / "annex.docx")
    doc = Document(str(tmp_path / "annex.docx"))
    assert doc.paragraphs[0].text == "Voting results: Paris approval"
    voting.export_results_file(tmp_path / "results.csv")
    assert (tmp_path / "results.csv").read_text(encoding="utf-8").startswith("place,proposal,yes")
    voting.export_results_file(tmp_path / "missing-folder" / "x.csv")
    assert shown_errors and "Cannot write" in shown_errors[-1]
