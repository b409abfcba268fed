"""A member reports progress on its local plan in the progress window, and sees the coalition's view.

Everything through the real menu action, buttons, keys and clicks; the file dialog is answered at
its ask() seam.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QListWidget, QTableView
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from stratplan.core.oplog.identity import DeviceIdentity
from stratplan.core.oplog.progress_reducer import report_entity
from stratplan.core.oplog.writer import OpWriter, Profile
from stratplan.core.services import localplans, programme, progress, proposals
from stratplan.core.workspace import Workspace
from stratplan.ui.main_window import MainWindow
from stratplan.ui.progress.coalition_pages import charts
from stratplan.ui.progress.models import Matrix, MatrixModel, TextRow, TextTableModel
from stratplan.ui.progress.window import ProgressWindow
from stratplan.ui.voting.questions import OpenFile, SaveFile
from tests.ui.journey import action, click

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

TODAY = dt.date.today()
TRAINED = "Police officers trained"


def _day(days: int) -> str:
    return (TODAY + dt.timedelta(days=days)).isoformat()


@pytest.fixture
def plan(small_workspace: Workspace) -> dict[str, str]:
    """A release of the three points, our plan (the third set aside), a late and a current period."""
    ws = small_workspace
    with ws.store.transaction() as s:
        ids = [str(p.id) for p in sorted(proposals.list_proposals(s), key=lambda p: p.title, reverse=True)]
        for pid in ids:
            proposals.revise_proposal(s, writer=ws.writer, proposal_id=pid, changes={
                "status": "adopted", "indicators": [{"name": TRAINED, "baseline": "0", "target": "50",
                                                     "unit": "people"}]})
        programme.save_layout(s, writer=ws.writer, sections=[("", "Programme", ids)])
        release = programme.create_release(s, writer=ws.writer, name="Paris 2026, v1")
        view = localplans.start_plan(s, writer=ws.writer, release_id=release.id, title="Vietos planas")
        localplans.decide(s, writer=ws.writer, plan_id=view.id, point_id=ids[2], decision="not_applicable",
                          reason="Netaikoma.")
        late = progress.set_period(s, writer=ws.writer, name="2020 H1", start="2020-01-01", end="2020-06-30",
                                   due="2020-07-31")
        now = progress.set_period(s, writer=ws.writer, name="This half", start=_day(-30), end=_day(150),
                                  due=_day(180))
    return {"plan": view.id, "first": ids[0], "second": ids[1], "aside": ids[2], "late": late.id, "now": now.id}


@pytest.fixture
def win(window: MainWindow, plan: dict[str, str]) -> ProgressWindow:
    action(window, "Pro&gress reports...").trigger()
    shown = window.progress
    assert isinstance(shown, ProgressWindow) and shown.isVisible()
    return shown


def reports(ws: Workspace) -> list[progress.Report]:
    with ws.store.transaction() as s:
        return progress.list_reports(s)


def click_row(qtbot: QtBot, view: QTableView, row: int, column: int = 1) -> None:
    rect = view.visualRect(view.model().index(row, column))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def click_item(qtbot: QtBot, widget: QListWidget, row: int) -> None:
    item = widget.item(row)
    widget.scrollToItem(item)
    qtbot.mouseClick(widget.viewport(), Qt.MouseButton.LeftButton, pos=widget.visualItemRect(item).center())


def click_tab(qtbot: QtBot, win: ProgressWindow, index: int) -> None:
    bar = win.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert win.tabs.currentIndex() == index


def cell(model: Any, row: int, column: int) -> str:
    return str(model.data(model.index(row, column)))


def choose_status(qtbot: QtBot, win: ProgressWindow, word: str) -> None:
    """Pick a status with the keyboard, as a user does on a closed combo box."""
    combo = win.form.status
    combo.setFocus()
    while combo.currentText() != word:
        before = combo.currentIndex()
        QTest.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentIndex() != before, (word, combo.currentText())


def type_into(qtbot: QtBot, widget: Any, text: str) -> None:
    widget.selectAll()
    QTest.keyClick(widget, Qt.Key.Key_Delete)
    for n, line in enumerate(text.split("\n")):
        if n:
            QTest.keyClick(widget, Qt.Key.Key_Return)
        qtbot.keyClicks(widget, line)


def test_record_a_report_and_see_it_in_our_list_and_the_coalition_view(
        win: ProgressWindow, small_workspace: Workspace, qtbot: QtBot, shown_errors: list[str],
        plan: dict[str, str]) -> None:
    assert "This half" in win.period.currentText()  # the period we are in is chosen
    assert [cell(win.points_model, r, 0) for r in range(win.points_model.rowCount())] == ["1.1", "1.2"]
    click_row(qtbot, win.points, 1)
    assert win.form.point is not None and win.form.point.id == plan["second"]
    choose_status(qtbot, win, "On track")
    row = win.form.rows[0]
    assert TRAINED in row.label.text()
    type_into(qtbot, row.value, "12")
    type_into(qtbot, row.date, _day(-1))
    type_into(qtbot, row.source, "Training register")
    type_into(qtbot, win.form.narrative, "Two trainings held in Kaunas.")
    type_into(qtbot, win.form.evidence, "attendance.pdf\nhttps://example.org/photos")
    click(qtbot, win, "&Save report")
    assert shown_errors == []
    saved = reports(small_workspace)
    assert [(r.point_id, r.status, r.values[0].value, r.evidence) for r in saved] == [
        (plan["second"], "on_track", "12", ("attendance.pdf", "https://example.org/photos"))]
    assert (cell(win.points_model, 1, 2), cell(win.points_model, 1, 3)) == ("On track", "1")
    assert cell(win.points_model, 0, 2) == "no report yet"
    # The coalition's pages: one member on track on 1.2, its cell marked ✓ (in words on hover).
    by_point = win.by_point.model
    headers = by_point.headers
    row_12 = by_point.row_of(plan["second"])
    assert cell(by_point, row_12, headers.index("On track")) == "1"
    assert cell(by_point, by_point.row_of(plan["first"]), headers.index("On track")) == "0"
    click_tab(qtbot, win, 1)
    click_row(qtbot, win.by_point.table, row_12)
    rollup = win.by_point.indicator_model
    assert [tuple(cell(rollup, 0, c) for c in range(6))] == [
        (TRAINED, "people", "1", "12", "12", "CNT 12 people")]
    assert win.by_point.countries.text() == "By country: LT: On track 1"
    matrix = win.matrix.model
    assert matrix.rowCount() == 1 and matrix.data(matrix.index(0, 1)) == "✓"
    assert "On track" in matrix.data(matrix.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    assert matrix.data(matrix.index(0, 2)) == "-"  # set aside, said by a mark too
    assert "✓ On track" in win.matrix.legend.text()
    # A correction is a new revision; both are listed.
    click_tab(qtbot, win, 0)
    type_into(qtbot, row.value, "14")
    click(qtbot, win, "&Save report")
    assert cell(win.points_model, 1, 3) == "2"
    assert reports(small_workspace)[0].values[0].value == "14"
    assert win.form.history.count() == 2 and "On track" in win.form.history.item(0).text()


def test_a_dropped_point_needs_a_reason_and_nothing_is_saved_without_one(
        win: ProgressWindow, small_workspace: Workspace, qtbot: QtBot, shown_errors: list[str]) -> None:
    click_row(qtbot, win.points, 0)
    choose_status(qtbot, win, "Dropped")
    click(qtbot, win, "&Save report")
    assert shown_errors and "reason is required" in shown_errors[-1]
    assert reports(small_workspace) == []
    assert cell(win.points_model, 0, 2) == "no report yet"
    assert win.form.status.currentText() == "Dropped"  # what was typed stays to be completed
    type_into(qtbot, win.form.reason, "The ministry cancelled the programme.")
    click(qtbot, win, "&Save report")
    assert len(shown_errors) == 1
    assert [(r.status, r.reason) for r in reports(small_workspace)] == [
        ("dropped", "The ministry cancelled the programme.")]
    assert cell(win.points_model, 0, 2) == "Dropped"


@pytest.mark.parametrize(("value", "date", "problem"), [
    ("many", _day(-1), "is not a number"),
    ("5", "2019-01-01", "outside the period"),
    ("5", "yesterday", "is not a date"),
])
def test_a_wrong_value_is_named_and_nothing_is_saved(
        win: ProgressWindow, small_workspace: Workspace, qtbot: QtBot, shown_errors: list[str],
        value: str, date: str, problem: str) -> None:
    click_row(qtbot, win.points, 0)
    choose_status(qtbot, win, "Delayed")
    type_into(qtbot, win.form.rows[0].value, value)
    type_into(qtbot, win.form.rows[0].date, date)
    click(qtbot, win, "&Save report")
    assert len(shown_errors) == 1 and problem in shown_errors[0]
    assert reports(small_workspace) == []


def test_reminders_name_the_late_period_and_open_its_report(
        win: ProgressWindow, qtbot: QtBot, plan: dict[str, str]) -> None:
    assert win.reminder_band.isVisible()
    texts = [win.reminders.item(i).text() for i in range(win.reminders.count())]
    assert texts[:2] == ["Overdue since 2020-07-31: 2020 H1, 1.1 Training for police",
                         "Overdue since 2020-07-31: 2020 H1, 1.2 Nordic model at the EU"]
    # The current period is not due yet: its points without an update are listed after.
    assert texts[2:] == ["No update yet for This half: 1.1 Training for police",
                         "No update yet for This half: 1.2 Nordic model at the EU"]
    assert "2 reports overdue" in win.reminder_label.text()
    click_tab(qtbot, win, 2)
    click_item(qtbot, win.reminders, 1)
    assert win.tabs.currentIndex() == 0
    assert win.period.currentData() == plan["late"] and "2020 H1" in win.period.currentText()
    assert win.selected_point() == plan["second"]
    assert win.form.point is not None and win.form.point.id == plan["second"]
    assert "2020 H1" in win.form.heading.text()
    # Reporting it takes it off the list.
    choose_status(qtbot, win, "Done")
    click(qtbot, win, "&Save report")
    texts = [win.reminders.item(i).text() for i in range(win.reminders.count())]
    assert not any("2020 H1, 1.2" in t for t in texts) and any("2020 H1, 1.1" in t for t in texts)
    assert "1 reports overdue" in win.reminder_label.text() or "1 report overdue" in win.reminder_label.text()


def test_the_gaps_page_lists_late_reports_and_idle_points(win: ProgressWindow, plan: dict[str, str]) -> None:
    overdue = win.gaps.overdue_model
    assert [tuple(cell(overdue, r, c) for c in range(4)) for r in range(overdue.rowCount())] == [
        ("CNT", "2020 H1", "2020-07-31", "1.1 Training for police"),
        ("CNT", "2020 H1", "2020-07-31", "1.2 Nordic model at the EU")]
    assert win.gaps.idle.count() == 3  # nobody is working on any point yet
    assert "(3)" in win.gaps.idle_label.text() and "(2)" in win.gaps.overdue_label.text()


def test_csv_import_is_all_or_nothing_with_line_numbers(
        win: ProgressWindow, small_workspace: Workspace, qtbot: QtBot, shown_errors: list[str],
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    header = "point,period,status,reason,narrative,indicator,value,unit,date,source,evidence\n"
    bad = tmp_path / "bad.csv"
    bad.write_text(header + f"1.1,This half,on_track,,Fine.,{TRAINED},4,people,{_day(-2)},Register,\n"
                   f"1.2,This half,on_track,,Oops.,{TRAINED},lots,people,{_day(-2)},Register,\n"
                   f"1.3,This half,done,,Set aside.,,,,,,\n", encoding="utf-8")
    good = tmp_path / "good.csv"
    good.write_text(header + f"1.1,This half,on_track,,Fine.,{TRAINED},4,people,{_day(-2)},Register,\n"
                    f"1.2,2020 H1,done,,Done.,{TRAINED},9,people,2020-03-01,Register,\n", encoding="utf-8")
    answers = [bad, good]
    monkeypatch.setattr(OpenFile, "ask", classmethod(lambda cls, parent, title, filters: answers.pop(0)))
    click(qtbot, win, "&Import values from CSV...")
    assert len(shown_errors) == 1
    assert "Nothing was imported" in shown_errors[0]
    assert "line 3" in shown_errors[0] and "not a number" in shown_errors[0]
    assert "line 4" in shown_errors[0] and "set aside" in shown_errors[0]
    assert reports(small_workspace) == []
    click(qtbot, win, "&Import values from CSV...")
    assert len(shown_errors) == 1
    assert len(reports(small_workspace)) == 2
    assert cell(win.points_model, 0, 2) == "On track"
    assert "2 reports imported" in win.statusBar().currentMessage()


def test_keyboard_alone_opens_the_window_and_saves_a_report(
        window: MainWindow, plan: dict[str, str], small_workspace: Workspace, qtbot: QtBot,
        shown_errors: list[str]) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    win = window.progress
    assert win is not None and win.isVisible()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    QTest.keyClick(win, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # "Points we &work on"
    assert win.points.hasFocus()
    QTest.keyClick(win.points, Qt.Key.Key_Down)
    assert win.selected_point() == plan["second"]
    QTest.keyClick(win, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # "S&tatus"
    assert win.form.status.hasFocus()
    QTest.keyClick(win.form.status, Qt.Key.Key_Down)  # not started -> on track
    QTest.keyClick(win, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # "&Narrative"
    qtbot.keyClicks(win.form.narrative, "By keyboard.")
    QTest.keyClick(win, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # "&Save report"
    qtbot.waitUntil(lambda: bool(reports(small_workspace)))  # a mnemonic presses the button after a beat
    assert shown_errors == []
    assert [(r.point_id, r.status, r.narrative) for r in reports(small_workspace)] == [
        (plan["second"], "on_track", "By keyboard.")]
    QTest.keyClick(win, Qt.Key.Key_Escape)
    assert not win.isVisible()


def test_the_window_fits_a_small_screen(win: ProgressWindow, qtbot: QtBot) -> None:
    win.resize(1024, 700)
    QApplication.processEvents()
    assert win.width() <= 1024 and win.height() <= 700
    for i in range(win.tabs.count()):
        win.tabs.setCurrentIndex(i)
        QApplication.processEvents()
        assert win.minimumSizeHint().width() <= 1024 and win.minimumSizeHint().height() <= 700
    win.tabs.setCurrentIndex(0)
    QApplication.processEvents()
    assert win.form.save_button.isVisibleTo(win) and win.points.height() > 100


def test_the_models(qtmodeltester: Any) -> None:
    model = TextTableModel(["No.", "Point"], numeric=(0,))
    model.set_rows([TextRow("a", ("1.1", "A")), TextRow("b", ("1.2", "B"))])
    qtmodeltester.check(model)
    model.set_rows([TextRow("b", ("1.2", "B, changed")), TextRow("c", ("1.3", "C"))])
    assert [r.key for r in model.rows] == ["b", "c"] and model.data(model.index(0, 1)) == "B, changed"
    assert model.data(model.index(0, 1), Qt.ItemDataRole.TextAlignmentRole) is None
    qtmodeltester.check(model)
    matrix = MatrixModel()
    matrix.set_matrix(Matrix(("o1",), ("CNT (LT)",), ("p1", "p2"), ("1.1", "1.2"), ("1.1 A", "1.2 B"),
                             (("✓", "?"),), (("on track", "no report"),)))
    qtmodeltester.check(matrix)
    assert matrix.data(matrix.index(0, 1)) == "?" and matrix.data(QModelIndex()) is None


def test_charts_draw_when_their_page_is_opened(win: ProgressWindow, qtbot: QtBot) -> None:
    titles = [win.tabs.tabText(i) for i in range(win.tabs.count())]
    if charts() is None:
        # Without the drawer the window offers no empty chart page.
        assert "Coalition: c&harts" not in titles and not win.charts.isVisible()
        return
    assert win.charts.chart_label.pixmap().isNull()  # nothing drawn before the page is opened
    click_tab(qtbot, win, titles.index("Coalition: c&harts"))
    picture = win.charts.chart_label.pixmap()
    assert not picture.isNull() and picture.width() > 300


def test_a_report_corrected_on_two_laptops_apart_is_flagged_and_settled_by_saving(
        win: ProgressWindow, small_workspace: Workspace, qtbot: QtBot, plan: dict[str, str],
        shown_errors: list[str]) -> None:
    ours = small_workspace.writer
    laptop = OpWriter(DeviceIdentity.generate(), ours.clock, Profile(ours.profile.coalition_id, ours.profile.org_id,
                                                                    ours.profile.person_id))

    def both(session: Session, writer: OpWriter) -> None:
        # As a received bundle brings them: two first reports, neither made seeing the other.
        laptop.register_device(session)
        payload = progress.prepare(session, writer=writer, plan_id=plan["plan"], point_id=plan["first"],
                                   period=plan["now"], status="on_track", reason="", narrative="Here.",
                                   values=[], evidence=[])
        entity = report_entity(payload["org"], payload["point"], payload["period"])
        writer.append(session, kind="progress.report", entity=entity, payload=payload)
        laptop.append(session, kind="progress.report", entity=entity, payload={**payload, "narrative": "There."})

    assert win.runner.run(win, both) is not None
    assert cell(win.points_model, 0, 3) == "2 ⚠"  # the window followed the change made elsewhere
    tip = win.points_model.data(win.points_model.index(0, 2), Qt.ItemDataRole.ToolTipRole)
    assert "without seeing each other" in tip
    click_row(qtbot, win.points, 0)
    click(qtbot, win, "&Save report")
    assert shown_errors == [] and cell(win.points_model, 0, 3) == "3"


def test_a_sheet_of_our_points_is_filled_in_and_imported_back(
        win: ProgressWindow, small_workspace: Workspace, qtbot: QtBot, shown_errors: list[str],
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = tmp_path / "progress.csv"
    monkeypatch.setattr(SaveFile, "ask", classmethod(lambda cls, parent, title, suggested, filters: sheet))
    monkeypatch.setattr(OpenFile, "ask", classmethod(lambda cls, parent, title, filters: sheet))
    click(qtbot, win, "S&ave a CSV sheet to fill in...")
    lines = sheet.read_text(encoding="utf-8-sig").splitlines()
    assert lines == ["point,period,status,reason,narrative,indicator,value,unit,date,source,evidence",
                     f"1.1,This half,,,,{TRAINED},,people,,,",
                     f"1.2,This half,,,,{TRAINED},,people,,,"]
    # The member fills in one row in the spreadsheet and leaves the other point for later.
    sheet.write_text("\n".join([lines[0], f"1.1,This half,delayed,,Late start.,{TRAINED},3,people,{_day(-3)},"
                                          "Register,minutes.pdf"]) + "\n", encoding="utf-8-sig")
    click(qtbot, win, "&Import values from CSV...")
    assert shown_errors == []
    assert [(r.status, r.values[0].value, r.evidence) for r in reports(small_workspace)] == [
        ("delayed", "3", ("minutes.pdf",))]
    assert cell(win.points_model, 0, 2) == "Delayed"
    # Saved again, the sheet holds what was reported: it goes back and forth without losses.
    click(qtbot, win, "S&ave a CSV sheet to fill in...")
    assert sheet.read_text(encoding="utf-8-sig").splitlines()[1] == (
        f"1.1,This half,delayed,,Late start.,{TRAINED},3,people,{_day(-3)},Register,minutes.pdf")


def test_an_indicator_is_charted_over_the_periods_against_its_target(
        win: ProgressWindow, small_workspace: Workspace, qtbot: QtBot, plan: dict[str, str]) -> None:
    ws = small_workspace
    with ws.store.transaction() as s:
        progress.report(s, writer=ws.writer, plan_id=plan["plan"], point_id=plan["second"], period=plan["late"],
                        status="on_track", values=[{"indicator": TRAINED, "value": "5", "date": "2020-03-01",
                                                    "unit": "people"}])
    # That report (an earlier period) reaches the window with the next one saved in it.
    click_tab(qtbot, win, 0)
    click_row(qtbot, win.points, 1)
    type_into(qtbot, win.form.rows[0].value, "12")
    type_into(qtbot, win.form.rows[0].date, _day(-1))
    choose_status(qtbot, win, "On track")
    click(qtbot, win, "&Save report")
    click_tab(qtbot, win, 1)
    click_row(qtbot, win.by_point.table, win.by_point.model.row_of(plan["second"]))
    chart = win.by_point.chart
    if charts() is None:
        assert chart.pixmap().isNull()
        return
    qtbot.waitUntil(lambda: not chart.pixmap().isNull())
    assert chart.pixmap().width() > 100
    # What a screen reader says: both periods' means, in order, and the target.
    assert chart.accessibleDescription() == (
        f"{TRAINED}, coalition mean per period: 2020 H1 5, This half 12; target 50")
    # A point with no indicator value anywhere says so instead of an empty picture.
    click_row(qtbot, win.by_point.table, win.by_point.model.row_of(plan["first"]))
    assert chart.accessibleDescription() == f"{TRAINED}, coalition mean per period: —; target 50"
