"""Coompanion's county view as tables and files (FOLLOWUP.md §6), reusing the writers of
statistics_export. Everything written applies the small-number rule (§4) unless the
caller turns it off (an admin's choice for internal use, marked on the file).

Tables: C1 which companies reported (and the date of each one's latest package), C2a
key figures per company, C2b per municipality, then figures 1–17 summed over the
reporting companies (placements, not persons: C3).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..domain.errors import ValidationError
from ..domain.followup import Figures
from ..domain.municipalities import municipality_name
from .collection import CountyView
from .statistics_export import (
    FORMATS,
    _write_atomically,
    figure_charts,
    heading_lines,
    tables_json,
    write_csv,
    write_pdf,
    write_xlsx,
)
from .statistics_tables import Cell, Table, count_table, figure_tables

KEY_FIGURES: tuple[tuple[str, str], ...] = (  # short: they are columns on an A4 page
    ("active", "Aktiva"),
    ("employed", "Anställda"),
    ("placed", "Placerade"),
    ("started", "Nya"),
    ("ended", "Avslutade"),
    ("to_work", "Till arbete/studier"),
    ("modules", "Moduler"),
)
KEY_NOTE = (
    "Aktiva, anställda och placerade (ej anställda) på mätdagen; nya och avslutade "
    "placeringar under perioden; avslutade till arbete eller studier; validerade moduler."
)


def key_values(f: Figures) -> list[int]:
    return [
        f.active.total,
        f.employed.total,
        f.placed.total,
        f.started.total,
        f.ended.total,
        f.to_work_or_studies.total,
        f.validated_modules.total,
    ]


def reporting_table(view: CountyView) -> Table:
    rows: list[list[Cell]] = [
        [
            c.name,
            "Rapporterat" if c.reported else "Saknas",
            c.latest_package or "inget paket",
            c.latest_period or "",
            municipality_name(c.municipality) if c.municipality else "",
        ]
        for c in view.companies
    ]
    return Table(
        "C1",
        f"Rapporterande företag: {view.reporting} av {len(view.companies)}",
        ["Företag", "Status", "Senaste paket", "Senaste period", "Kommun"],
        rows,
        [],
    )


def _without_row_totals(t: Table) -> Table:
    """Key figures side by side do not add up across a row: drop that total (hiding
    was computed with it, so nothing hidden can be worked out without it either)."""
    if t.header[-1] != "Totalt":
        return t
    return Table(t.number, t.title, t.header[:-1], [r[:-1] for r in t.rows], t.notes)


def per_company_table(view: CountyView, suppress: bool) -> Table:
    names = sorted(view.per_company, key=str.casefold)
    return _without_row_totals(
        count_table(
            "C2a",
            "Per företag",
            "Företag",
            [(n, n) for n in names],
            list(KEY_FIGURES),
            [key_values(view.per_company[n]) for n in names],
            suppress,
            notes=[KEY_NOTE],  # the short column names, in words
        )
    )


def per_municipality_table(view: CountyView, suppress: bool) -> Table:
    codes = sorted(view.per_municipality, key=lambda c: municipality_name(c or None))
    return _without_row_totals(
        count_table(
            "C2b",
            "Per kommun",
            "Kommun",
            [(c, municipality_name(c or None)) for c in codes],
            list(KEY_FIGURES),
            [key_values(view.per_municipality[c]) for c in codes],
            suppress,
            notes=[KEY_NOTE],
        )
    )


def county_tables(view: CountyView, suppress: bool = True) -> list[Table]:
    tables = [reporting_table(view)]
    if view.total is not None:
        tables += [per_company_table(view, suppress), per_municipality_table(view, suppress)]
        tables += figure_tables(view.total, suppress)
    return tables


def export_county(
    path: Path,
    fmt: str,
    view: CountyView,
    trend: Sequence[Figures],
    *,
    suppress: bool = True,
) -> Path:
    if fmt not in FORMATS:
        raise ValidationError(f"Okänt filformat ”{fmt}”. Välj csv, xlsx, pdf eller json.")
    heading = heading_lines(
        f"Uppföljning {view.period.label}, alla företag",
        view.period,
        f"Samlat för {view.reporting} av {len(view.companies)} företag i nätverket "
        "(räknat i placeringar, inte personer)",
        suppress,
    )
    tables = county_tables(view, suppress)
    if fmt == "csv":
        return write_csv(path, heading, tables)
    if fmt == "xlsx":
        return write_xlsx(path, heading, tables)
    if fmt == "json":
        _write_atomically(path, tables_json(heading, tables).encode("utf-8"))
        return path
    charts = figure_charts(view.total, trend, suppress) if view.total is not None else []
    return write_pdf(path, heading, tables, charts, suppress=suppress)
