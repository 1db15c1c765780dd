"""local_settings_under: the settings under one key prefix, and only those."""

from __future__ import annotations

import pytest

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
