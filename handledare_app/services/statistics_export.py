"""Writing the follow-up figures to files: CSV (as Swedish Excel opens it), XLSX and PDF
with charts. Files suppress small numbers (FOLLOWUP.md §4) unless the caller turns it
off (an admin's choice for internal use, marked on every file).

Stable API (the county view reuses the writers with its own tables and charts):

- `Chart(title, categories, series)`: a bar chart; `series` is a list of
  (name, counts); `horizontal` for long category names.
- `figure_charts(figures, trend, suppress)`: the three charts of the Statistik page.
- `heading_lines(title, period, workplace, suppress, made_on=None)`: the lines above
  the tables (period, mätdag and the day the file was made).
- `write_csv(path, heading, tables)`, `write_xlsx(path, heading, tables)`,
  `write_pdf(path, heading, tables, charts)` (the PDF itself: statistics_pdf).
- `export_figures(path, fmt, figures, trend, workplace, suppress)`: one call
  (fmt: "csv", "xlsx", "pdf", "json"); returns the path written.

CSV: UTF-8 with BOM, `;` between fields, decimal comma, CRLF line ends.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.errors import UserError, ValidationError
from ..domain.followup import Figures, Period
from ..domain.followup_suppress import EXPLANATION
from .files import os_error_text, write_file_atomic
from .statistics_pdf import pdf_bytes
from .statistics_tables import Cell, Table, count_table, figure_tables

FORMATS = ("csv", "xlsx", "pdf", "json")


@dataclass(frozen=True)
class Chart:
    title: str
    categories: list[str]
    series: list[tuple[str, list[Cell]]]  # a str is a hidden value's label (`<3`, `..`)
    horizontal: bool = False
    notes: list[str] = field(default_factory=list)


def heading_lines(
    title: str, period: Period, workplace: str, suppress: bool, made_on: dt.date | None = None
) -> list[str]:
    """The lines above the tables: what, whose, which period and the day it was made
    (`made_on`, today unless given)."""
    made = made_on or dt.date.today()
    lines = [
        title,
        f"{workplace}" if workplace else "",
        f"Period: {period.label} ({period.start.isoformat()} – {period.end.isoformat()}); "
        f"mätdag {period.reference_day.isoformat()}",
        f"Skapad {made.isoformat()}",
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
            [t.period.short_text() for t in trend],  # words on the axis, codes in files
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
