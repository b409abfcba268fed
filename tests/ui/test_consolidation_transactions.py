"""The consolidation window on the shared runner: one transaction per action, lists kept, no reset."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QListWidget
from pytestqt.qtbot import QtBot

from stratplan.core.services import groups, proposals
from stratplan.core.workspace import Workspace
from stratplan.ui.consolidation.window import ConsolidationWindow
from stratplan.ui.main_window import MainWindow
from stratplan.ui.runner import ActionRunner
from tests.ui.consolidation_wait import found
from tests.ui.transactions import Begins, begins, watch_resets

__all__ = ["begins"]  # the fixture, imported so pytest finds it here

POLICE = ("Train police officers in every region to identify victims of trafficking early, with survivors "
          "as co-trainers, and refer them to specialised shelters within 24 hours.")
HOUSING = ("Open a network of exit programmes offering survivors safe housing for one year, vocational "
           "training with local employers and free legal counselling in their own language.")


@pytest.fixture
def pairs(small_workspace: Workspace) -> dict[str, str]:
    w = small_workspace.writer
    with small_workspace.store.transaction() as s:
        gid = groups.list_groups(s)[0].id
        made = {name: proposals.create_proposal(s, writer=w, group_id=gid, fields={"title": title, "body": body}).id
                for name, title, body in (
                    ("a", "Police training on identifying victims", POLICE),
                    ("b", "Training police to identify victims", POLICE.replace("every region", "each region")),
                    ("c", "Exit programmes with housing", HOUSING),
                    ("d", "Housing and jobs after exit", HOUSING.replace("one year", "twelve months")))}
    return made


def press(qtbot: QtBot, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_row(qtbot: QtBot, widget: QListWidget, row: int) -> None:
    item = widget.item(row)
    assert item is not None
    qtbot.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton, pos=widget.visualItemRect(item).center())


def row_of(win: ConsolidationWindow, *ids: str) -> int:
    return next(i for i, x in enumerate(win.suggestions) if set(ids) <= set(x.group.ids))


def test_each_action_is_one_transaction_and_resets_no_list(window: MainWindow, pairs: dict[str, str],
                                                          begins: Begins, qtbot: QtBot) -> None:
    def open_window() -> None:
        window.show_consolidation()
        assert window.consolidation is not None
        found(qtbot, window.consolidation)

    # One read for scopes, merges and reviews; one for the suggestions, in the finder's thread.
    assert begins.during(open_window) == 2
    win = window.consolidation
    assert win is not None and win.isVisible() and len(win.suggestions) >= 2
    resets = watch_resets(win.list.model(), win.merges.model())
    housing = row_of(win, pairs["c"], pairs["d"])
    assert begins.during(lambda: click_row(qtbot, win.list, housing)) == 1     # the chosen pair's first point
    chosen = win.current()
    assert chosen is not None and pairs["c"] in chosen.group.ids
    assert win.editor.title.text() == chosen.titles[chosen.group.ids[0]]
    assert begins.during(lambda: (press(qtbot, win.find_button), found(qtbot, win))) == 1
    assert win.list.currentRow() == row_of(win, pairs["c"], pairs["d"])      # still the pair being looked at
    win.target.setCurrentIndex(win.target.findData(pairs["c"]))              # one read: the target's fields
    win.source.setCurrentIndex(win.source.findData(pairs["d"]))              # no read: the texts are at hand
    win.field.setCurrentIndex(win.field.findData("title"))
    assert begins.during(lambda: press(qtbot, win.take_button)) == 1
    assert win.editor.title.text() == "Housing and jobs after exit"
    current = win.current()
    assert current is not None
    merged = len(current.group.ids) - 1
    assert begins.during(lambda: press(qtbot, win.merge_button)) == 1
    assert f"Merged {merged} proposals" in win.statusBar().currentMessage()
    assert win.merges.count() == 1 and "active" in win.merges.item(0).text()
    assert all(pairs["d"] not in x.group.ids for x in win.suggestions)
    shown = win.current()
    assert shown is not None and pairs["a"] in shown.group.ids                 # the next pair is shown
    assert window.list_model.row_of(pairs["c"]) >= 0
    with window.runner.workspace.store.transaction() as s:
        assert proposals.get_proposal(s, pairs["c"]).fields["title"] == "Housing and jobs after exit"
    click_row(qtbot, win.merges, 0)
    assert begins.during(lambda: press(qtbot, win.undo_button)) == 1
    assert "undone" in win.merges.item(0).text()
    assert any(pairs["d"] in x.group.ids for x in win.suggestions)            # suggested again
    assert begins.during(lambda: press(qtbot, win.undo_button)) == 0          # an undone merge: nothing to do
    assert resets == []


def test_a_refused_merge_is_one_try_and_a_message(window: MainWindow, pairs: dict[str, str], begins: Begins,
                                                  small_workspace: Workspace, shown_errors: list[str],
                                                  qtbot: QtBot) -> None:
    window.show_consolidation()
    win = window.consolidation
    assert win is not None
    found(qtbot, win)
    win.list.setCurrentRow(row_of(win, pairs["a"], pairs["b"]))
    win.target.setCurrentIndex(win.target.findData(pairs["a"]))
    with small_workspace.store.transaction() as s:   # meanwhile, the target was adopted
        proposals.revise_proposal(s, writer=small_workspace.writer, proposal_id=pairs["a"],
                                  changes={"status": "adopted"})
    assert begins.during(lambda: press(qtbot, win.merge_button)) == 1
    assert "adopted" in shown_errors[-1] and win.merges.count() == 0


def test_the_window_takes_the_shared_runner(qtbot: QtBot, small_workspace: Workspace,
                                            pairs: dict[str, str]) -> None:
    win = ConsolidationWindow(ActionRunner(small_workspace))
    qtbot.addWidget(win)
    found(qtbot, win)
    assert win.scope.itemText(0) == "The whole coalition" and win.scope.count() > 1
    assert win.list.currentRow() == 0 and win.editor.title.text()
