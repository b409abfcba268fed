"""The voting window's short questions, each behind an `ask()` seam: which file, empty ballots, a delegate."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget


class OpenFile:
    """The file to read (a ballot sheet), or None when cancelled."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, filters: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
        return Path(name) if name else None


class SaveFile:
    """Where to write (ballots, results), or None when cancelled."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, suggested: str, filters: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
        return Path(name) if name else None


class EmptyBallotQuestion:
    """A ballot with nothing chosen is an abstention: recorded only when the user says so."""

    @classmethod
    def ask(cls, parent: QWidget | None) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, QCoreApplication.translate("EmptyBallotQuestion", "Empty ballot"),
                          QCoreApplication.translate(
                              "EmptyBallotQuestion", "Nothing is chosen on this ballot. Record an empty ballot (an abstention)?"),
                          QMessageBox.StandardButton.NoButton, parent)
        box.setInformativeText(QCoreApplication.translate(
            "EmptyBallotQuestion", "It counts towards the quorum, but for or against no point. You can change your ballot "
                     "while the round is open."))
        record = box.addButton(QCoreApplication.translate("EmptyBallotQuestion", "&Record the abstention"),
                               QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton(QCoreApplication.translate("EmptyBallotQuestion", "&Go back to the ballot"),
                             QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.exec()
        return box.clickedButton() is record


class DelegateQuestion:
    """Which organisation of the electorate gets our vote: its id, or None when cancelled."""

    @classmethod
    def ask(cls, parent: QWidget | None, options: list[tuple[str, str]]) -> str | None:
        labels = [label for _org, label in options]
        label, ok = QInputDialog.getItem(
            parent, QCoreApplication.translate("DelegateQuestion", "Give our vote"),
            QCoreApplication.translate("DelegateQuestion", "The organisation that votes for us in this round "
                                                           "(until we withdraw it or vote ourselves):"),
            labels, 0, False)
        if not ok or label not in labels:
            return None
        return options[labels.index(label)][0]
