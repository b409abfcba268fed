"""The Roles dialog: conveners and coordinators listed; a convener grants and revokes with real buttons."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from stratplan.core.oplog.writer import Profile
from stratplan.core.services import coalition, groups
from stratplan.core.workspace import Workspace
from stratplan.ui.dialogs.roles_dialog import RoleChoice, RolesDialog
from stratplan.ui.main_window import MainWindow


@pytest.fixture
def opened(window: MainWindow, small_workspace: Workspace, monkeypatch: pytest.MonkeyPatch,
           qtbot: QtBot) -> list[RolesDialog]:
    with small_workspace.store.transaction() as s:
        for code in ("AUBE", "NORD"):
            coalition.add_organisation(s, writer=small_workspace.writer, name=f"Org {code}", code=code,
                                       country="FR", language="fr")
    shown: list[RolesDialog] = []

    def show(cls: type[RolesDialog], parent: Any, runner: Any) -> None:
        dialog = cls(runner, parent)
        qtbot.addWidget(dialog)
        shown.append(dialog)

    monkeypatch.setattr(RolesDialog, "ask", classmethod(show))
    return shown


def table(dialog: RolesDialog) -> list[list[str]]:
    t = dialog.table
    return [[t.item(r, c).text() for c in range(3)] for r in range(t.rowCount())]  # type: ignore[union-attr]


def answers(monkeypatch: pytest.MonkeyPatch, *labels: str) -> None:
    """RoleChoice answers in turn, each by the label shown."""
    queue = list(labels)

    def choose(cls: type, parent: Any, title: str, label: str, options: list[tuple[str, str]]) -> str:
        wanted = queue.pop(0)
        return next(i for i, text in options if text == wanted)

    monkeypatch.setattr(RoleChoice, "ask", classmethod(choose))


def test_a_convener_grants_and_revokes_roles(window: MainWindow, opened: list[RolesDialog], qtbot: QtBot,
                                             monkeypatch: pytest.MonkeyPatch, small_workspace: Workspace,
                                             shown_errors: list[str]) -> None:
    window.group_actions.roles_action.trigger()
    (dialog,) = opened
    assert table(dialog) == [["Convener", "Centras (CNT)", ""]]
    with small_workspace.store.transaction() as s:
        group = groups.list_groups(s)[0].name
    answers(monkeypatch, group, "Org AUBE (AUBE)")
    qtbot.mouseClick(dialog.coordinator_button, Qt.MouseButton.LeftButton)
    assert table(dialog) == [["Convener", "Centras (CNT)", ""], ["Coordinator", "Org AUBE (AUBE)", group]]
    answers(monkeypatch, "Org NORD (NORD)")
    qtbot.mouseClick(dialog.convener_button, Qt.MouseButton.LeftButton)
    assert [r[1] for r in table(dialog) if r[0] == "Convener"] == ["Centras (CNT)", "Org NORD (NORD)"]
    dialog.table.selectRow(1)
    assert dialog.revoke_button.isEnabled()
    qtbot.mouseClick(dialog.revoke_button, Qt.MouseButton.LeftButton)
    assert table(dialog) == [["Convener", "Centras (CNT)", ""], ["Coordinator", "Org AUBE (AUBE)", group]]
    # The founder always convenes: refused, with the reason, and nothing changes.
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.revoke_button, Qt.MouseButton.LeftButton)
    assert shown_errors and "always convenes" in shown_errors[-1]
    assert len(table(dialog)) == 2


def test_a_member_sees_the_roles_without_changing_them(window: MainWindow, opened: list[RolesDialog],
                                                       small_workspace: Workspace) -> None:
    with small_workspace.store.transaction() as s:
        aube = next(o for o in coalition.list_organisations(s) if o.code == "AUBE")
    small_workspace.writer.profile = Profile(small_workspace.writer.profile.coalition_id, aube.id, "")
    window.group_actions.roles_action.trigger()
    (dialog,) = opened
    assert table(dialog) == [["Convener", "Centras (CNT)", ""]]
    assert not dialog.coordinator_button.isEnabled() and not dialog.convener_button.isEnabled()
    assert "Only a convener grants and revokes roles" in dialog.note.text()
    dialog.table.selectRow(0)
    assert not dialog.revoke_button.isEnabled()
