"""Opening a round: title, method, proposals, threshold, quorum, closing date."""

from __future__ import annotations

from collections.abc import Collection
from typing import TypedDict

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from stratplan.core.services.proposals import ProposalSummary


class NewRound(TypedDict):
    """What the dialog collected, named as `rounds.open_round` takes it."""

    title: str
    method: str
    proposal_ids: list[str]
    threshold: str
    quorum: str
    basis: str
    closes: str
    live_results: bool


class NewRoundDialog(QDialog):
    """Collects what `open_round` needs; the service validates it."""

    def __init__(self, candidates: list[ProposalSummary], preselected: Collection[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Open a voting round"))
        self.title = QLineEdit(self)
        self.method = QComboBox(self)
        for label, value in ((self.tr("Approval: does each point fit our organisation?"), "approval"),
                             (self.tr("Ranking: order the points (Schulze)"), "ranking"),
                             (self.tr("Score: grade each point 0 to 5"), "score")):
            self.method.addItem(label, value)
        self.threshold = QLineEdit("2/3", self)
        self.quorum = QLineEdit("1/2", self)
        self.basis = QComboBox(self)
        self.basis.addItem(self.tr("of those who expressed a view"), "expressed")
        self.basis.addItem(self.tr("of the whole electorate"), "electorate")
        self.closes = QLineEdit(self)
        self.closes.setPlaceholderText(self.tr("YYYY-MM-DD (optional)"))
        self.live = QCheckBox(self.tr("&Show the results while the round is open (marked provisional)"), self)
        self.live.setToolTip(self.tr("Otherwise the results stay sealed until the round closes."))
        self.proposals = QListWidget(self)
        self.proposals.setAccessibleName(self.tr("Proposals to vote on"))
        for p in candidates:
            item = QListWidgetItem(p.title, self.proposals)
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if p.id in preselected else Qt.CheckState.Unchecked)
        form = QFormLayout(self)
        form.addRow(self.tr("&Title"), self.title)
        form.addRow(self.tr("&Method"), self.method)
        form.addRow(self.tr("&Proposals"), self.proposals)
        form.addRow(self.tr("T&hreshold"), self.threshold)
        form.addRow(self.tr("Support counted"), self.basis)
        form.addRow(self.tr("&Quorum"), self.quorum)
        form.addRow(self.tr("&Closing date"), self.closes)
        form.addRow("", self.live)
        # Our own buttons: Qt has no Lithuanian catalogue for its standard ones.
        buttons = QDialogButtonBox(self)
        buttons.addButton(QPushButton(self.tr("&Open the round"), self), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QPushButton(self.tr("Cancel"), self), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        # A threshold decides approval rounds only: ranking and score rounds give an order.
        self.method.currentIndexChanged.connect(self._method_changed)
        self._method_changed()
        self.resize(620, 560)

    def _method_changed(self, *_args: object) -> None:
        approval = self.method.currentData() == "approval"
        self.threshold.setEnabled(approval)
        self.basis.setEnabled(approval)

    def values(self) -> NewRound:
        chosen = [str(self.proposals.item(r).data(Qt.ItemDataRole.UserRole))
                  for r in range(self.proposals.count())
                  if self.proposals.item(r).checkState() == Qt.CheckState.Checked]
        return NewRound(title=self.title.text(), method=str(self.method.currentData()), proposal_ids=chosen,
                        threshold=self.threshold.text(), quorum=self.quorum.text(),
                        basis=str(self.basis.currentData()), closes=self.closes.text(),
                        live_results=self.live.isChecked())

    @classmethod
    def ask(cls, parent: QWidget | None, candidates: list[ProposalSummary],
            preselected: Collection[str]) -> NewRound | None:
        dialog = cls(candidates, preselected, parent)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None
