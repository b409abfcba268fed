"""Revision history: pick two revisions, compare them word by word, restore one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from stratplan.core.diff_html import side_by_side
from stratplan.ui.models.simple_lists import RevisionListModel

if TYPE_CHECKING:
    from stratplan.core.services.proposals import RevisionInfo


class HistoryPanel(QWidget):
    """Select one revision to compare it with the current one, or two to compare them."""

    restore_requested = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.model = RevisionListModel(self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.hint = QLabel(self.tr("Select a revision to compare it with the newest; Ctrl+click to pick two."), self)
        self.hint.setWordWrap(True)
        self.left_title = QLabel(self)
        self.right_title = QLabel(self)
        self.left = QTextBrowser(self)
        self.right = QTextBrowser(self)
        self.restore_button = QPushButton(self.tr("&Restore this revision"), self)
        self.restore_button.setEnabled(False)
        compare = QSplitter(self)
        for title, view in ((self.left_title, self.left), (self.right_title, self.right)):
            box = QWidget(self)
            col = QVBoxLayout(box)
            col.setContentsMargins(0, 0, 0, 0)
            col.addWidget(title)
            col.addWidget(view)
            compare.addWidget(box)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.hint)
        top_layout.addWidget(self.list)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.restore_button)
        top_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(compare)
        split.setSizes([180, 420])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.list.selectionModel().selectionChanged.connect(self._compare)
        self.restore_button.clicked.connect(self._restore)
        self._labels: dict[str, str] = {}

    def set_labels(self, labels: dict[str, str]) -> None:
        self._labels = {**labels, "_same": self.tr("These two revisions have the same text.")}

    def set_revisions(self, revisions: list[RevisionInfo]) -> None:
        """Follow the history; a comparison the user chose stays open when a revision arrives."""
        self.model.set_revisions(revisions)
        if self.list.selectionModel().selectedIndexes():
            self._compare()
            return
        self.left.clear()
        self.right.clear()
        self.left_title.clear()
        self.right_title.clear()
        self.restore_button.setEnabled(False)

    def select_rows(self, *rows: int) -> None:
        """Select revisions by row (0 = newest), as a user's clicks would."""
        sel = self.list.selectionModel()
        sel.clearSelection()
        for row in rows:
            sel.select(self.model.index(row), sel.SelectionFlag.Select)

    def _selected(self) -> list[RevisionInfo]:
        rows = sorted(i.row() for i in self.list.selectionModel().selectedIndexes())
        return [self.model.row_data(r) for r in rows]

    def _compare(self) -> None:
        chosen = self._selected()
        self.restore_button.setEnabled(len(chosen) == 1 and self.list.selectionModel().selectedIndexes()[0].row() > 0)
        if not chosen:
            return
        newer = chosen[0] if len(chosen) > 1 else self.model.row_data(0)
        older = chosen[-1]
        if len(chosen) == 1 and chosen[0] is newer:
            older = self.model.row_data(1) or newer
        left, right = side_by_side(older.fields, newer.fields, self._labels)
        self.left_title.setText(self.tr("Revision #{n} ({author})").format(n=self.model.number_of(older.id), author=older.author))
        self.right_title.setText(self.tr("Revision #{n} ({author})").format(n=self.model.number_of(newer.id), author=newer.author))
        self.left.setHtml(left)
        self.right.setHtml(right)

    def _restore(self) -> None:
        chosen = self._selected()
        if len(chosen) == 1:
            self.restore_requested.emit(chosen[0].id)
