"""An edit made while an import holds the database: it waits, or is refused in Swedish.

Two threads: the import (paused inside its write transaction) and an edit on another thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from handledare_app.domain.errors import DatabaseBusyError
from handledare_app.services.app import App
from handledare_app.services.exchange_import import Importer
from handledare_app.storage import database, queries
from tests.exchange_helpers import open_second, rich_participant, trust_each_other

WAIT = 10  # seconds an Event may take before the test fails (never reached when it works)


@pytest.fixture
def pair(app: App, tmp_path: Path) -> Iterator[tuple[App, App]]:
    b = open_second(tmp_path / "b")
    trust_each_other(app, b, tmp_path)
    yield app, b
    b.close()


def _paused_import(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """The import stops after writing its rows, still holding the write lock."""
    inside, go_on = threading.Event(), threading.Event()
    original: Callable[..., Any] = Importer._run

    def run(self: Importer, tx: Any, *args: Any, **kwargs: Any) -> Any:
        out = original(self, tx, *args, **kwargs)
        if kwargs.get("write"):
            inside.set()
            assert go_on.wait(WAIT)
        return out

    monkeypatch.setattr(Importer, "_run", run)
    return inside, go_on


def _package(a: App, b: App, admin_a: str, tmp_path: Path) -> Path:
    rich_participant(a, admin_a, "Åke", tmp_path)
    out = tmp_path / "p.hpkg"
    a.exchange.export(out, profile="exchange", recipients=[b.keys.age_recipient])
    return out


def _audit_ok(app: App) -> list[str]:
    with app.db.reader() as tx:
        return queries.verify_audit_chain(tx)


def test_edit_waits_for_import_and_both_are_kept(
    pair: tuple[App, App], admin_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = pair
    b_admin = b.supervisors.list()[0].id
    mine = b.participants.create(b_admin, **_new("Lisa"))
    package = _package(a, b, admin_id, tmp_path)
    inside, go_on = _paused_import(monkeypatch)
    waited: list[str] = []
    waiting = threading.Event()

    def on_wait(what: str) -> None:
        waited.append(what)
        waiting.set()

    b.db.on_wait = on_wait
    results: dict[str, Any] = {}

    def do_import() -> None:
        results["import"] = b.exchange.import_file(package)

    def do_edit() -> None:
        try:
            results["edit"] = b.participants.update(b_admin, mine.id, phone="070-555")
        except BaseException as exc:
            results["edit_error"] = exc

    importer = threading.Thread(target=do_import)
    importer.start()
    assert inside.wait(WAIT)
    editor = threading.Thread(target=do_edit)
    editor.start()
    assert waiting.wait(WAIT)  # the edit saw the import and waits for its lock
    go_on.set()
    importer.join(WAIT)
    editor.join(WAIT)
    assert "edit_error" not in results, results.get("edit_error")
    assert waited == ["importen"]
    assert results["import"].applied
    assert b.participants.get(mine.id).phone == "070-555"
    assert {p.name.split()[0] for p in b.participants.list()} >= {"Lisa", "Åke"}
    assert _audit_ok(b) == []
    assert b.check.run() == []


def test_edit_that_waits_too_long_is_refused_in_swedish(
    pair: tuple[App, App], admin_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = pair
    b_admin = b.supervisors.list()[0].id
    mine = b.participants.create(b_admin, **_new("Lisa"))
    package = _package(a, b, admin_id, tmp_path)
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 50)
    b.db.engine.dispose()  # new connections get the short wait
    inside, go_on = _paused_import(monkeypatch)
    results: dict[str, Any] = {}
    importer = threading.Thread(
        target=lambda: results.setdefault("import", b.exchange.import_file(package))
    )
    importer.start()
    try:
        assert inside.wait(WAIT)
        with pytest.raises(DatabaseBusyError) as refused:
            b.participants.update(b_admin, mine.id, phone="070-555")
        assert "importen" in refused.value.message
        assert "Inget har ändrats" in refused.value.message
    finally:
        go_on.set()
        importer.join(WAIT)
    assert results["import"].applied
    assert b.participants.get(mine.id).phone != "070-555"
    assert _audit_ok(b) == []
    # Once the import is done the same edit goes through.
    b.participants.update(b_admin, mine.id, phone="070-555")
    assert b.participants.get(mine.id).phone == "070-555"
    assert _audit_ok(b) == []


def test_write_inside_a_write_on_one_thread_is_a_bug_not_a_hang(app: App) -> None:
    with app.db.transaction(None), pytest.raises(RuntimeError), app.db.transaction(None):
        pass


def test_reader_sees_one_snapshot(app: App, admin_id: str) -> None:
    from handledare_app.storage.models import ParticipantRow

    with app.db.reader() as tx:
        before = tx.count(ParticipantRow)
        done = threading.Event()

        def create() -> None:
            app.participants.create(admin_id, **_new("Nils"))
            done.set()

        threading.Thread(target=create).start()
        assert done.wait(WAIT)
        assert tx.count(ParticipantRow) == before  # the other commit is not seen mid-read
    with app.db.reader() as tx:
        assert tx.count(ParticipantRow) == before + 1


def _new(first: str) -> dict[str, Any]:
    import datetime as dt

    from handledare_app.domain.enums import PlacementType, Referrer

    return {
        "first_name": first,
        "last_name": "Ek",
        "placement_type": PlacementType.WORK_TRAINING,
        "referrer": Referrer.EMPLOYMENT_SERVICE,
        "start_date": dt.date(2026, 9, 1),
    }


def test_a_reader_never_writes(app: App) -> None:
    from handledare_app.storage.models import LocalSettingRow

    with pytest.raises(RuntimeError, match="reader"), app.db.reader() as tx:
        tx.add(LocalSettingRow(key="x", value="y"))
        tx.flush()
    assert app.local_settings.get("x") is None
