"""What a confused user or a damaged USB stick hands the command line: a Swedish
message on stderr, the documented exit code, never an internal error (70)."""

from __future__ import annotations

import datetime as dt
import errno
import io
import json
import logging
import sys
from pathlib import Path
from typing import Any

import pytest

from handledare_app.domain.enums import PlacementType, Referrer
from handledare_app.services.app import App, open_app
from tests.cli.test_cli import init, run

TOO_LONG = "å" * 200  # 400 bytes: more than any file system takes for one name


def test_too_long_data_dir_is_a_user_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--data-dir", str(tmp_path / TOO_LONG), "check")
    assert code == 1
    assert "Namnet är för långt" in err and "Traceback" not in err


def test_too_long_output_name_is_a_user_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    d = tmp_path / "d"
    init(capsys, monkeypatch, d)
    out = tmp_path / f"{TOO_LONG}.hinbjudan"
    code, _, err = run(capsys, "--data-dir", str(d), "invite", "--out", str(out))
    assert code == 1
    assert "Namnet är för långt" in err and "fel-id" not in err


def test_mistyped_age_key_is_a_user_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    d = tmp_path / "d"
    init(capsys, monkeypatch, d)
    out = tmp_path / "p.hpkg"
    args = ["--data-dir", str(d), "export", "--profile", "exchange", "--out", str(out)]
    code, _, err = run(capsys, *args, "--to", "age1xyz")
    assert code == 1
    assert "Mottagarnyckeln ”age1xyz” är ogiltig" in err and "fel-id" not in err
    assert not out.exists()


def test_verify_a_folder_says_it_is_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    d = tmp_path / "d"
    init(capsys, monkeypatch, d)
    folder = tmp_path / "Intyg från Åsa"
    folder.mkdir()
    code, _, err = run(capsys, "--data-dir", str(d), "verify", str(folder))
    assert code == 1
    assert "det är en mapp" in err and "Kontrollkoden" not in err


def test_self_test_report_below_a_file_is_said_in_swedish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from handledare_app import selftest

    monkeypatch.setattr(selftest, "run_steps", selftest.SelfTestReport)
    (tmp_path / "rapport").write_text("en fil, ingen mapp")
    report = tmp_path / "rapport" / "självtest.json"
    code, _, err = run(capsys, "--self-test", "--report", str(report))
    assert code == 1
    assert "Självtestets rapport kunde inte skrivas" in err
    assert "Errno" not in err and "File exists" not in err


def test_an_emptied_database_is_damage_not_a_new_installation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash or a bad USB stick leaves a 0-byte database: with backups beside it, that
    is damage. Before, it was migrated as a new database ('check': no problems) and its
    start backups pushed the good ones out."""
    d = tmp_path / "d"
    init(capsys, monkeypatch, d)
    run(capsys, "--data-dir", str(d), "catalogue", "export", str(tmp_path / "k.json"))  # backup
    (d / "handledare.sqlite").write_bytes(b"")
    code, _, err = run(capsys, "--data-dir", str(d), "check")
    assert code == 1
    assert "databasfilen är tom" in err and "recover --bekrafta" in err
    assert (d / "handledare.sqlite").stat().st_size == 0  # nothing switched or migrated
    code, _, _ = run(capsys, "--data-dir", str(d), "recover", "--bekrafta")
    assert code == 0
    code, out, _ = run(capsys, "--data-dir", str(d), "summary", "--json")
    assert json.loads(out)["supervisor"]["count"] == 1


def test_damaged_database_is_described_without_sqlites_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    d = tmp_path / "d"
    init(capsys, monkeypatch, d)
    run(capsys, "--data-dir", str(d), "catalogue", "export", str(tmp_path / "k.json"))  # backup
    (d / "handledare.sqlite").write_bytes(b"skadad" * 1000)
    code, _, err = run(capsys, "--data-dir", str(d), "check")
    assert code == 1
    assert "filen är ingen databas" in err and "not a database" not in err


def test_closed_stdin_where_a_pin_is_read(
    set_up_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`radera --ja <&-` ended in getpass's English warning and 'oväntat fel' (70)."""
    with open_app(set_up_dir) as app:
        admin = app.supervisors.list()[0].id
        pid = app.participants.create(
            admin,
            first_name="Märta",
            last_name="Ekström",
            placement_type=PlacementType.WORK_TRAINING,
            referrer=Referrer.EMPLOYMENT_SERVICE,
            start_date=dt.date(2026, 9, 1),
            responsible_id=admin,
        ).id
    monkeypatch.setattr(sys, "stdin", None)
    d = str(set_up_dir)
    code, _, err = run(capsys, "--data-dir", d, "radera", pid, "--skal", "Begäran", "--ja")
    assert code == 1 and "Standard in är stängd" in err
    with open_app(set_up_dir) as app:
        assert app.participants.get(pid).first_name == "Märta"


