"""Rewriting the database file so erased values are really gone from the disk (issue 15):
SQLite leaves deleted and overwritten values in free pages and in the WAL until the file
is rewritten."""

from __future__ import annotations

from .database import Database


def compact(db: Database) -> None:
    """Checkpoint the WAL into the file, VACUUM, and truncate the WAL."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.exec_driver_sql("VACUUM")
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
