"""Labels that name the widget they stand beside, for screen readers and Alt-letters alike."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def label_for(widget: QWidget, text: str) -> QLabel:
    """A label whose buddy is `widget`: a screen reader announces the widget by this text."""
    label = QLabel(text, widget.parentWidget())
    label.setBuddy(widget)
    return label
