"""Before a round is closed: who voted, who did not, the turnout against the quorum; closing is final."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from stratplan.core.services.round_preview import ClosePreview, VoterState
from stratplan.ui.voting.texts import turnout_text
from stratplan.ui.widgets.geometry import fit_to_screen


class CloseRoundDialog(QDialog):
    """Shows the electorate split into voted / not voted; accepted means: close the round now."""

    def __init__(self, preview: ClosePreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        info = preview.round
        self.setWindowTitle(self.tr("Close the round"))
        heading = QLabel(self.tr("<b>Close “{title}”?</b>").format(
            title=info.title.replace("&", "&amp;").replace("<", "&lt;")), self)
        heading.setWordWrap(True)
        self.turnout = QLabel(turnout_text(preview.turnout), self)
        self.turnout.setWordWrap(True)
        self.voted_list = self._list([self._voter(v) for v in preview.voted],
                                     self.tr("Organisations that voted"))
        self.missing_list = self._list([f"{v.code} — {v.name}" for v in preview.missing],
                                       self.tr("Organisations that did not vote"))
        voted_label = QLabel(self.tr("&Voted ({n}):").format(n=len(preview.voted)), self)
        voted_label.setBuddy(self.voted_list)
        missing_label = QLabel(self.tr("&Did not vote ({n}):").format(n=len(preview.missing)), self)
        missing_label.setBuddy(self.missing_list)
        columns = QHBoxLayout()
        for label, view in ((voted_label, self.voted_list), (missing_label, self.missing_list)):
            column = QVBoxLayout()
            column.addWidget(label)
            column.addWidget(view)
            columns.addLayout(column)
        final = [self.tr("Closing is final: no ballot can be cast or changed afterwards, and the result "
                         "is counted from the ballots of the organisations listed as having voted.")]
        if info.method == "approval":
            final.append(self.tr("The points that reach the threshold become adopted."))
        self.warning = QLabel(" ".join(final), self)
        self.warning.setWordWrap(True)
        # Our own Cancel: Qt has no Lithuanian catalogue for its standard buttons.
        self.buttons = QDialogButtonBox(self)
        self.close_button = QPushButton(self.tr("C&lose the round"), self)
        self.close_button.setAutoDefault(False)
        cancel = QPushButton(self.tr("Cancel"), self)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setDefault(True)  # Enter does not close a round by accident
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.turnout)
        layout.addLayout(columns)
        layout.addWidget(self.warning)
        layout.addWidget(self.buttons)
        self.resize(QSize(720, 500))
        fit_to_screen(self)

    def _list(self, lines: list[str], name: str) -> QListWidget:
        view = QListWidget(self)
        view.addItems(lines)
        view.setAccessibleName(name)
        return view

    def _voter(self, v: VoterState) -> str:
        notes = []
        if v.by_proxy:
            notes.append(self.tr("entered on its behalf"))
        if v.disagreement:
            notes.append(self.tr("two laptops voted differently; the later ballot counts"))
        if v.through:
            notes.append(self.tr("by delegation, through {org}").format(org=v.through))
        text = f"{v.code} — {v.name}"
        return f"{text} ({'; '.join(notes)})" if notes else text

    @classmethod
    def ask(cls, parent: QWidget | None, preview: ClosePreview) -> bool:
        """True when the user confirms closing the round."""
        dialog = cls(preview, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        return dialog.exec() == QDialog.DialogCode.Accepted
