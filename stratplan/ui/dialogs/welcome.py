"""First run on an empty store: load the demo, start a coalition, or open another store."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomeDialog(QDialog):
    """Returns 'demo', 'new', 'join', 'reply', 'open' or '' (cancelled)."""

    def __init__(self, parent: QWidget | None = None, pending_join: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Welcome to StratPlan"))
        self.choice = ""
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "This store is empty. You can explore StratPlan with a fictional demo coalition "
            "(33 organisations from 26 countries), start your own coalition, join one, or open another store."),
            self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        choices = [("demo", self.tr("Load the &demo coalition")),
                   ("new", self.tr("Start a &new coalition...")),
                   ("join", self.tr("&Join a coalition...")),
                   ("open", self.tr("&Open another store..."))]
        if pending_join:
            # The request was sent: what this director needs now is to receive the reply.
            choices.insert(0, ("reply", self.tr("&Receive the reply to your join request...")))
        for key, label in choices:
            button = QPushButton(label, self)
            button.clicked.connect(lambda _=False, k=key: self._choose(k))
            layout.addWidget(button)
            if key == ("reply" if pending_join else "demo"):
                button.setDefault(True)

    def _choose(self, key: str) -> None:
        self.choice = key
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None = None, pending_join: bool = False) -> str:
        dialog = cls(parent, pending_join)
        dialog.exec()
        return dialog.choice
