"""The form of one report: status, each indicator's actual value, narrative, evidence, history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from stratplan.core.export.document import labels
from stratplan.core.services.progress import STATUSES, Period, Value
from stratplan.core.services.progress_window import HistoryEntry, OurPoint
from stratplan.ui.i18n import interface_language, stamp_text
from stratplan.ui.widgets.labels import label_for


def status_word(key: str) -> str:
    """A status in the interface language (the words the documents and the command line use)."""
    return labels(interface_language()).get(key, key)


class ValueRow:
    """One indicator's line of the form: its name, and the value, date and source typed."""

    def __init__(self, indicator: dict[str, str], parent: QWidget) -> None:
        self.name = str(indicator.get("name", ""))
        self.unit = str(indicator.get("unit", ""))
        target = str(indicator.get("target", ""))
        text = self.name + (f" ({self.unit})" if self.unit else "")
        self.label = QLabel(text, parent)
        self.label.setWordWrap(True)
        if target:
            self.label.setToolTip(QCoreApplication.translate("ReportForm", "Target: {target} {unit}").format(
                target=target, unit=self.unit))
        self.value = QLineEdit(parent)
        self.date = QLineEdit(parent)
        self.date.setPlaceholderText(QCoreApplication.translate("ReportForm", "YYYY-MM-DD"))
        self.source = QLineEdit(parent)
        self.source.setPlaceholderText(QCoreApplication.translate("ReportForm", "Means of verification"))
        # A number and a date are short: the source, a sentence, gets the width.
        metrics = self.date.fontMetrics()
        digits = max(metrics.horizontalAdvance("0000-00-00"), metrics.horizontalAdvance(self.date.placeholderText())) + 24
        self.value.setMaximumWidth(digits)
        self.source.setMinimumWidth(digits + 40)
        self.date.setFixedWidth(digits)
        for edit, what in ((self.value, QCoreApplication.translate("ReportForm", "Actual value")),
                           (self.date, QCoreApplication.translate("ReportForm", "Date")),
                           (self.source, QCoreApplication.translate("ReportForm", "Source"))):
            edit.setAccessibleName(f"{self.name}: {what}")
            edit.setToolTip(f"{self.name}: {what}")

    def widgets(self) -> tuple[QWidget, ...]:
        return self.label, self.value, self.date, self.source

    def typed(self) -> dict[str, str] | None:
        """The value as typed, or None when the line is left empty (no value this time)."""
        value, date, source = self.value.text().strip(), self.date.text().strip(), self.source.text().strip()
        if not (value or date or source):
            return None
        # The unit is the indicator's own: the service checks the number and the date.
        return {"indicator": self.name, "value": value, "unit": "", "date": date, "source": source}


