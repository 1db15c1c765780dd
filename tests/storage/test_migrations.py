"""Alembic: a fresh database upgrades to head and matches the models."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from handledare_app.storage import migrate
from handledare_app.storage.database import make_engine
from handledare_app.storage.models import Base
from tests.helpers import write_alembic_revision


def test_missing_file_is_an_empty_database(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite"
    state = migrate.schema_state(db)
    assert state.current is None
    assert not state.has_tables
    assert not state.newer_than_code
    assert not db.exists()  # looking never creates the file


def test_fresh_database_upgrades_to_head(tmp_path: Path) -> None:
    db = tmp_path / "fresh.sqlite"
    migrate.upgrade_to_head(db)
    state = migrate.schema_state(db)
    assert state.current == migrate.head_revision()
    assert state.up_to_date
    assert state.known and state.has_tables


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    db = tmp_path / "fresh.sqlite"
    migrate.upgrade_to_head(db)
    engine = make_engine(db)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(
                conn, opts={"compare_type": True, "compare_server_default": True}
            )
            diff = compare_metadata(ctx, Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_upgrade_creates_the_append_only_triggers(tmp_path: Path) -> None:
    db = tmp_path / "fresh.sqlite"
    migrate.upgrade_to_head(db)
    con = sqlite3.connect(db)
    try:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    finally:
        con.close()
    immutable = ("audit_log", "signoff", "signoff_reopening", "qa_review", "certificate", "erasure")
    lockable = ("enrollment", "evidence", "attachment", "evidence_criterion", "assessment")
    assert names == {
        *(
            f"{t}_no_{verb}"
            for t in (*immutable, "certificate_revocation")
            for verb in ("update", "delete")
        ),
        *(f"{t}_locked_no_{verb}" for t in lockable for verb in ("update", "delete")),
        "audit_anchor_follow",
        "audit_anchor_no_rewind",
        "audit_anchor_no_delete",
    }


def test_upgrade_twice_is_harmless(tmp_path: Path) -> None:
    db = tmp_path / "fresh.sqlite"
    migrate.upgrade_to_head(db)
    migrate.upgrade_to_head(db)
    assert migrate.schema_state(db).up_to_date


def test_unknown_revision_is_newer_than_code(tmp_path: Path) -> None:
    db = tmp_path / "future.sqlite"
    migrate.upgrade_to_head(db)
    write_alembic_revision(db, "9999_from_the_future")
    state = migrate.schema_state(db)
    assert state.current == "9999_from_the_future"
    assert state.newer_than_code
    assert not state.up_to_date


def test_schema_state_does_not_touch_a_foreign_file(tmp_path: Path) -> None:
    db = tmp_path / "foreign.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE recept (namn TEXT)")
    con.commit()
    con.close()
    before = db.read_bytes()
    state = migrate.schema_state(db)
    assert state.current is None and state.has_tables
    assert db.read_bytes() == before
