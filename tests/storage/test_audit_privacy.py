"""The audit log records that a PIN or personnummer changed, never the value."""

from __future__ import annotations

from handledare_app.domain.enums import Role
from handledare_app.services.app import App
from handledare_app.storage.models import AuditRow
from handledare_app.storage.queries import verify_audit_chain


def test_pin_hash_and_personnummer_are_redacted(app: App, admin_id: str) -> None:
    sup = app.supervisors.add(admin_id, "Leila Haddad", "7391", {Role.SUPERVISOR})
    app.supervisors.change_pin(admin_id, sup.id, "8402")
    app.setup.update_workplace(admin_id, personnummer_enabled=True)
    import datetime as dt

    from handledare_app.domain.enums import PlacementType, Referrer

    p = app.participants.create(
        admin_id,
        first_name="Nils",
        placement_type=PlacementType.INTERNSHIP,
        referrer=Referrer.REGION,
        start_date=dt.date(2026, 1, 5),
        personnummer="19811218-9876",
    )
    with app.db.reader() as tx:
        rows = tx.find(AuditRow, order_by="seq")
        text = repr([(r.before, r.after) for r in rows])
        assert "scrypt$" not in text
        assert "19811218-9876" not in text and "8112189876" not in text
        pin_changes = [r for r in rows if r.record_id == sup.id and r.action == "update"]
        assert pin_changes and pin_changes[-1].after == {"pin_hash": "[dolt]"}
        created = next(r for r in rows if r.record_id == p.id and r.action == "create")
        assert created.after is not None and created.after["personnummer"] == "[dolt]"
        assert verify_audit_chain(tx) == []


def test_create_entries_show_defaulted_values(app: App) -> None:
    with app.db.reader() as tx:
        created = next(r for r in tx.find(AuditRow, order_by="seq") if r.entity == "workplace")
        assert created.after is not None
        assert created.after["personnummer_enabled"] is False
        assert created.after["idle_lock_minutes"] == 10
