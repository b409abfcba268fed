"""Comments on the open proposal: read the thread, write, reply, withdraw."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from stratplan.ui.models.simple_lists import CommentListModel

if TYPE_CHECKING:
    from stratplan.core.services.comments import CommentInfo


class CommentsPanel(QWidget):
    """Emits `comment_posted(text, reply_to)` and `withdraw_requested(comment_id)`."""

    comment_posted = Signal(str, str)
    withdraw_requested = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.model = CommentListModel(self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.reply_label = QLabel(self)
        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText(self.tr("Write a comment..."))
        self.text.setFixedHeight(80)
        self.post_button = QPushButton(self.tr("P&ost comment"), self)
        self.reply_button = QPushButton(self.tr("Reply to selected"), self)
        self.withdraw_button = QPushButton(self.tr("Withdraw selected"), self)
        # Two short rows rather than one long one: the panel must fit a 1024-pixel screen in
        # every language (the Lithuanian labels are a third longer).
        thread_buttons = QHBoxLayout()
        thread_buttons.addWidget(self.reply_button)
        thread_buttons.addWidget(self.withdraw_button)
        thread_buttons.addStretch()
        post_row = QHBoxLayout()
        post_row.addStretch()
        post_row.addWidget(self.post_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(thread_buttons)
        layout.addWidget(self.reply_label)
        layout.addWidget(self.text)
        layout.addLayout(post_row)
        self._reply_to = ""
        self.post_button.clicked.connect(self._post)
        self.reply_button.clicked.connect(self._start_reply)
        self.withdraw_button.clicked.connect(self._withdraw)

    def set_comments(self, comments: list[CommentInfo]) -> None:
        self.model.set_comments(comments)
        self._reply_to = ""
        self.reply_label.clear()

    def selected(self) -> CommentInfo | None:
        index = self.list.currentIndex()
        return self.model.row_data(index.row()) if index.isValid() else None

    def _start_reply(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        self._reply_to = chosen.id
        self.reply_label.setText(self.tr("Replying to {author}").format(author=chosen.author))
        self.text.setFocus()

    def _post(self) -> None:
        self.comment_posted.emit(self.text.toPlainText(), self._reply_to)

    def clear_input(self) -> None:
        self.text.clear()
        self._reply_to = ""
        self.reply_label.clear()

    def _withdraw(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.withdraw_requested.emit(chosen.id)
