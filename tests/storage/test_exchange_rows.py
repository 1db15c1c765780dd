"""The exchange write path keeps incoming sync columns and still audits every change."""

from __future__ import annotations

import datetime as dt

from handledare_app.services.app import App
from handledare_app.storage import exchange_writes, queries
from handledare_app.storage.models import AuditRow, ParticipantRow


def _incoming(app: App) -> dict[str, object]:
    wp = app.setup.workplace().id
    return {
        "id": "0190f000-0000-7000-8000-000000000001",
        "created_at": "2026-01-01T00:00:00.000000Z",
        "updated_at": "2026-01-02T00:00:00.000000Z",
        "hlc": "1767312000000-00003-annan-dator",
        "vv": {"annan-dator": 3},
        "field_clock": {"first_name": "1767312000000-00003-annan-dator"},
        "origin": "annan-dator",
        "workplace_id": wp,
        "first_name": "Märta",
        "last_name": "Ekström",
        "personnummer": None,
        "birth_year": None,
        "phone": "",
        "email": "",
        "responsible_id": None,
        "stage": "introduction",
        "photo_consent": False,
        "photo_consent_date": dt.date(2026, 1, 2),
    }


def test_insert_and_update_keep_sync_columns_and_audit(app: App, admin_id: str) -> None:
    row = _incoming(app)
    with app.db.reader() as tx:
        audit_before = tx.count(AuditRow)
    with app.db.transaction(admin_id) as tx:
        exchange_writes.insert_incoming(tx, "participant", [row])
    with app.db.reader() as tx:
        stored = tx.get(ParticipantRow, str(row["id"]))
        assert stored is not None
        for column in ("created_at", "updated_at", "hlc", "vv", "field_clock", "origin"):
            assert getattr(stored, column) == row[column], column
        assert stored.photo_consent_date == dt.date(2026, 1, 2)
        entries = tx.find(AuditRow, order_by="seq")[audit_before:]
        assert [(e.action, e.entity, e.record_id) for e in entries] == [
            ("create", "participant", row["id"])
        ]
        assert entries[0].actor_id == admin_id
        assert entries[0].after is not None and entries[0].after["first_name"] == "Märta"
    newer = dict(
        row, first_name="Marta", hlc="1767312000001-00000-annan-dator", vv={"annan-dator": 4}
    )
    with app.db.transaction(admin_id) as tx:
        exchange_writes.update_incoming(tx, "participant", [(row, newer)])
    with app.db.reader() as tx:
        stored = tx.get(ParticipantRow, str(row["id"]))
        assert stored is not None
        assert (stored.first_name, stored.hlc, stored.vv) == ("Marta", newer["hlc"], newer["vv"])
        last = tx.find(AuditRow, order_by="seq")[-1]
        assert (last.action, last.before, last.after) == (
            "update",
            {"first_name": "Märta"},
            {"first_name": "Marta"},
        )
        assert queries.verify_audit_chain(tx) == []
    # A local edit afterwards is stamped as usual by the flush hook.
    app.participants.update(admin_id, str(row["id"]), phone="070")
    with app.db.reader() as tx:
        stored = tx.get(ParticipantRow, str(row["id"]))
        assert stored is not None
        assert stored.vv == {"annan-dator": 4, app.db.installation_id: 1}
        assert stored.field_clock["phone"].endswith(app.db.installation_id)
        assert queries.verify_audit_chain(tx) == []


def test_stamp_new_rows_stamps_like_the_flush_hook(app: App, admin_id: str) -> None:
    row = _incoming(app)
    for key in ("id", "created_at", "updated_at", "hlc", "vv", "field_clock", "origin"):
        del row[key]
    with app.db.transaction(admin_id) as tx:
        [made] = exchange_writes.stamp_new_rows(tx, "participant", [row])
    with app.db.reader() as tx:
        stored = tx.get(ParticipantRow, str(made["id"]))
        assert stored is not None
        assert stored.origin == app.db.installation_id
        assert stored.vv == {app.db.installation_id: 1}
        assert set(stored.field_clock) >= {"first_name", "stage"}
        assert queries.verify_audit_chain(tx) == []
