"""Preferences: the interface language."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QWidget

from stratplan.ui.settings import LANGUAGES

# Each language is named in itself, so a user who cannot read the current one still finds theirs.
LANGUAGE_NAMES = {"en": "English", "lt": "Lietuvių", "fr": "Français", "es": "Español"}


class SettingsDialog(QDialog):
    """Returns the chosen language code, or None when cancelled."""

    def __init__(self, current_language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.language = QComboBox(self)
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(max(0, self.language.findData(current_language)))
        form = QFormLayout(self)
        form.addRow(self.tr("&Language"), self.language)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @classmethod
    def ask(cls, current_language: str, parent: QWidget | None = None) -> str | None:
        dialog = cls(current_language, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return str(dialog.language.currentData())
        return None
