"""Audit of the follow-up tables as they leave the computer (FOLLOWUP.md §3–4): what a
file says must not let a hidden count be worked out, totals must add up, and a file
says its period and the day it was made."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from handledare_app.domain.enums import Gender, PlacementOutcome, PlacementType
from handledare_app.domain.followup import (
    CertificateFact,
    Facts,
    PersonFact,
    PlacementFact,
    compute_figures,
    parse_period,
)
from handledare_app.services.statistics_export import export_figures
from handledare_app.services.statistics_tables import figure_tables

H1 = parse_period("2026H1")
WT, INT = PlacementType.WORK_TRAINING, PlacementType.INTERNSHIP


def _ended(n_wt: int, n_int: int) -> Facts:
    persons, placements = [], []
    for i, kind in enumerate([WT] * n_wt + [INT] * n_int):
        pid = f"p{i}"
        persons.append(PersonFact(pid, Gender.WOMAN, 1990))
        end = dt.date(2026, 3, 1) + dt.timedelta(days=i)
        placements.append(
            PlacementFact(
                f"x{i}",
                pid,
                kind,
                "municipality",
                dt.date(2026, 1, 1),
                end,
                PlacementOutcome.STUDIES,
            )
        )
    return Facts(persons=tuple(persons), placements=tuple(placements))


def _table(number: str, facts: Facts, suppress: bool = True) -> list[list[object]]:
    tables = {t.number: t for t in figure_tables(compute_figures(facts, H1), suppress)}
    return tables[number].rows


def test_placement_time_does_not_give_away_a_type_hidden_alone() -> None:
    # 5 arbetsträning and 1 praktik ended: "Alla 6" minus 5 would tell the 1 (and its
    # days, from the means); the smallest other count is hidden with it.
    rows = _table("10", _ended(5, 1))
    by_name = {r[0]: r for r in rows}
    assert by_name["Praktik"][1:] == ["<3", "–", "–"]
    hidden = [r for r in rows if r[0] != "Praktik" and r[1] == ".."]
    assert hidden, rows
    assert all(r[2:] == ["–", "–"] for r in hidden)
    # Enough of each: nothing hidden.
    rows = _table("10", _ended(4, 3))
    assert [r[1] for r in rows] == [4, 3, 7]


def test_revoked_certificates_are_part_of_the_issued_not_added_to_them() -> None:
    certs = tuple(CertificateFact(f"C{i}", dt.date(2026, 2, 1), revoked=i < 3) for i in range(5))
    rows = _table("14", Facts(certificates=certs), suppress=False)
    assert rows == [["Utfärdade under perioden", 5], ["varav återkallade", 3]]
    rows = _table("14", Facts(certificates=certs[:4]), suppress=True)
    assert rows == [["Utfärdade under perioden", 4], ["varav återkallade", 3]]


def test_xlsx_and_pdf_say_the_period_and_the_day_they_were_made(tmp_path: Path) -> None:
    figures = compute_figures(_ended(3, 3), H1)
    today = dt.date.today().isoformat()
    xlsx = export_figures(tmp_path / "u.xlsx", "xlsx", figures, [], "Alfa Återbruk")
    ws = load_workbook(xlsx).active
    assert ws is not None
    top = [str(ws.cell(row=r, column=1).value) for r in range(1, 7)]
    assert any("2026H1" in line and "2026-06-30" in line for line in top)
    assert f"Skapad {today}" in top
    pdf = export_figures(tmp_path / "u.pdf", "pdf", figures, [figures], "Alfa Återbruk")
    try:
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
    except FileNotFoundError:
        pytest.skip("pdftotext saknas")
    assert "2026H1" in text and f"Skapad {today}" in text


def test_points_of_an_area_hidden_alone_cannot_be_worked_out_from_the_total() -> None:
    from handledare_app.domain.followup import SignedModuleFact

    day = dt.date(2026, 3, 1)
    modules = tuple(
        SignedModuleFact(
            f"p{i}", day, f"M{i}", 1, 5.0 if i < 5 else 7.5, 2, "omr-a" if i < 5 else "omr-b"
        )
        for i in range(6)
    )
    f = compute_figures(Facts(modules=modules), H1)
    table = {t.number: t for t in figure_tables(f, True)}["13"]
    notes = " ".join(table.notes)
    assert "omr-b: – poäng" in notes
    assert "omr-a: – poäng" in notes  # hidden with it: else 32,5 − 25,0 tells omr-b's 7,5
    assert "Poäng totalt: 32,5" in notes
    exact = " ".join({t.number: t for t in figure_tables(f, False)}["13"].notes)
    assert "omr-a: 25,0 poäng" in exact and "omr-b: 7,5 poäng" in exact


def test_tables_that_show_the_same_totals_hide_them_alike() -> None:
    # Found by a search: alone, 1a hid the row totals by type (..) while 1b showed them
    # (3 and 4), so 1b told 1a's hidden Sysselsättning × Man (4).
    man, woman = Gender.MAN, Gender.WOMAN
    occ = PlacementType.OCCUPATION
    stays = [
        (WT, "municipality", man),
        (WT, "employment_service", woman),
        (occ, "region", man),
        (occ, "region", man),
        (WT, "region", woman),
        (occ, "region", man),
        (occ, "municipality", man),
    ]
    facts = Facts(
        persons=tuple(PersonFact(f"p{i}", g, 1990) for i, (_t, _r, g) in enumerate(stays)),
        placements=tuple(
            PlacementFact(f"x{i}", f"p{i}", t, r, dt.date(2026, 1, 1))
            for i, (t, r, _g) in enumerate(stays)
        ),
    )
    tables = {t.number: t for t in figure_tables(compute_figures(facts, H1), True)}
    a, b = tables["1a"], tables["1b"]
    assert a.hidden_rows == b.hidden_rows == {"work_training", "occupation"}
    assert [r[-1] for r in b.rows[:2]] == ["..", ".."]
    assert (tables["5a"].hidden_rows, tables["5a"].hidden_grand) == (
        tables["5b"].hidden_rows,
        tables["5b"].hidden_grand,
    )
    assert (tables["6a"].hidden_cols, tables["6a"].hidden_grand) == (
        tables["6b"].hidden_cols,
        tables["6b"].hidden_grand,
    )
    exact = {t.number: t for t in figure_tables(compute_figures(facts, H1), False)}
    assert [r[-1] for r in exact["1b"].rows] == [3, 4, 7]
