"""`check` finds signed records altered directly in the database and names them."""

from __future__ import annotations

import sqlite3

from handledare_app.domain.records import ParticipantDetail
from handledare_app.services.app import App
from tests.helpers import raw_connect
from tests.signing_helpers import ready_module, sign


def _raw(app: App, *statements: str, params: tuple[object, ...] = ()) -> None:
    """Someone edits the file with a SQLite tool: drops the triggers, then changes rows."""
    con: sqlite3.Connection = raw_connect(app.paths.db)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='trigger'")]
        for name in names:
            con.execute(f"DROP TRIGGER {name}")
        for sql in statements:
            con.execute(sql, params if "?" in sql else ())
    finally:
        con.close()


def _messages(app: App) -> list[str]:
    return [f"{p.area}: {p.message}" for p in app.check.run()]


def _signed(app: App, admin_id: str, participant_id: str) -> tuple[str, str]:
    eid = ready_module(app, admin_id, participant_id)
    return eid, sign(app, admin_id, eid).id


def test_clean_database_has_no_problems(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    _signed(app, admin_id, participant.id)
    app.certificates.issue(admin_id, participant.id)
    assert app.check.run() == []


def test_changed_assessment_is_named(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    eid, _sid = _signed(app, admin_id, participant.id)
    _raw(
        app,
        "UPDATE assessment SET status='in_progress' WHERE id = "
        "(SELECT id FROM assessment WHERE enrollment_id=? ORDER BY criterion_id LIMIT 1)",
        params=(eid,),
    )
    msgs = _messages(app)
    assert any("Signering: Bedömningen av kriterium" in m and "har ändrats" in m for m in msgs), (
        msgs
    )


def test_changed_evidence_and_attachment_hash_are_named(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    _eid, sid = _signed(app, admin_id, participant.id)
    _raw(app, "UPDATE evidence SET description='efterhand' WHERE locked_by=?", params=(sid,))
    msgs = _messages(app)
    assert any("Beviset ”Observation i butiken 0”" in m and "ändrats" in m for m in msgs), msgs


def test_changed_snapshot_is_a_hash_mismatch(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    _eid, sid = _signed(app, admin_id, participant.id)
    _raw(
        app,
        "UPDATE signoff SET snapshot = replace(snapshot, 'Märta', 'Maria') WHERE id=?",
        params=(sid,),
    )
    msgs = _messages(app)
    assert any(sid in m and "kontrollsumman stämmer inte" in m for m in msgs), msgs


def test_changed_signature_breaks_the_seal(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    _eid, sid = _signed(app, admin_id, participant.id)
    _raw(
        app,
        "UPDATE signoff SET signatures = replace(signatures, 'typed', 'paper') WHERE id=?",
        params=(sid,),
    )
    msgs = _messages(app)
    assert any(sid in m and "signaturerna" in m for m in msgs), msgs


def test_deleted_evidence_link_and_broken_audit_chain_are_both_named(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    _eid, sid = _signed(app, admin_id, participant.id)
    _raw(
        app,
        "DELETE FROM evidence_criterion WHERE locked_by=?",
        "UPDATE audit_log SET actor_id='någon annan' WHERE seq=3",
        params=(sid,),
    )
    msgs = _messages(app)
    assert any("Granskningslogg" in m and "post 3" in m for m in msgs), msgs
    assert any("Signering:" in m and "Observation i butiken 0" in m for m in msgs), msgs


def test_missing_and_damaged_signature_drawings_are_named(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    _eid, sid = _signed(app, admin_id, participant.id)
    drawn = next(g for g in app.signing.get(sid).signatures if g.blob_sha256)
    path = app.blobs.path_for(drawn.blob_sha256 or "")
    path.write_bytes(b"skadad")
    assert any("signatur (deltagarens)" in m and "är skadad" in m for m in _messages(app))
    path.unlink()
    assert any("signatur (deltagarens)" in m and "saknas" in m for m in _messages(app))
