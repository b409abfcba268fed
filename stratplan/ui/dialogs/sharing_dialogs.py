"""Dialogs for sharing: joining, sending, what came in, and the coalition's roster of laptops."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stratplan.ui.i18n import interface_language, moment_text

if TYPE_CHECKING:
    from stratplan.core.services.sharing import RosterView
    from stratplan.core.sync.folder import FolderSummary
    from stratplan.core.sync.importer import ImportSummary


def _buttons(dialog: QDialog, ok: bool = True) -> QDialogButtonBox:
    flags = QDialogButtonBox.StandardButton.Close if not ok else (
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box = QDialogButtonBox(flags, dialog)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class JoinDialog(QDialog):
    """Asking to join: a new member organisation, or a second laptop of one already admitted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Join a coalition"))
        intro = QLabel(self.tr(
            "StratPlan writes a request file. Send it to the coalition's convener (or, for a second "
            "laptop, to your organisation's first laptop). Their reply is a bundle file: receive it here."), self)
        intro.setWordWrap(True)
        self.device_only = QCheckBox(self.tr("This is a second laptop of an organisation already in the coalition"),
                                     self)
        self.org = QLineEdit(self)
        self.code = QLineEdit(self)
        self.country = QLineEdit(self)
        self.country.setPlaceholderText(self.tr("e.g. LT"))
        self.language = QLineEdit(self)
        self.language.setPlaceholderText(self.tr("e.g. lt"))
        self.person = QLineEdit(self)
        self.label = QLineEdit(self)
        self.label.setPlaceholderText(self.tr("e.g. Rūta's laptop"))
        form = QFormLayout(self)
        form.addRow(intro)
        form.addRow(self.device_only)
        self._org_fields = [self.org, self.code, self.country, self.language, self.person]
        for text, widget in ((self.tr("Your organisation"), self.org), (self.tr("Short code"), self.code),
                             (self.tr("Country (ISO code)"), self.country),
                             (self.tr("Working language"), self.language), (self.tr("Your name"), self.person),
                             (self.tr("This laptop's name"), self.label)):
            form.addRow(text, widget)
        self.device_only.toggled.connect(self._device_only_toggled)
        form.addRow(_buttons(self))

    def _device_only_toggled(self, on: bool) -> None:
        for widget in self._org_fields:
            widget.setEnabled(not on)

    def values(self) -> dict[str, Any]:
        if self.device_only.isChecked():
            return {"device_only": True, "label": self.label.text()}
        return {"device_only": False, "label": self.label.text(), "name": self.org.text(), "code": self.code.text(),
                "country": self.country.text(), "language": self.language.text(), "person_name": self.person.text()}

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> dict[str, Any] | None:
        dialog = cls(parent)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


