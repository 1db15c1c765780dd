"""Konflikter: readable descriptions, mark as reviewed, revert through the normal path."""

from __future__ import annotations

import datetime as dt

import pytest

from handledare_app.domain.enums import EvidenceType, Role
from handledare_app.domain.errors import PermissionDenied, UserError
from handledare_app.domain.records import ParticipantDetail
from handledare_app.services.app import App
from handledare_app.storage.conflicts import record_conflict
from handledare_app.storage.models import AuditRow, InstallationRow, ParticipantRow

OTHER = "01a20000-0000-7000-8000-00000000beef"
LOST_HLC = f"1790000000000-00000-{OTHER}"


def _conflict(app: App, entity: str, record_id: str, field: str, kept: object, lost: object) -> str:
    with app.db.transaction(None) as tx:
        row = record_conflict(
            tx,
            entity=entity,
            record_id=record_id,
            field=field,
            kept_value=kept,
            lost_value=lost,
            lost_hlc=LOST_HLC,
        )
        return row.id


def test_empty(app: App) -> None:
    assert app.conflicts.list() == []
    assert app.conflicts.count_unresolved() == 0


def test_readable_description(app: App, participant: ParticipantDetail) -> None:
    cid = _conflict(app, "participant", participant.id, "phone", "070-111", "070-222")
    [info] = app.conflicts.list()
    assert info.id == cid
    assert info.subject == "Märta Ekström"
    assert info.entity_label == "Deltagare"
    assert info.field_label == "telefon"
    assert (info.kept_text, info.lost_text) == ("070-111", "070-222")
    assert info.computer == "okänd dator"
    assert info.revertible and not info.resolved
    assert "telefon" in info.description and "070-222" in info.description


def test_enum_values_people_and_dates_in_swedish(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    ev = app.evidence.add(
        admin_id,
        participant.id,
        type=EvidenceType.OBSERVATION,
        date=dt.date(2026, 10, 1),
        title="Sorterade kläder",
    )
    _conflict(app, "participant", participant.id, "stage", "work_plan", "introduction")
    _conflict(app, "participant", participant.id, "responsible_id", admin_id, None)
    _conflict(app, "evidence", ev.id, "date", "2026-10-01", "2026-09-30")
    by_field = {c.field: c for c in app.conflicts.list()}
    assert by_field["stage"].kept_text == "Arbetsplan"
    assert by_field["stage"].lost_text == "Introduktion"
    assert by_field["responsible_id"].kept_text == "Åsa Öberg"
    assert by_field["responsible_id"].lost_text == "(tomt)"
    assert by_field["date"].subject == "Märta Ekström – bevis ”Sorterade kläder”"


def test_computer_name_when_known(app: App, participant: ParticipantDetail) -> None:
    with app.db.transaction(None) as tx:
        tx.add(InstallationRow(id=OTHER, workplace_id=app.setup.workplace().id, name="Laptop 2"))
    _conflict(app, "participant", participant.id, "phone", "1", "2")
    assert app.conflicts.list()[0].computer == "datorn Laptop 2"


def test_mark_reviewed(app: App, admin_id: str, participant: ParticipantDetail) -> None:
    cid = _conflict(app, "participant", participant.id, "phone", "1", "2")
    info = app.conflicts.mark_reviewed(admin_id, cid)
    assert info.resolved and not info.revertible
    assert app.conflicts.list() == []
    assert [c.id for c in app.conflicts.list(include_resolved=True)] == [cid]


def test_revert_is_an_audited_local_edit(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    app.participants.update(admin_id, participant.id, phone="070-111")
    cid = _conflict(app, "participant", participant.id, "phone", "070-111", "070-222")
    with app.db.reader() as tx:
        before = tx.get(ParticipantRow, participant.id)
        assert before is not None
        old_hlc, old_vv = before.hlc, dict(before.vv)
        audits = tx.count(AuditRow)
    info = app.conflicts.revert(admin_id, cid)
    assert info.resolved and info.current_text == "070-222"
    assert app.participants.get(participant.id).phone == "070-222"
    with app.db.reader() as tx:
        row = tx.get(ParticipantRow, participant.id)
        assert row is not None
        assert row.hlc > old_hlc and row.field_clock["phone"] == row.hlc
        assert row.vv[app.db.installation_id] == old_vv[app.db.installation_id] + 1
        last = tx.find(AuditRow, order_by="seq")[-1]
        assert tx.count(AuditRow) == audits + 1
        assert (last.action, last.actor_id, last.after) == (
            "update",
            admin_id,
            {"phone": "070-222"},
        )
    assert app.check.run() == []


def test_revert_a_date_field(app: App, admin_id: str, participant: ParticipantDetail) -> None:
    ev = app.evidence.add(
        admin_id,
        participant.id,
        type=EvidenceType.OBSERVATION,
        date=dt.date(2026, 10, 1),
        title="Sorterade kläder",
    )
    cid = _conflict(app, "evidence", ev.id, "date", "2026-10-01", "2026-09-30")
    app.conflicts.revert(admin_id, cid)
    assert app.evidence.get(ev.id).date == dt.date(2026, 9, 30)


def test_signed_records_are_refused(app: App, admin_id: str) -> None:
    cid = _conflict(app, "signoff", "01a20000-0000-7000-8000-000000000001", "status", "a", "b")
    [info] = app.conflicts.list()
    assert not info.revertible and "signerad" in info.blocked_reason
    with pytest.raises(UserError, match="signerad"):
        app.conflicts.revert(admin_id, cid)
    assert not app.conflicts.list()[0].resolved


def test_deleted_record_and_unknown_field_are_refused(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    gone = _conflict(app, "participant", "01a20000-0000-7000-8000-000000000002", "phone", "1", "2")
    odd = _conflict(app, "participant", participant.id, "skonummer", "41", "42")
    with pytest.raises(UserError, match="finns inte längre"):
        app.conflicts.revert(admin_id, gone)
    with pytest.raises(UserError, match="Fältet finns inte"):
        app.conflicts.revert(admin_id, odd)
    with pytest.raises(UserError, match="Uppdatera listan"):
        app.conflicts.revert(admin_id, "01a20000-0000-7000-8000-000000000003")


def test_permissions(app: App, admin_id: str, participant: ParticipantDetail) -> None:
    quality = app.supervisors.add(admin_id, "Kim Granskare", "2468", {Role.QUALITY_ASSURER})
    cid = _conflict(app, "participant", participant.id, "phone", "1", "2")
    assert len(app.conflicts.list()) == 1  # anyone logged in may look
    for action in (app.conflicts.revert, app.conflicts.mark_reviewed):
        with pytest.raises(PermissionDenied):
            action(quality.id, cid)
        with pytest.raises(PermissionDenied):
            action(None, cid)
    assert app.conflicts.count_unresolved() == 1


def test_record_conflict_rejects_unknown_entity(app: App) -> None:
    with pytest.raises(ValueError), app.db.transaction(None) as tx:
        record_conflict(
            tx, entity="nope", record_id="x", field="f", kept_value=1, lost_value=2, lost_hlc="h"
        )
