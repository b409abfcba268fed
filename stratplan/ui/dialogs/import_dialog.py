"""The import preview: points found in a file, possible duplicates unticked, a group to put them in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from stratplan.core.services.groups import GroupInfo
from stratplan.core.services.importing import ImportPreview
from stratplan.ui.i18n import interface_language


class ImportDialog(QDialog):
    """Returns (group id, chosen point indexes) or None."""

    def __init__(self, preview: ImportPreview, groups: list[GroupInfo], group_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import proposals from {name}").format(name=preview.source))
        self.points = QListWidget(self)
        for i, p in enumerate(preview.points):
            text = p.point.title
            if p.duplicate_of:
                text += "   " + self.tr("(possible duplicate of “{title}”)").format(title=p.duplicate_of)
            item = QListWidgetItem(text, self.points)
            item.setData(Qt.ItemDataRole.UserRole, i)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            # Likely duplicates start unticked: importing them again is the less common wish.
            item.setCheckState(Qt.CheckState.Unchecked if p.duplicate_of else Qt.CheckState.Checked)
        self.group = QComboBox(self)
        for g in groups:
            self.group.addItem(g.name, g.id)
        self.group.setCurrentIndex(max(0, self.group.findData(group_id)))
        language = interface_language()
        self.notes = QLabel("\n".join(note.translated(language) for note in preview.skipped)
                            or self.tr("Nothing was skipped."), self)
        self.notes.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Points found"), self.points)
        form.addRow(self.tr("Skipped"), self.notes)
        form.addRow(self.tr("Working group"), self.group)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(720, 520)

    def chosen(self) -> list[int]:
        return [int(self.points.item(r).data(Qt.ItemDataRole.UserRole)) for r in range(self.points.count())
                if self.points.item(r).checkState() == Qt.CheckState.Checked]

    @classmethod
    def ask(cls, parent: QWidget | None, preview: ImportPreview, groups: list[GroupInfo],
            group_id: str) -> tuple[str, list[int]] | None:
        dialog = cls(preview, groups, group_id, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return str(dialog.group.currentData()), dialog.chosen()