class SendDialog(QDialog):
    """Send changes: everything, or only what one peer has not seen yet."""

    def __init__(self, peers: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Send changes"))
        layout = QVBoxLayout(self)
        self.everything = QRadioButton(self.tr("&Everything this laptop holds (safe for anyone)"), self)
        self.everything.setChecked(True)
        layout.addWidget(self.everything)
        self.choices: list[tuple[QRadioButton, str]] = []
        for device, label in peers:
            button = QRadioButton(self.tr("Only what {peer} has not seen yet").format(peer=label or device[:8]), self)
            layout.addWidget(button)
            self.choices.append((button, device))
        if not peers:
            note = QLabel(self.tr("Once you have received changes from someone, you can send them only what they "
                                  "lack."), self)
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(_buttons(self))

    def peer(self) -> str:
        return next((device for button, device in self.choices if button.isChecked()), "")

    @classmethod
    def ask(cls, peers: list[tuple[str, str]], parent: QWidget | None = None) -> str | None:
        dialog = cls(peers, parent)
        return dialog.peer() if dialog.exec() == QDialog.DialogCode.Accepted else None


# Counts are written with %n, one per phrase, so each takes its plural form in every language
# (a sentence with several counts is put together from phrases of one count each).
translate = QCoreApplication.translate


def summary_lines(summary: ImportSummary) -> list[str]:
    """A director's reading of one import."""
    lines = [translate("SummaryDialog", "{source}: {new}, {known}.").format(
        source=summary.source, new=translate("SummaryDialog", "%n new changes", "", summary.new),
        known=translate("SummaryDialog", "%n already here", "", summary.already_here))]
    if summary.joined:
        lines.append(translate("SummaryDialog", "This laptop has joined the coalition."))
    for org in summary.organisations:
        counts = [translate("SummaryDialog", "%n new proposals", "", org.new_proposals),
                  translate("SummaryDialog", "%n revisions", "", org.revisions),
                  translate("SummaryDialog", "%n ballots", "", org.ballots),
                  translate("SummaryDialog", "%n comments", "", org.comments),
                  translate("SummaryDialog", "%n with conflicts", "", org.conflicts)]
        lines.append(translate("SummaryDialog", "  {org}: {counts}").format(org=org.name, counts=", ".join(counts)))
    if summary.waiting_admission:
        lines.append(translate("SummaryDialog", "  %n changes wait until their organisation is admitted.", "",
                               summary.waiting_admission))
    if summary.gaps:
        lines.append(translate("SummaryDialog", "  %n changes wait for earlier changes not received yet.", "",
                               summary.gaps))
    if summary.revoked:
        lines.append(translate("SummaryDialog", "  %n changes from revoked laptops are ignored.", "",
                               summary.revoked))
    return lines


class SummaryDialog(QDialog):
    """What came in, per organisation."""

    def __init__(self, title: str, lines: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.text = QPlainTextEdit("\n".join(lines), self)
        self.text.setReadOnly(True)
        self.text.setMinimumSize(560, 220)
        layout.addWidget(self.text)
        layout.addWidget(_buttons(self, ok=False))

    @classmethod
    def for_imports(cls, summaries: list[ImportSummary], parent: QWidget | None = None) -> SummaryDialog:
        lines: list[str] = []
        for summary in summaries:
            lines.extend(summary_lines(summary))
        return cls(QCoreApplication.translate("SummaryDialog", "Changes received"), lines, parent)

    @classmethod
    def for_folder(cls, summary: FolderSummary, parent: QWidget | None = None) -> SummaryDialog:
        lines = [QCoreApplication.translate("SummaryDialog", "Shared folder: {folder}").format(folder=summary.folder),
                 translate("SummaryDialog", "Wrote %n changes.", "", summary.written_operations)]
        for item in summary.imported:
            lines.extend(summary_lines(item))
        lines.extend(QCoreApplication.translate("SummaryDialog", "{file}: still being copied; tried again next time.").format(file=w)
                     for w in summary.waiting)
        language = interface_language()
        lines.extend(QCoreApplication.translate("SummaryDialog", "{file}: refused: {reason}").format(
            file=f, reason=r.translated(language)) for f, r in summary.refused)
        return cls(QCoreApplication.translate("SummaryDialog", "Shared folder"), lines, parent)


class RosterDialog(QDialog):
    """The coalition's organisations and laptops, with fingerprints to compare aloud."""

    def __init__(self, view: RosterView, actions: dict[str, Callable[[str], None]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Coalition and laptops"))
        self.resize(860, 480)
        layout = QVBoxLayout(self)
        head = QLabel(self)
        head.setWordWrap(True)
        layout.addWidget(head)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([self.tr("Organisation / laptop"), self.tr("Code"), self.tr("Key fingerprint"),
                                   self.tr("State")])
        layout.addWidget(self.tree)
        foot = QLabel(self)
        foot.setWordWrap(True)
        layout.addWidget(foot)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text in (("admit", self.tr("&Admit an organisation...")),
                          ("certify", self.tr("&Certify our other laptop...")),
                          ("revoke", self.tr("&Revoke the selected laptop..."))):
            button = QPushButton(text, self)
            button.clicked.connect(lambda _=False, k=key: actions[k](self.selected_device()))
            row.addWidget(button)
            self.buttons[key] = button
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(_buttons(self, ok=False))
        self.show_view(view, head, foot)

    def show_view(self, view: RosterView, head: QLabel, foot: QLabel) -> None:
        if not view.shared:
            head.setText(self.tr("This store is waiting for the reply to its join request.") if view.pending_join
                         else self.tr("This coalition is not set up for sharing (the demo, or a store made before "
                                      "sharing existed)."))
            for button in self.buttons.values():
                button.setEnabled(False)
            return
        head.setText(self.tr("{name}: roster version {version}. Compare the fingerprints aloud with each "
                             "organisation.").format(name=view.name, version=view.version))
        for org in view.organisations:
            item = QTreeWidgetItem([org.name, org.code, org.fingerprint,
                                    self.tr("convener") if org.convener else ""])
            self.tree.addTopLevelItem(item)
            for device in org.devices:
                state = []
                if device.this_laptop:
                    state.append(self.tr("this laptop"))
                if device.revoked_from:
                    state.append(self.tr("revoked from change #{n}").format(n=device.revoked_from))
                child = QTreeWidgetItem([f"{device.label} ({device.device_id[:8]})", "", device.fingerprint,
                                         ", ".join(state)])
                child.setData(0, Qt.ItemDataRole.UserRole, device.device_id)
                item.addChild(child)
            item.setExpanded(True)
        for column in range(4):
            self.tree.resizeColumnToContents(column)
        parts = []
        if view.held:
            parts.append(self.tr("Held changes: {n}.").format(n=sum(view.held.values())))
        if view.peers:
            seen = ", ".join(f"{p.label or p.device_id[:8]} ({_when(p.seen_at)})" for p in view.peers)
            parts.append(self.tr("Last heard from: {peers}.").format(peers=seen))
        foot.setText(" ".join(parts))

    def selected_device(self) -> str:
        item = self.tree.currentItem()
        value = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return str(value) if value else ""


def _when(ms: int) -> str:
    return moment_text(ms) if ms else "?"
