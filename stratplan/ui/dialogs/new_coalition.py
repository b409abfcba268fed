"""Starting a coalition: its name, your organisation and your name."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget


class NewCoalitionDialog(QDialog):
    """Collects what `create_coalition` needs; validation happens in the service."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Start a new coalition"))
        self.coalition = QLineEdit(self)
        self.org = QLineEdit(self)
        self.code = QLineEdit(self)
        self.country = QLineEdit(self)
        self.country.setPlaceholderText(self.tr("e.g. LT"))
        self.language = QLineEdit(self)
        self.language.setPlaceholderText(self.tr("e.g. lt"))
        self.person = QLineEdit(self)
        form = QFormLayout(self)
        form.addRow(self.tr("Coalition name"), self.coalition)
        form.addRow(self.tr("Your organisation"), self.org)
        form.addRow(self.tr("Short code"), self.code)
        form.addRow(self.tr("Country (ISO code)"), self.country)
        form.addRow(self.tr("Working language"), self.language)
        form.addRow(self.tr("Your name"), self.person)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        return {
            "name": self.coalition.text(),
            "org_name": self.org.text(),
            "org_code": self.code.text(),
            "country": self.country.text(),
            "language": self.language.text(),
            "person_name": self.person.text(),
        }

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> dict[str, Any] | None:
        dialog = cls(parent)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None
