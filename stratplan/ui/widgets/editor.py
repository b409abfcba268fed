"""The proposal editor: every structured field of a plan point and a Markdown body."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stratplan.core.fields import INDICATOR_KEYS, LEVELS, STATUSES, default_fields
from stratplan.core.vocabulary import label
from stratplan.ui.i18n import interface_language
from stratplan.ui.models.proposal_list import status_label
from stratplan.ui.widgets.geometry import titles_fit
from stratplan.ui.widgets.markdown_preview import MarkdownPreview


def _plain(parent: QWidget, height: int) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


class ProposalEditor(QWidget):
    """Shows one proposal's fields; emits `edited` whenever the user changes one."""

    edited = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._extra: dict[str, Any] = {}
        self.title = QLineEdit(self)
        self.title.setPlaceholderText(self.tr("A short, clear name for the plan point"))
        self.summary = _plain(self, 60)
        self.objective = _plain(self, 48)
        self.action_lines = _plain(self, 80)
        self.action_lines.setPlaceholderText(self.tr("One action per line"))
        self.indicators = QTableWidget(0, len(INDICATOR_KEYS), self)
        self.indicators.setHorizontalHeaderLabels(
            [self.tr("Indicator"), self.tr("Baseline"), self.tr("Target"), self.tr("Unit")])
        self.indicators.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        titles_fit(self.indicators.horizontalHeader())
        self.indicators.setFixedHeight(110)
        self.add_indicator = QPushButton(self.tr("Add indicator"), self)
        self.remove_indicator = QPushButton(self.tr("Remove indicator"), self)
        self.responsible = QLineEdit(self)
        self.start = QLineEdit(self)
        self.end = QLineEdit(self)
        for edit in (self.start, self.end):
            edit.setPlaceholderText(self.tr("YYYY-MM-DD"))
            edit.setMaximumWidth(120)
        self.resources = _plain(self, 48)
        self.level = QComboBox(self)
        language = interface_language()
        for level in LEVELS:
            self.level.addItem(label("level", level, language), level)
        self.tags = QLineEdit(self)
        self.tags.setPlaceholderText(self.tr("Comma-separated, e.g. police, training"))
        self.status = QComboBox(self)
        for status in STATUSES:
            self.status.addItem(status_label(status), status)
        self.status_reason = QLineEdit(self)
        self.status_reason.setPlaceholderText(self.tr("Reason (needed when withdrawn or rejected)"))
        self.body = QPlainTextEdit(self)
        self.body.setPlaceholderText(self.tr("The full text, in Markdown: ## headings, **bold**, lists..."))
        self.preview = MarkdownPreview(self)
        self.body.setAccessibleName(self.tr("Full text (Markdown)"))
        self.preview.setAccessibleName(self.tr("Preview of the full text"))
        self.start.setAccessibleName(self.tr("Start date"))
        self.end.setAccessibleName(self.tr("End date"))
        self.status_reason.setAccessibleName(self.tr("Reason for the status"))
        self.indicators.setAccessibleName(self.tr("Indicators"))
        self._build_layout()
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(150)
        self._preview_timer.timeout.connect(self._update_preview)
        self._connect()

    def _build_layout(self) -> None:
        form_host = QWidget(self)
        form = QFormLayout(form_host)
        form.addRow(self.tr("T&itle"), self.title)
        form.addRow(self.tr("Su&mmary"), self.summary)
        form.addRow(self.tr("&Objective"), self.objective)
        form.addRow(self.tr("&Actions"), self.action_lines)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_indicator)
        buttons.addWidget(self.remove_indicator)
        buttons.addStretch()
        indicator_box = QVBoxLayout()
        indicator_box.addWidget(self.indicators)
        indicator_box.addLayout(buttons)
        form.addRow(self.tr("Indicators"), indicator_box)
        form.addRow(self.tr("&Responsible"), self.responsible)
        dates = QHBoxLayout()
        dates.addWidget(self.start)
        dates.addWidget(QLabel(self.tr("to"), self))
        dates.addWidget(self.end)
        dates.addStretch()
        form.addRow(self.tr("Timeline"), dates)
        form.addRow(self.tr("Resources / &budget"), self.resources)
        form.addRow(self.tr("&Level"), self.level)
        form.addRow(self.tr("Tags"), self.tags)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status)
        status_row.addWidget(self.status_reason, 1)
        form.addRow(self.tr("Stat&us"), status_row)
        # A row holding a layout gets a label without a buddy: Alt+U would do nothing.
        status_label_widget = form.labelForField(status_row)
        if isinstance(status_label_widget, QLabel):
            status_label_widget.setBuddy(self.status)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_host)
        body_split = QSplitter(self)
        body_split.addWidget(self.body)
        body_split.addWidget(self.preview)
        outer = QSplitter(Qt.Orientation.Vertical, self)
        outer.addWidget(scroll)
        outer.addWidget(body_split)
        outer.setSizes([360, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(outer)

    def _connect(self) -> None:
        for line in (self.title, self.responsible, self.start, self.end, self.tags, self.status_reason):
            line.textEdited.connect(self._changed)
        for text in (self.summary, self.objective, self.action_lines, self.resources, self.body):
            text.textChanged.connect(self._changed)
        self.body.textChanged.connect(self._preview_timer.start)
        self.level.currentIndexChanged.connect(self._changed)
        self.status.currentIndexChanged.connect(self._changed)
        self.indicators.itemChanged.connect(self._changed)
        self.add_indicator.clicked.connect(self._add_indicator_row)
        self.remove_indicator.clicked.connect(self._remove_indicator_row)

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self.edited.emit()

    def _update_preview(self) -> None:
        self.preview.show_markdown(self.body.toPlainText())

    def _add_indicator_row(self) -> None:
        self.indicators.insertRow(self.indicators.rowCount())
        self._changed()

    def _remove_indicator_row(self) -> None:
        row = self.indicators.currentRow()
        if row < 0:
            row = self.indicators.rowCount() - 1
        if row >= 0:
            self.indicators.removeRow(row)
            self._changed()

    def set_fields(self, fields: dict[str, Any]) -> None:
        """Show `fields` without counting it as an edit."""
        f = {**default_fields(), **fields}
        self._loading = True
        try:
            self._extra = {k: f[k] for k in ("language", "group", "deleted")}
            self.title.setText(f["title"])
            self.summary.setPlainText(f["summary"])
            self.objective.setPlainText(f["objective"])
            self.action_lines.setPlainText("\n".join(f["actions"]))
            self.indicators.setRowCount(0)
            for row, indicator in enumerate(f["indicators"]):
                self.indicators.insertRow(row)
                for col, key in enumerate(INDICATOR_KEYS):
                    self.indicators.setItem(row, col, QTableWidgetItem(str(indicator.get(key, ""))))
            self.responsible.setText(f["responsible"])
            self.start.setText(f["start"])
            self.end.setText(f["end"])
            self.resources.setPlainText(f["resources"])
            self.level.setCurrentIndex(max(0, self.level.findData(f["level"])))
            self.tags.setText(", ".join(f["tags"]))
            self.status.setCurrentIndex(max(0, self.status.findData(f["status"])))
            self.status_reason.setText(f["status_reason"])
            self.body.setPlainText(f["body"])
            self._update_preview()
        finally:
            self._loading = False

    def fields(self) -> dict[str, Any]:
        """The fields as typed (not yet validated: the service does that)."""
        indicators = []
        for row in range(self.indicators.rowCount()):
            values = {}
            for col, key in enumerate(INDICATOR_KEYS):
                item = self.indicators.item(row, col)
                values[key] = item.text() if item else ""
            indicators.append(values)
        return {
            **self._extra,
            "title": self.title.text(),
            "summary": self.summary.toPlainText(),
            "body": self.body.toPlainText(),
            "objective": self.objective.toPlainText(),
            "actions": self.action_lines.toPlainText().splitlines(),
            "indicators": indicators,
            "responsible": self.responsible.text(),
            "start": self.start.text(),
            "end": self.end.text(),
            "resources": self.resources.toPlainText(),
            "level": self.level.currentData(),
            "tags": [t.strip() for t in self.tags.text().split(",") if t.strip()],
            "status": self.status.currentData(),
            "status_reason": self.status_reason.text(),
        }

    def has_field(self, name: str) -> bool:
        """Whether `name` is one of the fields this editor shows."""
        return isinstance(getattr(self, name, None), QWidget)

    def focus_field(self, name: str | None) -> None:
        """Put the cursor in the field a validation message is about."""
        widget = getattr(self, name or "title", None)
        if isinstance(widget, QWidget):
            widget.setFocus()
