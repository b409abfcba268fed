"""The coalition's organisations and people, for looking up who is who."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stratplan.ui.i18n import interface_formatter

if TYPE_CHECKING:
    from stratplan.core.services.coalition import OrganisationInfo, PersonInfo


class CoalitionDialog(QDialog):
    """A read-only table: one row per person, with their organisation's details."""

    def __init__(self, organisations: list[OrganisationInfo], people: list[PersonInfo],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Organisations and people"))
        orgs = {o.id: o for o in organisations}
        names = interface_formatter()
        roles = {"director": self.tr("Director"), "facilitator": self.tr("Facilitator"),
                 "convener": self.tr("Convener"), "member": self.tr("Member")}
        self.table = QTableWidget(len(people), 5, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Person"), self.tr("Role"), self.tr("Organisation"), self.tr("Country"), self.tr("Language")])
        for row, person in enumerate(people):
            org = orgs.get(person.org_id)
            values = [person.name, roles.get(person.role, person.role),
                      f"{org.name} ({org.code})" if org else "", names.country(org.country) if org else "",
                      names.language_name(org.language) if org else ""]
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(900, 600)

    @classmethod
    def ask(cls, parent: QWidget | None, organisations: list[OrganisationInfo], people: list[PersonInfo]) -> None:
        cls(organisations, people, parent).exec()
