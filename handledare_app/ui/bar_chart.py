"""A small bar chart painted with QPainter (the Statistik page's charts).

Why painting and not QtCharts/QtGraphs: those live in PySide6-Addons (~200 MB more in
the installer, and QtGraphs needs OpenGL/RHI, which some office PCs lack); pyqtgraph
brings numpy. Three bar charts need none of that: this widget draws grouped bars,
vertical or horizontal, from the same `Chart` (services.statistics_export) that the
PDF draws with reportlab. Values that are strings (`<3`, `..`) are hidden values: no
bar, the text instead.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..services.statistics_export import Chart

COLOURS = ("#2f6f9f", "#e0a030", "#5a9f5a", "#a05a9f")


def _value(cell: object) -> float:
    return float(cell) if isinstance(cell, int | float) else 0.0


class BarChartWidget(QWidget):
    def __init__(self, chart: Chart | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: Chart | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.set_chart(chart)

    def set_chart(self, chart: Chart | None) -> None:
        self.chart = chart
        self.setAccessibleName(chart.title if chart else "Diagram")
        self.setAccessibleDescription(self.describe())
        self.updateGeometry()
        self.update()

    def describe(self) -> str:
        """The chart in words (screen readers, and the tooltip)."""
        if self.chart is None:
            return ""
        parts = []
        for i, cat in enumerate(self.chart.categories):
            values = ", ".join(f"{name} {vals[i]}" for name, vals in self.chart.series)
            parts.append(f"{cat}: {values}")
        text = "; ".join(parts) or "Inga värden"
        self.setToolTip(text)
        return text

    def sizeHint(self) -> QSize:
        line = QFontMetrics(self.font()).height()
        n = len(self.chart.categories) if self.chart else 3
        if self.chart is not None and self.chart.horizontal:
            return QSize(420, line * 3 + n * int(line * 1.5))
        return QSize(360, line * 14)

    def minimumSizeHint(self) -> QSize:
        line = QFontMetrics(self.font()).height()
        return QSize(240, line * 8)

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        text_colour = pal.color(QPalette.ColorRole.Text)
        fm = QFontMetrics(self.font())
        line = fm.height()
        chart = self.chart
        p.setPen(text_colour)
        bold = self.font()
        bold.setBold(True)
        p.setFont(bold)
        title = chart.title if chart else ""
        wrap = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
        title_h = (
            QFontMetrics(bold)
            .boundingRect(QRect(0, 0, max(1, self.width() - 12), line * 4), int(wrap), title)
            .height()
        )
        p.drawText(QRectF(6, 4, self.width() - 12, title_h + 2), int(wrap), title)
        p.setFont(self.font())
        if chart is None or not chart.categories:
            p.drawText(
                QRectF(0, line * 2, self.width(), line * 2),
                Qt.AlignmentFlag.AlignCenter,
                "Inget att visa för perioden.",
            )
            return
        top = title_h + line * 0.6
        legend_h = line * 1.3 if len(chart.series) > 1 else 0.0
        area = QRectF(6, top, self.width() - 12, self.height() - top - legend_h - 4)
        peak = max((_value(v) for _n, vals in chart.series for v in vals), default=0.0) or 1.0
        if chart.horizontal:
            self._horizontal(p, chart, area, peak, fm)
        else:
            self._vertical(p, chart, area, peak, fm)
        if legend_h:
            small = self.font()
            small.setPointSizeF(max(6.0, small.pointSizeF() * 0.85))
            p.setFont(small)
            fm = QFontMetrics(small)
            x = 8.0
            y = self.height() - legend_h
            for i, (name, _vals) in enumerate(chart.series):
                p.fillRect(
                    QRectF(x, y + line * 0.25, line * 0.8, line * 0.8), QColor(COLOURS[i % 4])
                )
                p.setPen(text_colour)
                p.drawText(QRectF(x + line, y, fm.horizontalAdvance(name) + 4, line), name)
                x += line * 2 + fm.horizontalAdvance(name)

    def _vertical(
        self, p: QPainter, chart: Chart, area: QRectF, peak: float, fm: QFontMetrics
    ) -> None:
        line = fm.height()
        label_h = line * 1.2
        small = self.font()
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.85))
        sfm = QFontMetrics(small)
        plot = QRectF(area.left(), area.top() + line, area.width(), area.height() - label_h - line)
        n, k = len(chart.categories), len(chart.series)
        slot = plot.width() / n
        bar_w = max(4.0, slot * 0.7 / k)
        text_colour = self.palette().color(QPalette.ColorRole.Text)
        for i, cat in enumerate(chart.categories):
            x0 = plot.left() + i * slot + (slot - bar_w * k) / 2
            for j, (_name, vals) in enumerate(chart.series):
                v = vals[i]
                h = plot.height() * _value(v) / peak
                bar = QRectF(x0 + j * bar_w, plot.bottom() - h, bar_w - 2, h)
                p.fillRect(bar, QColor(COLOURS[j % 4]))
                p.setPen(text_colour)
                p.drawText(
                    QRectF(bar.left() - 10, bar.top() - line, bar_w + 18, line),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    str(v),
                )
            p.setPen(text_colour)
            p.setFont(small)
            text = sfm.elidedText(cat, Qt.TextElideMode.ElideRight, int(slot) - 2)
            p.drawText(
                QRectF(plot.left() + i * slot, plot.bottom() + 2, slot, label_h),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                text,
            )
            p.setFont(self.font())
        p.drawLine(plot.bottomLeft(), plot.bottomRight())

    def _horizontal(
        self, p: QPainter, chart: Chart, area: QRectF, peak: float, fm: QFontMetrics
    ) -> None:
        line = fm.height()
        label_w = min(
            area.width() * 0.45, max(fm.horizontalAdvance(c) for c in chart.categories) + 8
        )
        n, k = len(chart.categories), len(chart.series)
        slot = min(area.height() / n, line * 1.6)
        bar_h = max(3.0, slot * 0.75 / k)
        value_w = fm.horizontalAdvance("0000") + 6
        plot_w = area.width() - label_w - value_w
        text_colour = self.palette().color(QPalette.ColorRole.Text)
        for i, cat in enumerate(chart.categories):
            y0 = area.top() + i * slot
            p.setPen(text_colour)
            text = fm.elidedText(cat, Qt.TextElideMode.ElideRight, int(label_w) - 6)
            p.drawText(
                QRectF(area.left(), y0, label_w - 6, slot),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            for j, (_name, vals) in enumerate(chart.series):
                v = vals[i]
                w = plot_w * _value(v) / peak
                y = y0 + (slot - bar_h * k) / 2 + j * bar_h
                p.fillRect(QRectF(area.left() + label_w, y, w, bar_h - 1), QColor(COLOURS[j % 4]))
                p.setPen(text_colour)
                p.drawText(
                    QRectF(area.left() + label_w + w + 4, y - 2, value_w, bar_h + 4),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    str(v),
                )
