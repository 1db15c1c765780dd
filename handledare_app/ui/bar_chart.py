"""A small bar chart painted with QPainter (the Statistik page's charts).

Why painting and not QtCharts/QtGraphs: those live in PySide6-Addons (~200 MB more in
the installer, and QtGraphs needs OpenGL/RHI, which some office PCs lack); pyqtgraph
brings numpy. Three bar charts need none of that: this widget draws grouped bars,
vertical or horizontal, from the same `Chart` (services.statistics_export) that the
PDF draws with reportlab. Values that are strings (`<3`, `..`) are hidden values: no
bar, the text instead.

Category labels are never cut short where a second line or a wider label column would
show them: a vertical chart wraps its labels to two lines under the bars, and when even
that does not fit (a long single word such as "Sysselsättning" at a large font) it is
drawn with horizontal bars, its labels in a column as wide as they need (up to half the
chart, wrapping to three lines). The tooltip always carries every label in full.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..services.statistics_export import Chart
from .chart_text import is_complete, legend_rows, widest, wrap_label

COLOURS = ("#2f6f9f", "#e0a030", "#5a9f5a", "#a05a9f")
HORIZONTAL_LABEL_LINES = 3  # a label column line count (vertical charts: chart_text's 2)
LABEL_COLUMN_SHARE = 0.5  # of the chart's width, at most, for a horizontal label column


def _value(cell: object) -> float:
    return float(cell) if isinstance(cell, int | float) else 0.0


@dataclass(frozen=True)
class ChartPlan:
    """How the chart is laid out at its present size and font."""

    horizontal: bool  # drawn with horizontal bars (the chart's own choice, or to fit labels)
    labels: list[list[str]]  # each category's label, line by line, as drawn
    label_space: float  # vertical: height of the label band; horizontal: label column width
    row_heights: list[float]  # horizontal: each category's row (taller when it wraps)
    legend: list[list[str]]  # legend entries, row by row (none for a single series)
    title_height: int
    area: QRectF  # where bars and labels go

    def elided(self, chart: Chart) -> list[str]:
        """The categories whose label is not shown in full."""
        return [
            c
            for c, lines in zip(chart.categories, self.labels, strict=True)
            if not is_complete(c, lines)
        ]


class BarChartWidget(QWidget):
    def __init__(self, chart: Chart | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: Chart | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._wanted_height = 0
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

    # --- size ----------------------------------------------------------------------------

    def _needed_height(self, width: int) -> int:
        """Height that shows every row of a horizontal chart at `width` (0: no need)."""
        chart = self.chart
        if chart is None or not chart.categories:
            return 0
        plan = self.plan(QSize(width, 10_000))
        if plan is None or not plan.horizontal:
            return 0
        line = QFontMetrics(self.font()).height()
        legend = len(plan.legend) * line * 1.3
        return int(plan.area.top() + sum(plan.row_heights) + legend + line)

    def sizeHint(self) -> QSize:
        line = QFontMetrics(self.font()).height()
        n = len(self.chart.categories) if self.chart else 3
        if self.chart is not None and self.chart.horizontal:
            hint = QSize(420, line * 3 + n * int(line * 1.5))
        else:
            hint = QSize(360, line * 14)
        width = self.width() if self.width() > 100 else hint.width()
        return QSize(hint.width(), max(hint.height(), self._needed_height(width)))

    def minimumSizeHint(self) -> QSize:
        line = QFontMetrics(self.font()).height()
        width = self.width() if self.width() > 100 else 240
        return QSize(240, max(line * 8, self._needed_height(width)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wanted = self._needed_height(self.width())
        if wanted != self._wanted_height:  # rows wrap differently at this width
            self._wanted_height = wanted
            self.updateGeometry()

    # --- layout --------------------------------------------------------------------------

    def _small_font(self) -> QFont:
        small = self.font()
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.85))
        return small

    def _title_height(self, width: int) -> int:
        bold = self.font()
        bold.setBold(True)
        line = QFontMetrics(self.font()).height()
        wrap = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
        title = self.chart.title if self.chart else ""
        box = QRect(0, 0, max(1, width - 12), line * 4)
        return QFontMetrics(bold).boundingRect(box, int(wrap), title).height()

    def plan(self, size: QSize | None = None) -> ChartPlan | None:
        """The layout at `size` (default: the present size); None when nothing is drawn."""
        chart = self.chart
        if chart is None or not chart.categories:
            return None
        size = size or self.size()
        fm = QFontMetrics(self.font())
        line = fm.height()
        title_h = self._title_height(size.width())
        legend: list[list[str]] = []
        if len(chart.series) > 1:
            names = [name for name, _vals in chart.series]
            legend = legend_rows(names, QFontMetrics(self._small_font()), size.width() - 16, line)
        top = title_h + line * 0.6
        legend_h = line * 1.3 * len(legend)
        area = QRectF(6, top, size.width() - 12, size.height() - top - legend_h - 4)
        if not chart.horizontal:
            sfm = QFontMetrics(self._small_font())
            slot = area.width() / len(chart.categories)
            labels = [wrap_label(c, sfm, int(slot) - 4) for c in chart.categories]
            if all(
                is_complete(c, lines) for c, lines in zip(chart.categories, labels, strict=True)
            ):
                most = max(len(lines) for lines in labels)
                label_h = max(line * 1.2, sfm.height() * most + 4)
                return ChartPlan(False, labels, label_h, [], legend, title_h, area)
        # Horizontal: a label column as wide as the labels need, up to a share of the width.
        cap = int(area.width() * LABEL_COLUMN_SHARE) - 8
        labels = [wrap_label(c, fm, cap, HORIZONTAL_LABEL_LINES) for c in chart.categories]
        label_w = min(cap, max(widest(lines, fm) for lines in labels)) + 8
        rows = [max(line * 1.6, line * len(lines) + line * 0.6) for lines in labels]
        return ChartPlan(True, labels, float(label_w), rows, legend, title_h, area)

    # --- painting ------------------------------------------------------------------------

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
        title_h = self._title_height(self.width())
        p.drawText(QRectF(6, 4, self.width() - 12, title_h + 2), int(wrap), title)
        p.setFont(self.font())
        plan = self.plan()
        if chart is None or plan is None:
            p.drawText(
                QRectF(0, line * 2, self.width(), line * 2),
                Qt.AlignmentFlag.AlignCenter,
                "Inget att visa för perioden.",
            )
            return
        peak = max((_value(v) for _n, vals in chart.series for v in vals), default=0.0) or 1.0
        if plan.horizontal:
            self._horizontal(p, chart, plan, peak, fm)
        else:
            self._vertical(p, chart, plan, peak, fm)
        if plan.legend:
            self._legend(p, plan.legend, line)

    def _legend(self, p: QPainter, rows: list[list[str]], line: int) -> None:
        small = self._small_font()
        p.setFont(small)
        fm = QFontMetrics(small)
        text_colour = self.palette().color(QPalette.ColorRole.Text)
        y = self.height() - line * 1.3 * len(rows)
        i = 0
        for row in rows:
            x = 8.0
            for name in row:
                p.fillRect(
                    QRectF(x, y + line * 0.25, line * 0.8, line * 0.8), QColor(COLOURS[i % 4])
                )
                p.setPen(text_colour)
                p.drawText(QRectF(x + line, y, fm.horizontalAdvance(name) + 4, line), name)
                x += line * 2 + fm.horizontalAdvance(name)
                i += 1
            y += line * 1.3

    def _vertical(
        self, p: QPainter, chart: Chart, plan: ChartPlan, peak: float, fm: QFontMetrics
    ) -> None:
        line = fm.height()
        area, label_h = plan.area, plan.label_space
        small = self._small_font()
        sfm = QFontMetrics(small)
        plot = QRectF(area.left(), area.top() + line, area.width(), area.height() - label_h - line)
        n, k = len(chart.categories), len(chart.series)
        slot = plot.width() / n
        bar_w = max(4.0, slot * 0.7 / k)
        text_colour = self.palette().color(QPalette.ColorRole.Text)
        for i, lines in enumerate(plan.labels):
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
            for row, text in enumerate(lines):
                p.drawText(
                    QRectF(
                        plot.left() + i * slot,
                        plot.bottom() + 2 + row * sfm.height(),
                        slot,
                        sfm.height(),
                    ),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    text,
                )
            p.setFont(self.font())
        p.drawLine(plot.bottomLeft(), plot.bottomRight())

    def _horizontal(
        self, p: QPainter, chart: Chart, plan: ChartPlan, peak: float, fm: QFontMetrics
    ) -> None:
        line = fm.height()
        area, label_w = plan.area, plan.label_space
        k = len(chart.series)
        squeeze = min(1.0, area.height() / max(1.0, sum(plan.row_heights)))  # too little room
        bar_h = max(3.0, line * 1.6 * squeeze * 0.75 / k)
        value_w = fm.horizontalAdvance("0000") + 6
        plot_w = area.width() - label_w - value_w
        text_colour = self.palette().color(QPalette.ColorRole.Text)
        y0 = area.top()
        for i, lines in enumerate(plan.labels):
            slot = plan.row_heights[i] * squeeze
            p.setPen(text_colour)
            p.drawText(
                QRectF(area.left(), y0, label_w - 6, slot),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                "\n".join(lines),
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
            y0 += slot
