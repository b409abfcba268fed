"""Driving the main window as a director would: write, revise, compare, restore, comment, undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from stratplan.core.services import proposals
from stratplan.core.workspace import Workspace
from stratplan.ui.main_window import MainWindow
from stratplan.ui.models.proposal_list import Column, ProposalListModel


def select_title(window: MainWindow, title: str) -> None:
    for row in range(window.list_model.rowCount()):
        if window.list_model.proposal_at(row).title == title:  # type: ignore[union-attr]
            window.select_row(row)
            return
    raise AssertionError(f"{title} not listed")


def test_the_window_lists_groups_and_proposals(window: MainWindow) -> None:
    assert window.windowTitle().startswith("Paris coalition")
    assert window.group_model.rowCount() == 4  # "All" + three default groups
    assert window.list_model.rowCount() == 3
    assert window.count_label.text() == "3 of 3 plan points"


def test_write_a_new_point_and_save_it(window: MainWindow, qtbot: QtBot, small_workspace: Workspace) -> None:
    window.new_proposal()
    assert window.editor.title.text() == "Untitled plan point"
    window.editor.title.setText("")
    qtbot.keyClicks(window.editor.title, "Mokymai policijai")
    window.editor.title.insert(" ąčęėįšųūž 🌍")  # QTest types only Latin-1 characters
    qtbot.keyClicks(window.editor.body, "Kodel **svarbu**")
    assert window.save_state.text().startswith("Unsaved")
    assert window.save_current()
    assert window.save_state.text() == "All changes saved"
    assert window.list_model.rowCount() == 4
    with small_workspace.store.transaction() as s:
        titles = [p.title for p in proposals.list_proposals(s)]
    assert "Mokymai policijai ąčęėįšųūž 🌍" in titles
    qtbot.waitUntil(lambda: window.editor.preview.toPlainText() == "Kodel svarbu")
    assert "font-weight:700" in window.editor.preview.toHtml()  # **svarbu** is shown bold


def test_revise_compare_and_restore(window: MainWindow, qtbot: QtBot) -> None:
    select_title(window, "Training for police")
    window.editor.summary.setPlainText("Identify victims early and refer them to shelters.")
    assert window.save_current()
    history = window.history
    assert history.model.rowCount() == 2
    history.select_rows(0, 1)
    assert "shelters" in history.right.toPlainText()
    assert "shelters" not in history.left.toPlainText()
    assert "#c9f0c9" in history.right.toHtml().lower()  # inserted words are highlighted
    history.select_rows(1)
    assert history.restore_button.isEnabled()
    qtbot.mouseClick(history.restore_button, Qt.MouseButton.LeftButton)
    assert window.editor.summary.toPlainText() == "Identify victims early."
    assert history.model.rowCount() == 3


def test_undo_and_redo_a_save(window: MainWindow) -> None:
    select_title(window, "Exit programme")
    window.editor.title.setText("Exit programmes for survivors")
    window.editor.edited.emit()
    assert window.save_current()
    assert window.list_model.proposal_at(window.list_model.row_of(window.current_id or "")).title == \
        "Exit programmes for survivors"  # type: ignore[union-attr]
    window.undo_stack.undo()
    assert window.editor.title.text() == "Exit programme"
    window.undo_stack.redo()
    assert window.editor.title.text() == "Exit programmes for survivors"
    assert window.history.model.rowCount() == 4  # create, save, undo, redo: nothing erased


def test_undo_a_new_point_and_a_delete(window: MainWindow) -> None:
    window.new_proposal()
    assert window.list_model.rowCount() == 4
    window.undo_stack.undo()
    assert window.list_model.rowCount() == 3
    select_title(window, "Exit programme")
    window.delete_current()
    assert window.list_model.rowCount() == 2
    window.undo_stack.undo()
    assert window.list_model.rowCount() == 3


def test_comments_and_replies(window: MainWindow) -> None:
    select_title(window, "Nordic model at the EU")
    panel = window.comments
    panel.text.setPlainText("Which MEPs support this?")
    panel.post_button.click()
    assert panel.model.rowCount() == 1 and panel.text.toPlainText() == ""
    panel.list.setCurrentIndex(panel.model.index(0))
    panel.reply_button.click()
    panel.text.setPlainText("Ask the FEMM committee.")
    panel.post_button.click()
    assert panel.model.rowCount() == 2
    assert "↳" in panel.model.index(1).data()
    window.undo_stack.undo()
    assert "(withdrawn)" in panel.model.index(1).data()


def test_filter_is_instant(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClicks(window.filter_edit, "parliament")
    assert window.list_model.rowCount() == 1
    assert window.count_label.text() == "1 of 3 plan points"
    window.filter_edit.clear()
    assert window.list_model.rowCount() == 3


def test_each_keystroke_shows_what_that_filter_shows_from_scratch(window: MainWindow, qtbot: QtBot,
                                                                  small_workspace: Workspace) -> None:
    with small_workspace.store.transaction() as s:
        rows = proposals.list_proposals(s)

    def titles(model: ProposalListModel) -> list[str]:
        return [model.index(r, Column.TITLE).data() for r in range(model.rowCount())]

    def fresh(text: str) -> list[str]:
        model = ProposalListModel()
        model.set_rows(rows)
        model.set_filter(text)
        return titles(model)

    shown = []
    for key in "p trai":  # one more letter, then one more word
        qtbot.keyClicks(window.filter_edit, key)
        assert titles(window.list_model) == fresh(window.filter_edit.text())
        shown.append(window.list_model.rowCount())
    assert titles(window.list_model) == ["Training for police"]
    for _ in range(5):  # and back: deleting widens the list again
        qtbot.keyClick(window.filter_edit, Qt.Key.Key_Backspace)
        assert titles(window.list_model) == fresh(window.filter_edit.text())
        shown.append(window.list_model.rowCount())
    assert window.filter_edit.text() == "p"
    assert shown[0] == shown[-1] > 1  # "p" matches more than one point, before and after


def test_a_bad_edit_is_refused_with_a_message_and_nothing_saved(
    window: MainWindow, shown_errors: list[str], small_workspace: Workspace
) -> None:
    select_title(window, "Training for police")
    pid = window.current_id
    window.editor.title.setText("   ")
    window.editor.edited.emit()
    assert not window.save_current()
    assert shown_errors == ["A plan point needs a title."]
    assert window.isVisible()
    with small_workspace.store.transaction() as s:
        assert proposals.get_proposal(s, pid or "").revision_count == 1


def test_switching_away_saves_the_edit(window: MainWindow, small_workspace: Workspace) -> None:
    select_title(window, "Training for police")
    pid = window.current_id or ""
    window.editor.objective.setPlainText("Every police district has a trained officer.")
    select_title(window, "Exit programme")
    with small_workspace.store.transaction() as s:
        assert proposals.get_proposal(s, pid).fields["objective"] == "Every police district has a trained officer."


def test_working_groups_can_be_created_renamed_staffed_and_archived(
        window: MainWindow, monkeypatch: object, small_workspace: Workspace) -> None:
    from stratplan.core.services import groups
    from stratplan.ui.dialogs.group_dialogs import GroupDialog, MembersDialog

    mp = monkeypatch  # type: ignore[assignment]
    mp.setattr(GroupDialog, "ask", classmethod(lambda cls, parent, title, name="", description="":  # type: ignore[attr-defined]
                                               ("Duomenų rinkimas", "Data collection")))
    window.group_actions.new_group()
    assert window.group_model.rowCount() == 5
    assert window.groups_view.currentIndex().data().startswith("Duomenų rinkimas")
    mp.setattr(GroupDialog, "ask", classmethod(lambda cls, parent, title, name="", description="":  # type: ignore[attr-defined]
                                               (name + " ir tyrimai", description)))
    window.group_actions.rename_group()
    assert window.groups_view.currentIndex().data() == "Duomenų rinkimas ir tyrimai (0)"
    mp.setattr(MembersDialog, "ask", classmethod(lambda cls, parent, orgs, members: {orgs[0].id}))  # type: ignore[attr-defined]
    window.group_actions.edit_members()
    with small_workspace.store.transaction() as s:
        made = [g for g in groups.list_groups(s) if g.name.startswith("Duomenų")][0]
        assert len(made.member_org_ids) == 1
    window.undo_stack.undo()  # the members change
    with small_workspace.store.transaction() as s:
        assert not [g for g in groups.list_groups(s) if g.name.startswith("Duomenų")][0].member_org_ids
    window.undo_stack.undo()  # the rename
    assert window.groups_view.currentIndex().data() == "Duomenų rinkimas (0)"
    window.undo_stack.redo()
    window.undo_stack.redo()
    window.group_actions.archive_group()
    assert window.group_model.rowCount() == 4
    window.undo_stack.undo()
    assert window.group_model.rowCount() == 5


def test_sorting_and_filtering_keep_the_open_point(window: MainWindow) -> None:
    select_title(window, "Exit programme")
    chosen = window.current_id
    window.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [window.list_model.proposal_at(r).title for r in range(3)] == [  # type: ignore[union-attr]
        "Exit programme", "Nordic model at the EU", "Training for police"]
    window.filter_edit.setText("e")
    window.filter_edit.setText("ex")
    window.filter_edit.setText("exi")
    assert window.list_model.rowCount() == 1
    assert window.current_id == chosen
    assert window.table.currentIndex().row() == 0
    window.filter_edit.setText("e")  # deleting a letter widens the search again
    assert window.list_model.rowCount() == 3
    assert window.table.selectionModel().isRowSelected(window.list_model.row_of(chosen or ""))


def test_import_proposals_from_markdown_with_a_preview(window: MainWindow, tmp_path: object,
                                                       monkeypatch: object) -> None:
    from pathlib import Path

    from stratplan.ui.dialogs.import_dialog import ImportDialog

    source = Path(str(tmp_path)) / "siulymai.md"
    source.write_text("# Mūsų pasiūlymai\n\n## Exit programme\n\nAgain.\n\n## Pagalbos linija\n\nVisą parą.\n",
                      encoding="utf-8")
    seen: list[object] = []

    def fake_ask(cls, parent, preview, groups, group_id):  # type: ignore[no-untyped-def]
        dialog = cls(preview, groups, group_id)
        seen.append([(dialog.points.item(r).text(), dialog.points.item(r).checkState()) for r in range(2)])
        return str(dialog.group.currentData()), dialog.chosen()

    monkeypatch.setattr(ImportDialog, "ask", classmethod(fake_ask))  # type: ignore[attr-defined]
    created = window.import_proposals(source)
    rows = seen[0]
    assert "possible duplicate of “Exit programme”" in rows[0][0]  # type: ignore[index]
    assert rows[0][1] == Qt.CheckState.Unchecked and rows[1][1] == Qt.CheckState.Checked  # type: ignore[index]
    assert len(created) == 1 and window.list_model.rowCount() == 4
    assert window.editor.title.text() == "Pagalbos linija"


def test_split_retire_and_notices(window: MainWindow, small_workspace: Workspace, monkeypatch: object) -> None:
    from stratplan.core.services import consolidation
    from stratplan.ui.dialogs.retire import RetireDialog

    select_title(window, "Training for police")
    created = window.split_current(["Police training", "Victim identification"])
    assert len(created) == 2 and window.list_model.rowCount() == 5
    select_title(window, "Exit programme")
    monkeypatch.setattr(RetireDialog, "ask", classmethod(  # type: ignore[attr-defined]
        lambda cls, parent, others: ("out_of_scope", "Covered nationally.", "")))
    assert window.retire_current()
    assert window.editor.status.currentData() == "retired"
    with small_workspace.store.transaction() as s:
        ids = {p.title: p.id for p in proposals.list_proposals(s)}
        consolidation.merge(s, writer=small_workspace.writer, target=ids["Police training"],
                            sources=[ids["Victim identification"]])
    window.reload()
    assert window.notices.isVisibleTo(window)
    assert "Your proposal 'Victim identification' was merged into 'Police training'" in window.notices.text()
    select_title(window, "Police training")
    assert "co-authors: Rūta Žilinskienė" in window.banner.text()
