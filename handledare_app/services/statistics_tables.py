"""Figures as the tables people read: Swedish labels, totals, shares, and the small-number
rule of FOLLOWUP.md §4 applied when `suppress` is on (everything that leaves the screen).

Stable API (the county view reuses it):

- `Table(number, title, header, rows, notes)`: cells are `int | float | str`; the
  first column is the row label; suppressed cells are the strings `<3`, `..` or `–`.
- `count_table(number, title, row_header, rows, cols, values, suppress, ...)`: a
  counts grid with row and column totals, suppressed as one unit.
- `figure_tables(figures, suppress=True) -> list[Table]`: figures 1–17.
- `label(dim, code)`: the Swedish label of a code in a breakdown dimension.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import cache

from ..domain.enums import Gender, PlacementOutcome, PlacementType, Referrer, StartStatus
from ..domain.followup import AGE_BANDS, Figures, Share, Tally
from ..domain.followup_suppress import LIMIT, count_text, suppress_grid, suppressed_share_text
from ..domain.municipalities import municipality_name
from ..resources import example_catalogue_path

Cell = int | float | str
# (hidden row codes, hidden column codes, grand total hidden) → the table
Build = Callable[[frozenset[str], frozenset[str], bool], "Table"]

_LABELS: dict[str, dict[str, str]] = {
    "type": {t.value: t.label for t in PlacementType},
    "referrer": {r.value: r.label for r in Referrer},
    "gender": {g.value: g.label for g in Gender},
    "exit": {o.value: o.label for o in PlacementOutcome},
    "start_status": {s.value: s.label for s in StartStatus},
    "age_band": dict(AGE_BANDS),
    "wage_subsidy": {"yes": "Med lönebidrag/anställningsstöd", "no": "Utan"},
}
_ORDER: dict[str, list[str]] = {dim: list(m) for dim, m in _LABELS.items()}


def label(dim: str, code: str) -> str:
    if dim == "level":
        return f"Nivå {code}"
    if dim == "municipality":
        return municipality_name(code)
    if dim == "business_area":
        return _area_names().get(code, code)
    return _LABELS.get(dim, {}).get(code, code)


@cache
def _area_names() -> dict[str, str]:
    """Business areas by code, named as in the catalogue Coompanion distributes (the
    records carry only the code: "cafe" is shown as "Café"). A code of an area added
    locally is shown as it is."""
    try:
        data = json.loads(example_catalogue_path().read_text(encoding="utf-8"))
        return {str(a["code"]): str(a["name"]) for a in data["business_areas"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _codes(dim: str, present: set[str], *, all_known: bool = False) -> list[str]:
    known = _ORDER.get(dim, [])
    first = known if all_known else [c for c in known if c in present]
    return first + sorted(present - set(known))


@dataclass(frozen=True)
class Table:
    number: str
    title: str
    header: list[str]
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)
    # Which totals the small-number rule hid (row/column codes), for tables that show
    # the same totals and must hide them alike (not written to files).
    hidden_rows: frozenset[str] = frozenset()
    hidden_cols: frozenset[str] = frozenset()
    hidden_grand: bool = False


def count_table(
    number: str,
    title: str,
    row_header: str,
    rows: list[tuple[str, str]],
    cols: list[tuple[str, str]],
    values: list[list[int]],
    suppress: bool,
    *,
    notes: list[str] | None = None,
    totals: bool = True,
    hide_rows: Collection[str] = (),
    hide_cols: Collection[str] = (),
    hide_grand: bool = False,
) -> Table:
    """A counts grid (rows × cols of (code, label)) with totals; one column of data
    gets no separate total column. `totals=False` for values that do not add up (one
    row per period): then only counts below 3 are hidden. `hide_rows` / `hide_cols` /
    `hide_grand`: totals (by code) another table shows hidden, hidden here too."""
    col_totals = totals and len(rows) > 1
    row_totals = totals and len(cols) > 1
    g = suppress_grid(
        values,
        row_totals=row_totals,
        col_totals=col_totals,
        enabled=suppress,
        hide_row_totals=[i for i, (code, _t) in enumerate(rows) if code in hide_rows],
        hide_col_totals=[i for i, (code, _t) in enumerate(cols) if code in hide_cols],
        hide_grand_total=hide_grand,
    )
    header = [row_header, *(c[1] for c in cols), *(["Totalt"] if row_totals else [])]
    out: list[list[Cell]] = []
    for r, (_code, text) in enumerate(rows):
        line: list[Cell] = [text]
        line += [_cell(values[r][c], g.hidden[r][c]) for c in range(len(cols))]
        if row_totals:
            assert g.row_totals is not None and g.row_total_hidden is not None
            line.append(_cell(g.row_totals[r], g.row_total_hidden[r]))
        out.append(line)
    if col_totals:
        assert g.col_totals is not None and g.col_total_hidden is not None
        total: list[Cell] = ["Totalt"]
        total += [_cell(g.col_totals[c], g.col_total_hidden[c]) for c in range(len(cols))]
        if row_totals:
            total.append(_cell(g.grand_total, g.grand_total_hidden))
        out.append(total)
    row_hidden = g.row_total_hidden or [False] * len(rows)
    col_hidden = g.col_total_hidden or [False] * len(cols)
    return Table(
        number,
        title,
        header,
        out,
        notes or [],
        hidden_rows=frozenset(code for (code, _t), h in zip(rows, row_hidden, strict=True) if h),
        hidden_cols=frozenset(code for (code, _t), h in zip(cols, col_hidden, strict=True) if h),
        hidden_grand=g.grand_total_hidden,
    )


def _cell(n: int, hidden: bool) -> Cell:
    return count_text(n, True) if hidden else n


def tally_table(
    number: str,
    title: str,
    tally: Tally,
    row_dim: str,
    col_dim: str | None,
    suppress: bool,
    *,
    row_header: str,
    notes: list[str] | None = None,
    all_rows: bool = False,
    hide_rows: Collection[str] = (),
    hide_cols: Collection[str] = (),
    hide_grand: bool = False,
) -> Table:
    """A tally (or its two-dimensional margin) as a counts table; `col_dim=None` gives
    one column "Antal"."""
    if col_dim is None:
        margin = tally.by(row_dim)
        row_codes = _codes(row_dim, {k for k, n in margin.items() if n}, all_known=all_rows)
        values = [[margin.get(c, 0)] for c in row_codes]
        cols = [("n", "Antal")]
    else:
        pairs = tally.by2(row_dim, col_dim)
        row_codes = _codes(row_dim, {r for (r, _c), n in pairs.items() if n}, all_known=all_rows)
        col_codes = _codes(col_dim, {c for (_r, c), n in pairs.items() if n}, all_known=True)
        values = [[pairs.get((r, c), 0) for c in col_codes] for r in row_codes]
        cols = [(c, label(col_dim, c)) for c in col_codes]
    rows = [(c, label(row_dim, c)) for c in row_codes]
    if not rows:
        rows, values = [("none", "Inga")], [[0 for _ in cols]]
    return count_table(
        number,
        title,
        row_header,
        rows,
        cols,
        values,
        suppress,
        notes=notes,
        hide_rows=hide_rows,
        hide_cols=hide_cols,
        hide_grand=hide_grand,
    )


def linked_tables(build_a: Build, build_b: Build, *, margin: str) -> tuple[Table, Table]:
    """Two tables of one figure that show the same totals (`margin` "rows": the row
    totals and the grand total, as 1a and 1b by type; "cols": the column totals, as 6a
    and 6b by gender), built again until both hide the same ones: else a total shown in
    one would tell what the other hides."""
    rows: frozenset[str] = frozenset()
    cols: frozenset[str] = frozenset()
    grand = False
    for _ in range(8):
        a, b = build_a(rows, cols, grand), build_b(rows, cols, grand)
        if margin == "rows":
            new_rows, new_cols = a.hidden_rows | b.hidden_rows, cols
        else:
            new_rows, new_cols = rows, a.hidden_cols | b.hidden_cols
        new_grand = a.hidden_grand or b.hidden_grand
        if (new_rows, new_cols, new_grand) == (rows, cols, grand):
            break
        rows, cols, grand = new_rows, new_cols, new_grand
    return a, b


def share_note(text: str, share: Share, suppress: bool) -> str:
    """`Andel …: 42,9 % (3 av 7)`, with the small-number rule when suppressing."""
    if not suppress:
        return f"{text}: {share.text()} ({share.numerator} av {share.denominator})"
    num = count_text(share.numerator, 0 < share.numerator < LIMIT)
    den = count_text(share.denominator, 0 < share.denominator < LIMIT)
    return f"{text}: {suppressed_share_text(share)} ({num} av {den})"


def _number(value: float | None) -> Cell:
    return "–" if value is None else value


def figure_tables(f: Figures, suppress: bool = True) -> list[Table]:
    day = f.period.reference_day.isoformat()
    s = suppress
    ended_total = f.ended.total
    tables = [
        *linked_tables(
            lambda r, c, g: tally_table(
                "1a", f"Aktiva placeringar på mätdagen {day}, efter insats och kön",
                f.active, "type", "gender", s, row_header="Insats",
                hide_rows=r, hide_cols=c, hide_grand=g,
            ),
            lambda r, c, g: tally_table(
                "1b", f"Aktiva placeringar på mätdagen {day}, efter insats och remittent",
                f.active, "type", "referrer", s, row_header="Insats",
                hide_rows=r, hide_cols=c, hide_grand=g,
            ),
            margin="rows",
        ),
        tally_table(
            "2", f"Anställda på mätdagen {day}", f.employed, "gender", "wage_subsidy", s,
            row_header="Kön",
        ),
        tally_table(
            "3", f"Placerade (ej anställda) på mätdagen {day}", f.placed, "type", "referrer", s,
            row_header="Insats",
        ),
        tally_table(
            "4", "Deltagare under perioden (personer)", f.participants, "age_band", "gender", s,
            row_header="Ålder",
        ),
        *linked_tables(
            lambda r, c, g: tally_table(
                "5a", "Nya placeringar, efter insats och kön", f.started, "type", "gender", s,
                row_header="Insats", hide_rows=r, hide_cols=c, hide_grand=g,
            ),
            lambda r, c, g: tally_table(
                "5b", "Nya placeringar, efter insats och remittent", f.started, "type",
                "referrer", s, row_header="Insats", hide_rows=r, hide_cols=c, hide_grand=g,
            ),
            margin="rows",
        ),
        *linked_tables(
            lambda r, c, g: tally_table(
                "6a", "Avslutade placeringar, efter vart deltagaren gick", f.ended, "exit",
                "gender", s, row_header="Gick vidare till", hide_rows=r, hide_cols=c,
                hide_grand=g,
            ),
            lambda r, c, g: tally_table(
                "6b", "Avslutade placeringar, efter insats", f.ended, "type", "gender", s,
                row_header="Insats", hide_rows=r, hide_cols=c, hide_grand=g,
            ),
            margin="cols",
        ),
        tally_table(
            "7", "Till arbete eller studier", f.to_work_or_studies, "gender", None, s,
            row_header="Kön",
            notes=[share_note("Andel av avslutade", f.share_to_work_or_studies, s)],
        ),
        tally_table(
            "8", "Till arbete, studier eller arbetssökande", f.to_work_studies_or_seeking,
            "gender", None, s, row_header="Kön",
            notes=[share_note("Andel av avslutade", f.share_to_work_studies_or_seeking, s)],
        ),
        tally_table(
            "9", "Övergång till anställning här", f.to_employment_here, "gender", None, s,
            row_header="Kön",
        ),
        _duration_table(f, s),
        tally_table(
            "11", "Status vid start → vid avslut (avslutade placeringar)", f.status_to_exit,
            "start_status", "exit", s, row_header="Vid start",
        ),
        tally_table(
            "12", "Validerade deltagare (personer)", f.validated_participants, "gender", None, s,
            row_header="Kön",
        ),
        _modules_table(f, s),
        count_table(
            "14", "Utfärdade intyg", "Intyg",
            [("issued", "Utfärdade under perioden"), ("revoked", "varav återkallade")],
            [("n", "Antal")],
            [[f.certificates_issued], [f.certificates_revoked]],
            s,
            totals=False,  # "varav": the revoked are among the issued, not added to them
        ),
        Table(
            "15", "Avslutade med validering", ["", "Värde"],
            [["Avslutade placeringar", _cell(ended_total, s and 0 < ended_total < LIMIT)]],
            [share_note("Andel vars deltagare hade minst en signerad modul", f.ended_with_validation, s)],
        ),
        Table(
            "16", "Aktiva handledare", ["", "Antal"],
            [["Handledare som bedömt eller signerat", _cell(f.active_supervisors, s and 0 < f.active_supervisors < LIMIT)]],
        ),
        tally_table(
            "17", f"Underlag till Uppföljning Finsam ({f.finsam_period.label})", f.finsam,
            "gender", None, s, row_header="Kön", all_rows=True,
        ),
    ]  # fmt: skip
    return tables


def _duration_table(f: Figures, suppress: bool) -> Table:
    """Counts per type with "Alla" as their total, suppressed as one column (a type hidden
    alone would otherwise be "Alla" minus the others); a hidden count hides its median
    and mean too."""
    codes = [t.value for t in PlacementType if t.value in f.duration]
    counts = [[f.duration[code].count] for code in codes]
    g = suppress_grid(counts, row_totals=False, col_totals=True, enabled=suppress)
    rows: list[list[Cell]] = []
    for code, hidden in [*zip(codes, (h[0] for h in g.hidden), strict=True), ("all", None)]:
        d = f.duration.get(code)
        if d is None:
            continue
        if hidden is None:  # the "Alla" row: the column's total
            hidden = bool(g.col_total_hidden and g.col_total_hidden[0]) if codes else False
        name = "Alla" if code == "all" else label("type", code)
        rows.append(
            [
                name,
                _cell(d.count, hidden),
                "–" if hidden else _number(d.median_days),
                "–" if hidden else _number(d.mean_days),
            ]
        )
    if not rows:
        rows = [["Inga avslutade", 0, "–", "–"]]
    return Table(
        "10",
        "Placeringstid för avslutade placeringar (dagar)",
        ["Insats", "Antal", "Median", "Medel"],
        rows,
    )


def _modules_table(f: Figures, suppress: bool) -> Table:
    t = tally_table(
        "13",
        "Validerade moduler, efter verksamhetsområde och nivå",
        f.validated_modules,
        "business_area",
        "level",
        suppress,
        row_header="Verksamhetsområde",
    )
    # An area's points hide with its count of modules (the row total, hidden as `<3` or
    # `..`), and the total points with the grand total: else the points of an area
    # hidden alone would be the total minus the others.
    hidden_rows = {str(r[0]) for r in t.rows if r[0] != "Totalt" and isinstance(r[-1], str)}
    grand = t.rows[-1][-1] if t.rows else 0
    points = []
    for area in sorted(f.validated_points):
        name = label("business_area", area)
        hide = suppress and name in hidden_rows
        shown = "–" if hide else f"{f.validated_points[area]:.1f}".replace(".", ",")
        points.append(f"{name}: {shown} poäng")
    total = f"{f.validated_points_total:.1f}".replace(".", ",")
    hide_total = suppress and isinstance(grand, str)
    notes = [f"Poäng totalt: {'–' if hide_total else total}"]
    if points:
        notes.append("Poäng per område: " + "; ".join(points))
    return Table(t.number, t.title, t.header, t.rows, notes)
