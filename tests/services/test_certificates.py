"""Certificates read like a user would: pdftotext, pdffonts, qpdf, zbarimg on a rendering."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from handledare_app.domain.errors import NotFoundError, UserError, ValidationError
from handledare_app.domain.records import ParticipantDetail
from handledare_app.domain.signing import Verdict
from handledare_app.services import crypto
from handledare_app.services.app import App
from handledare_app.services.certificates import parse_payload
from tests.helpers import raw_connect
from tests.signing_helpers import ready_module, sign

TOOLS = ("pdftotext", "pdffonts", "qpdf", "pdftoppm", "zbarimg")
needs_tools = pytest.mark.skipif(
    any(shutil.which(t) is None for t in TOOLS),
    reason="poppler-utils, qpdf and zbar-tools are needed (installed by .ci/run)",
)


def _run(*cmd: str | Path) -> str:
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def signed(app: App, admin_id: str, participant: ParticipantDetail) -> str:
    sign(app, admin_id, ready_module(app, admin_id, participant.id, 0))
    sign(app, admin_id, ready_module(app, admin_id, participant.id, 1))
    return participant.id


@needs_tools
def test_certificate_pdf_reads_right(app: App, admin_id: str, signed: str, tmp_path: Path) -> None:
    app.quality.update_settings(admin_id, sample_rate=0.0, required=True)
    out = tmp_path / "intyg.pdf"
    info = app.certificates.write(admin_id, signed, out)
    text = _run("pdftotext", "-layout", out, "-")
    assert "Märta Ekström" in text
    assert "Framstegs Secondhand" in text
    for title in info.module_titles:
        assert title in text
    assert info.display_code in text
    # The learning outcomes follow "hen kan:" without repeating "Deltagaren kan" (issue 13).
    assert "visat att hen kan:" in text and "Deltagaren kan" not in text
    assert "poäng" in text and "SeQF-nivå" in text
    assert "19" not in text.split("Märta")[0][-20:]  # no personnummer-like prefix
    fonts = _run("pdffonts", out).splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts), fonts
    _run("qpdf", "--check", out)
    # The QR code carries the signed payload; it verifies against this installation's key.
    _run("pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", out, tmp_path / "sida")
    scanned = _run("zbarimg", "-q", "--raw", next(tmp_path.glob("sida*.png"))).strip()
    payload = parse_payload(scanned)
    assert payload.code == info.code and payload.certificate_id == info.id
    assert crypto.verify(
        app.keys.signing_public, payload.signed_text.encode("ascii"), payload.signature
    )
    assert app.certificates.verify(scanned).verdict is Verdict.VALID


@needs_tools
def test_preliminary_until_ik_approves(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    app.quality.update_settings(admin_id, sample_rate=1.0, required=True)
    sign(app, admin_id, ready_module(app, admin_id, participant.id))
    out = tmp_path / "intyg.pdf"
    assert app.certificates.write(admin_id, participant.id, out).preliminary
    assert "PRELIMINÄRT" in _run("pdftotext", out, "-")
    app.quality.update_settings(admin_id, sample_rate=1.0, required=False)
    assert not app.certificates.write(admin_id, participant.id, out).preliminary
    assert "PRELIMINÄRT" not in _run("pdftotext", out, "-")


@needs_tools
def test_other_documents_embed_fonts_and_pass_qpdf(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    app.participants.set_photo_consent(admin_id, participant.id, True, dt.date(2026, 9, 1))
    eid = ready_module(app, admin_id, participant.id, photo_dir=tmp_path / "foton")
    other = app.journey.enroll(admin_id, participant.id, app.catalogue.modules()[1].code)
    docs = {
        "portfolj": app.documents.portfolio(participant.id),
        "arbetsplan": app.documents.work_plan(participant.id),
        "blankett": app.documents.signing_sheet(other),
    }
    for name, data in docs.items():
        f = tmp_path / f"{name}.pdf"
        f.write_bytes(data)
        _run("qpdf", "--check", f)
        fonts = _run("pdffonts", f).splitlines()[2:]
        assert fonts and all(" yes " in line for line in fonts), (name, fonts)
        assert "Märta Ekström" in _run("pdftotext", f, "-"), name
    assert "Observation i butiken 0" in _run("pdftotext", tmp_path / "portfolj.pdf", "-")
    assert "namnteckning" in _run("pdftotext", tmp_path / "blankett.pdf", "-")
    assert eid


def test_same_content_gives_the_same_certificate(app: App, admin_id: str, signed: str) -> None:
    a = app.certificates.issue(admin_id, signed)
    b = app.certificates.issue(admin_id, signed)
    assert a.id == b.id and len(app.certificates.issued(signed)) == 1


def test_nothing_signed_is_refused(app: App, admin_id: str, participant: ParticipantDetail) -> None:
    with pytest.raises(ValidationError, match="ingen signerad modul"):
        app.certificates.issue(admin_id, participant.id)
    with pytest.raises(ValidationError, match="Ingen deltagare"):
        app.certificates.write_all(None, Path("/tmp/oanvand"))


def test_unwritable_path_is_a_swedish_error(
    app: App, admin_id: str, signed: str, tmp_path: Path
) -> None:
    with pytest.raises(UserError, match="Det gick inte att skriva intyget"):
        app.certificates.write(admin_id, signed, tmp_path / "saknas" / "intyg.pdf")


def test_write_all_names_files_by_code(
    app: App, admin_id: str, signed: str, tmp_path: Path
) -> None:
    written = app.certificates.write_all(None, tmp_path / "ut")
    [(info, path)] = written
    assert path.name == f"intyg-{info.display_code}.pdf"
    assert "Märta" not in path.name and signed not in path.name


def test_resolve_participant_by_id_or_code(app: App, admin_id: str, signed: str) -> None:
    info = app.certificates.issue(admin_id, signed)
    assert app.certificates.resolve_participant(signed) == signed
    assert app.certificates.resolve_participant(info.display_code.lower()) == signed
    with pytest.raises(NotFoundError, match="varken ett deltagar-id"):
        app.certificates.resolve_participant("inte-ett-id")


def test_verify_answers(app: App, admin_id: str, signed: str) -> None:
    info = app.certificates.issue(admin_id, signed)
    assert app.certificates.verify(info.code.lower()).verdict is Verdict.VALID
    loose = info.code.replace("1", "l").replace("0", "o")
    assert app.certificates.verify(loose).verdict is Verdict.VALID
    unknown = app.certificates.verify("ZZZZZ-ZZZZZ")
    assert unknown.verdict is Verdict.UNKNOWN and "finns inte i registret" in unknown.explanation
    with pytest.raises(ValidationError):
        app.certificates.verify("123")
    with pytest.raises(ValidationError, match="varför"):
        app.certificates.revoke(admin_id, info.id, "")
    app.certificates.revoke(admin_id, info.id, "Utfärdat till fel person")
    revoked = app.certificates.verify(info.display_code)
    assert revoked.verdict is Verdict.REVOKED and "fel person" in revoked.explanation


def _tamper(app: App, sql: str, params: tuple[object, ...], table: str) -> None:
    """Change a row directly, as someone with the file would: triggers dropped first."""
    con: sqlite3.Connection = raw_connect(app.paths.db)
    try:
        con.execute(f"DROP TRIGGER {table}_no_update")
        con.execute(sql, params)
    finally:
        con.close()


def test_tampered_certificate_is_altered_and_check_names_it(
    app: App, admin_id: str, signed: str
) -> None:
    info = app.certificates.issue(admin_id, signed)
    _tamper(
        app,
        "UPDATE certificate SET content = replace(content, 'Märta', 'Maria') WHERE id=?",
        (info.id,),
        "certificate",
    )
    result = app.certificates.verify(info.code)
    assert result.verdict is Verdict.ALTERED and "ändrats" in result.explanation
    problems = [p.message for p in app.check.run()]
    assert any(info.display_code in m for m in problems), problems


def test_resigned_payload_with_foreign_key_is_altered(app: App, admin_id: str, signed: str) -> None:
    info = app.certificates.issue(admin_id, signed)
    # Someone rewrites content and hash consistently but cannot sign with this key.
    con = raw_connect(app.paths.db)
    try:
        con.execute("DROP TRIGGER certificate_no_update")
        row = con.execute(
            "SELECT content, payload FROM certificate WHERE id=?", (info.id,)
        ).fetchone()
        content = row[0].replace("Märta", "Maria")
        from handledare_app.domain.canonical import sha256_hex
        from handledare_app.services.certificates import Payload

        old = parse_payload(row[1])
        digest = sha256_hex(content.encode())
        forged = Payload(**{**old.__dict__, "content_sha256": digest})
        forged = Payload(
            **{
                **forged.__dict__,
                "signature": crypto.sign(
                    crypto.generate_signing_key(), forged.signed_text.encode()
                ),
            }
        )
        con.execute(
            "UPDATE certificate SET content=?, payload_sha256=?, payload=? WHERE id=?",
            (content, digest, forged.text, info.id),
        )
    finally:
        con.close()
    result = app.certificates.verify(info.code)
    assert result.verdict is Verdict.ALTERED
    assert "signaturen" in result.explanation


def test_unknown_issuer_cannot_be_confirmed(app: App, admin_id: str, signed: str) -> None:
    info = app.certificates.issue(admin_id, signed)
    _tamper(
        app,
        "UPDATE certificate SET issuer_installation_id='x', payload=replace(payload, ?, 'okand-installation') WHERE id=?",
        (app.db.installation_id, info.id),
        "certificate",
    )
    # Issued by an installation whose public key this laptop does not know.
    result = app.certificates.verify(info.code)
    assert result.verdict is Verdict.UNKNOWN
    assert "nyckel den här datorn inte känner" in result.explanation


@needs_tools
def test_portfolio_names_a_witness_with_their_role_apart(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    from handledare_app.domain.enums import EvidenceType

    enrollment = app.journey.enroll(admin_id, participant.id, app.catalogue.modules()[0].code)
    criterion = app.assessment.enrollment(enrollment).module.criteria[0].id
    app.evidence.add(
        admin_id,
        participant.id,
        type=EvidenceType.WITNESS_STATEMENT,
        date=dt.date(2026, 9, 2),
        title="Utlåtande",
        witness_name="Karin Sandberg",
        witness_role="Arbetsledare",
        criterion_ids=[criterion],
    )
    f = tmp_path / "portfolj.pdf"
    f.write_bytes(app.documents.portfolio(participant.id))
    assert "Vittne: Karin Sandberg, Arbetsledare" in _run("pdftotext", f, "-")
