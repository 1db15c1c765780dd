"""Writing the follow-up figures to files: CSV (as Swedish Excel opens it), XLSX and PDF
with charts. Files suppress small numbers (FOLLOWUP.md §4) unless the caller turns it
off (an admin's choice for internal use, marked on every file).

Stable API (the county view reuses the writers with its own tables and charts):

- `Chart(title, categories, series)`: a bar chart; `series` is a list of
  (name, counts); `horizontal` for long category names.
- `figure_charts(figures, trend, suppress)`: the three charts of the Statistik page.
- `heading_lines(title, period, workplace, suppress)`: the lines above the tables.
- `write_csv(path, heading, tables)`, `write_xlsx(path, heading, tables)`,
  `write_pdf(path, heading, tables, charts)`.
- `export_figures(path, fmt, figures, trend, workplace, suppress)`: one call
  (fmt: "csv", "xlsx", "pdf", "json"); returns the path written.

CSV: UTF-8 with BOM, `;` between fields, decimal comma, CRLF line ends.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.errors import UserError, ValidationError
from ..domain.followup import Figures, Period
from ..domain.followup_suppress import EXPLANATION
from .files import os_error_text, write_file_atomic
from .statistics_tables import Cell, Table, count_table, figure_tables

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

FORMATS = ("csv", "xlsx", "pdf", "json")


@dataclass(frozen=True)
class Chart:
    title: str
    categories: list[str]
    series: list[tuple[str, list[Cell]]]  # a str is a hidden value's label (`<3`, `..`)
    horizontal: bool = False
    notes: list[str] = field(default_factory=list)


def heading_lines(title: str, period: Period, workplace: str, suppress: bool) -> list[str]:
    lines = [
        title,
        f"{workplace}" if workplace else "",
        f"Period: {period.label} ({period.start.isoformat()} – {period.end.isoformat()}); "
        f"mätdag {period.reference_day.isoformat()}",
    ]
    if suppress:
        lines.append(f"Små tal är dolda: {EXPLANATION}")
    else:
        lines.append("OBS: exakta tal utan skydd för små tal. Endast för internt bruk.")
    return [x for x in lines if x]


def figure_charts(figures: Figures, trend: Sequence[Figures], suppress: bool) -> list[Chart]:
    """Charts drawn from the same (suppressed) tables the file shows, so a chart never
    tells what a table hides."""
    tables = {t.number: t for t in figure_tables(figures, suppress)}
    trend_tables = [
        count_table(
            "T",
            "Utveckling",
            "Halvår",
            [(t.period.label, t.period.label) for t in trend],
            [("active", "Aktiva på mätdagen"), ("started", "Nya"), ("ended", "Avslutade")],
            [[t.active.total, t.started.total, t.ended.total] for t in trend],
            suppress,
            totals=False,
        )
    ]
    trend_rows = trend_tables[0].rows[: len(trend)]
    return [
        _chart_from_total_column(
            tables["1a"],
            f"Placeringar på mätdagen {figures.period.reference_day.isoformat()}, efter insats",
            "Placeringar",
        ),
        _chart_from_total_column(
            tables["6a"],
            "Avslutade placeringar, efter vart deltagaren gick",
            "Avslutade",
            horizontal=True,
        ),
        Chart(
            "Utveckling de senaste fyra halvåren",
            [str(r[0]) for r in trend_rows],
            [
                (name, [r[i + 1] for r in trend_rows])
                for i, name in enumerate(("Aktiva på mätdagen", "Nya", "Avslutade"))
            ],
        ),
    ]


def _chart_from_total_column(
    table: Table, title: str, series: str, *, horizontal: bool = False
) -> Chart:
    rows = [r for r in table.rows if r[0] not in ("Totalt", "Inga")]
    return Chart(
        title,
        [str(r[0]).split(" (")[0] for r in rows],
        [(series, [r[-1] for r in rows])],
        horizontal=horizontal,
    )


# --- CSV ------------------------------------------------------------------------------


def _csv_cell(value: Cell) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def csv_text(heading: list[str], tables: Sequence[Table]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for line in heading:
        w.writerow([line])
    for t in tables:
        w.writerow([])
        w.writerow([f"Figur {t.number}", t.title])
        w.writerow(t.header)
        for row in t.rows:
            w.writerow([_csv_cell(c) for c in row])
        for note in t.notes:
            w.writerow([note])
    return buf.getvalue()


def write_csv(path: Path, heading: list[str], tables: Sequence[Table]) -> Path:
    # utf-8-sig writes the BOM Swedish Excel needs to read å, ä, ö right.
    data = csv_text(heading, tables).encode("utf-8-sig")
    _write_atomically(path, data)
    return path


# --- XLSX -----------------------------------------------------------------------------


def write_xlsx(path: Path, heading: list[str], tables: Sequence[Table]) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Uppföljning"
    bold = Font(bold=True)
    row = 1
    for i, line in enumerate(heading):
        ws.cell(row=row, column=1, value=line).font = Font(bold=i == 0, size=14 if i == 0 else 11)
        row += 1
    widths: dict[int, int] = {}
    for t in tables:
        row += 1
        ws.cell(row=row, column=1, value=f"Figur {t.number}: {t.title}").font = bold
        row += 1
        for c, text in enumerate(t.header, start=1):
            cell = ws.cell(row=row, column=c, value=text)
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True)
            widths[c] = max(widths.get(c, 0), min(len(text), 30))
        row += 1
        for values in t.rows:
            for c, value in enumerate(values, start=1):
                cell = ws.cell(row=row, column=c, value=value)
                if isinstance(value, float):
                    cell.number_format = "0.0"
                if isinstance(value, str) and c > 1:
                    cell.alignment = Alignment(horizontal="right")
                if c == 1:
                    widths[c] = max(widths.get(c, 0), min(len(str(value)), 45))
                if values[0] == "Totalt":
                    cell.font = bold
            row += 1
        for note in t.notes:
            ws.cell(row=row, column=1, value=note)
            row += 1
    for c, width in widths.items():
        ws.column_dimensions[_column_letter(c)].width = max(10, width + 2)
    buf = io.BytesIO()
    wb.save(buf)
    _write_atomically(path, buf.getvalue())
    return path


def _column_letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


# --- PDF ------------------------------------------------------------------------------


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


def write_pdf(
    path: Path,
    heading: list[str],
    tables: Sequence[Table],
    charts: Sequence[Chart],
    *,
    suppress: bool = True,
) -> Path:
    _write_atomically(path, pdf_bytes(heading, tables, charts, suppress=suppress))
    return path


# --- JSON and the one-call export -------------------------------------------------------


def tables_json(heading: list[str], tables: Sequence[Table]) -> str:
    return json.dumps(
        {
            "rubrik": heading,
            "figurer": [
                {
                    "figur": t.number,
                    "titel": t.title,
                    "kolumner": t.header,
                    "rader": t.rows,
                    "noter": t.notes,
                }
                for t in tables
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def export_figures(
    path: Path,
    fmt: str,
    figures: Figures,
    trend: Sequence[Figures],
    workplace: str,
    *,
    suppress: bool = True,
) -> Path:
    if fmt not in FORMATS:
        raise ValidationError(f"Okänt filformat ”{fmt}”. Välj csv, xlsx, pdf eller json.")
    heading = heading_lines(
        f"Uppföljning {figures.period.label}", figures.period, workplace, suppress
    )
    tables = figure_tables(figures, suppress)
    if fmt == "csv":
        return write_csv(path, heading, tables)
    if fmt == "xlsx":
        return write_xlsx(path, heading, tables)
    if fmt == "json":
        _write_atomically(path, tables_json(heading, tables).encode("utf-8"))
        return path
    return write_pdf(
        path, heading, tables, figure_charts(figures, trend, suppress), suppress=suppress
    )


def _write_atomically(path: Path, data: bytes) -> None:
    """The folder is made if missing; then files.write_file_atomic (temp name, fsync,
    rename, read back; the reason for a failure in Swedish)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            f"Mappen {path.parent} kunde inte skapas ({os_error_text(exc)}). Välj en annan plats."
        ) from None
    write_file_atomic(path, data, "filen")
