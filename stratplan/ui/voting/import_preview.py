"""Before ballots are entered on others' behalf: what each row of the sheet will do.

Nothing is written until the user presses Record: the dialog lists the organisations whose
ballot will be recorded, those whose earlier ballot it replaces, the rows that change nothing
and the rows refused, each with its reason.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stratplan.core.services import ballot_preview as bp
from stratplan.ui.i18n import interface_language
from stratplan.ui.widgets.geometry import fit_to_screen


def ballot_text(method: str, choices: Any, labels: dict[str, str]) -> str:
    """A ballot in a line: "P1 yes · P2 no", "P2 > P1 = P3", "P1 4 · P2 blank"."""
    if choices is None:
        return ""
    if method == "ranking":
        if not choices:
            return QCoreApplication.translate("BallotText", "nothing ranked")
        return " > ".join(" = ".join(labels.get(c, c) for c in group) for group in choices)
    words = {"yes": QCoreApplication.translate("BallotText", "yes"),
             "no": QCoreApplication.translate("BallotText", "no"),
             "abstain": QCoreApplication.translate("BallotText", "abstain")}
    blank = QCoreApplication.translate("BallotText", "blank")
    parts = []
    for pid, label in labels.items():
        value = choices.get(pid)
        if method == "approval":
            parts.append(f"{label} {words.get(value or 'abstain', str(value))}")
        else:
            parts.append(f"{label} {blank if value is None else value}")
    return " · ".join(parts)


class BallotImportDialog(QDialog):
    """The preview of a ballot sheet; accepted means: record the rows it accepts."""

    def __init__(self, preview: bp.ImportPreview, file_name: str, labels: dict[str, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(self.tr("Import ballots: preview"))
        heading = QLabel(self.tr("<b>{file}</b>: ballots for the round “{title}”").format(
            file=file_name.replace("&", "&amp;").replace("<", "&lt;"),
            title=preview.round_title.replace("&", "&amp;").replace("<", "&lt;")), self)
        heading.setWordWrap(True)
        self.summary = QLabel(self._summary(), self)
        self.summary.setWordWrap(True)
        self.table = QTableWidget(len(preview.rows), 4, self)
        self.table.setAccessibleName(self.tr("Rows of the ballot sheet and what importing each does"))
        self.table.setHorizontalHeaderLabels([self.tr("Line"), self.tr("Organisation"), self.tr("What happens"),
                                              self.tr("Ballot")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        language = interface_language()
        for row, item in enumerate(preview.rows):
            who = f"{item.organisation} — {item.name}" if item.name else item.organisation
            cells = [str(item.line), who, self._outcome(item, language),
                     ballot_text(preview.method, item.choices, labels)]
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text if col >= 2 else "")
                self.table.setItem(row, col, cell)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        header.setStretchLastSection(True)
        note = QLabel(self.tr("Nothing is written until you press Record. Refused and empty rows are left "
                              "out: correct the sheet and import it again to add them. The ballots are "
                              "entered on each organisation's behalf and signed by this laptop."), self)
        note.setWordWrap(True)
        # Our own Cancel: Qt has no Lithuanian catalogue for its standard buttons.
        self.buttons = QDialogButtonBox(self)
        count = len(preview.to_record)
        self.record_button = QPushButton(self.tr("&Record the ballots ({n})").format(n=count), self)
        self.record_button.setEnabled(count > 0)
        self.record_button.setAutoDefault(False)
        cancel = QPushButton(self.tr("Cancel"), self)
        self.buttons.addButton(self.record_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setDefault(True)  # Enter does not record ballots by accident
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (heading, self.summary, self.table, note, self.buttons):
            layout.addWidget(widget)
        self.resize(QSize(820, 520))
        fit_to_screen(self)

    def _summary(self) -> str:
        p = self.preview
        parts = [
            self.tr("New ballots to record: {n}."),
            self.tr("Ballots that replace one recorded earlier: {n}."),
            self.tr("Rows that repeat a ballot already recorded (nothing changes): {n}."),
            self.tr("Rows left empty (no ballot): {n}."),
            self.tr("Rows refused: {n}."),
        ]
        counts = [p.count(bp.NEW), p.count(bp.REPLACES), p.count(bp.UNCHANGED), p.count(bp.EMPTY),
                  p.count(bp.REFUSED)]
        return " ".join([text.format(n=n) for text, n in zip(parts, counts, strict=True) if n]
                        or [parts[0].format(n=0)])

    def _outcome(self, row: bp.ImportRow, language: str) -> str:
        if row.outcome == bp.NEW:
            return self.tr("✓ Will be recorded")
        if row.outcome == bp.REPLACES:
            return self.tr("↻ Replaces the ballot recorded earlier")
        if row.outcome == bp.UNCHANGED:
            return self.tr("= Same as the ballot already recorded")
        if row.outcome == bp.EMPTY:
            return self.tr("— Left empty: no ballot")
        reason = row.reason.translated(language) if row.reason is not None else ""
        return self.tr("✗ Refused: {reason}").format(reason=reason)

    @classmethod
    def ask(cls, parent: QWidget | None, preview: bp.ImportPreview, file_name: str,
            labels: dict[str, str]) -> bool:
        """True when the user presses Record (the rows the preview accepts are then written)."""
        dialog = cls(preview, file_name, labels, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        return dialog.exec() == QDialog.DialogCode.Accepted