class _FullDisk(io.StringIO):
    def write(self, _text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_full_disk_is_a_user_problem_without_tracebacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk: the lock file cannot be written (exit 70 before) and neither can the
    log (Python printed '--- Logging error ---' and a traceback on stderr)."""
    from handledare_app.storage.lock import DataDirLock

    def no_space(_self: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(logging, "raiseExceptions", True)  # Python's default; restored
    monkeypatch.setattr(logging.FileHandler, "_open", lambda _self: _FullDisk())
    monkeypatch.setattr(DataDirLock, "acquire", no_space)
    code, _, err = init(capsys, monkeypatch, tmp_path / "d")
    assert code == 1
    assert "Disken är full" in err
    assert "Traceback" not in err and "Logging error" not in err and "No space" not in err


def test_a_log_that_cannot_be_written_prints_no_traceback(
    set_up_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(logging, "raiseExceptions", True)  # Python's default; restored
    monkeypatch.setattr(logging.FileHandler, "_open", lambda _self: _FullDisk())
    missing = str(tmp_path / "saknas.json")
    code, _, err = run(capsys, "--data-dir", str(set_up_dir), "catalogue", "import", missing)
    assert code == 1 and "finns inte" in err
    assert "Logging error" not in err and "Traceback" not in err


def test_database_on_a_full_disk_says_the_disk_is_full(
    set_up_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite answers only 'disk I/O error'; before, the message blamed another program."""
    import shutil

    from handledare_app.storage import backup

    def io_error(_path: Path) -> None:
        raise backup.DatabaseUnavailable("disk I/O error")

    monkeypatch.setattr(backup, "quick_check", io_error)
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(10, 10, 0))  # type: ignore[attr-defined]
    code, _, err = run(capsys, "--data-dir", str(set_up_dir), "check")
    assert code == 1
    assert "Disken där datamappen" in err and "är full" in err


def test_backup_on_a_full_disk_is_a_user_problem_and_leaves_no_half_copy(
    set_up_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's 'database or disk is full' is no OSError: every command that starts with a
    backup ended in 'oväntat fel' (70) and left a .tmp-journal behind in backups/."""
    import sqlite3

    from handledare_app.storage import backup

    real_connect = sqlite3.connect

    class FullTarget:
        def __init__(self, con: sqlite3.Connection) -> None:
            self.con = con

        def backup(self, _target: object) -> None:
            raise sqlite3.OperationalError("database or disk is full")

        def __getattr__(self, name: str) -> object:
            return getattr(self.con, name)

    monkeypatch.setattr(
        backup.sqlite3, "connect", lambda *a, **k: FullTarget(real_connect(*a, **k))
    )
    before = sorted(p.name for p in (set_up_dir / "backups").iterdir())
    code, _, err = run(capsys, "--data-dir", str(set_up_dir), "backup", "create")
    assert code == 1 and "Disken är full" in err
    assert sorted(p.name for p in (set_up_dir / "backups").iterdir()) == before


def test_new_database_on_a_full_disk_says_the_disk_is_full(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: 'Databasen kunde inte uppgraderas … Kontakta support' for a new folder."""
    import shutil
    import sqlite3

    from handledare_app.storage import migrate

    def disk_full(_db: Path) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(migrate, "upgrade_to_head", disk_full)
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(10, 10, 0))  # type: ignore[attr-defined]
    code, _, err = init(capsys, monkeypatch, tmp_path / "d")
    assert code == 1
    assert "är full" in err and "Kontakta support" not in err


def test_join_into_a_new_folder_logs_to_the_file_not_to_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """join and restore make their folder, but only init/demo set up its log, so Python's
    last-resort handler printed a log record's traceback on stderr."""
    from handledare_app import cli_sync

    def boom(*_a: object) -> int:
        raise RuntimeError("internt fel")

    monkeypatch.setattr(cli_sync, "run", boom)
    d = tmp_path / "ny"
    code, _, err = run(capsys, "--data-dir", str(d), "join", str(tmp_path / "x.hinbjudan"))
    assert code == 70
    assert "Traceback" not in err and "unexpected error" not in err
    assert "internt fel" not in err
    assert "fel-id" in (d / "logs" / "handledare.log").read_text(encoding="utf-8")


