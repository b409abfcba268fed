"""A working group reviews suggestions with the window's own controls: the sensitivity slider by
keyboard, Not a duplicate, Related, Review again, Remove the related link, and Cancel while finding."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from stratplan.core.consolidation.overlaps import DEFAULT_THRESHOLD
from stratplan.core.db.models import SyncOp
from stratplan.core.services import groups, overlap_service, proposals
from stratplan.core.workspace import Workspace
from stratplan.ui.consolidation.window import ConsolidationWindow
from stratplan.ui.main_window import MainWindow
from stratplan.ui.peer.keyed import KEY_ROLE
from stratplan.ui.settings import Settings
from tests.ui.consolidation_wait import found
from tests.ui.journey import action, click

POLICE = ("Train police officers in every region to identify victims of trafficking early, with survivors "
          "as co-trainers, and refer them to specialised shelters within 24 hours.")
HOUSING = ("Open a network of exit programmes offering survivors safe housing for one year, vocational "
           "training with local employers and free legal counselling in their own language.")


@pytest.fixture
def pairs(small_workspace: Workspace) -> dict[str, str]:
    w = small_workspace.writer
    with small_workspace.store.transaction() as s:
        gid = groups.list_groups(s)[0].id
        return {name: proposals.create_proposal(s, writer=w, group_id=gid, fields={"title": title, "body": body}).id
                for name, title, body in (
                    ("a", "Police training on identifying victims", POLICE),
                    ("b", "Training police to identify victims", POLICE.replace("every region", "each region")),
                    ("c", "Exit programmes with housing", HOUSING),
                    ("d", "Housing and jobs after exit", HOUSING.replace("one year", "twelve months")))}


def opened(window: MainWindow, qtbot: QtBot) -> ConsolidationWindow:
    action(window, "&Consolidation (overlaps and merges)...").trigger()
    assert window.consolidation is not None
    return found(qtbot, window.consolidation)


def click_row(qtbot: QtBot, widget: QListWidget, row: int) -> None:
    item = widget.item(row)
    assert item is not None
    qtbot.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton, pos=widget.visualItemRect(item).center())


def suggested(win: ConsolidationWindow, *ids: str) -> bool:
    return any(set(ids) <= set(x.group.ids) for x in win.suggestions)


def choose(qtbot: QtBot, win: ConsolidationWindow, *ids: str) -> None:
    click_row(qtbot, win.list, next(i for i, x in enumerate(win.suggestions) if set(ids) <= set(x.group.ids)))


def points(win: ConsolidationWindow) -> int:
    """How many points the suggestions hold."""
    return len({i for x in win.suggestions for i in x.group.ids})


def open_point(qtbot: QtBot, window: MainWindow, pid: str) -> None:
    """Click the point's row in the main window's list, as a user opens it."""
    window.load_list()
    cell = window.list_model.index(window.list_model.row_of(pid), 0)
    window.table.scrollTo(cell)
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=window.table.visualRect(cell).center())
    assert window.current_id == pid


def reviewed_row(win: ConsolidationWindow, a: str, b: str) -> int:
    keys = [tuple(win.reviewed.list.item(r).data(KEY_ROLE)) for r in range(win.reviewed.list.count())]
    return keys.index(tuple(sorted((a, b))))


def test_sensitivity_keys_find_fewer_or_more_and_are_remembered(window: MainWindow, pairs: dict[str, str],
                                                               small_workspace: Workspace,
                                                               settings: Settings, qtbot: QtBot) -> None:
    win = opened(window, qtbot)
    assert win.threshold() == DEFAULT_THRESHOLD == 0.225      # the command line's default, exactly
    assert "at least 22.5% alike" in win.sensitivity_note.text()
    both = points(win)
    win.sensitivity.setFocus()
    qtbot.keyClick(win.sensitivity, Qt.Key.Key_Right)          # towards "More suggestions"
    assert win.threshold() == 0.2 and "at least 20%" in win.sensitivity_note.text()
    found(qtbot, win)
    qtbot.keyClick(win.sensitivity, Qt.Key.Key_Home)           # all the way to "Fewer"
    assert win.threshold() == 0.9
    found(qtbot, win)
    assert points(win) < both                                   # only near-copies are left
    assert settings.overlap_threshold == 0.9
    qtbot.keyClick(win.sensitivity, Qt.Key.Key_End)            # all the way to "More"
    found(qtbot, win)
    # The finder keeps groups cohesive, so a lower threshold never drops a point (it may add none).
    assert win.threshold() == 0.1 and points(win) >= both
    qtbot.keyClick(win.sensitivity, Qt.Key.Key_Left)
    found(qtbot, win)
    assert settings.overlap_threshold == 0.125
    win.close()
    again = ConsolidationWindow(window.runner, settings=settings)
    qtbot.addWidget(again)
    found(qtbot, again)
    assert again.threshold() == 0.125 and "at least 12.5%" in again.sensitivity_note.text()


def test_each_pair_of_the_group_shows_its_score(window: MainWindow, pairs: dict[str, str], qtbot: QtBot) -> None:
    win = opened(window, qtbot)
    choose(qtbot, win, pairs["a"], pairs["b"])
    current = win.current()
    assert current is not None
    assert win.pairs.count() == len(current.group.pairs) == 3          # every pair of the three points
    for row, pair in enumerate(current.group.pairs):                    # best first, each with its score
        assert win.pairs.item(row).text().startswith(f"{round(pair.score * 100)}% · ")
    assert "Police training on identifying victims" in win.pairs.item(0).text()
    last = current.group.pairs[-1]
    click_row(qtbot, win.pairs, 2)                                      # that pair is compared side by side
    assert (win.target.currentData(), win.source.currentData()) == (last.a, last.b)
    assert win.editor.title.text() == current.titles[last.a]


def test_not_a_duplicate_then_review_again(window: MainWindow, pairs: dict[str, str], qtbot: QtBot,
                                           shown_errors: list[str]) -> None:
    win = opened(window, qtbot)
    choose(qtbot, win, pairs["c"], pairs["d"])
    click(qtbot, win, "&Not a duplicate")
    assert shown_errors == []
    assert not suggested(win, pairs["c"], pairs["d"]) and suggested(win, pairs["a"], pairs["b"])
    assert "will not be suggested together again" in win.statusBar().currentMessage()
    click(qtbot, win, "&Find overlaps")                          # looking again does not bring it back
    found(qtbot, win)
    assert not suggested(win, pairs["c"], pairs["d"])
    win.tabs.setCurrentWidget(win.reviewed)
    # The group held three points (the small store's "Exit programme" too): its three pairs.
    assert win.reviewed.list.count() == 3
    assert all("Not a duplicate (CNT)" in win.reviewed.list.item(r).text() for r in range(3))
    assert not win.reviewed.unlink_button.isEnabled()
    click_row(qtbot, win.reviewed.list, reviewed_row(win, pairs["c"], pairs["d"]))
    click(qtbot, win.reviewed, "Review &again")
    found(qtbot, win)
    # That pair is suggested again, without the third point, whose pairs stay dismissed.
    assert suggested(win, pairs["c"], pairs["d"]) and win.reviewed.list.count() == 2
    assert not any(len(x.group.ids) > 2 and pairs["c"] in x.group.ids for x in win.suggestions)


def test_related_link_shows_on_the_point_and_can_be_removed(window: MainWindow, pairs: dict[str, str],
                                                            qtbot: QtBot, shown_errors: list[str]) -> None:
    win = opened(window, qtbot)
    choose(qtbot, win, pairs["a"], pairs["b"])
    click(qtbot, win, "&Related, keep both")
    assert shown_errors == []
    assert not suggested(win, pairs["a"], pairs["b"])
    assert win.reviewed.list.count() == 3 and "Related (CNT)" in win.reviewed.list.item(0).text()
    # The main window's point view names the related points.
    open_point(qtbot, window, pairs["a"])
    assert window.banner.isVisible() and "“Training police to identify victims”" in window.banner.text()
    win.tabs.setCurrentWidget(win.reviewed)
    click_row(qtbot, win.reviewed.list, reviewed_row(win, pairs["a"], pairs["b"]))
    assert not win.reviewed.review_again_button.isEnabled()
    click(qtbot, win.reviewed, "Remove the related &link")
    found(qtbot, win)
    assert suggested(win, pairs["a"], pairs["b"]) and win.reviewed.list.count() == 2
    open_point(qtbot, window, pairs["b"])
    assert "Police training on identifying victims" not in window.banner.text()


def test_cancel_while_finding_leaves_the_suggestions_as_they_were(window: MainWindow, pairs: dict[str, str],
                                                                   small_workspace: Workspace, qtbot: QtBot,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   shown_errors: list[str]) -> None:
    win = opened(window, qtbot)
    before = [x.group.ids for x in win.suggestions]
    assert len(before) == 2
    reports: list[tuple[int, int]] = []

    def slow(_session: Any, *, progress: Callable[[int, int], None] | None = None, **_kw: Any) -> list[Any]:
        for done in range(200):  # a long find: sentence vectors for a large store
            assert progress is not None
            progress(done, 200)
            reports.append((done, 200))
            time.sleep(0.02)
        return []                 # were it shown, the list would be empty

    monkeypatch.setattr(overlap_service, "suggest", slow)
    with small_workspace.store.transaction() as s:
        ops = s.scalar(select(func.count()).select_from(SyncOp))
    click(qtbot, win, "&Find overlaps")
    qtbot.waitUntil(lambda: len(reports) > 5 and win.progress.maximum() == 200, timeout=10000)
    assert win.progress.isVisible() and win.cancel_button.isVisible()
    qtbot.mouseClick(win.cancel_button, Qt.MouseButton.LeftButton)
    found(qtbot, win)
    assert len(reports) < 200
    assert [x.group.ids for x in win.suggestions] == before and win.list.count() == 2
    assert "cancelled" in win.statusBar().currentMessage() and shown_errors == []
    assert not win.cancel_button.isVisible()
    with small_workspace.store.transaction() as s:
        assert s.scalar(select(func.count()).select_from(SyncOp)) == ops
