"""local_settings_under: the settings under one key prefix, and only those."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from typing import Any

import pytest
from sqlalchemy import event

from handledare_app.services import delivery, retirement
from handledare_app.services.app import App
from handledare_app.storage import settings_rows


def test_only_keys_under_the_prefix_by_the_rest_of_the_key(app: App) -> None:
    with app.db.transaction(None) as tx:
        for key, value in {
            "delivery.have.a": "1",
            "delivery.have.ö-dator": "2",
            "delivery.have.": "3",
            "delivery.hav": "x",
            "delivery.havex": "x",
            "delivery.ack.a": "x",
            "retired.a": "{}",
        }.items():
            settings_rows.set_local_setting(tx, key, value)
    with app.db.reader() as tx:
        assert settings_rows.local_settings_under(tx, "delivery.have.") == {
            "a": "1",
            "ö-dator": "2",
            "": "3",
        }
        assert settings_rows.local_settings_under(tx, "nothing.") == {}
        with pytest.raises(ValueError):
            settings_rows.local_settings_under(tx, "")


def test_version_vector_and_retired_read_their_own_entries(app: App) -> None:
    with app.db.transaction(None) as tx:
        settings_rows.set_local_setting(tx, delivery.HAVE_PREFIX + "lap-b", "7")
        settings_rows.set_local_setting(tx, delivery.HAVE_PREFIX + "lap-c", "not a number")
        settings_rows.set_local_setting(tx, delivery.ACK_PREFIX + "lap-b", "5")
        settings_rows.set_local_setting(tx, retirement.PREFIX + "lap-d", '{"name": "Gamla datorn"}')
        settings_rows.set_local_setting(tx, retirement.PREFIX + "lap-e", "[1]")
    with app.db.reader() as tx:
        assert delivery.version_vector(tx, "own", 12) == {"lap-b": 7, "own": 12}
        assert retirement.retired(tx) == {"lap-d": {"name": "Gamla datorn"}}


def test_the_read_is_a_range_over_the_key_index_not_every_setting(app: App) -> None:
    """What the module says: a search over the key's index. A plain read of every setting,
    filtered in Python, answers the same and would pass the test above."""
    statements: list[tuple[str, Any]] = []

    def capture(*args: Any) -> None:
        statements.append((args[2], args[3]))  # conn, cursor, statement, parameters, …

    event.listen(app.db.engine, "before_cursor_execute", capture)
    try:
        with app.db.reader() as tx:
            settings_rows.local_settings_under(tx, "delivery.have.")
    finally:
        event.remove(app.db.engine, "before_cursor_execute", capture)
    [(sql, params)] = [(s, p) for s, p in statements if "local_setting" in s]
    with closing(sqlite3.connect(app.db.path)) as conn:
        plan = " ".join(str(row[-1]) for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params))
    assert plan.startswith("SEARCH") and "(key>? AND key<?)" in plan  # SQLite says > for >=
