"""Working-group actions of the main window: create, rename, members, archive (undoable)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from stratplan.core.errors import ValidationError
from stratplan.ui import errors, undo
from stratplan.ui.dialogs.group_dialogs import GroupDialog, MembersDialog
from stratplan.ui.dialogs.members_view import CoalitionDialog
from stratplan.ui.lazy import lazy
from stratplan.ui.models.simple_lists import ID_ROLE

if TYPE_CHECKING:
    from stratplan.core import undoable
    from stratplan.core.services import coalition, groups
    from stratplan.ui.main_window import MainWindow
else:
    # Loaded on first use, after the window's first paint.
    undoable = lazy("stratplan.core.undoable")
    coalition = lazy("stratplan.core.services.coalition")
    groups = lazy("stratplan.core.services.groups")


def add_action(owner: QObject, menu: Any, text: str, slot: Callable[[], Any], shortcut: Any = None) -> QAction:
    """A menu entry calling `slot`, with an optional shortcut."""
    action = QAction(text, owner)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    return action


class GroupActions(QObject):
    """Everything the Groups menu does; changes go through the window's undo stack."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def add_to_menu(self, menu: Any) -> None:
        add_action(self, menu, self.tr("&Organisations and people..."), self.show_coalition)
        self.roles_action = add_action(self, menu, self.tr("Ro&les..."), self.show_roles)
        menu.addSeparator()
        add_action(self, menu, self.tr("&New working group..."), self.new_group)
        add_action(self, menu, self.tr("&Rename working group..."), self.rename_group)
        add_action(self, menu, self.tr("&Members..."), self.edit_members)
        add_action(self, menu, self.tr("&Archive working group"), self.archive_group)

    def show_roles(self) -> None:
        """Conveners and coordinators; a convener grants and revokes them there."""
        from stratplan.ui.dialogs.roles_dialog import RolesDialog

        RolesDialog.ask(self.window, self.window.runner)

    def _run_group_command(self, step: Callable[..., str]) -> str | None:
        group_id = self.window.run(step)
        if group_id is not None:
            self._select_group(group_id)
        return group_id

    def _push_group(self, command: undoable.Command, label: str) -> str | None:
        return undo.push(self.window.undo_stack, command, self._run_group_command, label)

    def new_group(self) -> None:
        answer = GroupDialog.ask(self.window, self.tr("New working group"))
        if answer is not None:
            self._push_group(undoable.CreateGroup(*answer), self.tr("New working group", "undo"))

    def _select_group(self, group_id: str) -> None:
        # The sidebar already follows the action's Changes; selecting a group opens its list.
        for row in range(self.window.group_model.rowCount()):
            if self.window.group_model.index(row).data(ID_ROLE) == group_id:
                self.window.groups_view.setCurrentIndex(self.window.group_model.index(row))

    def _current_group(self) -> groups.GroupInfo | None:
        gid = self.window.current_group_id()
        if not gid:
            errors.show_error(self.window, ValidationError(self.tr("Select a working group in the list first.")))
            return None
        result: groups.GroupInfo | None = self.window.read(lambda s: groups.get_group(s, gid))
        return result

    def rename_group(self) -> None:
        group = self._current_group()
        if group is None:
            return
        answer = GroupDialog.ask(self.window, self.tr("Rename working group"), group.name, group.description)
        if answer is not None:
            before = (group.name, group.description, group.archived)
            command = undoable.EditGroup(group.id, before, (*answer, group.archived))
            self._push_group(command, self.tr("Rename working group", "undo"))

    def archive_group(self) -> None:
        group = self._current_group()
        if group is None:
            return
        before = (group.name, group.description, False)
        if self._push_group(undoable.EditGroup(group.id, before, (group.name, group.description, True)),
                            self.tr("Archive working group")):
            self.window.statusBar().showMessage(self.tr("Working group archived: {name}").format(name=group.name), 5000)

    def edit_members(self) -> None:
        group = self._current_group()
        if group is None:
            return
        organisations = self.window.read(coalition.list_organisations) or []
        chosen = MembersDialog.ask(self.window, organisations, set(group.member_org_ids))
        if chosen is None:
            return
        command = undoable.SetGroupMembers(group.id, frozenset(group.member_org_ids), frozenset(chosen))
        if self._push_group(command, self.tr("Change group members")):
            self.window.statusBar().showMessage(
                self.tr("{name} now has %n member organisations.", "", len(chosen)).format(name=group.name), 5000)

    def show_coalition(self) -> None:
        data = self.window.read(lambda s: (coalition.list_organisations(s), coalition.list_people(s)))
        if data is not None:
            CoalitionDialog.ask(self.window, *data)
