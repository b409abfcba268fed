"""The consolidation window's Reviewed tab: pairs dismissed as not duplicates, pairs linked as
related, and the buttons that take either decision back."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from stratplan.core.services.overlap_review import ReviewedPair
from stratplan.ui.peer.keyed import KEY_ROLE, sync_list
from stratplan.ui.widgets.labels import label_for


def wrap(widget: QListWidget) -> None:
    """Long titles wrap onto more lines instead of running off to the right."""
    widget.setWordWrap(True)
    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    widget.setTextElideMode(Qt.TextElideMode.ElideNone)


class ReviewedTab(QWidget):
    """Lists the reviewed pairs; emits which pair to review again or to unlink."""

    review_again_requested = Signal(str, str)
    unlink_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pairs: dict[tuple[str, str], ReviewedPair] = {}
        self.list = QListWidget(self)
        wrap(self.list)
        self.review_again_button = QPushButton(self.tr("Review &again"), self)
        self.review_again_button.setToolTip(self.tr("Take back “not a duplicate”: the pair can be suggested again."))
        self.unlink_button = QPushButton(self.tr("Remove the related &link"), self)
        self.empty_note = QLabel(self.tr("No pair reviewed yet. Pairs dismissed as not duplicates and points "
                                         "linked as related are listed here, on every laptop of the coalition."),
                                 self)
        self.empty_note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label_for(self.list, self.tr("Pairs already reviewed (never suggested again):")))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.review_again_button)
        buttons.addWidget(self.unlink_button)
        buttons.addStretch()
        layout.addLayout(buttons)
        self.list.currentRowChanged.connect(lambda _r: self._enable())
        self.review_again_button.clicked.connect(lambda: self._emit(self.review_again_requested))
        self.unlink_button.clicked.connect(lambda: self._emit(self.unlink_requested))
        self._enable()

    def show_pairs(self, pairs: Sequence[ReviewedPair]) -> None:
        self.pairs = {(p.a, p.b): p for p in pairs}
        sync_list(self.list, [((p.a, p.b), self._label(p)) for p in pairs])
        self.empty_note.setVisible(not pairs)
        self._enable()

    def _label(self, pair: ReviewedPair) -> str:
        marks = []
        if pair.dismissed:
            marks.append(self.tr("Not a duplicate ({org})").format(org=pair.dismissed_by))
        if pair.related:
            marks.append(self.tr("Related ({org})").format(org=pair.related_by))
        # The decision first: titles are long and would push it out of sight.
        return f"{', '.join(marks)}:  {pair.a_title}  ↔  {pair.b_title}"

    def current(self) -> ReviewedPair | None:
        item = self.list.currentItem()
        return self.pairs.get(tuple(item.data(KEY_ROLE))) if item else None

    def _enable(self) -> None:
        pair = self.current()
        self.review_again_button.setEnabled(bool(pair and pair.dismissed))
        self.unlink_button.setEnabled(bool(pair and pair.related))

    def _emit(self, signal: SignalInstance) -> None:
        pair = self.current()
        if pair is not None:
            signal.emit(pair.a, pair.b)
