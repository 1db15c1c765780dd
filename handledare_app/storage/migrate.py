"""Schema versions: where a database is, where the code is, and the upgrade.

Reading the state uses plain sqlite3; Alembic is imported only to upgrade.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .fsutil import ro_uri
from .schema_versions import HEAD, REVISIONS

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


@dataclass(frozen=True)
class SchemaState:
    current: str | None  # None: no schema yet
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
    return HEAD


def alembic_revisions() -> list[str]:
    """The revisions Alembic's scripts define, oldest first (for the consistency test)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def schema_state(db_path: Path) -> SchemaState:
    if not db_path.exists():
        return SchemaState(None, HEAD, True, False)
    con = sqlite3.connect(ro_uri(db_path), uri=True)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        current = None
        if "alembic_version" in tables:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            current = row[0] if row else None
    finally:
        con.close()
    known = current is None or current in REVISIONS
    return SchemaState(current, HEAD, known, bool(tables - {"alembic_version"}))


def upgrade_to_head(db_path: Path) -> None:
    """All migrations in one real transaction: a failure or power cut leaves the file as it was.

    pysqlite does not open a transaction before DDL by itself, so Alembic's steps would
    each commit on their own; the explicit BEGIN is SQLAlchemy's documented recipe.
    """
    from alembic import command

    from .database import make_engine, writer

    engine = make_engine(db_path)  # the recipe: isolation by us, BEGIN IMMEDIATE for writers
    try:
        with writer(engine).begin() as conn:
            cfg = _config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    finally:
        engine.dispose()
