"""Sign-off: snapshot, signatures, locks in the service and in SQLite, reopening."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from handledare_app.domain.canonical import sha256_hex
from handledare_app.domain.enums import AssessmentStatus, EvidenceType, ModuleStatus
from handledare_app.domain.errors import PermissionDenied, ValidationError
from handledare_app.domain.records import ParticipantDetail
from handledare_app.domain.signing import SignatureInput, SignatureMethod, SignerRole
from handledare_app.services.app import App
from tests.conftest import ADMIN_PIN
from tests.helpers import db_summary, observe, raw_connect
from tests.signing_helpers import SQUIGGLE, drawn, ready_module, sign, typed


def test_sign_freezes_snapshot_and_records_signatures(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    app.participants.set_photo_consent(admin_id, participant.id, True, dt.date(2026, 9, 1))
    eid = ready_module(app, admin_id, participant.id, photo_dir=tmp_path / "foton")
    s = sign(app, admin_id, eid)
    snap = app.signing.snapshot(s.id)
    assert snap["participant"] == {"id": participant.id, "name": "Märta Ekström"}
    assert snap["supervisor"]["name"] == "Åsa Öberg"
    assert all(c["status"] == "achieved" for c in snap["criteria"])
    assert len(snap["criteria"]) == app.assessment.enrollment(eid).criteria_total
    assert snap["evidence"] and len(snap["evidence"][0]["content_sha256"]) == 64
    with app.db.reader() as tx:
        from handledare_app.storage.models import SignoffRow

        row = tx.get(SignoffRow, s.id)
        assert row is not None
        assert sha256_hex(row.snapshot.encode()) == row.snapshot_sha256 == s.snapshot_sha256
        assert row.qa_draw["reason"] == "draw" and 0 <= row.qa_draw["value"] < 1
    roles = {g.role: g for g in s.signatures}
    assert roles[SignerRole.SUPERVISOR].method is SignatureMethod.TYPED
    assert roles[SignerRole.PARTICIPANT].method is SignatureMethod.DRAWN
    assert app.signing.strokes(roles[SignerRole.PARTICIPANT].blob_sha256 or "") == [
        [tuple(p) for p in SQUIGGLE[0]]
    ]
    assert app.assessment.enrollment(eid).status is ModuleStatus.SIGNED


def test_snapshot_includes_attachment_hashes(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    app.participants.set_photo_consent(admin_id, participant.id, True, dt.date(2026, 9, 1))
    eid = ready_module(app, admin_id, participant.id, photo_dir=tmp_path / "foton")
    s = sign(app, admin_id, eid)
    ev = app.evidence.list(participant.id)[0]
    with app.db.reader() as tx:
        from handledare_app.storage.models import SignoffRow

        row = tx.get(SignoffRow, s.id)
        assert row is not None
        assert ev.attachments[0].sha256 in row.snapshot


def test_incomplete_module_is_refused(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    code = app.catalogue.modules()[0].code
    eid = app.journey.enroll(admin_id, participant.id, code)
    first = app.assessment.enrollment(eid).module.criteria[0]
    observe(app, admin_id, participant.id, [first.id])
    app.assessment.judge(admin_id, eid, first.id, AssessmentStatus.ACHIEVED)
    before = db_summary(app)
    with pytest.raises(ValidationError) as err:
        sign(app, admin_id, eid)
    assert "inte klar för signering" in err.value.message
    assert db_summary(app) == before


def test_wrong_pin_is_refused(app: App, admin_id: str, participant: ParticipantDetail) -> None:
    eid = ready_module(app, admin_id, participant.id)
    before = db_summary(app)
    with pytest.raises(PermissionDenied, match="Fel PIN-kod"):
        sign(app, admin_id, eid, pin="9999")
    with pytest.raises(PermissionDenied, match="PIN-kod"):
        sign(app, admin_id, eid, pin="")
    assert db_summary(app) == before


@pytest.mark.parametrize(
    "strokes", [[], [[(0.5, 0.5)]], [[(0.5, 0.5), (0.51, 0.5)]]], ids=["tom", "prick", "streck"]
)
def test_empty_drawn_signature_is_refused(
    app: App, admin_id: str, participant: ParticipantDetail, strokes: list
) -> None:
    eid = ready_module(app, admin_id, participant.id)
    before = db_summary(app)
    with pytest.raises(ValidationError, match="Deltagarens ritade signatur är tom"):
        app.signing.sign(
            admin_id,
            eid,
            pin=ADMIN_PIN,
            supervisor=typed("Åsa Öberg"),
            participant=SignatureInput(SignatureMethod.DRAWN, strokes=strokes),
        )
    with pytest.raises(ValidationError, match="signatur saknas"):
        app.signing.sign(admin_id, eid, pin=ADMIN_PIN, supervisor=typed("  "), participant=drawn())
    assert db_summary(app) == before


def test_paper_signature_with_scan(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    eid = ready_module(app, admin_id, participant.id)
    scan = tmp_path / "blankett.pdf"
    scan.write_bytes(app.documents.signing_sheet(eid))
    s = app.signing.sign(
        admin_id,
        eid,
        pin=ADMIN_PIN,
        supervisor=drawn(),
        participant=SignatureInput(SignatureMethod.PAPER, scan_path=str(scan)),
    )
    paper = next(g for g in s.signatures if g.role is SignerRole.PARTICIPANT)
    assert paper.method is SignatureMethod.PAPER
    assert paper.blob_sha256 == sha256_hex(scan.read_bytes())
    assert app.blobs.has(paper.blob_sha256)


def test_signed_records_are_locked_in_the_services(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    eid = ready_module(app, admin_id, participant.id)
    other = ready_module(app, admin_id, participant.id, index=1)
    sign(app, admin_id, eid)
    crit = app.assessment.enrollment(eid).module.criteria[0]
    ev = app.evidence.list(participant.id)[-1]  # the first module's evidence
    assert crit.id in ev.criterion_ids
    before = db_summary(app)
    with pytest.raises(ValidationError, match="signerad och låst"):
        app.assessment.judge(admin_id, eid, crit.id, AssessmentStatus.IN_PROGRESS)
    with pytest.raises(ValidationError, match="signerad och låst"):
        app.evidence.update(
            admin_id,
            ev.id,
            type=EvidenceType.OBSERVATION,
            date=ev.date,
            title="Ändrad",
            description="",
            criterion_ids=ev.criterion_ids,
        )
    with pytest.raises(ValidationError, match="signerad och låst"):
        app.evidence.delete(admin_id, ev.id)
    with pytest.raises(ValidationError, match="redan är signerad"):
        app.evidence.add(
            admin_id,
            participant.id,
            type=EvidenceType.OBSERVATION,
            date=dt.date.today(),
            title="Ny",
            criterion_ids=[crit.id],
        )
    with pytest.raises(ValidationError, match="signerad"):
        app.journey.withdraw(admin_id, eid)
    assert db_summary(app) == before
    # The other, unsigned module stays editable.
    c2 = app.assessment.enrollment(other).module.criteria[0]
    app.assessment.judge(admin_id, other, c2.id, AssessmentStatus.IN_PROGRESS)


def _con(app: App) -> sqlite3.Connection:
    return raw_connect(app.paths.db)


def test_triggers_refuse_update_and_delete_of_signed_rows(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    eid = ready_module(app, admin_id, participant.id)
    s = sign(app, admin_id, eid)
    con = _con(app)
    try:
        for sql in (
            "UPDATE assessment SET status='in_progress' WHERE enrollment_id=?",
            "DELETE FROM assessment WHERE enrollment_id=?",
            "UPDATE enrollment SET active=0 WHERE id=?",
            "UPDATE assessment SET locked_by=NULL WHERE enrollment_id=?",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="signerad"):
                con.execute(sql, (eid,))
        for sql in (
            "UPDATE evidence SET title='x' WHERE locked_by=?",
            "DELETE FROM evidence_criterion WHERE locked_by=?",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="signerad"):
                con.execute(sql, (s.id,))
        with pytest.raises(sqlite3.IntegrityError, match="signering"):
            con.execute("UPDATE signoff SET snapshot='{}' WHERE id=?", (s.id,))
        with pytest.raises(sqlite3.IntegrityError, match="signering"):
            con.execute("DELETE FROM signoff WHERE id=?", (s.id,))
        # Restamping only the sync columns (an identical incoming version) passes.
        con.execute("UPDATE assessment SET hlc=hlc WHERE enrollment_id=?", (eid,))
        # Inserting a signed row (exchange from another installation) is never blocked.
        cols = (
            "created_at, updated_at, hlc, vv, field_clock, origin, participant_id, type, date, "
            "title, description, witness_name, witness_role, quality, recorded_by, locked_by"
        )
        con.execute(
            f"INSERT INTO evidence (id, {cols}) SELECT 'annan-installation', {cols} "
            "FROM evidence WHERE locked_by=? LIMIT 1",
            (s.id,),
        )
        assert (
            con.execute("SELECT count(*) FROM evidence WHERE locked_by=?", (s.id,)).fetchone()[0]
            == 2
        )
    finally:
        con.close()


def test_admin_reopen_supersedes_and_keeps_the_old_version(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    eid = ready_module(app, admin_id, participant.id)
    first = sign(app, admin_id, eid)
    cert = app.certificates.issue(admin_id, participant.id)
    with pytest.raises(ValidationError, match="varför"):
        app.signing.reopen(admin_id, first.id, "   ")
    app.signing.reopen(admin_id, first.id, "Fel datum på ett bevis")
    assert app.assessment.enrollment(eid).status is ModuleStatus.READY_FOR_SIGNOFF
    crit = app.assessment.enrollment(eid).module.criteria[0]
    app.assessment.judge(admin_id, eid, crit.id, AssessmentStatus.ACHIEVED, "Rättat.")
    # The certificate that listed the module no longer holds.
    assert app.certificates.verify(cert.code).verdict.value == "revoked"
    second = sign(app, admin_id, eid)
    assert second.supersedes_id == first.id
    history = app.signing.for_participant(participant.id, history=True)
    assert [h.id for h in history] == [first.id, second.id]
    assert history[0].reopened and history[0].reopen_reason == "Fel datum på ett bevis"
    assert json.loads(json.dumps(app.signing.snapshot(first.id)))["criteria"][0]["comment"] == (
        "Visat."
    )
    assert app.check.run() == []


def test_only_admin_reopens(app: App, admin_id: str, participant: ParticipantDetail) -> None:
    from handledare_app.domain.enums import Role

    eid = ready_module(app, admin_id, participant.id)
    s = sign(app, admin_id, eid)
    sup = app.supervisors.add(admin_id, "Jonas Lindqvist", "5173", {Role.SUPERVISOR})
    with pytest.raises(PermissionDenied):
        app.signing.reopen(sup.id, s.id, "Vill ändra")


def test_signing_is_audited(app: App, admin_id: str, participant: ParticipantDetail) -> None:
    from handledare_app.storage.models import AuditRow

    eid = ready_module(app, admin_id, participant.id)
    s = sign(app, admin_id, eid)
    with app.db.reader() as tx:
        entries = tx.find(AuditRow, entity="signoff", record_id=s.id)
        locks = [
            a for a in tx.find(AuditRow, entity="assessment") if (a.after or {}).get("locked_by")
        ]
    assert entries and entries[0].actor_id == admin_id
    assert locks


def test_module_with_a_criterion_without_evidence_is_refused(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    eid = ready_module(app, admin_id, participant.id)
    evidence = app.evidence.list(participant.id)
    assert len(evidence) == 1
    app.evidence.delete(admin_id, evidence[0].id)
    before = db_summary(app)
    with pytest.raises(ValidationError, match="saknar bevis"):
        sign(app, admin_id, eid)
    assert db_summary(app) == before
    assert app.signing.standing(eid) is None


def test_signing_summary_lists_evidence_per_criterion(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    eid = ready_module(app, admin_id, participant.id)
    criteria = app.assessment.enrollment(eid).module.criteria
    observe(app, admin_id, participant.id, [criteria[1].id])
    lines = app.signing.evidence_per_criterion(eid)
    assert [line.number for line in lines] == [c.number for c in criteria]
    assert lines[0].evidence == (f"Observation i butiken 0 ({dt.date.today().isoformat()})",)
    assert lines[1].evidence == (
        "Observation i arbetet (2026-09-10)",
        f"Observation i butiken 0 ({dt.date.today().isoformat()})",
    )
