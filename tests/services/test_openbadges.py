"""Open Badges 3.0: issuing per module, baking, and `verify FIL` with the code's verdicts."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from handledare_app.domain.errors import ValidationError
from handledare_app.domain.records import ParticipantDetail
from handledare_app.domain.signing import Verdict
from handledare_app.services import badge_png, vc_jwt
from handledare_app.services.app import App
from handledare_app.services.openbadges_verify import name_matches
from tests.exchange_helpers import open_second, trust_each_other
from tests.helpers import raw_connect, tiny_png
from tests.signing_helpers import ready_module, sign


def _image(title: str, workplace: str) -> bytes:
    assert title and workplace
    return tiny_png()


@pytest.fixture
def certificate_id(app: App, admin_id: str, participant: ParticipantDetail) -> str:
    app.quality.update_settings(admin_id, sample_rate=0.0, required=True)
    sign(app, admin_id, ready_module(app, admin_id, participant.id, 0))
    sign(app, admin_id, ready_module(app, admin_id, participant.id, 1))
    return app.certificates.issue(admin_id, participant.id).id


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _payload(token: str) -> dict:  # type: ignore[type-arg]
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def _with_payload(token: str, payload: dict) -> str:  # type: ignore[type-arg]
    head, _body, sig = token.split(".")
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return f"{head}.{_b64(body)}.{sig}"


def test_base58_and_did_key_round_trip() -> None:
    # The multibase/did:key test vector from the did:key specification.
    did = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
    public = vc_jwt.public_key_of_did(did)
    assert len(public) == 32 and vc_jwt.did_key(public) == did
    assert vc_jwt.b58decode(vc_jwt.b58encode(b"\0\0\x01\x02")) == b"\0\0\x01\x02"
    assert vc_jwt.b58encode(b"hello world") == "StV1DL6CwTryKyV"
    for bad in ("did:key:zQ3s", "did:web:example.org", "did:key:z0OIl"):
        with pytest.raises(ValidationError):
            vc_jwt.public_key_of_did(bad)


def test_one_credential_per_module_from_the_signed_content(
    app: App, admin_id: str, certificate_id: str
) -> None:
    issued = app.open_badges.credentials(certificate_id)
    info = app.certificates.issued()[0]
    assert [i.module_title for i in issued] == list(info.module_titles)
    first = issued[0].credential
    assert first["issuer"]["id"] == vc_jwt.did_key(app.keys.signing_public)
    assert first["issuer"]["name"] == "Framstegs Secondhand"
    assert first["validFrom"].endswith("T00:00:00Z")
    achievement = first["credentialSubject"]["achievement"]
    assert achievement["creditsAvailable"] > 0 and achievement["fieldOfStudy"]
    assert "Deltagaren kan" in achievement["criteria"]["narrative"]
    assert "1.1 " in achievement["criteria"]["narrative"]  # the criteria, numbered
    # The name is only there hashed and salted; the hash matches the signed name.
    text = json.dumps(first, ensure_ascii=False)
    assert "Märta" not in text and "Ekström" not in text
    assert name_matches(first, "Märta  Ekström") and not name_matches(first, "Märta Ek")
    # The header names the did:key; the same certificate gives the same tokens again.
    header = json.loads(base64.urlsafe_b64decode(issued[0].jwt.split(".")[0] + "=="))
    assert header["alg"] == "EdDSA" and header["kid"].startswith(first["issuer"]["id"] + "#z")
    assert [i.jwt for i in app.open_badges.credentials(certificate_id)] == [i.jwt for i in issued]
    salts = {i.credential["credentialSubject"]["identifier"][0]["salt"] for i in issued}
    assert len(salts) == 2


def test_written_files_verify_as_valid(app: App, certificate_id: str, tmp_path: Path) -> None:
    paths = app.open_badges.write_files(certificate_id, tmp_path / "ut", _image)
    assert sorted(p.suffix for p in paths) == [".jwt", ".jwt", ".png", ".png"]
    assert all("Märta" not in p.name for p in paths)
    png = next(p for p in paths if p.suffix == ".png")
    jwt_file = png.with_suffix(".jwt")
    assert badge_png.extract(png.read_bytes()) == jwt_file.read_text().strip()
    for path in (png, jwt_file):
        result = app.badge_verifier.verify_file(path)
        assert result.verdict is Verdict.VALID, result.explanation
        assert result.participant_name == "Märta Ekström"
    enveloped = tmp_path / "intyg.json"
    enveloped.write_text(
        json.dumps(
            {
                "@context": ["https://www.w3.org/ns/credentials/v2"],
                "type": ["EnvelopedVerifiableCredential"],
                "id": "data:application/vc+jwt," + jwt_file.read_text().strip(),
            }
        )
    )
    assert app.badge_verifier.verify_file(enveloped).verdict is Verdict.VALID


@pytest.mark.parametrize("what", ["name", "module", "date", "signature", "issuer"])
def test_tampered_credential_is_altered(
    app: App, certificate_id: str, tmp_path: Path, what: str
) -> None:
    token = app.open_badges.credentials(certificate_id)[0].jwt
    payload = _payload(token)
    subject = payload["credentialSubject"]
    if what == "name":
        subject["identifier"][0]["identityHash"] = "sha256$" + "0" * 64
    elif what == "module":
        subject["achievement"]["name"] = "Truckkörning"
    elif what == "date":
        payload["validFrom"] = "2020-01-01T00:00:00Z"
    elif what == "issuer":
        payload["issuer"]["name"] = "Någon annan AB"
    forged = _with_payload(token, payload) if what != "signature" else token[:-4] + "AAAA"
    f = tmp_path / "intyg.jwt"
    f.write_text(forged)
    assert app.badge_verifier.verify_file(f).verdict is Verdict.ALTERED


def test_tampered_png_is_altered(app: App, certificate_id: str, tmp_path: Path) -> None:
    token = app.open_badges.credentials(certificate_id)[0].jwt
    payload = _payload(token)
    payload["credentialSubject"]["achievement"]["name"] = "Annat"
    f = tmp_path / "m.png"
    f.write_bytes(badge_png.bake(tiny_png(), _with_payload(token, payload)))
    assert app.badge_verifier.verify_file(f).verdict is Verdict.ALTERED


def test_revoked_certificate_answers_revoked(
    app: App, admin_id: str, certificate_id: str, tmp_path: Path
) -> None:
    f = tmp_path / "m.jwt"
    f.write_text(app.open_badges.credentials(certificate_id)[0].jwt)
    app.certificates.revoke(admin_id, certificate_id, "Fel modul på intyget")
    result = app.badge_verifier.verify_file(f)
    assert result.verdict is Verdict.REVOKED and "Fel modul" in result.explanation
    with pytest.raises(ValidationError, match="återkallat"):
        app.open_badges.credentials(certificate_id)


def test_register_tampering_is_altered(app: App, certificate_id: str, tmp_path: Path) -> None:
    f = tmp_path / "m.jwt"
    f.write_text(app.open_badges.credentials(certificate_id)[0].jwt)
    con = raw_connect(app.paths.db)  # as someone with the file would: triggers dropped first
    try:
        con.execute("DROP TRIGGER certificate_no_update")
        con.execute("UPDATE certificate SET content = replace(content, 'Märta', 'Marta')")
    finally:
        con.close()
    assert app.badge_verifier.verify_file(f).verdict is Verdict.ALTERED


def test_other_laptop_verifies_after_the_network_file(
    app: App, certificate_id: str, tmp_path: Path
) -> None:
    f = tmp_path / "m.png"
    f.write_bytes(badge_png.bake(tiny_png(), app.open_badges.credentials(certificate_id)[0].jwt))
    other = open_second(tmp_path / "b")
    try:
        assert other.badge_verifier.verify_file(f).verdict is Verdict.UNKNOWN
        trust_each_other(app, other, tmp_path)
        result = other.badge_verifier.verify_file(f)
        assert result.verdict is Verdict.VALID and "registret" in result.explanation
    finally:
        other.close()


def test_a_stranger_key_is_unknown_issuer(app: App, certificate_id: str, tmp_path: Path) -> None:
    from handledare_app.services import crypto

    token = app.open_badges.credentials(certificate_id)[0].jwt
    payload = _payload(token)
    stranger = crypto.generate_signing_key()
    did = vc_jwt.did_key(crypto.public_key(stranger))
    payload["issuer"]["id"] = payload["iss"] = did
    header = {"alg": "EdDSA", "typ": "JWT", "kid": vc_jwt.did_key_id(did)}
    f = tmp_path / "m.jwt"
    f.write_text(vc_jwt.sign_jwt(header, payload, stranger))
    assert app.badge_verifier.verify_file(f).verdict is Verdict.UNKNOWN


def test_unreadable_files_are_swedish_errors(app: App, tmp_path: Path) -> None:
    cases = {
        "a.jwt": b"inte ett intyg",
        "b.png": tiny_png(),
        "c.json": b'{"name": "x"}',
        "d.png": b"\x89PNG\r\n\x1a\n\0\0",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(ValidationError):
            app.badge_verifier.verify_file(tmp_path / name)


def test_bake_replaces_an_earlier_credential() -> None:
    once = badge_png.bake(tiny_png(), "a.b.c")
    twice = badge_png.bake(once, "d.e.f")
    assert badge_png.extract(twice) == "d.e.f"
    assert twice.count(b"openbadgecredential") == 1
    assert twice.endswith(b"IEND\xaeB`\x82")


def test_pending_quality_assurance_is_left_out(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    app.quality.update_settings(admin_id, sample_rate=1.0, required=True)
    sign(app, admin_id, ready_module(app, admin_id, participant.id))
    info = app.certificates.issue(admin_id, participant.id)
    with pytest.raises(ValidationError, match="kvalitetssäkring"):
        app.open_badges.credentials(info.id)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is needed")
def test_pdf_certificate_mentions_the_digital_version(
    app: App, certificate_id: str, tmp_path: Path
) -> None:
    pdf = tmp_path / "intyg.pdf"
    pdf.write_bytes(app.certificates.render(certificate_id))
    done = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True)
    text = " ".join(done.stdout.split())
    assert "Open Badges 3.0-märke per modul" in text
