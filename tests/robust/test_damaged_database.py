"""A damaged database: say what was found, ask, keep the file, list newer changes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from handledare_app.services.app import DatabaseDamagedError, open_app
from handledare_app.storage import backup as backups
from tests.helpers import new_participant

DB = "handledare.sqlite"


def _damage_an_index(db: Path) -> None:
    """Damage that quick_check finds while the audit log stays readable: an index page
    no longer matches its table (what a torn write of a b-tree page looks like)."""
    con = sqlite3.connect(db)
    con.execute("PRAGMA writable_schema=ON")
    root = con.execute(
        "SELECT rootpage FROM sqlite_master WHERE type='index' AND tbl_name='participant'"
    ).fetchone()
    con.commit()
    con.close()
    page_size = 4096
    data = bytearray(db.read_bytes())
    start = (root[0] - 1) * page_size
    for i in range(start + 8, start + page_size):
        data[i] = 0xFF
    db.write_bytes(bytes(data))


@pytest.fixture
def damaged(set_up_dir: Path) -> tuple[Path, bytes]:
    with open_app(set_up_dir) as app:  # a start backup, then changes after it
        admin = app.supervisors.list()[0].id
        for first in ("Lisa", "Nils"):
            new_participant(app, admin, first)
    db = set_up_dir / DB
    for side in ("-wal", "-shm"):
        assert not Path(str(db) + side).exists()
    _damage_an_index(db)
    assert backups.quick_check(db) is not None
    return set_up_dir, db.read_bytes()


def test_asks_first_and_changes_nothing(damaged: tuple[Path, bytes]) -> None:
    folder, before = damaged
    with pytest.raises(DatabaseDamagedError) as asked:
        open_app(folder)
    exc = asked.value
    assert "är skadad" in exc.message and "säkerhetskopia" in exc.message
    assert exc.newer is not None
    assert sum(" create participant " in line for line in exc.newer) == 2
    # Said in Swedish for the admin; the codes stay for support.
    assert sum("UTC: ny post i deltagare (kod:" in line for line in exc.newer) == 2
    assert (folder / DB).read_bytes() == before
    assert not list(folder.glob("handledare.skadad-*"))


def test_yes_switches_keeps_the_file_and_lists_newer_changes(damaged: tuple[Path, bytes]) -> None:
    folder, before = damaged
    with open_app(folder, use_backup=True) as app:
        assert app.startup.restored_from is not None
        notice = app.startup.notices[0]
    aside = next(folder.glob("handledare.skadad-*.sqlite"))
    assert aside.read_bytes() == before
    listing = aside.with_name(aside.name + ".nyare-andringar.txt")
    assert listing.name in notice
    assert listing.read_text(encoding="utf-8").count(" create participant ") == 2


def test_gui_asks_and_no_leaves_everything(
    damaged: tuple[Path, bytes], qtbot: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from handledare_app.ui.app import run_gui

    folder, before = damaged
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *_a: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    assert run_gui(folder) == 1  # the real start-up, answered No
    assert "Vill du byta till säkerhetskopian?" in asked[0]
    assert (folder / DB).read_bytes() == before
