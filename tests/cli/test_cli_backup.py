"""`backup list`, `backup create [--to F --passphrase-file P]` and `restore F`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from handledare_app.cli import main
from handledare_app.services.app import open_app
from tests.helpers import new_participant

PASS = "lång och tydlig lösenfras"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def folder(set_up_dir: Path) -> Path:
    with open_app(set_up_dir) as app:
        admin = app.supervisors.list()[0].id
        new_participant(app, admin, "Lova")
    return set_up_dir


@pytest.fixture
def passfile(tmp_path: Path) -> Path:
    p = tmp_path / "fras.txt"
    p.write_text(PASS + "\n", encoding="utf-8")
    return p


def test_real_work_factor() -> None:
    from handledare_app.services import installation_copy_format as icf

    assert icf.SCRYPT_LOG_N == 18  # age's own default; the service tests lower it for speed


def test_backup_create_and_list(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    code, out, err = run(capsys, "--data-dir", str(folder), "backup", "create")
    assert code == 0, err
    assert "klar och kontrollerad" in out
    code, out, _ = run(capsys, "--data-dir", str(folder), "backup", "list")
    assert code == 0
    lines = out.strip().splitlines()
    assert "Manuell" in lines[0]
    assert any("Vid start" in line for line in lines)


def test_encrypted_copy_and_restore(
    capsys: pytest.CaptureFixture[str], folder: Path, passfile: Path, tmp_path: Path
) -> None:
    target = tmp_path / "usb" / "kopia.hkopia"
    target.parent.mkdir()
    code, out, err = run(
        capsys,
        "--data-dir",
        str(folder),
        "backup",
        "create",
        "--to",
        str(target),
        "--passphrase-file",
        str(passfile),
    )
    assert code == 0, err
    assert "skriven och kontrollerad" in out and target.exists()
    _, before, _ = run(capsys, "--data-dir", str(folder), "summary", "--json")

    new = tmp_path / "ny"
    code, out, err = run(
        capsys, "--data-dir", str(new), "restore", str(target), "--passphrase-file", str(passfile)
    )
    assert code == 0, err
    assert "återställd" in out
    _, after, _ = run(capsys, "--data-dir", str(new), "summary", "--json")
    assert json.loads(after) == json.loads(before)

    # A set-up folder is refused without --ersatt, accepted with it.
    args = ("--data-dir", str(new), "restore", str(target), "--passphrase-file", str(passfile))
    code, _, err = run(capsys, *args)
    assert code == 1 and "innehåller redan en installation" in err
    code, out, err = run(capsys, *args, "--ersatt")
    assert code == 0, err
    assert "finns kvar som" in out


def test_errors_in_swedish(
    capsys: pytest.CaptureFixture[str], folder: Path, passfile: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, "--data-dir", str(folder), "backup", "create", "--to", "x.hkopia")
    assert code == 2 and "--passphrase-file" in err
    short = tmp_path / "kort.txt"
    short.write_text("kort\n", encoding="utf-8")
    code, _, err = run(
        capsys,
        "--data-dir",
        str(folder),
        "backup",
        "create",
        "--to",
        str(tmp_path / "k.hkopia"),
        "--passphrase-file",
        str(short),
    )
    assert code == 1 and "för kort" in err
    junk = tmp_path / "skräp.hkopia"
    junk.write_bytes(b"inte en kopia")
    code, _, err = run(
        capsys,
        "--data-dir",
        str(tmp_path / "ny"),
        "restore",
        str(junk),
        "--passphrase-file",
        str(passfile),
    )
    assert code == 1 and "ingen säkerhetskopia" in err
    code, _, err = run(
        capsys,
        "--data-dir",
        str(tmp_path / "ny"),
        "restore",
        str(junk),
        "--passphrase-file",
        str(tmp_path / "saknas.txt"),
    )
    assert code == 1 and "finns inte" in err
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "tom"), "backup", "list")
    assert code == 1 and "ingen databas" in err
    assert not (tmp_path / "tom").exists()
