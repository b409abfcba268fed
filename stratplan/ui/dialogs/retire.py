"""Retiring a plan point: why (duplicate of ..., out of scope, already done, other)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from stratplan.core.services.consolidation import RETIRE_REASONS
from stratplan.core.services.proposals import ProposalSummary
from stratplan.core.vocabulary import label
from stratplan.ui.i18n import interface_language


class RetireDialog(QDialog):
    """Returns (reason, detail, duplicate_of) or None."""

    def __init__(self, others: list[ProposalSummary], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Retire plan point"))
        self.reason = QComboBox(self)
        language = interface_language()
        for key in RETIRE_REASONS:
            self.reason.addItem(label("retire_reason", key, language), key)
        self.duplicate_of = QComboBox(self)
        for p in others:
            self.duplicate_of.addItem(p.title, p.id)
        self.detail = QLineEdit(self)
        form = QFormLayout(self)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Duplicate of"), self.duplicate_of)
        form.addRow(self.tr("Details"), self.detail)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.reason.currentIndexChanged.connect(
            lambda _i: self.duplicate_of.setEnabled(self.reason.currentData() == "duplicate"))

    @classmethod
    def ask(cls, parent: QWidget | None, others: list[ProposalSummary]) -> tuple[str, str, str] | None:
        dialog = cls(others, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        duplicate = str(dialog.duplicate_of.currentData() or "") if dialog.reason.currentData() == "duplicate" else ""
        return str(dialog.reason.currentData()), dialog.detail.text(), duplicate
