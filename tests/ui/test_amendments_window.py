"""Amendments in the main window: select lines of a proposal's numbered text, propose a change,
see it inline, accept it (merged into a new revision), accept with changes, reject, and choose
between two that compete for the same line. Real clicks; dialogs answered at their ask() seam."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QTableView
from pytestqt.qtbot import QtBot

from stratplan.core.oplog.identity import DeviceIdentity
from stratplan.core.oplog.writer import OpWriter, Profile
from stratplan.core.services import amendments, coalition, groups, proposals
from stratplan.core.workspace import Workspace
from stratplan.ui.amendments.dialogs import AmendmentAnswer, AmendmentDialog
from stratplan.ui.main_window import MainWindow
from tests.ui.journey import click

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

BODY = "Train police officers in Kaunas.\n\nTwice a year, with survivors as trainers.\n\nŠiauliai joins in 2027 🎓."


@pytest.fixture
def opened(window: MainWindow, small_workspace: Workspace, qtbot: QtBot) -> tuple[MainWindow, str]:
    ws = small_workspace
    with ws.store.transaction() as s:
        pid = next(p.id for p in proposals.list_proposals(s) if p.title == "Training for police")
        proposals.revise_proposal(s, writer=ws.writer, proposal_id=pid, changes={"body": BODY})
    open_point(qtbot, window, pid)
    open_tab(qtbot, window)
    return window, pid


def open_point(qtbot: QtBot, window: MainWindow, proposal_id: str) -> None:
    """Click the point's title in the list, as a director does."""
    rect = window.table.visualRect(window.list_model.index(window.list_model.row_of(proposal_id), 0))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_id == proposal_id


def open_tab(qtbot: QtBot, window: MainWindow) -> None:
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(window.tabs.indexOf(window.amendments)).center())
    assert window.tabs.currentWidget() is window.amendments


