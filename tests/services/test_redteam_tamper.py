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
