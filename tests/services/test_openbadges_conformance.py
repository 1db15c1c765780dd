"""Conformance from outside: the 1EdTech JSON schema and an independent VC-JWT verifier.

PyJWT (test-only) checks the EdDSA signature with a key this test decodes from the
did:key itself (its own base58 decoder, not the app's); jsonschema validates every
issued credential against the shipped Open Badges 3.0 AchievementCredential schema.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from handledare_app.domain.records import ParticipantDetail
from handledare_app.services.app import App
from tests.signing_helpers import ready_module, sign

SCHEMA_FILE = (
    Path(__file__).parents[1] / "data" / "openbadges" / "ob_v3p0_achievementcredential_schema.json"
)
ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _schema() -> dict[str, Any]:
    """The 1EdTech schema with VC 2.0's validFrom in place of VC 1.1's issuanceDate."""
    schema: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    schema["required"] = ["validFrom" if r == "issuanceDate" else r for r in schema["required"]]
    schema["properties"]["validFrom"] = schema["properties"].pop("issuanceDate")
    return schema


def _did_key_public(did: str) -> Ed25519PublicKey:
    """did:key → Ed25519 key, written here independently of the app's decoder."""
    assert did.startswith("did:key:z")
    n = 0
    for ch in did[len("did:key:z") :]:
        n = n * 58 + ALPHABET.index(ch)
    raw = n.to_bytes(34, "big")
    assert raw[:2] == b"\xed\x01", "multicodec ed25519-pub"
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def _pyjwt_verify(token: str) -> dict[str, Any]:
    header = jwt.get_unverified_header(token)
    did = jwt.decode(token, options={"verify_signature": False})["iss"]
    assert header["kid"].split("#")[0] == did
    claims: dict[str, Any] = jwt.decode(
        token,
        _did_key_public(did),
        algorithms=["EdDSA"],
        options={"require": ["iss", "nbf", "jti"]},
        leeway=dt.timedelta(days=1),
    )
    return claims


@pytest.fixture
def tokens(app: App, admin_id: str, participant: ParticipantDetail) -> list[str]:
    app.quality.update_settings(admin_id, sample_rate=0.0, required=True)
    for i in range(3):
        sign(app, admin_id, ready_module(app, admin_id, participant.id, i))
    info = app.certificates.issue(admin_id, participant.id)
    return [c.jwt for c in app.open_badges.credentials(info.id)]


def test_every_credential_passes_the_schema_and_pyjwt(tokens: list[str]) -> None:
    validator = jsonschema.Draft201909Validator(_schema())
    assert len(tokens) == 3
    for token in tokens:
        claims = _pyjwt_verify(token)
        credential = {k: v for k, v in claims.items() if k not in ("iss", "jti", "nbf")}
        errors = sorted(validator.iter_errors(credential), key=str)
        assert not errors, [e.message for e in errors]
        assert "OpenBadgeCredential" in credential["type"]
        assert claims["jti"] == credential["id"]
        assert claims["iss"] == credential["issuer"]["id"]


def test_schema_rejects_what_it_should(tokens: list[str]) -> None:
    """The shipped schema is not a rubber stamp: it refuses broken credentials."""
    validator = jsonschema.Draft201909Validator(_schema())
    good = jwt.decode(tokens[0], options={"verify_signature": False})
    for path in (("validFrom",), ("credentialSubject", "achievement", "criteria")):
        broken = copy.deepcopy(good)
        target = broken
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
        assert not validator.is_valid(broken), path
    broken = copy.deepcopy(good)
    broken["credentialSubject"]["identifier"][0]["identityType"] = "namn"
    assert not validator.is_valid(broken)


def _forge(token: str, change: str) -> str:
    head, body, sig = token.split(".")
    if change == "signature":
        return f"{head}.{body}.{'A' * len(sig)}"
    claims = jwt.decode(token, options={"verify_signature": False})
    if change == "name":
        claims["credentialSubject"]["identifier"][0]["identityHash"] = "sha256$" + "1" * 64
    elif change == "module":
        claims["credentialSubject"]["achievement"]["name"] = "Svetsning"
    elif change == "date":
        claims["validFrom"] = "2019-05-01T00:00:00Z"
    forged = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    return f"{head}.{forged}.{sig}"


@pytest.mark.parametrize("change", ["name", "module", "date", "signature"])
def test_tampering_is_refused_by_both(
    app: App, tokens: list[str], tmp_path: Path, change: str
) -> None:
    from handledare_app.domain.signing import Verdict

    forged = _forge(tokens[0], change)
    with pytest.raises(jwt.InvalidSignatureError):
        _pyjwt_verify(forged)
    f = tmp_path / "intyg.jwt"
    f.write_text(forged)
    assert app.badge_verifier.verify_file(f).verdict is Verdict.ALTERED
