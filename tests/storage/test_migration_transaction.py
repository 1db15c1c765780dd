"""A failing migration leaves the file exactly as it was (one real transaction)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from handledare_app.domain.errors import DataDirError
from handledare_app.services.app import open_app
from handledare_app.storage import migrate


def _tables(db: Path) -> set[str]:
    con = sqlite3.connect(db)
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        con.close()


def test_half_done_upgrade_is_rolled_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from alembic import command

    real_upgrade = command.upgrade

    def upgrade_then_fail(cfg: Any, revision: str) -> None:
        real_upgrade(cfg, revision)  # every table of the initial schema is created …
        raise RuntimeError("strömavbrott")  # … and then the process dies

    monkeypatch.setattr(command, "upgrade", upgrade_then_fail)
    db = tmp_path / "handledare.sqlite"
    with pytest.raises(RuntimeError):
        migrate.upgrade_to_head(db)
    assert _tables(db) == set()
    monkeypatch.undo()
    migrate.upgrade_to_head(db)
    assert migrate.schema_state(db).up_to_date


def test_failed_first_start_can_be_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(_db: Path) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(migrate, "upgrade_to_head", fail)
    with pytest.raises(DataDirError, match="kunde inte uppgraderas"):
        open_app(tmp_path / "d")
    monkeypatch.undo()
    with open_app(tmp_path / "d") as app:
        assert not app.setup.is_set_up()


def test_locked_database_is_refused_not_replaced(tmp_path: Path) -> None:
    data = tmp_path / "d"
    with open_app(data) as app:
        app.setup.set_up("Verkstan", "Bärbar 1", "Åsa Öberg", "4821", load_example_catalogue=False)
    app.backup_now("test")  # a backup exists that recovery could wrongly pick
    other = sqlite3.connect(data / "handledare.sqlite", isolation_level=None)
    other.execute("PRAGMA journal_mode=DELETE")  # so an exclusive lock blocks readers
    before = (data / "handledare.sqlite").read_bytes()
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DataDirError, match="kunde inte läsas just nu"):
            open_app(data)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert not list(data.glob("*.skadad-*"))
    assert (data / "handledare.sqlite").read_bytes() == before
