"""One line of text asked of the user (a section title, a point title), with an `ask()` seam."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget


class TextPrompt:
    """`ask()` gives the text typed, tidied to one line; None when cancelled or left empty."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
        answer, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
        clean = " ".join(answer.split()) if ok else ""
        # An empty title would leave a section the service refuses on every later save.
        return clean or None
