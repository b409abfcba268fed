"""The dialog of an amendment's text and reason, for proposing, modifying, rejecting or combining.

`AmendmentDialog.ask()` is the seam tests answer; it returns what was typed, or None when cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

PROPOSE, MODIFY, REJECT, COMBINE = "propose", "modify", "reject", "combine"


@dataclass(frozen=True)
class AmendmentAnswer:
    change: str   # replace, insert or delete (what was proposed; unchanged for the other modes)
    text: str
    reason: str


class AmendmentDialog(QDialog):
    """The passage as it stands, the new text (not for a deletion or a rejection), and the reason."""

    def __init__(self, parent: QWidget | None, mode: str, lines: str, passage: str, text: str,
                 change: str) -> None:
        super().__init__(parent)
        self.mode = mode
        titles = {PROPOSE: self.tr("Propose an amendment"), MODIFY: self.tr("Accept with changes"),
                  REJECT: self.tr("Reject the amendment"), COMBINE: self.tr("Combine the competing amendments")}
        self.setWindowTitle(titles[mode])
        self.change = QComboBox(self)
        for key, word in (("replace", self.tr("Replace these lines")), ("insert", self.tr("Insert after them")),
                          ("delete", self.tr("Delete these lines"))):
            self.change.addItem(word, key)
        self.change.setCurrentIndex(max(0, self.change.findData(change)))
        self.change.setEnabled(mode == PROPOSE)
        self.lines = QLabel(lines, self)
        self.passage = QPlainTextEdit(passage, self)
        self.passage.setReadOnly(True)
        self.passage.setAccessibleName(self.tr("The passage as it stands"))
        self.passage.setMaximumHeight(110)
        self.text = QPlainTextEdit(text, self)
        self.text.setAccessibleName(self.tr("The new text"))
        self.text.setTabChangesFocus(True)
        self.reason = QPlainTextEdit(self)
        self.reason.setAccessibleName(self.tr("The reason"))
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(90)
        form = QFormLayout()
        change_label = QLabel(self.tr("&Change:"), self)
        change_label.setBuddy(self.change)
        form.addRow(change_label, self.change)
        form.addRow(self.tr("Lines:"), self.lines)
        form.addRow(self.tr("Passage:"), self.passage)
        self.text_label = QLabel(self.tr("&New text:"), self)
        self.text_label.setBuddy(self.text)
        form.addRow(self.text_label, self.text)
        reason_label = QLabel(self.tr("&Reason:") if mode == PROPOSE else self.tr("&Reason (optional):"), self)
        reason_label.setBuddy(self.reason)
        form.addRow(reason_label, self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        # The button says what it does.
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            {PROPOSE: self.tr("&Propose"), MODIFY: self.tr("&Accept"), REJECT: self.tr("Re&ject"),
             COMBINE: self.tr("Com&bine")}[mode])
        # Only a new amendment chooses what kind of change it is.
        change_label.setVisible(mode == PROPOSE)
        self.change.setVisible(mode == PROPOSE)
        self.lines.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._passage_text = passage
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.change.currentIndexChanged.connect(self._show_text)
        self._show_text()
        self.resize(620, 460 if mode != REJECT else 300)
        (self.text if self.text.isVisible() or mode != REJECT else self.reason).setFocus()

    def _show_text(self) -> None:
        wanted = self.mode != REJECT and self.change.currentData() != "delete"
        self.text.setVisible(wanted)
        self.text_label.setVisible(wanted)
        if self.mode == PROPOSE:
            # An insertion starts empty (the passage stays where it is); a replacement starts
            # from the passage, to be edited.
            inserting = self.change.currentData() == "insert"
            if inserting and self.text.toPlainText() == self._passage_text:
                self.text.clear()
            elif not inserting and not self.text.toPlainText():
                self.text.setPlainText(self._passage_text)

    def answer(self) -> AmendmentAnswer:
        change = str(self.change.currentData())
        text = self.text.toPlainText() if self.text.isVisibleTo(self) else ""
        return AmendmentAnswer(change, text, self.reason.toPlainText())

    @classmethod
    def ask(cls, parent: QWidget | None, mode: str, *, lines: str, passage: str, text: str = "",
            change: str = "replace") -> AmendmentAnswer | None:
        dialog = cls(parent, mode, lines, passage, text, change)
        return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
