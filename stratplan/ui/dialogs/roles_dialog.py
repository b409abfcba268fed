"""The coalition's roles: conveners and each working group's coordinators; conveners grant and revoke."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from stratplan.core.oplog.writer import OpWriter
from stratplan.core.roles import load_roles
from stratplan.core.services import groups, role_grants
from stratplan.core.services.coalition import OrganisationInfo, list_organisations
from stratplan.ui.runner import ActionRunner


class RoleChoice:
    """One choice from a list (an organisation, a working group): its id, or None when cancelled."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, label: str, options: list[tuple[str, str]]) -> str | None:
        labels = [text for _id, text in options]
        chosen, ok = QInputDialog.getItem(parent, title, label, labels, 0, False)
        return options[labels.index(chosen)][0] if ok and chosen in labels else None


class RolesDialog(QDialog):
    """Who convenes and who coordinates each group; every grant or revocation is one action."""

    def __init__(self, runner: ActionRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.setWindowTitle(self.tr("Roles"))
        self.rows: list[role_grants.RoleRow] = []
        self.organisations: list[OrganisationInfo] = []
        self.groups: list[groups.GroupInfo] = []
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Role"), self.tr("Organisation"), self.tr("Working group")])
        self.table.setAccessibleName(self.tr("Roles"))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Role and organisation as wide as their words; the working group's long name takes the rest.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.coordinator_button = QPushButton(self.tr("Make &coordinator..."), self)
        self.convener_button = QPushButton(self.tr("Make co&nvener..."), self)
        self.revoke_button = QPushButton(self.tr("&Revoke"), self)
        row = QHBoxLayout()
        for button in (self.coordinator_button, self.convener_button, self.revoke_button):
            row.addWidget(button)
        row.addStretch()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.note)
        layout.addLayout(row)
        layout.addWidget(close)
        self.coordinator_button.clicked.connect(self.grant_coordinator)
        self.convener_button.clicked.connect(self.grant_convener)
        self.revoke_button.clicked.connect(self.revoke)
        self.table.itemSelectionChanged.connect(self._enable)
        self.resize(860, 420)
        self.reload()

    def reload(self) -> None:
        me = self.runner.workspace.profile.org_id

        def read(session: Session) -> tuple[list[role_grants.RoleRow], list[OrganisationInfo],
                                             list[groups.GroupInfo], bool]:
            return (role_grants.list_roles(session), list_organisations(session), groups.list_groups(session),
                    me in load_roles(session).conveners)

        data = self.runner.read(self, read)
        if data is None:
            return
        self.rows, self.organisations, self.groups, self.convening = data
        self.table.setRowCount(len(self.rows))
        for n, r in enumerate(self.rows):
            role = self.tr("Convener") if r.role == "convener" else self.tr("Coordinator")
            for col, value in enumerate((role, f"{r.org_name} ({r.org_code})", r.group_name)):
                self.table.setItem(n, col, QTableWidgetItem(value))
        self.table.resizeColumnToContents(0)
        self.note.setText("" if self.convening else self.tr(
            "Only a convener grants and revokes roles; your organisation is not one."))
        self._enable()

    def _enable(self) -> None:
        for button in (self.coordinator_button, self.convener_button):
            button.setEnabled(self.convening)
        self.revoke_button.setEnabled(self.convening and self._selected() is not None)

    def _selected(self) -> role_grants.RoleRow | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) and self.table.selectedItems() else None

    def _organisation(self) -> str | None:
        options = [(o.id, f"{o.name} ({o.code})") for o in sorted(self.organisations, key=lambda o: o.code)]
        return RoleChoice.ask(self, self.tr("Roles"), self.tr("Organisation:"), options)

    def grant_coordinator(self) -> None:
        group = RoleChoice.ask(self, self.tr("Roles"), self.tr("Working group:"),
                               [(g.id, g.name) for g in self.groups])
        org = self._organisation() if group is not None else None
        if group is not None and org is not None:
            self._run(lambda s, w: role_grants.set_coordinator(s, writer=w, group_id=group, org_id=org, present=True))

    def grant_convener(self) -> None:
        org = self._organisation()
        if org is not None:
            self._run(lambda s, w: _set_convener(self.runner, s, w, org, True))

    def revoke(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        if chosen.role == "convener":
            self._run(lambda s, w: _set_convener(self.runner, s, w, chosen.org_id, False))
        else:
            self._run(lambda s, w: role_grants.set_coordinator(s, writer=w, group_id=chosen.group_id,
                                                               org_id=chosen.org_id, present=False))

    def _run(self, step: Callable[[Session, OpWriter], bool]) -> None:
        if self.runner.run(self, step) is not None:
            self.reload()

    @classmethod
    def ask(cls, parent: QWidget | None, runner: ActionRunner) -> None:
        cls(runner, parent).exec()


def _set_convener(runner: ActionRunner, session: Session, writer: OpWriter, org: str, present: bool) -> bool:
    """A shared coalition names conveners in its roster, signed with our organisation's key."""
    from stratplan.core.sync import held, keys

    key = keys.org_key(runner.workspace) if held.genesis_id(session) else None
    return role_grants.set_convener(session, writer=writer, org_id=org, present=present, org_key=key)