def test_new_database_stopped_by_sqlites_disk_full_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some room left, but not enough for the schema: SQLite's own words decide."""
    import sqlite3

    from handledare_app.storage import migrate

    def disk_full(_db: Path) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(migrate, "upgrade_to_head", disk_full)
    code, _, err = init(capsys, monkeypatch, tmp_path / "d")
    assert code == 1
    assert "är full" in err and "Kontakta support" not in err


@pytest.mark.parametrize(
    ("head", "named"),
    [
        (b"HANDLEDARAPPEN-SAKERHETSKOPIA 1\n144\nscrypt", "handledare-app restore"),
        (b"PK\x03\x04\x14\x00invitation.age", "handledare-app join"),
        (b'{"format": "handledarappen-katalog", "format_version": 1}', "catalogue import"),
        (b'{"network": {"format": "handledarappen-natverk"}}', "network import"),
    ],
)
def test_import_names_the_apps_other_files_and_where_they_go(
    set_up_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    head: bytes,
    named: str,
) -> None:
    wrong = tmp_path / "fel fil från USB-minnet"
    wrong.write_bytes(head + b"\n" * 100)
    code, _, err = run(capsys, "--data-dir", str(set_up_dir), "import", str(wrong))
    assert code == 1
    assert named in err and "inte krypterad med age" not in err


def test_import_without_the_passphrase_says_which_option(
    set_up_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pkg = tmp_path / "paket.hpkg"
    pkg.write_bytes(b"age-encryption.org/v1\n-> scrypt c2FsdA 18\nabc\n--- x\n" + b"\0" * 64)
    code, _, err = run(capsys, "--data-dir", str(set_up_dir), "import", str(pkg))
    assert code == 1
    assert "skyddat med en lösenfras" in err and "--passphrase-file" in err


def test_restore_of_a_package_names_the_import_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pkg = tmp_path / "paket.hpkg"
    pkg.write_bytes(b"age-encryption.org/v1\n-> scrypt c2FsdA 18\nabc\n--- x\n" + b"\0" * 64)
    pw = tmp_path / "lösen.txt"
    pw.write_text("hemlig fras\n", encoding="utf-8")
    d = tmp_path / "ny"
    code, _, err = run(
        capsys, "--data-dir", str(d), "restore", str(pkg), "--passphrase-file", str(pw)
    )
    assert code == 1
    assert "utbytespaket" in err and "handledare-app import" in err


def test_empty_data_dir_does_not_fall_back_to_the_real_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--data-dir "$MAPP"` with MAPP unset gave "" and so the default data folder: an
    `init`, `demo` or `restore --ersatt` meant for a test folder hit the real one."""
    real = tmp_path / "riktiga"
    monkeypatch.setenv("HANDLEDARE_DATA_DIR", str(real))
    with pytest.raises(SystemExit) as stop:
        run(capsys, "--data-dir", "", "demo", "--deltagare", "1")
    assert stop.value.code == 2
    assert "--data-dir: är tom" in capsys.readouterr().err
    assert not real.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["certificate", "x", "--out", ""],
        ["catalogue", "export", ""],
        ["backup", "create", "--to", "", "--passphrase-file", "p.txt"],
        ["import", ""],
        ["registerutdrag", "x", "--out", " "],
    ],
)
def test_empty_path_is_an_argument_error(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    """Path("") is the current folder: `--out ""` ended in 'oväntat fel' (70),
    `import ""` read every package in the current folder, `registerutdrag --out " "`
    wrote there."""
    with pytest.raises(SystemExit) as stop:
        run(capsys, *args)
    assert stop.value.code == 2
    assert "är tom; ange en fil eller mapp" in capsys.readouterr().err


def test_verify_an_empty_code_asks_for_the_code(
    set_up_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--data-dir", str(set_up_dir), "verify", "")
    assert code == 1 and "Skriv intygets kontrollkod" in err


def test_self_tests_window_step_prints_no_qt_notices(app: App, admin_id: str, qtlog: Any) -> None:
    """--self-test without a display printed Qt's English 'This plugin does not support
    propagateSizeHints()' on stderr next to its report (pytest-qt's qtlog sees what would
    have reached stderr)."""
    from handledare_app.ui.selftest_qt import show_main_window

    show_main_window(app, admin_id)
    assert not [r for r in qtlog.records if "propagateSizeHints" in r.message]


def test_unwritable_data_folder_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write-protected USB stick, or a path below a file: the reason is named."""
    (tmp_path / "fil").write_text("ingen mapp")
    code, _, err = init(capsys, monkeypatch, tmp_path / "fil" / "data")
    assert code == 1
    assert "Det går inte att skriva i datamappen" in err
    assert "(en del av sökvägen är ingen mapp)" in err
