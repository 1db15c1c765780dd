"""Red team: tampering with the data folder that `check` and `verify` did not catch.
Made with raw sqlite3, as someone who has read the source would."""

from __future__ import annotations

import sqlite3
from types import SimpleNamespace

import pytest

from handledare_app.domain.canonical import sha256_hex
from handledare_app.domain.records import ParticipantDetail
from handledare_app.services.app import App
from handledare_app.services.signoff_snapshot import seal_of
from handledare_app.storage.models import SignoffRow
from tests.helpers import new_participant
from tests.services.test_tamper import messages, raw
from tests.signing_helpers import ready_module, sign

MARKERS = ["gallring:2026-01-01", "radering:{erasure}"]


def _reseal_signoff_without_its_trigger(app: App, signoff_id: str) -> None:
    """Change the signed name, recompute both hashes, put the trigger back exactly."""
    con = sqlite3.connect(app.paths.db)
    (trigger_sql,) = con.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'signoff_no_update'"
    ).fetchone()
    con.close()
    with app.db.reader() as tx:
        row = tx.get(SignoffRow, signoff_id)
        assert row is not None
        snapshot = row.snapshot.replace("Märta", "Falska")
        fake = SimpleNamespace(**{c: getattr(row, c) for c in row.__table__.columns.keys()})  # noqa: SIM118
        fake.snapshot_sha256 = sha256_hex(snapshot.encode("utf-8"))
        seal = seal_of(fake)  # type: ignore[arg-type]
    raw(
        app,
        "DROP TRIGGER signoff_no_update",
        "UPDATE signoff SET snapshot = ?, snapshot_sha256 = ?, seal_sha256 = ? WHERE id = ?",
        params=(snapshot, fake.snapshot_sha256, seal, signoff_id),
    )
    raw(app, trigger_sql)


@pytest.mark.parametrize("marker", MARKERS)
def test_emptying_the_audit_entry_that_witnesses_a_signoff_is_named(
    app: App, admin_id: str, participant: ParticipantDetail, marker: str
) -> None:
    """The audit_log trigger lets anyone empty an entry's content with a marker (what an
    erasure or a retention run does): the signoff's creation entry emptied with a made-up
    retention marker, or with the marker of another participant's erasure, hid the
    resealed signoff from `check` (a module signed, no certificate yet)."""
    signoff_id = sign(app, admin_id, ready_module(app, admin_id, participant.id)).id
    assert app.check.run() == []
    if "{erasure}" in marker:
        other = new_participant(app, admin_id, "Olof")
        erasure = app.erasure.erase(admin_id, other.id, "Begäran", backup=False)
        marker = marker.format(erasure=erasure.erasure_id)
    raw(
        app,
        "UPDATE audit_log SET before = NULL, after = NULL, erased = ? "
        "WHERE entity = 'signoff' AND record_id = ?",
        params=(marker, signoff_id),
    )
    _reseal_signoff_without_its_trigger(app, signoff_id)
    text = messages(app)
    assert f"gäller signering med id {signoff_id}" in text, text


def test_a_certificate_row_resting_on_no_signoff_is_not_valid(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    """Someone with the data folder (and so the signing key) adds a register entry for a
    module never signed, correctly signed: `verify` and `check` name it."""
    import json

    from handledare_app.domain.canonical import canonical_json
    from handledare_app.domain.ids import new_id
    from handledare_app.domain.signing import Verdict
    from handledare_app.services.certificate_payload import Payload
    from handledare_app.storage.models import CertificateRow

    sign(app, admin_id, ready_module(app, admin_id, participant.id))
    cert = app.certificates.issue(admin_id, participant.id)
    with app.db.reader() as tx:
        real = tx.get(CertificateRow, cert.id)
        assert real is not None
        content = json.loads(real.content)
    cid, code = new_id(), "RTFAKE0000"
    content.update(id=cid, code=code)
    content["modules"][0]["signoff_id"] = new_id()
    text = canonical_json(content).decode("utf-8")
    digest = sha256_hex(text.encode("utf-8"))
    unsigned = Payload(
        cid,
        code,
        content["issued_on"],
        real.issuer_installation_id,
        content["workplace"]["id"],
        digest,
        b"",
    )
    signature = app.keys.sign(unsigned.signed_text.encode("ascii"))
    payload = Payload(**{**unsigned.__dict__, "signature": signature})
    raw(
        app,
        "INSERT INTO certificate (id, created_at, updated_at, hlc, vv, field_clock, origin, "
        "participant_id, code, issued_on, payload_sha256, signoff_ids, status, content, "
        "payload, signature, issuer_installation_id, preliminary) SELECT ?, created_at, "
        "updated_at, hlc, vv, field_clock, origin, participant_id, ?, issued_on, ?, ?, status, "
        "?, ?, ?, issuer_installation_id, preliminary FROM certificate WHERE id = ?",
        params=(
            cid,
            code,
            digest,
            json.dumps([content["modules"][0]["signoff_id"]]),
            text,
            payload.text,
            signature.hex(),
            cert.id,
        ),
    )
    result = app.certificates.verify(code)
    assert result.verdict is Verdict.ALTERED
    assert "finns inte i registret" in messages(app)


def test_check_names_a_signed_criterion_without_evidence(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    """DESIGN §8: every criterion of a signed module has evidence. A link removed behind
    the app's back: `check` now says which criterion is left without evidence (before it
    only said the evidence item had changed)."""
    s = sign(app, admin_id, ready_module(app, admin_id, participant.id))
    criteria = app.signing.snapshot(s.id)["criteria"]
    last = criteria[-1]
    raw(
        app,
        "DROP TRIGGER evidence_criterion_locked_no_delete",
        "DELETE FROM evidence_criterion WHERE criterion_id = ?",
        params=(last["criterion_id"],),
    )
    assert f"kriterium {last['number']} saknar bevis" in messages(app)