class ReportForm(QWidget):
    """Edits our report on the selected point for the chosen period; the window saves it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.point: OurPoint | None = None
        self._earlier: list[Value] = []
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight:bold;")
        self.status = QComboBox(self)
        for key in STATUSES:
            self.status.addItem(status_word(key), key)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("Required when the point is dropped"))
        self.values_box = QWidget(self)
        self.values_grid = QGridLayout(self.values_box)
        self.values_grid.setContentsMargins(0, 0, 0, 0)
        self.rows: list[ValueRow] = []
        self.no_indicators = QLabel(self.tr("This point has no indicators."), self)
        self.narrative = QPlainTextEdit(self)
        self.narrative.setPlaceholderText(self.tr("What happened in this period"))
        self.evidence = QPlainTextEdit(self)
        self.evidence.setPlaceholderText(self.tr("One per line: a file name or a link"))
        self.save_button = QPushButton(self.tr("&Save report"), self)
        self.history = QListWidget(self)
        self.history.setAccessibleName(self.tr("Revisions of this report"))
        self._build()
        self.show_point(None, None, [])

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow(label_for(self.status, self.tr("S&tatus:")), self.status)
        form.addRow(label_for(self.reason, self.tr("Reason if dr&opped:")), self.reason)
        form.addRow(QLabel(self.tr("Actual values:"), self), self.values_box)
        form.addRow(QLabel("", self), self.no_indicators)
        form.addRow(label_for(self.narrative, self.tr("&Narrative:")), self.narrative)
        form.addRow(label_for(self.evidence, self.tr("E&vidence:")), self.evidence)
        form.addRow(label_for(self.history, self.tr("Revisions:")), self.history)
        self.narrative.setMinimumHeight(70)
        self.narrative.setMaximumHeight(140)
        self.evidence.setMaximumHeight(70)
        self.history.setMaximumHeight(80)
        inner = QWidget(self)
        inner_layout = QVBoxLayout(inner)
        inner_layout.addWidget(self.heading)
        inner_layout.addLayout(form)
        inner_layout.addStretch()
        # The fields scroll on a small screen; the Save button stays in sight below them.
        scroll = QScrollArea(self)
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def _set_indicators(self, indicators: Sequence[dict[str, str]]) -> None:
        if [(r.name, r.unit) for r in self.rows] == [(str(i.get("name", "")), str(i.get("unit", "")))
                                                     for i in indicators]:
            return  # the same lines: kept, so the focus stays where the user is typing
        for row in self.rows:
            for w in row.widgets():
                self.values_grid.removeWidget(w)
                w.deleteLater()
        self.rows = [ValueRow(i, self.values_box) for i in indicators]
        for column, text in enumerate((self.tr("Indicator"), self.tr("Actual value"), self.tr("Date"),
                                       self.tr("Source"))):
            header = self.values_grid.itemAtPosition(0, column)
            if header is None:
                self.values_grid.addWidget(QLabel(text, self.values_box), 0, column)
        for r, row in enumerate(self.rows, start=1):
            for column, w in enumerate(row.widgets()):
                self.values_grid.addWidget(w, r, column)
        self.values_grid.setColumnStretch(0, 2)
        self.values_grid.setColumnStretch(3, 3)
        self.values_box.setVisible(bool(self.rows))
        self.no_indicators.setVisible(not self.rows)

    def show_point(self, point: OurPoint | None, period: Period | None, history: Sequence[HistoryEntry]) -> None:
        """Fill the form from our report (or blank for a first report)."""
        self.point = point
        for w in (self.status, self.reason, self.narrative, self.evidence, self.save_button):
            w.setEnabled(point is not None and period is not None)
        if point is None or period is None:
            self.heading.setText(self.tr("Select a point of our plan to report on it."))
            self._set_indicators([])
            self._earlier = []
            self.history.clear()
            return
        self.heading.setText(self.tr("{number} {title} — {period}").format(
            number=point.number, title=point.title, period=period.name))
        self._set_indicators(point.indicators)
        report = point.report
        self.status.setCurrentIndex(max(0, self.status.findData(report.status if report else "not_started")))
        self.reason.setText(report.reason if report else "")
        self.narrative.setPlainText(report.narrative if report else "")
        self.evidence.setPlainText("\n".join(report.evidence) if report else "")
        latest = {v.indicator: v for v in sorted(report.values, key=lambda v: v.date)} if report else {}
        # Earlier values of the period (an import may bring several per indicator) are kept
        # as they are when the form saves the latest one.
        self._earlier = [v for v in report.values if latest.get(v.indicator) is not v] if report else []
        for row in self.rows:
            v = latest.get(row.name)
            row.value.setText(v.value if v else "")
            row.date.setText(v.date if v else "")
            row.source.setText(v.source if v else "")
        self.history.clear()
        for n, entry in enumerate(reversed(history)):
            self.history.addItem(self.tr("#{n}  {when}  {author}: {status}").format(
                n=len(history) - n, when=stamp_text(entry.hlc), author=entry.author,
                status=status_word(entry.status)))

    def typed(self) -> dict[str, Any]:
        """What the form says, as the service's keyword arguments."""
        values = [{"indicator": v.indicator, "value": v.value, "unit": v.unit, "date": v.date, "source": v.source}
                  for v in self._earlier]
        values += [v for row in self.rows if (v := row.typed()) is not None]
        evidence = [line.strip() for line in self.evidence.toPlainText().splitlines() if line.strip()]
        return {"status": str(self.status.currentData()), "reason": self.reason.text(),
                "narrative": self.narrative.toPlainText(), "values": values, "evidence": evidence}
