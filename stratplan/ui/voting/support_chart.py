"""A bar chart of support per proposal with the threshold drawn as a line."""

from __future__ import annotations

from fractions import Fraction

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from stratplan.core.export.locale_text import percent
from stratplan.ui.i18n import interface_language

ROW = 26
LABEL_WIDTH = 260


class SupportChart(QWidget):
    """One bar per proposal: green when adopted, grey otherwise (the label's mark says it too); the threshold is a red line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, Fraction, bool]] = []
        self.threshold = Fraction(2, 3)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: list[tuple[str, Fraction, bool]], threshold: Fraction) -> None:
        self.bars, self.threshold = bars, threshold
        self.setFixedHeight(max(ROW, ROW * len(bars) + 24))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, ROW * len(self.bars) + 24)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = max(50, self.width() - LABEL_WIDTH - 60)
        for i, (label, support, adopted) in enumerate(self.bars):
            y = 4 + i * ROW
            painter.setPen(self.palette().color(self.foregroundRole()))
            text = painter.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, LABEL_WIDTH - 8)
            painter.drawText(QRectF(0, y, LABEL_WIDTH - 8, ROW - 6),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight), text)
            bar = QRectF(LABEL_WIDTH, y + 3, width * float(support), ROW - 12)
            painter.fillRect(bar, QColor("#2e8b57") if adopted else QColor("#9aa4ad"))
            # In a column of its own, right of the bars, so the threshold line never crosses it.
            painter.drawText(QRectF(LABEL_WIDTH + width + 8, y, 52, ROW - 6),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
                             percent(support, interface_language()))
        x = LABEL_WIDTH + width * float(self.threshold)
        painter.setPen(QPen(QColor("#c0392b"), 2, Qt.PenStyle.DashLine))
        painter.drawLine(int(x), 0, int(x), self.height())
        painter.end()
