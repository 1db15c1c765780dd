"""Retention (gallring, issue 15): exactly the participants past the limit are erased."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from handledare_app.domain.enums import EvidenceType, PlacementOutcome
from handledare_app.domain.errors import PermissionDenied, ValidationError
from handledare_app.services.app import App
from handledare_app.storage import queries
from handledare_app.storage.models import AttachmentRow, ErasureRow
from tests.helpers import new_participant, tiny_png

TODAY = dt.date(2027, 12, 6)


def _closed(app: App, admin: str, name: str, end: dt.date | None) -> str:
    p = new_participant(app, admin, name, start_date=dt.date(2022, 1, 3))
    if end is not None:
        app.participants.close(admin, p.id, end, next(iter(PlacementOutcome)))
    return p.id


def test_retention_erases_exactly_those_past_the_limit(
    app: App, admin_id: str, tmp_path: Path
) -> None:
    long_ago = _closed(app, admin_id, "Anders", dt.date(2024, 6, 1))
    day_before = _closed(app, admin_id, "Berit", dt.date(2025, 12, 5))
    on_limit = _closed(app, admin_id, "Cecilia", dt.date(2025, 12, 6))
    ongoing = _closed(app, admin_id, "David", None)
    due = app.retention.due(TODAY)
    assert due.limit == dt.date(2025, 12, 6)
    assert set(due.participants) == {long_ago, day_before}
    assert "2 deltagare avslutade före 2025-12-06" in due.summary

    outcome = app.retention.run(admin_id, TODAY)
    assert outcome.erased == 2
    with app.db.reader() as tx:
        assert {e.participant_id for e in tx.find(ErasureRow)} == {long_ago, day_before}
        assert {e.kind for e in tx.find(ErasureRow)} == {"gallring"}
        assert queries.verify_audit_chain(tx) == []
    names = {p.id: p.first_name for p in (app.participants.get(i) for i in (on_limit, ongoing))}
    assert names == {on_limit: "Cecilia", ongoing: "David"}
    assert app.participants.get(long_ago).first_name == "Raderad"
    assert app.retention.due(TODAY).nothing
    assert app.check.run() == []


def test_files_go_earlier_than_personal_data(app: App, admin_id: str, tmp_path: Path) -> None:
    app.retention.set_policy(admin_id, 3, 1)
    pid = _closed(app, admin_id, "Eva", dt.date(2025, 6, 1))
    app.participants.set_photo_consent(admin_id, pid, True, dt.date(2025, 1, 2))
    photo = tmp_path / "a.png"
    photo.write_bytes(tiny_png() + b"eva")
    app.evidence.add(
        admin_id, pid, type=EvidenceType.PHOTO, date=dt.date(2025, 5, 1), title="T", files=[photo]
    )
    due = app.retention.due(TODAY)
    assert due.participants == () and len(due.files) == 1
    outcome = app.retention.run(admin_id, TODAY)
    assert outcome.files_removed == 1 and outcome.blobs_removed == 1
    with app.db.reader() as tx:
        assert tx.count(AttachmentRow) == 0
    assert app.participants.get(pid).first_name == "Eva"
    assert app.check.run() == []


def test_policy_limits_and_admin_only(app: App, admin_id: str) -> None:
    from handledare_app.domain.enums import Role

    assert app.retention.policy().years == 2
    with pytest.raises(ValidationError):
        app.retention.set_policy(admin_id, 11, 2)
    with pytest.raises(ValidationError):
        app.retention.set_policy(admin_id, 2, 3)
    sup = app.supervisors.add(admin_id, "Leila Haddad", "7391", {Role.SUPERVISOR})
    with pytest.raises(PermissionDenied):
        app.retention.run(sup.id, TODAY)


def test_old_deletions_and_old_backups_go(app: App, admin_id: str) -> None:
    from handledare_app.storage.backup import list_backups
    from handledare_app.storage.models import AuditRow

    p = new_participant(app, admin_id, "Frida")
    fu = app.journey.add_follow_up(
        admin_id, p.id, date=dt.date(2026, 10, 1), attendees="Bo", notes="Hemlig anteckning"
    )
    app.journey.delete_follow_up(admin_id, fu.id)
    app.backup_now("manuell")
    old = {b.path.name for b in list_backups(app.paths.backups)}
    assert old
    later = dt.date(2031, 1, 10)
    due = app.retention.due(later)
    assert due.audit_entries >= 1 and set(due.backups) == old and due.participants == ()
    outcome = app.retention.run(admin_id, later)
    assert outcome.backups_removed == len(old)
    left = {b.path.name for b in list_backups(app.paths.backups)}
    assert not left & old and left  # the backup taken before the run stays
    with app.db.reader() as tx:
        gone = tx.first(AuditRow, record_id=fu.id, action="delete")
        assert gone is not None and gone.after is None and gone.before is None
        assert gone.erased == "gallring:2031-01-10"
        created = tx.first(AuditRow, record_id=fu.id, action="create")
        assert created is not None and created.after is None  # its notes went too
        assert queries.verify_audit_chain(tx) == []
    assert app.check.run() == []
