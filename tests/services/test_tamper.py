"""Every tamper class of issue 12, made with raw sqlite3 (triggers dropped where needed):
`check` names it in Swedish with the record, and `verify` does not say *giltigt* where
what a certificate proves was changed."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from handledare_app.cli import main
from handledare_app.domain.codes import format_code
from handledare_app.domain.records import ParticipantDetail
from handledare_app.domain.signing import Verdict
from handledare_app.services.app import App
from handledare_app.storage.models import AuditRow
from tests.signing_helpers import IK_PIN, add_ik, ready_module, sign


@dataclass
class Signed:
    signoff_id: str
    certificate_id: str
    code: str


@pytest.fixture
def signed(app: App, admin_id: str, participant: ParticipantDetail) -> Signed:
    info = sign(app, admin_id, ready_module(app, admin_id, participant.id))
    cert = app.certificates.issue(admin_id, participant.id)
    assert app.check.run() == []
    return Signed(info.id, cert.id, cert.code)


def raw(app: App, *statements: str, params: tuple[object, ...] = ()) -> None:
    con = sqlite3.connect(app.paths.db, isolation_level=None)
    try:
        for sql in statements:
            con.execute(sql, params if "?" in sql else ())
    finally:
        con.close()


def messages(app: App) -> str:
    return "\n".join(f"{p.area}: {p.message}" for p in app.check.run())


def test_certificate_issue_date_changed(app: App, signed: Signed) -> None:
    raw(
        app,
        "DROP TRIGGER certificate_no_update",
        "UPDATE certificate SET issued_on = '2020-01-01' WHERE id = ?",
        params=(signed.certificate_id,),
    )
    text = messages(app)
    assert f"Intyget {format_code(signed.code)}" in text and "utfärdandedatumet" in text
    assert "certificate_no_update saknas" in text
    result = app.certificates.verify(signed.code)
    assert result.verdict is Verdict.ALTERED
    assert result.issued_on == dt.date.today()  # what was signed, not the column


def test_certificate_preliminary_flag_changed(app: App, signed: Signed) -> None:
    raw(
        app,
        "DROP TRIGGER certificate_no_update",
        "UPDATE certificate SET preliminary = NOT preliminary WHERE id = ?",
        params=(signed.certificate_id,),
    )
    assert "preliminärmarkeringen" in messages(app)
    assert app.certificates.verify(signed.code).verdict is Verdict.ALTERED


def test_revocation_deleted(app: App, admin_id: str, signed: Signed) -> None:
    app.certificates.revoke(admin_id, signed.certificate_id, "Fel modul")
    raw(
        app,
        "DROP TRIGGER certificate_revocation_no_delete",
        "DELETE FROM certificate_revocation",
    )
    assert "Återkallelsen av ett intyg" in messages(app)
    result = app.certificates.verify(signed.code)
    assert result.verdict is not Verdict.VALID and "återkallelsen har tagits bort" in (
        result.explanation
    )


def test_signoff_deleted(app: App, signed: Signed) -> None:
    raw(
        app,
        "DROP TRIGGER signoff_no_delete",
        "DELETE FROM signoff WHERE id = ?",
        params=(signed.signoff_id,),
    )
    text = messages(app)
    assert f"Signeringen (id {signed.signoff_id})" in text
    assert f"bygger på en signering (id {signed.signoff_id}) som saknas" in text
    assert app.certificates.verify(signed.code).verdict is Verdict.ALTERED


def test_certificate_deleted_from_register(app: App, signed: Signed) -> None:
    raw(
        app,
        "DROP TRIGGER certificate_no_delete",
        "DELETE FROM certificate WHERE id = ?",
        params=(signed.certificate_id,),
    )
    assert f"Intyget (id {signed.certificate_id}) finns i granskningsloggen" in messages(app)
    assert app.certificates.verify(signed.code).verdict is not Verdict.VALID


def test_review_deleted(app: App, admin_id: str, participant: ParticipantDetail) -> None:
    app.quality.update_settings(admin_id, sample_rate=1.0, required=True)
    s = sign(app, admin_id, ready_module(app, admin_id, participant.id))
    ik = add_ik(app, admin_id)
    app.supervisors.login(ik, IK_PIN)
    app.quality.review(ik, s.id, approve=True)
    raw(app, "DROP TRIGGER qa_review_no_delete", "DELETE FROM qa_review")
    assert "Kvalitetsgranskningen (id" in messages(app)


def test_newest_audit_entries_cut_off(app: App, signed: Signed) -> None:
    with app.db.reader() as tx:
        last = max(r.seq for r in tx.find(AuditRow))
    raw(
        app,
        "DROP TRIGGER audit_log_no_delete",
        "DELETE FROM audit_log WHERE seq > ?",
        params=(last - 3,),
    )
    assert "de senaste 3 posterna har tagits bort" in messages(app)


def test_every_trigger_dropped_is_named_and_repaired(
    app: App, signed: Signed, capsys: pytest.CaptureFixture[str]
) -> None:
    con = sqlite3.connect(app.paths.db, isolation_level=None)
    names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='trigger'")]
    for n in names:
        con.execute(f'DROP TRIGGER "{n}"')
    con.close()
    text = messages(app)
    for n in names:
        assert f"Databasskyddet {n} saknas" in text
    data_dir = app.paths.root
    app.close()
    assert main(["--data-dir", str(data_dir), "check", "--repair-triggers"]) == 0
    out = capsys.readouterr().out
    assert all(f"Databasskyddet {n} är tillbaka." in out for n in names)
    assert main(["--data-dir", str(data_dir), "check"]) == 0
    con = sqlite3.connect(data_dir / "handledare.sqlite")
    repairs = con.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'repair'").fetchone()
    con.close()
    assert repairs[0] == len(names)


def test_new_certificate_takes_the_signed_name(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    sign(app, admin_id, ready_module(app, admin_id, participant.id))
    raw(
        app,
        "UPDATE participant SET first_name = 'Falsk' WHERE id = ?",
        params=(participant.id,),
    )
    cert = app.certificates.issue(admin_id, participant.id)
    result = app.certificates.verify(cert.code)
    assert result.verdict is Verdict.VALID
    assert result.participant_name == "Märta Ekström"


def test_verify_shows_modules_with_version_and_date(app: App, signed: Signed) -> None:
    result = app.certificates.verify(signed.code)
    assert result.verdict is Verdict.VALID
    assert all("version" in t and "signerad" in t for t in result.module_titles)


def test_clean_database_has_no_findings(app: App, signed: Signed, tmp_path: Path) -> None:
    assert app.check.run() == []


def test_revocation_is_signed_and_a_changed_one_is_named(
    app: App, admin_id: str, signed: Signed
) -> None:
    app.certificates.revoke(admin_id, signed.certificate_id, "Fel modul")
    assert app.check.run() == []
    raw(
        app,
        "DROP TRIGGER certificate_revocation_no_update",
        "UPDATE certificate_revocation SET reason = 'Något annat'",
    )
    text = messages(app)
    assert f"Återkallelsen av intyget {format_code(signed.code)} har ändrats" in text


def test_resealed_signoff_is_named(app: App, signed: Signed) -> None:
    """Someone who read the source changes a signed snapshot and recomputes its hashes:
    the audit log still holds the values it was created with."""
    from types import SimpleNamespace

    from handledare_app.domain.canonical import sha256_hex
    from handledare_app.services.signoff_snapshot import seal_of
    from handledare_app.storage.models import SignoffRow

    with app.db.reader() as tx:
        row = tx.get(SignoffRow, signed.signoff_id)
        assert row is not None
        snapshot = row.snapshot.replace("Märta", "Falska")
        fake = SimpleNamespace(
            **{c: getattr(row, c) for c in row.__table__.columns.keys()},  # noqa: SIM118
        )
        fake.snapshot_sha256 = sha256_hex(snapshot.encode("utf-8"))
        seal = seal_of(fake)  # type: ignore[arg-type]
    raw(
        app,
        "DROP TRIGGER signoff_no_update",
        "UPDATE signoff SET snapshot = ?, snapshot_sha256 = ?, seal_sha256 = ? WHERE id = ?",
        params=(snapshot, sha256_hex(snapshot.encode("utf-8")), seal, signed.signoff_id),
    )
    assert f"Signeringen (id {signed.signoff_id}) har ändrats sedan den skapades" in (messages(app))
    assert app.certificates.verify(signed.code).verdict is not Verdict.VALID
