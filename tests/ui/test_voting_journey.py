"""A whole voting round as a convener does it, on the demo, through the real menu, buttons and keys.

Dialogs are answered through their `ask()` seams; the previews are built for real inside the
seam, so what they would show is read and checked before the answer is given.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QTableView
from pytestqt.qtbot import QtBot

from stratplan.app import StratPlanApp
from stratplan.core.services import ballot_preview as bp
from stratplan.core.services import proposals, rounds
from stratplan.ui.main_window import MainWindow
from stratplan.ui.settings import Settings
from stratplan.ui.voting.close_preview import CloseRoundDialog
from stratplan.ui.voting.import_preview import BallotImportDialog
from stratplan.ui.voting.new_round import NewRound, NewRoundDialog
from stratplan.ui.voting.questions import EmptyBallotQuestion, OpenFile, SaveFile
from stratplan.ui.voting.window import VotingWindow

TITLE = "Plenary: the advocacy shortlist"


@pytest.fixture
def main(qapp: QApplication, settings: Settings, shown_errors: list[str], tmp_path: Path) -> Iterator[MainWindow]:
    app = StratPlanApp(qapp, settings)
    assert app.open(tmp_path / "demo.sqlite", demo_if_empty=True)
    assert app.window is not None
    app.window.show()
    yield app.window
    app.window.close()
    if app.workspace is not None:
        app.workspace.close()


def menu_action(window: MainWindow, text: str) -> QAction:
    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            for action in menu.actions():
                if action.text().replace("&", "") == text:
                    return action
    raise AssertionError(f"no menu action {text!r}")


def open_voting(main: MainWindow) -> VotingWindow:
    menu_action(main, "Voting rounds...").trigger()
    assert isinstance(main.voting, VotingWindow) and main.voting.isVisible()
    return main.voting


def click(qtbot: QtBot, button: Any) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_cell(qtbot: QtBot, view: QTableView, row: int, column: int) -> None:
    rect = view.visualRect(view.model().index(row, column))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def table_texts(view: QTableView, column: int) -> list[str]:
    model = view.model()
    return [str(model.index(r, column).data()) for r in range(model.rowCount())]


def answer(monkeypatch: pytest.MonkeyPatch, cls: type, reply: Any, seen: list[Any] | None = None) -> None:
    """`cls.ask` gives `reply` (a value, or a function of the arguments); calls are kept in `seen`."""
    def ask(_cls: type, *args: Any) -> Any:
        if seen is not None:
            seen.append(args)
        return reply(_cls, *args) if callable(reply) else reply

    monkeypatch.setattr(cls, "ask", classmethod(ask))


def fill_sheet(path: Path, rows: dict[str, list[str]]) -> None:
    """Fill the rows of some organisations in an exported ballot sheet (the others stay as they are)."""
    lines = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    codes = {line[0] for line in lines}
    filled = [[line[0], line[1], *rows[line[0]]] if line[0] in rows else line for line in lines]
    filled += [[code, "", *cells] for code, cells in rows.items() if code not in codes]
    out = io.StringIO()
    csv.writer(out).writerows(filled)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_the_demo_opens_on_its_rounds_with_results_people_read(main: MainWindow, qtbot: QtBot) -> None:
    voting = open_voting(main)
    assert [voting.round_model.index(r, 2).data() for r in range(3)] == ["Open", "Closed", "Closed"]
    # The open round is sealed: turnout only, no figures.
    click_cell(qtbot, voting.rounds_view, 0, 0)
    voting.tabs.setCurrentIndex(1)
    assert "sealed until the round closes" in voting.results.status.text()
    # Seven ballots, and one organisation whose vote a delegate's ballot carries.
    assert "8 of 18 organisations have voted" in voting.info.text()
    roll_call = voting.roll_call_model
    assert [roll_call.index(r, 1).data() for r in range(roll_call.rowCount())].count("by delegation") == 1
    assert not voting.results.scores.isVisibleTo(voting) and not voting.results_button.isEnabled()
    # The closed approval round: marks and words, support as a count, the rules once at the top.
    click_cell(qtbot, voting.rounds_view, 2, 0)
    assert "at least 2/3 of those who expressed a view" in voting.info.text()
    assert "15 of 18 organisations have voted (83%)" in voting.info.text()
    table = voting.results.approval_table
    assert table_texts(table, 1) == ["✓ Adopted", "✗ Not adopted", "✗ Not adopted", "✓ Adopted", "✓ Adopted",
                                     "✗ Not adopted"]
    assert table_texts(table, 2)[:2] == ["14 of 15 (93%)", "9 of 15 (60%)"]
    header = table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(2) + 5, header.height() // 2))
    shares = table_texts(table, 2)
    assert shares != ["14 of 15 (93%)", "9 of 15 (60%)", "4 of 9 (44%)", "13 of 14 (93%)", "13 of 14 (93%)",
                      "3 of 12 (25%)"]  # sorted by support, as numbers
    assert sorted(shares, key=lambda s: int(s.split("(")[1].rstrip("%)"))) in (shares, shares[::-1])
    # The closed ranking round: no threshold in the rules; why for every place; cells explain on click.
    click_cell(qtbot, voting.rounds_view, 1, 0)
    assert "threshold" not in voting.info.text().lower() and "Schulze" in voting.info.text()
    why = [line for line in voting.explanation.text().splitlines() if line.startswith("Why ")]
    assert len(why) == 4  # five points: four adjacent pairs
    assert table_texts(voting.results.order_table, 0) == ["1", "2", "3", "4", "5"]
    click_cell(qtbot, voting.matrix, 0, 4)  # P1 against P5: a tie head to head, P5 ahead by a path
    assert voting.pairwise_model.index(0, 4).data().startswith("= 6")
    explained = voting.results.pair_label.text()
    assert "P1 against P5: 6 ranked P1 above P5; 6 ranked P5 above P1." in explained
    assert "Strongest path from P5 to P1: P5 → P4 → P1, strength 7." in explained
    assert explained.endswith("So P5 is placed above P1.")
    assert voting.pairwise_model.index(0, 4).data(Qt.ItemDataRole.AccessibleTextRole) == explained


def test_a_whole_round_from_opening_to_the_word_annex(main: MainWindow, qtbot: QtBot, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      shown_errors: list[str]) -> None:
    voting = open_voting(main)
    with voting.ws.store.transaction() as s:
        shortlist = [p.id for p in proposals.list_proposals(s) if p.status == "submitted"][:3]
    answer(monkeypatch, NewRoundDialog, NewRound(
        title=TITLE, method="approval", proposal_ids=shortlist, threshold="2/3", quorum="1/10",
        basis="expressed", closes="", live_results=False))
    click(qtbot, voting.new_button)
    assert voting.current is not None and voting.current.title == TITLE
    assert voting.round_model.rowCount() == 4 and "0 of 33 organisations have voted" in voting.info.text()

    # An empty ballot asks first; going back records nothing.
    asked: list[Any] = []
    answer(monkeypatch, EmptyBallotQuestion, False, asked)
    click(qtbot, voting.cast_button)
    assert len(asked) == 1 and "0 of 33" in voting.info.text()
    for row, word in enumerate(("Yes", "No", "Yes")):  # typed as a keyboard user chooses
        qtbot.keyClicks(voting.form.combo(row), word)
    click(qtbot, voting.cast_button)
    assert len(asked) == 1 and "1 of 33 organisations have voted" in voting.info.text()

    # The convener exports the blank sheet, which lists P1...Pn with their titles.
    sheet = tmp_path / "paper.csv"
    answer(monkeypatch, SaveFile, sheet)
    click(qtbot, voting.export_button)
    header = next(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8"))))
    titles = [p.title for p in voting.current.proposals]
    assert header == ["organisation", "weight", *(f"P{n} {t}" for n, t in enumerate(titles, start=1))]
    fill_sheet(sheet, {"AUBE": ["yes", "yes", "no"], "ORTIK": ["yes", "no", "no"], "NOPE": ["yes", "yes", "yes"]})

    # The preview says what each row will do; Cancel writes nothing.
    answer(monkeypatch, OpenFile, sheet)
    answer(monkeypatch, BallotImportDialog, False)
    click(qtbot, voting.import_button)
    assert "1 of 33" in voting.info.text()
    shown: list[dict[str, Any]] = []

    def look(cls: type[BallotImportDialog], parent: Any, preview: bp.ImportPreview, name: str,
             labels: dict[str, str]) -> bool:
        dialog = cls(preview, name, labels, parent)
        shown.append({"rows": {dialog.table.item(r, 1).text().split(" ")[0]: dialog.table.item(r, 2).text()
                               for r in range(dialog.table.rowCount())},
                      "record": dialog.record_button.text(), "summary": dialog.summary.text(),
                      "ballot": {dialog.table.item(r, 1).text().split(" ")[0]: dialog.table.item(r, 3).text()
                                 for r in range(dialog.table.rowCount())}})
        dialog.deleteLater()
        return True

    answer(monkeypatch, BallotImportDialog, look)
    click(qtbot, voting.import_button)
    first = shown[-1]
    assert first["rows"]["AUBE"] == first["rows"]["ORTIK"] == "✓ Will be recorded"
    assert first["rows"]["NOPE"] == "✗ Refused: NOPE is not in this round's electorate."
    assert first["rows"]["VEXC"] == "— Left empty: no ballot"  # our own ballot is not in the blank sheet
    assert first["ballot"]["AUBE"] == "P1 yes · P2 yes · P3 no"
    assert first["record"] == "&Record the ballots (2)"
    assert first["summary"] == "New ballots to record: 2. Rows left empty (no ballot): 31. Rows refused: 1."
    assert "3 of 33 organisations have voted" in voting.info.text()

    # A second sheet: AUBE changes its mind, ORTIK's row is the same, KLSHA is new.
    fill_sheet(sheet, {"AUBE": ["no", "yes", "no"], "KLSHA": ["yes", "yes", "abstain"]})
    click(qtbot, voting.import_button)
    second = shown[-1]["rows"]
    assert second["AUBE"] == "↻ Replaces the ballot recorded earlier"
    assert second["ORTIK"] == "= Same as the ballot already recorded"
    assert second["KLSHA"] == "✓ Will be recorded" and shown[-1]["record"] == "&Record the ballots (2)"
    assert "4 of 33 organisations have voted" in voting.info.text()
    voting.tabs.setCurrentIndex(1)
    assert "sealed" in voting.results.status.text()  # nobody sees the count of an open round

    # Closing shows who voted and who did not, and that it is final.
    preview: list[dict[str, Any]] = []

    def confirm(cls: type[CloseRoundDialog], parent: Any, data: Any) -> bool:
        dialog = cls(data, parent)
        preview.append({"voted": [dialog.voted_list.item(i).text() for i in range(dialog.voted_list.count())],
                        "missing": dialog.missing_list.count(), "turnout": dialog.turnout.text(),
                        "warning": dialog.warning.text()})
        dialog.deleteLater()
        return True

    answer(monkeypatch, CloseRoundDialog, confirm)
    click(qtbot, voting.close_button)
    seen = preview[-1]
    assert [line.split(" ")[0] for line in seen["voted"]] == ["AUBE", "KLSHA", "ORTIK", "VEXC"]
    assert "entered on its behalf" in seen["voted"][0] and "entered on its behalf" not in seen["voted"][3]
    assert seen["missing"] == 29
    assert seen["turnout"] == "Turnout: 4 of 33 organisations have voted (12%). Quorum 1/10 (4 needed): met."
    assert seen["warning"].startswith("Closing is final")
    assert voting.round_model.index(0, 2).data() == "Closed" and voting.tabs.currentIndex() == 1

    # P1: yes from VEXC, ORTIK, KLSHA, no from AUBE (3 of 4); P2: yes from AUBE and KLSHA (2 of 4);
    # P3: yes from VEXC, no from AUBE and ORTIK, KLSHA abstains (1 of 3).
    table = voting.results.approval_table
    assert table_texts(table, 1) == ["✓ Adopted", "✗ Not adopted", "✗ Not adopted"]
    assert table_texts(table, 2) == ["3 of 4 (75%)", "2 of 4 (50%)", "1 of 3 (33%)"]
    assert "Final result" in voting.results.status.text()

    annex = tmp_path / "annex.docx"
    answer(monkeypatch, SaveFile, annex)
    click(qtbot, voting.results_button)
    assert annex.exists() and str(annex) in voting.statusBar().currentMessage()
    doc = Document(str(annex))
    assert doc.paragraphs[0].text == f"Voting results: {TITLE}"
    rows = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert rows[0] == ["Proposal", "Yes", "No", "Abstain", "Support", "Result"]
    assert [r[-1] for r in rows[1:]] == ["adopted", "not adopted", "not adopted"]
    # The annex counts as the window does, never the reduced fractions "3/4" or "1/2".
    assert [r[4] for r in rows[1:]] == ["3\u00a0of\u00a04 (75%)", "2\u00a0of\u00a04 (50%)",
                                        "1\u00a0of\u00a03 (33%)"]
    assert doc.paragraphs[1].text.startswith("Method: approval. Threshold: ")
    assert doc.paragraphs[2].text.startswith("Turnout: 4\u00a0of\u00a0")
    assert rows[1][0] == titles[0]
    with voting.ws.store.transaction() as s:
        assert rounds.get_round(s, voting.current.id).status == "closed"
    assert shown_errors == []


def test_a_round_opened_with_live_results_shows_them_as_provisional(main: MainWindow, qtbot: QtBot,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    voting = open_voting(main)
    with voting.ws.store.transaction() as s:
        shortlist = [p.id for p in proposals.list_proposals(s) if p.status == "submitted"][:3]
    answer(monkeypatch, NewRoundDialog, NewRound(
        title="Straw poll", method="ranking", proposal_ids=shortlist, threshold="2/3", quorum="1/2",
        basis="expressed", closes="", live_results=True))
    click(qtbot, voting.new_button)
    for row, place in enumerate(("2", "1", "3")):
        qtbot.keyClicks(voting.form.combo(row), place)
    click(qtbot, voting.cast_button)
    voting.tabs.setCurrentIndex(1)
    assert voting.results.status.text().startswith("<b>Provisional:</b>")
    assert table_texts(voting.results.order_table, 1)[0].startswith("P2 ")
    assert voting.results_button.isEnabled()  # a provisional annex says "open (provisional)"
