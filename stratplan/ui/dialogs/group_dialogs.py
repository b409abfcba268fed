"""Dialogs for working groups: name and description, and member organisations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from stratplan.ui.i18n import interface_formatter

if TYPE_CHECKING:
    from stratplan.core.services.coalition import OrganisationInfo


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class GroupDialog(QDialog):
    """Name and description of a working group."""

    def __init__(self, title: str, name: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.name = QLineEdit(name, self)
        self.description = QPlainTextEdit(description, self)
        form = QFormLayout(self)
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Description"), self.description)
        form.addRow(_buttons(self))

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, name: str = "", description: str = "") -> tuple[str, str] | None:
        dialog = cls(title, name, description, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.name.text(), dialog.description.toPlainText()


class MembersDialog(QDialog):
    """Tick the organisations that take part in a working group."""

    def __init__(self, organisations: list[OrganisationInfo], members: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Member organisations"))
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter organisations"))
        self.list = QListWidget(self)
        names = interface_formatter()
        for org in organisations:
            item = QListWidgetItem(f"{org.name} ({org.code}, {names.country(org.country)})", self.list)
            item.setData(Qt.ItemDataRole.UserRole, org.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if org.id in members else Qt.CheckState.Unchecked)
        self.filter.textChanged.connect(self._filter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(_buttons(self))
        self.resize(480, 520)

    def _filter(self, text: str) -> None:
        needle = text.casefold()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(needle not in item.text().casefold())

    def chosen(self) -> set[str]:
        return {
            str(self.list.item(r).data(Qt.ItemDataRole.UserRole))
            for r in range(self.list.count())
            if self.list.item(r).checkState() == Qt.CheckState.Checked
        }

    @classmethod
    def ask(cls, parent: QWidget | None, organisations: list[OrganisationInfo], members: set[str]) -> set[str] | None:
        dialog = cls(organisations, members, parent)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
