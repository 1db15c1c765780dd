"""Erasure of a participant (issue 15): nothing personal left in the data folder, the
certificate still answers, check passes, the audit chain verifies."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from handledare_app.domain.errors import PermissionDenied, ValidationError
from handledare_app.domain.signing import Verdict
from handledare_app.services.app import App
from handledare_app.storage import queries
from handledare_app.storage.models import (
    AuditRow,
    EnrollmentRow,
    ErasureRow,
    PlacementRow,
    TombstoneRow,
)
from tests.helpers import new_participant, raw_connect
from tests.privacy.erasure_helpers import found_in, full_person, vacuum


def test_erasure_leaves_nothing_personal_and_keeps_what_proves(
    app: App, admin_id: str, tmp_path: Path
) -> None:
    person = full_person(app, admin_id, tmp_path)
    other = new_participant(app, admin_id, "Kvarstående")
    preview = app.erasure.preview(person.id)
    assert any("2 bevis" in line for line in preview.lines)
    assert any("1 ritad eller inskannad signatur" in line for line in preview.lines)

    vacuum(app.paths.db)
    before = found_in(app.paths.root, person.secrets, skip=("backups",))
    assert len({hit.split(": ", 1)[1] for hit in before}) == len(person.secrets)  # grep works

    outcome = app.erasure.erase(admin_id, person.id, "Begäran från deltagaren")
    assert outcome.blobs_removed == 2  # the photo and the drawn signature
    assert outcome.audit_entries > 10

    # The erasure rewrites the file itself: nothing in free pages or the WAL.
    assert found_in(app.paths.root, person.secrets, skip=("backups",)) == []
    vacuum(app.paths.db)
    hits = found_in(app.paths.root, person.secrets, skip=("backups",))
    assert hits == []
    # What must remain: pseudonymous journey, register entry, audit chain.
    with app.db.reader() as tx:
        assert tx.count(PlacementRow, participant_id=person.id) == 1
        assert tx.count(EnrollmentRow, participant_id=person.id) == 1
        assert tx.count(ErasureRow) == 1
        assert {t.reason for t in tx.find(TombstoneRow)} == {"erasure"}
        assert queries.verify_audit_chain(tx) == []
        erased = [r for r in tx.find(AuditRow) if r.erased]
        assert erased and all(r.before is None and r.after is None for r in erased)
        assert tx.count(AuditRow, record_id=other.id) > 0
        record = tx.first(AuditRow, entity="erasure", action="create")
        assert record is not None and record.actor_id == admin_id
        assert record.after is not None and record.after["reason"] == "Begäran från deltagaren"
    assert app.check.run() == []
    result = app.certificates.verify(person.certificate_code)
    assert result.verdict is Verdict.VALID
    assert "personuppgifterna är raderade hos utfärdaren" in result.explanation
    assert result.participant_name == ""
    # The other participant is untouched.
    assert app.participants.get(other.id).first_name == "Kvarstående"


def test_only_an_admin_with_a_reason_may_erase(app: App, admin_id: str) -> None:
    from handledare_app.domain.enums import Role

    p = new_participant(app, admin_id, "Olle")
    sup = app.supervisors.add(admin_id, "Leila Haddad", "7391", {Role.SUPERVISOR})
    with pytest.raises(PermissionDenied):
        app.erasure.erase(sup.id, p.id, "skäl")
    with pytest.raises(ValidationError, match="skäl"):
        app.erasure.erase(admin_id, p.id, "  ")
    app.erasure.erase(admin_id, p.id, "Begäran")
    with pytest.raises(ValidationError, match="redan raderade"):
        app.erasure.erase(admin_id, p.id, "Igen")


def test_triggers_still_refuse_ordinary_edits_of_signed_rows(
    app: App, admin_id: str, tmp_path: Path
) -> None:
    person = full_person(app, admin_id, tmp_path)
    con = raw_connect(app.paths.db)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="signering får inte ändras"):
            con.execute("UPDATE signoff SET snapshot = '{}' WHERE participant_id = ?", (person.id,))
        with pytest.raises(sqlite3.IntegrityError, match="signerad"):
            con.execute("DELETE FROM evidence WHERE participant_id = ?", (person.id,))
        with pytest.raises(sqlite3.IntegrityError, match="granskningsloggen"):
            con.execute("UPDATE audit_log SET before = NULL, after = NULL WHERE seq = 3")
    finally:
        con.close()
    app.erasure.erase(admin_id, person.id, "Begäran")
    con = raw_connect(app.paths.db)
    try:  # even after the erasure, the kept columns stay frozen
        with pytest.raises(sqlite3.IntegrityError, match="signering får inte ändras"):
            con.execute(
                "UPDATE signoff SET signed_on = '2020-01-01' WHERE participant_id = ?",
                (person.id,),
            )
        with pytest.raises(sqlite3.IntegrityError, match="intyg får inte ändras"):
            con.execute("UPDATE certificate SET code = 'X' WHERE participant_id = ?", (person.id,))
    finally:
        con.close()


def test_check_tells_an_erased_entry_from_a_tampered_one(
    app: App, admin_id: str, tmp_path: Path
) -> None:
    person = full_person(app, admin_id, tmp_path)
    app.erasure.erase(admin_id, person.id, "Begäran")
    con = raw_connect(app.paths.db)
    try:
        live = con.execute(
            "SELECT seq FROM audit_log WHERE erased IS NULL AND after IS NOT NULL "
            "AND entity = 'supervisor' ORDER BY seq LIMIT 1"
        ).fetchone()[0]
        # Emptying an entry with a made-up marker: the trigger allows it, check does not.
        con.execute(
            "UPDATE audit_log SET before = NULL, after = NULL, erased = 'radering:påhittad' "
            "WHERE seq = ?",
            (live,),
        )
        con.commit()
        con.execute("DROP TRIGGER audit_log_no_update")
        erased = con.execute(
            "SELECT seq FROM audit_log WHERE erased LIKE 'radering:%' AND erased != "
            "'radering:påhittad' ORDER BY seq LIMIT 1"
        ).fetchone()[0]
        con.execute(
            "UPDATE audit_log SET after = json_object('first_name', 'Falsk') WHERE seq = ?",
            (erased,),
        )
        con.commit()
    finally:
        con.close()
    # Dropping the trigger is a finding of its own; the audit entries are what this is about.
    messages = [p.message for p in app.check.run() if "--repair-triggers" not in p.message]
    assert any(f"post {live} är borttaget utan någon registrerad radering" in m for m in messages)
    assert any(f"post {erased} är markerad som raderad men har innehåll" in m for m in messages)
    assert len(messages) == 2


def test_every_table_and_participant_field_has_an_erasure_rule() -> None:
    """A new table about participants, or a new participant column, must be given a rule
    in services/erasure.py (what an erasure does with it) before this passes."""
    from handledare_app.services.erasure import (
        HANDLED_TABLES,
        PARTICIPANT_BLANKED,
        PARTICIPANT_KEPT,
    )
    from handledare_app.services.exchange_schema import foreign_keys
    from handledare_app.storage.exchange_rows import MODELS_BY_ENTITY, synced_field_names

    about = {"participant"}
    changed = True
    while changed:
        changed = False
        for entity in MODELS_BY_ENTITY:
            if entity not in about and any(t in about for _c, t in foreign_keys(entity)):
                about.add(entity)
                changed = True
    assert sorted(about - set(HANDLED_TABLES)) == []
    fields = set(synced_field_names("participant"))
    assert sorted(fields - set(PARTICIPANT_BLANKED) - PARTICIPANT_KEPT) == []


def test_erasure_removes_the_conflicts_about_the_participant_only(app: App, admin_id: str) -> None:
    """A conflict's kept and lost values can hold the old name: those about the erased
    participant go, others stay."""
    person = new_participant(app, admin_id, "Konflikt")
    other = new_participant(app, admin_id, "Kvar")
    con = raw_connect(app.paths.db)
    for cid, rid in (("c-person", person.id), ("c-other", other.id)):
        con.execute(
            "INSERT INTO conflict_log (id, at, entity, record_id, field, kept_value, lost_value,"
            " lost_hlc, resolved) VALUES (?, '2026-10-01T10:00:00Z', 'participant', ?,"
            " 'first_name', '\"Ny\"', '\"Gammal\"', 'h', 0)",
            (cid, rid),
        )
    con.close()
    app.erasure.erase(admin_id, person.id, "Begäran från deltagaren")
    con = raw_connect(app.paths.db)
    left = {r[0] for r in con.execute("SELECT id FROM conflict_log")}
    con.close()
    assert left == {"c-other"}


def test_the_preview_says_what_stays_only_when_something_does(
    app: App, admin_id: str, tmp_path: Path
) -> None:
    """No "0 intyg finns kvar … och svarar giltigt" for a participant without any."""
    p = new_participant(app, admin_id, "Utan")
    text = "\n".join(app.erasure.preview(p.id).lines)
    assert "intyg finns kvar" not in text and "signering" not in text
    signed = "\n".join(app.erasure.preview(full_person(app, admin_id, tmp_path).id).lines)
    assert "1 intyg finns kvar" in signed and "1 signering behåller" in signed


def test_check_names_a_changed_erased_certificate_by_its_printed_code(
    app: App, admin_id: str, tmp_path: Path
) -> None:
    from handledare_app.domain.codes import format_code

    person = full_person(app, admin_id, tmp_path)
    app.erasure.erase(admin_id, person.id, "Begäran från deltagaren")
    con = raw_connect(app.paths.db)
    try:
        for (name,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'certificate'"
        ).fetchall():
            con.execute(f'DROP TRIGGER "{name}"')
        code = con.execute(
            "SELECT code FROM certificate WHERE participant_id = ?", (person.id,)
        ).fetchone()[0]
        con.execute(
            "UPDATE certificate SET content = json_set(content, '$.participant.name', 'Åter')"
            " WHERE participant_id = ?",
            (person.id,),
        )
    finally:
        con.close()
    messages = [p.message for p in app.check.run() if p.area == "Radering"]
    assert any(f"intyget {format_code(code)}" in m for m in messages), messages
