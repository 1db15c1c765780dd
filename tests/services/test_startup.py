"""Opening a data folder: writability, corruption, newer schema, foreign files, one instance."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from handledare_app.domain.errors import DataDirError
from handledare_app.services.app import open_app
from handledare_app.storage import backup as backups
from handledare_app.storage import migrate
from tests.helpers import corrupt_database, new_participant, sha256_file, write_alembic_revision

DB = "handledare.sqlite"


def _reopen_and_close(data_dir: Path) -> None:
    """One normal start: leaves a 'start' backup behind."""
    open_app(data_dir).close()


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes() for p in directory.rglob("*") if p.is_file()
    }


# --- a fresh folder ---------------------------------------------------------------------


def test_fresh_folder_is_created_at_head(data_dir: Path) -> None:
    with open_app(data_dir) as app:
        assert not app.setup.is_set_up()
        for name in ("blobs", "backups", "keys", "logs"):
            assert (data_dir / name).is_dir()
        assert app.startup.notices == []
    assert migrate.schema_state(data_dir / DB).up_to_date


def test_reopening_a_set_up_folder_takes_a_verified_start_backup(set_up_dir: Path) -> None:
    before = {b.path for b in backups.list_backups(set_up_dir / "backups")}
    with open_app(set_up_dir) as app:
        assert app.setup.is_set_up()
        assert app.startup.notices == []
    new = [b for b in backups.list_backups(set_up_dir / "backups") if b.path not in before]
    assert [b.reason for b in new] == ["start"]
    assert backups.quick_check(new[0].path) is None


# --- a folder that cannot be written -------------------------------------------------------


def test_data_dir_that_is_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "data"
    target.write_bytes(b"mina anteckningar")
    with pytest.raises(DataDirError, match="är en fil, inte en mapp"):
        open_app(target)
    assert target.read_bytes() == b"mina anteckningar"


def test_data_dir_below_a_regular_file_is_not_writable(tmp_path: Path) -> None:
    """Works as root too: nobody can create a folder inside a file."""
    blocker = tmp_path / "usb"
    blocker.write_bytes(b"x")
    with pytest.raises(DataDirError) as info:
        open_app(blocker / "data")
    assert "Det går inte att skriva i datamappen" in info.value.message
    assert "--data-dir" in info.value.message
    assert blocker.read_bytes() == b"x"


def test_data_dir_in_a_read_only_system_location(tmp_path: Path) -> None:
    """/proc refuses new folders even for root."""
    if not Path("/proc/self").is_dir():
        pytest.skip("needs Linux /proc")
    with pytest.raises(DataDirError, match="Det går inte att skriva i datamappen"):
        open_app(Path("/proc/handledare-test/data"))


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores permission bits"
)
def test_data_dir_without_write_permission(tmp_path: Path) -> None:
    target = tmp_path / "data"
    target.mkdir()
    target.chmod(0o500)
    try:
        with pytest.raises(DataDirError, match="Det går inte att skriva i datamappen"):
            open_app(target)
    finally:
        target.chmod(0o700)


def test_existing_set_up_folder_that_turns_read_only_keeps_its_data(
    set_up_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write test fails (as on a write-protected USB stick): nothing is touched."""
    before = _snapshot(set_up_dir)

    def refuse(*_args: object, **_kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", refuse)
    with pytest.raises(DataDirError, match="Kontrollera behörigheten"):
        open_app(set_up_dir)
    monkeypatch.undo()
    assert _snapshot(set_up_dir) == before


# --- a damaged database -------------------------------------------------------------------


def test_corrupt_database_is_restored_from_newest_good_backup(set_up_dir: Path) -> None:
    _reopen_and_close(set_up_dir)
    db = set_up_dir / DB
    assert not Path(str(db) + "-wal").exists()
    corrupt_database(db)
    damaged = db.read_bytes()
    newest = backups.list_backups(set_up_dir / "backups")[0]

    with open_app(set_up_dir, use_backup=True) as app:  # the user said yes (issue 14)
        report = app.startup
        assert report.restored_from is not None
        assert report.restored_from.path == newest.path
        day = newest.taken_at.astimezone().strftime("%Y-%m-%d")
        assert len(report.notices) == 1
        notice = report.notices[0]
        assert re.search(r"\d{4}-\d{2}-\d{2}", notice)
        assert day in notice
        assert "skadad" in notice
        # the data of the backup is back
        assert app.setup.is_set_up()
        assert len(app.catalogue.modules()) == 36
        assert app.supervisors.list()[0].name == "Åsa Öberg"

    aside = list(set_up_dir.glob("handledare.skadad-*.sqlite"))
    assert len(aside) == 1
    assert aside[0].read_bytes() == damaged
    assert aside[0].name in notice
    assert backups.quick_check(db) is None


def test_restore_skips_a_damaged_newest_backup(set_up_dir: Path) -> None:
    _reopen_and_close(set_up_dir)
    _reopen_and_close(set_up_dir)
    found = backups.list_backups(set_up_dir / "backups")
    corrupt_database(found[0].path)
    corrupt_database(set_up_dir / DB)
    with open_app(set_up_dir, use_backup=True) as app:
        assert app.startup.restored_from is not None
        assert app.startup.restored_from.path == found[1].path
        assert app.setup.is_set_up()


def test_corrupt_database_without_backup_is_left_untouched(set_up_dir: Path) -> None:
    for b in backups.list_backups(set_up_dir / "backups"):
        b.path.unlink()
    db = set_up_dir / DB
    corrupt_database(db)
    damaged = db.read_bytes()
    with pytest.raises(DataDirError) as info:
        open_app(set_up_dir)
    assert "skadad" in info.value.message
    assert "ingen fungerande säkerhetskopia" in info.value.message
    assert db.read_bytes() == damaged
    assert not list(set_up_dir.glob("*.skadad-*"))
    # The lock was released: a second try gives the same answer, not "redan igång".
    with pytest.raises(DataDirError, match="skadad"):
        open_app(set_up_dir)


def test_corrupt_database_with_only_damaged_backups_is_left_untouched(set_up_dir: Path) -> None:
    for b in backups.list_backups(set_up_dir / "backups"):
        corrupt_database(b.path)
    db = set_up_dir / DB
    corrupt_database(db)
    damaged = db.read_bytes()
    with pytest.raises(DataDirError, match="ingen fungerande säkerhetskopia"):
        open_app(set_up_dir)
    assert db.read_bytes() == damaged


# --- a database from elsewhere ----------------------------------------------------------------


def test_database_from_a_newer_version_is_refused_and_unchanged(set_up_dir: Path) -> None:
    db = set_up_dir / DB
    write_alembic_revision(db, "0999_framtida")
    digest = sha256_file(db)
    backups_before = {b.path for b in backups.list_backups(set_up_dir / "backups")}
    with pytest.raises(DataDirError) as info:
        open_app(set_up_dir)
    assert "nyare version" in info.value.message
    assert "0999_framtida" in info.value.message
    assert sha256_file(db) == digest
    assert {b.path for b in backups.list_backups(set_up_dir / "backups")} == backups_before
    with pytest.raises(DataDirError, match="nyare version"):  # lock released
        open_app(set_up_dir)


def test_foreign_sqlite_file_is_refused_and_unchanged(data_dir: Path) -> None:
    data_dir.mkdir()
    db = data_dir / DB
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE recept (namn TEXT)")
    con.execute("INSERT INTO recept VALUES ('kanelbulle')")
    con.commit()
    con.close()
    before = db.read_bytes()
    with pytest.raises(DataDirError, match="tillhör inte Handledarappen"):
        open_app(data_dir)
    assert db.read_bytes() == before


# --- one instance per folder -----------------------------------------------------------------


def test_second_instance_in_same_process_is_refused(data_dir: Path) -> None:
    first = open_app(data_dir)
    try:
        with pytest.raises(DataDirError, match="redan igång"):
            open_app(data_dir)
    finally:
        first.close()
    open_app(data_dir).close()  # free again after closing


def test_second_instance_in_another_process_is_refused(data_dir: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from handledare_app.domain.errors import DataDirError\n"
        "from handledare_app.services.app import open_app\n"
        "try:\n"
        "    open_app(Path(sys.argv[1]))\n"
        "except DataDirError as exc:\n"
        "    print(exc.message)\n"
        "    sys.exit(3)\n"
    )
    with open_app(data_dir):
        done = subprocess.run(
            [sys.executable, "-c", code, str(data_dir)],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONPATH": str(root)},
        )
    assert done.returncode == 3, done.stderr
    assert "redan igång" in done.stdout


def test_failed_start_does_not_hold_the_lock(data_dir: Path) -> None:
    with open_app(data_dir) as app:
        new_db = app.paths.db
    write_alembic_revision(new_db, "0999_framtida")
    with pytest.raises(DataDirError, match="nyare version"):
        open_app(data_dir)
    write_alembic_revision(new_db, migrate.head_revision())
    open_app(data_dir).close()


def test_start_backup_failure_is_a_notice_not_a_crash(
    set_up_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_args: object, **_kwargs: object) -> object:
        raise OSError("disk full")

    monkeypatch.setattr(backups, "take_backup", fail)
    with open_app(set_up_dir) as app:
        assert app.startup.notices == [
            "Säkerhetskopian vid start kunde inte göras. Kontrollera diskutrymmet."
        ]
        assert app.setup.is_set_up()


def test_participant_data_survives_restore_up_to_the_backup(set_up_dir: Path) -> None:
    with open_app(set_up_dir) as app:
        admin = app.supervisors.list()[0].id
        new_participant(app, admin, "Före")
    _reopen_and_close(set_up_dir)  # start backup now holds "Före"
    with open_app(set_up_dir) as app:
        admin = app.supervisors.list()[0].id
        new_participant(app, admin, "Efter")
    corrupt_database(set_up_dir / DB)
    with open_app(set_up_dir, use_backup=True) as app:
        names = {p.name.split()[0] for p in app.participants.list()}
    assert "Före" in names
    assert "Efter" not in names


def test_an_upgrade_is_announced_and_backed_up_first(
    set_up_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from handledare_app.storage import migrate
    from handledare_app.storage.backup import list_backups

    real_state = migrate.schema_state
    calls = {"n": 0}

    def older_once(db: Path) -> migrate.SchemaState:
        state = real_state(db)
        calls["n"] += 1
        if calls["n"] == 1:  # as if the file were one schema behind
            return migrate.SchemaState("0000", state.head, True, True)
        return state

    monkeypatch.setattr(migrate, "schema_state", older_once)
    with open_app(set_up_dir) as app:
        assert app.startup.migrated_from == "0000"
        assert any("anpassats till den nya versionen" in n for n in app.startup.notices)
    assert any(b.reason == "fore-uppgradering" for b in list_backups(set_up_dir / "backups"))
