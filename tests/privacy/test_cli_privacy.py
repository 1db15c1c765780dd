"""`registerutdrag`, `radera` and `gallra` on the command line (issue 15)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from handledare_app.cli import main
from handledare_app.services.app import App
from tests.conftest import ADMIN_PIN
from tests.privacy.erasure_helpers import full_person


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_radera_shows_first_then_erases_with_ja(
    app: App,
    admin_id: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    person = full_person(app, admin_id, tmp_path)
    data = str(app.paths.root)
    app.close()
    code, out, _ = run(capsys, "--data-dir", data, "radera", person.id, "--skal", "Begäran")
    assert code == 0 and "Inget är raderat" in out and "2 bevis med text" in out
    monkeypatch.setattr("sys.stdin", io.StringIO("0000\n"))
    code, _, err = run(capsys, "--data-dir", data, "radera", person.id, "--skal", "B", "--ja")
    assert code == 1 and "PIN" in err
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{ADMIN_PIN}\n"))
    code, out, _ = run(capsys, "--data-dir", data, "radera", person.id, "--skal", "B", "--ja")
    assert code == 0 and "Raderat." in out
    code, out, _ = run(capsys, "--data-dir", data, "verify", person.certificate_code)
    assert code == 0 and "personuppgifterna är raderade hos utfärdaren" in out
    code, _, err = run(capsys, "--data-dir", data, "radera", person.id, "--skal", "B")
    assert code == 1 and "redan raderade" in err


def test_registerutdrag_and_gallra_dry_run(
    app: App, admin_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    person = full_person(app, admin_id, tmp_path)
    data = str(app.paths.root)
    app.close()
    out_dir = tmp_path / "utdrag"
    code, out, _ = run(
        capsys, "--data-dir", data, "registerutdrag", person.id, "--out", str(out_dir)
    )
    assert code == 0 and "registerutdrag.pdf" in out
    assert len(list(out_dir.rglob("registerutdrag.json"))) == 1
    code, out, _ = run(capsys, "--data-dir", data, "gallra", "--dry-run")
    assert code == 0 and "0 deltagare avslutade före" in out and "Inget är gallrat" in out
    code, _, err = run(capsys, "--data-dir", data, "registerutdrag", "okänd", "--out", "x")
    assert code == 1 and "finns inte" in err


def test_privacy_commands_take_no_backup_at_start(
    app: App, admin_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    person = full_person(app, admin_id, tmp_path)
    data = str(app.paths.root)
    backups = app.paths.root / "backups"
    app.close()
    before = sorted(backups.glob("*.sqlite"))
    out_dir = str(tmp_path / "utdrag")
    assert run(capsys, "--data-dir", data, "registerutdrag", person.id, "--out", out_dir)[0] == 0
    assert run(capsys, "--data-dir", data, "radera", person.id, "--skal", "B")[0] == 0
    assert run(capsys, "--data-dir", data, "gallra", "--dry-run")[0] == 0
    assert sorted(backups.glob("*.sqlite")) == before
