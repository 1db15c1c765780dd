"""`handledare-app stats`: periods, the file formats, small numbers hidden in files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest

from handledare_app.cli import main
from handledare_app.domain.enums import Gender, PlacementType, Referrer
from handledare_app.services.app import open_app
from handledare_app.services.pdf_fonts import font_problems
from tests.conftest import ADMIN_PIN
from tests.helpers import db_summary


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def data(set_up_dir: Path) -> Path:
    """2026H1: arbetsträning 6 women + 5 men, praktik 4 women + 1 man."""
    groups = [
        (PlacementType.WORK_TRAINING, Gender.WOMAN, 6),
        (PlacementType.WORK_TRAINING, Gender.MAN, 5),
        (PlacementType.INTERNSHIP, Gender.WOMAN, 4),
        (PlacementType.INTERNSHIP, Gender.MAN, 1),
    ]
    with open_app(set_up_dir) as app:
        admin = next(s for s in app.supervisors.list() if s.is_admin)
        for kind, gender, n in groups:
            for i in range(n):
                app.participants.create(
                    admin.id,
                    first_name=f"{gender.label}{i}",
                    placement_type=kind,
                    referrer=Referrer.MUNICIPALITY,
                    start_date=dt.date(2026, 2, 1 + i),
                    gender=gender,
                )
    return set_up_dir


def table(rows: list[list[str]], number: str) -> list[list[str]]:
    start = next(i for i, r in enumerate(rows) if r and r[0] == f"Figur {number}")
    out = []
    for r in rows[start + 1 :]:
        if not r:
            break
        out.append(r)
    return out


@pytest.mark.parametrize(
    "period", ["2026H3", "26H1", "2026-13-01--2026-12-31", "2026-06-01--2026-01-01"]
)
def test_a_bad_period_is_exit_1_in_swedish(
    capsys: pytest.CaptureFixture[str], data: Path, period: str
) -> None:
    with open_app(data) as app:
        before = db_summary(app)
    code, out, err = run(capsys, "--data-dir", str(data), "stats", "--period", period)
    assert code == 1 and out == ""
    assert "Skriv till exempel 2027H1" in err or "före" in err
    with open_app(data) as app:
        assert db_summary(app) == before


def test_summary_on_screen_has_exact_numbers(
    capsys: pytest.CaptureFixture[str], data: Path
) -> None:
    code, out, _err = run(capsys, "--data-dir", str(data), "stats", "--period", "2026H1")
    assert code == 0
    assert "Aktiva placeringar på mätdagen 2026-06-30: 16" in out
    assert "kvinnor: 10, män: 6" in out


def test_csv_is_for_swedish_excel_and_hides_small_numbers(
    capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path
) -> None:
    target = tmp_path / "uppfoljning.csv"
    code, _out, err = run(
        capsys, "--data-dir", str(data), "stats", "--period", "2026H1", "--csv", str(target)
    )
    assert code == 0, err
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    t1 = table(rows, "1a")
    assert t1[0] == ["Insats", "Kvinna", "Man", "Annat", "Ej angivet", "Totalt"]
    by_label = {r[0]: r[1:] for r in t1[1:]}
    # Praktik: one man (<3). A row or column with one hidden cell would give it away
    # by subtraction, so the other cells of the 2×2 block hide too (..); totals stay.
    assert by_label["Praktik"][1] == "<3"
    assert [by_label["Arbetsträning"][i] for i in (0, 1)] == ["..", ".."]
    assert by_label["Praktik"][0] == ".."
    assert (by_label["Arbetsträning"][-1], by_label["Praktik"][-1]) == ("11", "5")
    assert by_label["Totalt"] == ["10", "6", "0", "0", "16"]
    assert not any(cell in ("1", "2") for row in t1 for cell in row)
    assert table(rows, "17")[1:] == [
        ["Kvinna", "10"],
        ["Man", "6"],
        ["Annat", "0"],
        ["Ej angivet", "0"],
        ["Totalt", "16"],
    ]
    # Shares keep a decimal comma; a duration of placement too (none ended here: –).
    text = raw.decode("utf-8-sig")
    assert "Små tal är dolda" in text
    assert "\r\n" in text


def test_xlsx_numbers_are_numbers(
    capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "u.xlsx"
    code, _out, err = run(
        capsys, "--data-dir", str(data), "stats", "--period", "2026H1", "--xlsx", str(target)
    )
    assert code == 0, err
    ws = load_workbook(target).active
    assert ws is not None
    values = [[c.value for c in row] for row in ws.iter_rows()]
    start = next(i for i, r in enumerate(values) if str(r[0]).startswith("Figur 17"))
    header, first = values[start + 1], values[start + 2]
    assert header[:2] == ["Kön", "Antal"]
    assert first[:2] == ["Kvinna", 10] and isinstance(first[1], int)
    assert any(v == "<3" for r in values for v in r)


def test_pdf_has_embedded_fonts(
    capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path
) -> None:
    target = tmp_path / "u.pdf"
    code, _out, err = run(
        capsys, "--data-dir", str(data), "stats", "--period", "2026H1", "--pdf", str(target)
    )
    assert code == 0, err
    pdf = target.read_bytes()
    assert pdf.startswith(b"%PDF") and font_problems(pdf) == []


def test_exact_numbers_only_for_an_admin(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    data: Path,
    tmp_path: Path,
) -> None:
    base = ["--data-dir", str(data), "stats", "--period", "2026H1", "--json"]
    code, out, err = run(capsys, *base, "--utan-skydd")
    assert code == 2 and "--admin" in err and out == ""
    monkeypatch.setattr(sys, "stdin", io.StringIO("0000\n"))
    code, out, err = run(capsys, *base, "--utan-skydd", "--admin", "Åsa Öberg")
    assert code == 1 and "PIN" in err and out == ""
    monkeypatch.setattr(sys, "stdin", io.StringIO(ADMIN_PIN + "\n"))
    code, out, err = run(capsys, *base, "--utan-skydd", "--admin", "Åsa Öberg")
    assert code == 0, err
    exact = json.loads(out)
    fig = next(f for f in exact["figurer"] if f["figur"] == "1a")
    praktik = next(r for r in fig["rader"] if r[0] == "Praktik")
    assert praktik[2] == 1
    assert "exakta tal" in exact["rubrik"][-1]
    code, out, _err = run(capsys, *base)
    hidden = json.loads(out)
    fig = next(f for f in hidden["figurer"] if f["figur"] == "1a")
    assert next(r for r in fig["rader"] if r[0] == "Praktik")[2] == "<3"


def test_stats_shows_start_up_notices(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A notice from opening the folder (an upgrade, a finished restore) is shown once;
    stats must not swallow it."""
    import handledare_app.services.app as app_module

    def with_notice(*args: object, **kwargs: object) -> object:
        app = open_app(*args, **kwargs)  # type: ignore[arg-type]
        app.startup.notices.append("Handledarappen är uppdaterad.")
        return app

    monkeypatch.setattr(app_module, "open_app", with_notice)
    code, _, err = run(capsys, "--data-dir", str(data), "stats", "--period", "2026H1")
    assert code == 0
    assert "Observera: Handledarappen är uppdaterad." in err
