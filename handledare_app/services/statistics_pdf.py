"""The follow-up figures as a PDF: charts drawn with reportlab, then the tables."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from .statistics_tables import Cell, Table

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

    from .statistics_export import Chart


def _chart_drawing(chart: Chart, suppress: bool, width: float) -> Drawing:
    from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import String
    from reportlab.lib import colors

    from .pdf_common import ACCENT, INK, MUTED, register_fonts

    regular, bold = register_fonts()
    palette = [ACCENT, colors.HexColor("#e0a43a"), colors.HexColor("#5a9e6f")]
    n_cats = max(1, len(chart.categories))
    legend_h = 24 if len(chart.series) > 1 else 0
    height = 62 + legend_h + (n_cats * 16 if chart.horizontal else 120)
    from reportlab.graphics.shapes import Drawing

    d = Drawing(width, height)
    d.add(String(0, height - 12, chart.title, fontName=bold, fontSize=10, fillColor=INK))
    if not chart.categories or not any(v for _n, vs in chart.series for v in vs if v != 0):
        d.add(String(0, height - 34, "Inga uppgifter för perioden.", fontName=regular,
                     fontSize=9, fillColor=MUTED))  # fmt: skip
        return d
    data = []
    labels = []
    for _name, values in chart.series:
        data.append([v if isinstance(v, int | float) else 0 for v in values])
        labels.append([_pdf_cell(v) for v in values])
    bc = HorizontalBarChart() if chart.horizontal else VerticalBarChart()
    left = 150 if chart.horizontal else 30
    bc.x, bc.y = left, 30
    bc.width = int(width) - left - 20
    bc.height = height - 62 - legend_h
    bc.data = data
    bc.barLabelFormat = "values"
    bc.barLabelArray = labels
    bc.barLabels.fontName = regular
    bc.barLabels.fontSize = 7
    bc.categoryAxis.categoryNames = chart.categories
    bc.categoryAxis.labels.fontName = regular
    bc.categoryAxis.labels.fontSize = 8
    bc.valueAxis.labels.fontName = regular
    bc.valueAxis.labels.fontSize = 7
    bc.valueAxis.valueMin = 0
    top = max(max(v) for v in data)
    bc.valueAxis.valueMax = max(3, int(top * 1.2) + 1)
    bc.valueAxis.valueStep = max(1, bc.valueAxis.valueMax // 5)
    if chart.horizontal:
        bc.barLabels.dx = 10
        bc.categoryAxis.reverseDirection = True
    else:
        bc.barLabels.dy = 5
        bc.categoryAxis.labels.boxAnchor = "n"
    for i in range(len(data)):
        bc.bars[i].fillColor = palette[i % len(palette)]
        bc.bars[i].strokeColor = None
    d.add(bc)
    if len(chart.series) > 1:
        legend = Legend()
        legend.x, legend.y = left, height - 42
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.deltax = 110
        legend.fontName = regular
        legend.fontSize = 8
        legend.colorNamePairs = [
            (palette[i % len(palette)], name) for i, (name, _v) in enumerate(chart.series)
        ]
        legend.boxAnchor = "sw"
        d.add(legend)
    return d


def pdf_bytes(
    heading: list[str], tables: Sequence[Table], charts: Sequence[Chart], *, suppress: bool = True
) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import CondPageBreak, KeepTogether, Spacer, TableStyle
    from reportlab.platypus import Table as RLTable

    from .pdf_common import CONTENT_W, INK, build_pdf, footer, para, register_fonts, styles

    regular, bold = register_fonts()
    st = styles()
    story: list[Any] = [para(heading[0], st["h1"])]
    story += [para(line, st["small"]) for line in heading[1:]]
    story.append(Spacer(1, 8))
    for chart in charts:
        story.append(KeepTogether([_chart_drawing(chart, suppress, CONTENT_W), Spacer(1, 10)]))
    # Numbers stand right in their columns, so their headings do too (a heading on the
    # left sat over the previous column's numbers). Row labels wrap instead of running
    # into the first number; where a heading's word does not fit its column (figure 11,
    # C2) the headings stand upright rather than break inside words.
    head = ParagraphStyle("head", parent=st["small"], alignment=TA_RIGHT)
    label = ParagraphStyle("label", parent=st["small"], fontSize=8, leading=9.5, textColor=INK)
    label_bold = ParagraphStyle("label_bold", parent=label, fontName=bold)
    for t in tables:
        headings = [_PDF_SHORT.get(h, h) for h in t.header[1:]]
        first_w = CONTENT_W * 0.28
        rest = (CONTENT_W - first_w) / max(1, len(headings))
        upright = any(
            stringWidth(word, regular, head.fontSize) > rest - 12  # 6 pt padding each side
            for h in headings
            for word in h.split()
        )
        if upright:  # narrower row labels leave the many columns more room
            first_w = CONTENT_W * 0.22
            rest = (CONTENT_W - first_w) / max(1, len(headings))
        data: list[list[Any]] = [
            [para(t.header[0], st["small"])]
            + [_up_heading_class()(h, regular) if upright else para(h, head) for h in headings]
        ]
        for row in t.rows:
            style = label_bold if row[0] == "Totalt" else label
            data.append([para(str(row[0]), style)] + [_pdf_cell(c) for c in row[1:]])
        table = RLTable(data, colWidths=[first_w] + [rest] * (len(t.header) - 1), repeatRows=1)
        table.hAlign = "LEFT"  # a one-column table (no data) under its title, not centred
        commands: list[Any] = [
            ("FONT", (0, 0), (-1, -1), regular, 8),
            ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.HexColor("#9aa5b1")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ]
        if t.rows and t.rows[-1][0] == "Totalt":
            commands.append(("FONT", (0, -1), (-1, -1), bold, 8))
        table.setStyle(TableStyle(commands))
        block = [para(f"Figur {t.number}. {t.title}", st["h3"]), table]
        block += [para(n, st["small"]) for n in t.notes]
        story += [CondPageBreak(60), KeepTogether(block), Spacer(1, 8)]
    return build_pdf(story, title=heading[0], on_page=footer(heading[0]))


# Column headings too wide for an A4 column (the files keep the full words).
_PDF_SHORT = {
    "Arbetsförmedlingen": "Arbetsförm.",
    "Försäkringskassan": "Försäkringsk.",
    "Arbete med stöd (lönebidrag, nystartsjobb …)": "Arbete med stöd",
    "Med lönebidrag/anställningsstöd": "Med lönebidrag eller anställningsstöd",
}


@cache
def _up_heading_class() -> type:
    """A column heading turned 90°, bottom to top, for a table of many narrow columns
    (a class made on first use: reportlab is imported only when a PDF is written)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Flowable

    from .pdf_common import MUTED

    class UpHeading(Flowable):
        def __init__(self, text: str, font: str, size: float = 7.5) -> None:
            super().__init__()
            self.text, self.font, self.size = text, font, size

        def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
            self.width = avail_w
            self.height = stringWidth(self.text, self.font, self.size) + 2
            return self.width, self.height

        def draw(self) -> None:
            c = self.canv
            c.saveState()
            c.setFillColor(MUTED)
            c.setFont(self.font, self.size)
            c.translate(self.width - 2, 0)
            c.rotate(90)
            c.drawString(0, 0, self.text)
            c.restoreState()

    return UpHeading


def _pdf_cell(value: Cell) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)