def click_row(qtbot: QtBot, view: QTableView, row: int, modifier: Any = Qt.KeyboardModifier.NoModifier) -> None:
    rect = view.visualRect(view.model().index(row, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def answer(monkeypatch: pytest.MonkeyPatch, given: AmendmentAnswer | None, seen: list[dict[str, Any]]) -> None:
    def ask(cls: type, parent: Any, mode: str, **kw: Any) -> AmendmentAnswer | None:
        seen.append({"mode": mode, **kw})
        return given
    monkeypatch.setattr(AmendmentDialog, "ask", classmethod(ask))


def body(ws: Workspace, pid: str) -> str:
    with ws.store.transaction() as s:
        return str(proposals.get_proposal(s, pid).fields["body"])


def texts(panel: Any, column: int) -> list[str]:
    model = panel.list_model
    return [str(model.data(model.index(r, column))) for r in range(model.rowCount())]


def test_propose_see_inline_and_accept_into_a_new_revision(
        opened: tuple[MainWindow, str], small_workspace: Workspace, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
        shown_errors: list[str]) -> None:
    window, pid = opened
    panel = window.amendments
    lines = panel.lines_model
    assert [lines.data(lines.index(r, 0)) for r in range(lines.rowCount())] == ["1", "2", "3"]
    assert not panel.propose_button.isEnabled()  # nothing selected yet
    click_row(qtbot, panel.lines, 1)
    seen: list[dict[str, Any]] = []
    answer(monkeypatch, AmendmentAnswer("replace", "Four times a year, with survivors as trainers.",
                                        "Twice is not enough."), seen)
    click(qtbot, panel, "P&ropose an amendment to the selected lines...")
    assert shown_errors == []
    assert seen[0]["lines"] == "2" and seen[0]["passage"] == "Twice a year, with survivors as trainers."
    assert texts(panel, 0) == ["2"] and texts(panel, 3) == ["open"] and texts(panel, 2) == ["CNT"]
    shown = panel.detail.toHtml()
    assert "line-through" in shown and "Twice" in shown and "Four times" in shown  # struck and inserted
    assert "Twice is not enough." in panel.detail.toPlainText()
    click(qtbot, panel, "&Accept")
    assert shown_errors == []
    assert body(small_workspace, pid) == BODY.replace("Twice", "Four times")
    assert texts(panel, 3) == ["merged"]
    assert "merged into a new revision" in panel.notice.text()
    # The new revision is the proposal's current text everywhere in the window.
    assert window.editor.fields()["body"] == BODY.replace("Twice", "Four times")
    line_two = panel.lines_model.data(panel.lines_model.index(1, 1))
    assert line_two == "Four times a year, with survivors as trainers."
    assert not panel.accept_button.isEnabled()  # a merged amendment is settled


def test_accept_with_changes_reject_and_a_refused_amendment(
        opened: tuple[MainWindow, str], small_workspace: Workspace, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
        shown_errors: list[str]) -> None:
    window, pid = opened
    panel = window.amendments
    seen: list[dict[str, Any]] = []
    # Without a reason the store refuses it, says why, and keeps nothing.
    click_row(qtbot, panel.lines, 0)
    answer(monkeypatch, AmendmentAnswer("replace", "Train police officers in Vilnius.", "  "), seen)
    click(qtbot, panel, "P&ropose an amendment to the selected lines...")
    assert shown_errors == ["Say why: an amendment needs a reason."]
    assert panel.list_model.rowCount() == 0
    with small_workspace.store.transaction() as s:
        assert amendments.list_amendments(s, proposal_id=pid) == []
    # Lines 1 to 3 selected, deleted: the dialog shows the whole passage.
    click_row(qtbot, panel.lines, 2)
    click_row(qtbot, panel.lines, 0, Qt.KeyboardModifier.ShiftModifier)
    answer(monkeypatch, AmendmentAnswer("delete", "", "Covered by point 2.1."), seen)
    click(qtbot, panel, "P&ropose an amendment to the selected lines...")
    assert seen[-1]["lines"] == "1–3"
    # Rejected with a reason: shown, and the text stays.
    answer(monkeypatch, AmendmentAnswer("delete", "", "We keep the point."), seen)
    click(qtbot, panel, "Re&ject...")
    assert texts(panel, 3) == ["rejected"] and "We keep the point." in panel.detail.toPlainText()
    assert body(small_workspace, pid) == BODY
    # An insertion after line 3, accepted with a modified text.
    click_row(qtbot, panel.lines, 2)
    # An insertion is a line of its own; the blank line before it makes it a paragraph.
    answer(monkeypatch, AmendmentAnswer("insert", "\nمرحبا: Arabic leaflets too.", "Reach more people."), seen)
    click(qtbot, panel, "P&ropose an amendment to the selected lines...")
    assert texts(panel, 0)[0] == "after 3" and texts(panel, 1)[0] == "insert"
    answer(monkeypatch, AmendmentAnswer("insert", "\n\nمرحبا: Arabic and Ukrainian leaflets.", ""), seen)
    click_row(qtbot, panel.list, 0)
    click(qtbot, panel, "Accept &with changes...")
    # The wording to edit is offered as it would go in.
    assert seen[-1]["mode"] == "modify" and seen[-1]["text"] == "\n\nمرحبا: Arabic leaflets too."
    assert body(small_workspace, pid) == BODY + "\n\nمرحبا: Arabic and Ukrainian leaflets."
    assert shown_errors == ["Say why: an amendment needs a reason."]


def test_two_amendments_on_one_line_compete_and_one_is_chosen(
        opened: tuple[MainWindow, str], small_workspace: Workspace, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
        shown_errors: list[str]) -> None:
    window, pid = opened
    panel = window.amendments
    ws = small_workspace
    # Two members' amendments to line 1 (here both written on this laptop), both accepted at once
    # as two coordinators offline would: neither can be merged without a choice.
    with ws.store.transaction() as s:
        a = amendments.propose_amendment(s, writer=ws.writer, proposal_id=pid, change="replace",
                                         text="Train police officers in Vilnius.", reason="Capital.", first=1)
        b = amendments.propose_amendment(s, writer=ws.writer, proposal_id=pid, change="replace",
                                         text="Train border guards in Kaunas.", reason="Borders.", first=1)
        for x in (a, b):
            amendments.decide_amendment(s, writer=ws.writer, amendment_id=x.id, decision="accept")
    # What other laptops brought shows when the point is opened again.
    other = next(summary.id for r in range(window.list_model.rowCount())
                 if (summary := window.list_model.proposal_at(r)) is not None and summary.id != pid)
    open_point(qtbot, window, other)
    open_point(qtbot, window, pid)
    assert sorted(texts(panel, 3)) == ["accepted, competing", "accepted, competing"]
    row_b = panel.list_model.row_of(b.id)
    click_row(qtbot, panel.list, row_b)
    assert "2 accepted amendments change lines 1–1" in panel.detail.toPlainText()
    click(qtbot, panel, "Choose th&is one")
    assert shown_errors == []
    assert body(ws, pid).startswith("Train border guards in Kaunas.")
    states = dict(zip([r.key for r in panel.list_model.rows], texts(panel, 3), strict=True))
    assert states == {a.id: "set aside", b.id: "merged"}


def test_another_organisations_proposal_can_be_amended_but_not_decided_and_the_page_says_why(
        window: MainWindow, small_workspace: Workspace, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
        shown_errors: list[str]) -> None:
    ws = small_workspace
    ours = ws.writer

    def their_point(s: Any, _writer: Any) -> str:
        # Written as a bundle from their laptop brings it: the window follows, as after an import.
        other = coalition.add_organisation(s, writer=ours, name="Nordic Shelter", code="NORD", country="SE",
                                           language="en")
        person = coalition.add_person(s, writer=ours, name="Ingrid", role="director", org_id=other.id)
        laptop = OpWriter(DeviceIdentity.generate(), ours.clock, Profile(ours.profile.coalition_id, other.id,
                                                                          person.id))
        laptop.register_device(s)
        return proposals.create_proposal(s, writer=laptop, group_id=groups.list_groups(s)[0].id, fields={
            "title": "Shelters in Malmö", "body": "Open two shelters in Malmö."}).id

    outcome = window.runner.run(window, their_point)
    assert outcome is not None
    theirs_id = outcome.value
    open_point(qtbot, window, theirs_id)
    panel = window.amendments
    open_tab(qtbot, window)
    click_row(qtbot, panel.lines, 0)
    answer(monkeypatch, AmendmentAnswer("replace", "Open three shelters in Malmö.", "Demand is higher."), [])
    click(qtbot, panel, "P&ropose an amendment to the selected lines...")
    assert shown_errors == [] and texts(panel, 3) == ["open"]
    # Ours to propose, theirs to decide: the buttons are greyed out and the page says why.
    assert not panel.accept_button.isEnabled() and not panel.reject_button.isEnabled()
    assert panel.rights.isVisible()
    assert "Only the proposal's organisations or its working group's coordinator" in panel.rights.text()


LONG = ("Judges decide whether a woman forced into offences is punished, and how seriously pimps and buyers "
        "are sentenced, so they are trained first.")


def test_wrapped_lines_are_offered_as_stored_and_a_rival_is_announced(
        window: MainWindow, small_workspace: Workspace, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
        shown_errors: list[str]) -> None:
    ws = small_workspace
    with ws.store.transaction() as s:
        pid = next(p.id for p in proposals.list_proposals(s) if p.title == "Exit programme")
        proposals.revise_proposal(s, writer=ws.writer, proposal_id=pid, changes={"body": LONG})
    open_point(qtbot, window, pid)
    panel = window.amendments
    open_tab(qtbot, window)
    assert panel.lines_model.rowCount() == 2  # one paragraph, wrapped at 80 characters
    click_row(qtbot, panel.lines, 0)
    click_row(qtbot, panel.lines, 1, Qt.KeyboardModifier.ShiftModifier)
    seen: list[dict[str, Any]] = []
    # The passage offered is the paragraph as stored: the wrap is the space it was, not a new line.
    answer(monkeypatch, AmendmentAnswer("replace", LONG.replace("Judges", "Judges and prosecutors"),
                                        "Both decide."), seen)
    click(qtbot, panel, "P&ropose an amendment to the selected lines...")
    assert seen[0]["passage"] == LONG and "\n" not in seen[0]["passage"]
    first = panel.list_model.rows[0].key
    with ws.store.transaction() as s:
        assert amendments.get_amendment(s, first).segments[0].text == "Judges"  # nothing else changes
    # A second amendment to line 1 competes with the first; both say so before anyone accepts.
    click_row(qtbot, panel.lines, 0)
    answer(monkeypatch, AmendmentAnswer("replace", "Prosecutors decide whether a woman forced into offences",
                                        "Prosecutors first."), seen)
    click(qtbot, panel, "P&ropose an amendment to the selected lines...")
    assert sorted(texts(panel, 3)) == ["open, competing", "open, competing"]
    click_row(qtbot, panel.list, panel.list_model.row_of(first))
    assert "no longer fit the text and are shown as outdated" in panel.detail.toPlainText()
    click(qtbot, panel, "&Accept")
    rival = next(r.key for r in panel.list_model.rows if r.key != first)
    click_row(qtbot, panel.list, panel.list_model.row_of(rival))
    assert "Outdated: the passage it changes has changed" in panel.detail.toPlainText()
    assert not panel.accept_button.isEnabled()
    assert shown_errors == []


def test_the_dialog_starts_an_insertion_empty_and_names_its_button(qtbot: QtBot) -> None:
    from stratplan.ui.amendments.dialogs import PROPOSE, REJECT

    dialog = AmendmentDialog(None, PROPOSE, "2", "Twice a year.", "Twice a year.", "replace")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.text.toPlainText() == "Twice a year."
    dialog.change.setFocus()
    while dialog.change.currentData() != "insert":
        qtbot.keyClick(dialog.change, Qt.Key.Key_Down)
    assert dialog.text.toPlainText() == ""  # not the passage again, to be inserted twice
    reject = AmendmentDialog(None, REJECT, "2", "Twice a year.", "Twice a year.", "replace")
    qtbot.addWidget(reject)
    reject.show()
    assert not reject.change.isVisible() and not reject.text.isVisible()
    assert "Re&ject" in [b.text() for b in reject.findChildren(QPushButton)]


def test_the_main_window_loads_the_amendment_services_only_when_the_tab_needs_them() -> None:
    code = ("import sys, stratplan.ui.main_window; "
            "print(sorted(m for m in sys.modules if m.startswith(('stratplan.core.services.amend', "
            "'stratplan.core.amend'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}).stdout
    assert out.strip() == "[]"  # start-up pays nothing for amendments
