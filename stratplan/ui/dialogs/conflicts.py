"""The conflicts view: each concurrent edit side by side against the common ancestor."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from stratplan.core.diff_html import changes_html
from stratplan.core.services.conflicts import FieldConflictInfo, describe
from stratplan.core.vocabulary import label
from stratplan.ui.i18n import interface_language


def as_text(value: Any) -> str:
    """A field value as editable text (lists one item per line)."""
    if isinstance(value, list):
        return "\n".join(json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def shown_text(field: str, value: Any) -> str:
    """A value as the reader names it: a status or a level in the interface language."""
    if field in ("status", "level") and isinstance(value, str):
        return label(field, value, interface_language())
    return as_text(value)


def from_text(sample: Any, text: str) -> Any:
    """Read edited text back into the field's kind."""
    if isinstance(sample, list):
        lines = [line for line in text.splitlines() if line.strip()]
        if sample and isinstance(sample[0], dict):
            return [json.loads(line) for line in lines]
        return lines
    if isinstance(sample, bool):
        return text.strip().casefold() in ("yes", "true", "1", "taip")
    return text


class ConflictsDialog(QDialog):
    """`resolve(proposal_id, field, value)` is called for each decision; the list then reloads."""

    def __init__(self, load: Callable[[], list[FieldConflictInfo]],
                 resolve: Callable[[str, str, Any], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Conflicts"))
        self._load, self._resolve = load, resolve
        self.items: list[FieldConflictInfo] = []
        self.list = QListWidget(self)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.base = QTextBrowser(self)
        self.candidate_area = QHBoxLayout()
        self.combined = QPlainTextEdit(self)
        self.save_combined = QPushButton(self.tr("Save the &combined text"), self)
        right = QWidget(self)
        layout = QVBoxLayout(right)
        layout.addWidget(self.heading)
        layout.addWidget(QLabel(self.tr("Before either change (common ancestor):"), self))
        layout.addWidget(self.base, 1)
        layout.addLayout(self.candidate_area, 2)
        layout.addWidget(QLabel(self.tr("Or write a combined text:"), self))
        layout.addWidget(self.combined, 1)
        layout.addWidget(self.save_combined, 0, Qt.AlignmentFlag.AlignRight)
        split = QSplitter(self)
        split.addWidget(self.list)
        split.addWidget(right)
        split.setSizes([300, 800])
        outer = QVBoxLayout(self)
        outer.addWidget(split)
        self.candidate_views: list[tuple[QTextBrowser, QPushButton]] = []
        self.list.currentRowChanged.connect(self.show_conflict)
        self.save_combined.clicked.connect(self._save_combined)
        self.resize(1200, 760)
        self.reload()

    def reload(self) -> None:
        self.items = self._load()
        self.list.clear()
        for item in self.items:
            QListWidgetItem(describe(item).translated(interface_language()), self.list)
        if self.items:
            self.list.setCurrentRow(0)
        else:
            self.heading.setText(self.tr("No conflicts: every plan point has one agreed text."))
            self._clear_candidates()
            self.base.clear()
            self.combined.clear()
        self.save_combined.setEnabled(bool(self.items))

    def _clear_candidates(self) -> None:
        while self.candidate_area.count():
            item = self.candidate_area.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.candidate_views = []

    def current(self) -> FieldConflictInfo | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def show_conflict(self, _row: int = 0) -> None:
        conflict = self.current()
        self._clear_candidates()
        if conflict is None:
            return
        self.heading.setText(f"<b>{html.escape(describe(conflict).translated(interface_language()))}</b>")
        base = shown_text(conflict.field, conflict.base)
        self.base.setPlainText(base)
        for candidate in conflict.candidates:
            box = QWidget(self)
            col = QVBoxLayout(box)
            col.setContentsMargins(0, 0, 0, 0)
            col.addWidget(QLabel(self.tr("{who} ({org}):").format(who=candidate.author or "?",
                                                                   org=candidate.organisation), box))
            view = QTextBrowser(box)
            view.setHtml(changes_html(base, shown_text(conflict.field, candidate.value)))
            button = QPushButton(self.tr("Keep this version"), box)
            button.clicked.connect(lambda _=False, c=candidate: self._decide(c.value))
            col.addWidget(view)
            col.addWidget(button)
            self.candidate_area.addWidget(box)
            self.candidate_views.append((view, button))
        self.combined.setPlainText(as_text(conflict.merged))

    def _decide(self, value: Any) -> None:
        conflict = self.current()
        if conflict is not None and self._resolve(conflict.proposal_id, conflict.field, value):
            self.reload()

    def _save_combined(self) -> None:
        conflict = self.current()
        if conflict is not None:
            self._decide(from_text(conflict.merged, self.combined.toPlainText()))

    @classmethod
    def ask(cls, parent: QWidget | None, load: Callable[[], list[FieldConflictInfo]],
            resolve: Callable[[str, str, Any], bool]) -> None:
        cls(load, resolve, parent).exec()
