"""Schema versions: where a database is, where the code is, and the upgrade."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect
from sqlalchemy.pool import NullPool

from .database import make_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


@dataclass(frozen=True)
class SchemaState:
    current: str | None  # None: empty database
    head: str
    known: bool  # the code knows `current`
    has_tables: bool

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head

    @property
    def newer_than_code(self) -> bool:
        return self.current is not None and not self.known


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def schema_state(db_path: Path) -> SchemaState:
    """Read-only look: a foreign or newer file must not be touched (not even WAL mode)."""
    if not db_path.exists():
        return SchemaState(None, head_revision(), True, False)
    uri = f"{db_path.resolve().as_uri()}?mode=ro"
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
        poolclass=NullPool,
    )
    try:
        with engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
            has_tables = bool(inspect(conn).get_table_names())
    finally:
        engine.dispose()
    script = ScriptDirectory.from_config(_config())
    known = current is None or any(r.revision == current for r in script.walk_revisions())
    return SchemaState(current, head_revision(), known, has_tables)


def upgrade_to_head(db_path: Path) -> None:
    engine = make_engine(db_path)
    try:
        with engine.begin() as conn:
            cfg = _config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    finally:
        engine.dispose()
