"""`report` and `collect` on the command line (issue 10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from handledare_app.cli import main
from tests.report_helpers import company, coordinator, join_network, placements, this_half_year


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_report_then_collect(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    coord, a = coordinator(tmp_path / "c"), company(tmp_path / "a", "Framstegs Secondhand")
    b = company(tmp_path / "b", "Café Gläntan")
    join_network(coord, [a, b], tmp_path / "net")
    placements(a, this_half_year())
    for x in (coord, a, b):
        x.close()
    label = this_half_year().label
    a_dir, c_dir = str(tmp_path / "a"), str(tmp_path / "c")
    inbox = tmp_path / "in"
    inbox.mkdir()
    code, out, err = run(
        capsys, "--data-dir", a_dir, "report", "--period", label, "--out", str(inbox / "a.hpkg")
    )
    assert code == 0, err
    assert f"Uppföljningen för {label} är skriven" in out
    assert "2 placeringar" in out  # the felregistrering stays home (counts in no figure)
    # This half-year has not ended: the figures are as of today, and a later report
    # replaces this one.
    assert f"Observera: perioden {label} slutar" in err and "ersätter" in err
    code, out, err = run(
        capsys, "--data-dir", a_dir, "report", "--period", "2025H1", "--out", str(tmp_path / "o")
    )
    assert code == 0 and "slutar" not in err, err

    code, out, err = run(capsys, "--data-dir", a_dir, "report", "--period", "2027H3", "--out", "x")
    assert code == 1 and "två halvår" in err and out == ""

    code, out, err = run(capsys, "--data-dir", c_dir, "collect", str(inbox))
    assert code == 0, err
    assert "Framstegs Secondhand" in out and "1 ny rapport" in out
    code, out, err = run(capsys, "--data-dir", c_dir, "collect", "--period", label)
    assert code == 0
    assert f"{label}: 1 av 2 företag" in out
    assert "Café Gläntan: saknas; inget paket än" in out

    code, _out, err = run(capsys, "--data-dir", a_dir, "collect", "--period", label)
    assert code == 1 and "Bara Coompanions installation" in err
    code, _out, err = run(capsys, "--data-dir", c_dir, "collect")
    assert code == 2


def test_init_samordnare_marks_coompanions_installation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from handledare_app.services.app import open_app
    from handledare_app.services.collection import CollectionService

    for name, flag in (("c", ["--samordnare"]), ("a", [])):
        monkeypatch.setattr("sys.stdin", io.StringIO("4821\n"))
        code, _out, err = run(
            capsys,
            "--data-dir",
            str(tmp_path / name),
            "init",
            "--workplace",
            "Coompanion",
            "--installation",
            "Dator",
            "--admin",
            "Cecilia Holm",
            "--utan-exempelkatalog",
            *flag,
        )
        assert code == 0, err
    with open_app(tmp_path / "c") as c, open_app(tmp_path / "a") as a:
        assert CollectionService(c).is_coordinator()
        assert not CollectionService(a).is_coordinator()


def test_stats_samlat_county_view_and_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from handledare_app.services.collection import CollectionService
    from handledare_app.services.report import ReportService

    coord, a = coordinator(tmp_path / "c"), company(tmp_path / "a", "Framstegs Secondhand")
    b = company(tmp_path / "b", "Café Gläntan")
    join_network(coord, [a, b], tmp_path / "net")
    period = this_half_year()
    placements(a, period)
    placements(b, period)
    inbox = tmp_path / "in"
    inbox.mkdir()
    for x in (a, b):
        ReportService(x).write(
            None, period, "Coompanions dator", inbox / f"{x.db.installation_id}.hpkg"
        )
    CollectionService(coord).read_folder(inbox)
    for x in (coord, a, b):
        x.close()
    c_dir = str(tmp_path / "c")
    code, out, err = run(capsys, "--data-dir", c_dir, "stats", "--period", period.label, "--samlat")
    assert code == 0, err
    assert f"{period.label}: 2 av 2 företag har rapporterat." in out
    assert "Aktiva placeringar på mätdagen" in out and ": 2\n" in out
    csv_file = tmp_path / "lan.csv"
    code, out, err = run(
        capsys,
        "--data-dir",
        c_dir,
        "stats",
        "--period",
        period.label,
        "--samlat",
        "--csv",
        str(csv_file),
    )
    assert code == 0, err
    text = csv_file.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")
    lines = text.decode("utf-8-sig").splitlines()
    assert any(line.startswith("Café Gläntan;Rapporterat;") for line in lines)
    # One placement active per company: every per-company count is below 3 → hidden.
    assert any(line.startswith("Framstegs Secondhand;<3") for line in lines)
    # C2's short column names are explained under the tables.
    assert sum("Aktiva, anställda och placerade (ej anställda)" in line for line in lines) == 2
    code, _out, err = run(capsys, "--data-dir", c_dir, "stats", "--period", "2027H3", "--samlat")
    assert code == 1 and "H1 och H2" in err
    code, out, _err = run(capsys, "--data-dir", c_dir, "stats", "--period", "2020H1", "--samlat")
    assert code == 0 and "Inga rapporter för 2020H1" in out


def test_report_into_a_missing_folder_says_what_to_do(tmp_path: Path) -> None:
    from handledare_app.domain.errors import UserError
    from handledare_app.services.report import ReportService

    coord, a = coordinator(tmp_path / "c"), company(tmp_path / "a", "Framstegs Secondhand")
    join_network(coord, [a], tmp_path / "net")
    try:
        with pytest.raises(UserError, match="Välj en mapp som finns"):
            ReportService(a).write(
                None, this_half_year(), "Coompanions dator", tmp_path / "saknas" / "r.hpkg"
            )
    finally:
        coord.close()
        a.close()
