"""The network file's format (DESIGN §5): what a valid one holds. TrustService
(services/trust.py) reads, imports and writes it."""

from __future__ import annotations

from typing import Any

from ..domain.errors import UserError

NETWORK_FORMAT = "handledarappen-natverk"
NETWORK_VERSION = 1
MAX_NETWORK_BYTES = 5 * 1024 * 1024


def is_hex_key(value: Any) -> bool:
    """An Ed25519 public key as 64 hex digits."""
    if not isinstance(value, str) or len(value) != 64:
        return False
    try:
        bytes.fromhex(value)
    except ValueError:
        return False
    return True


def validate_network(body: Any) -> dict[str, Any]:
    """The parsed body of a network file, checked field by field (Swedish errors)."""
    bad = UserError("Nätverksfilen är skadad eller har fel format. Inget har ändrats.")
    if not isinstance(body, dict) or body.get("format") != NETWORK_FORMAT:
        raise UserError("Filen är inte en nätverksfil från Handledarappen. Inget har ändrats.")
    version = body.get("format_version")
    if not isinstance(version, int):
        raise bad
    if version > NETWORK_VERSION:
        raise UserError(
            f"Nätverksfilen har formatversion {version}; den här versionen av appen kan läsa "
            f"version {NETWORK_VERSION}. Uppdatera appen. Inget har ändrats."
        )
    signer = body.get("signer")
    if not isinstance(signer, dict) or not is_hex_key(signer.get("signing_public_key")):
        raise bad
    if not isinstance(body.get("issued_at"), str):
        raise bad
    for key in ("workplaces", "installations", "revoked_keys"):
        if not isinstance(body.get(key), list):
            raise bad
    for wp in body["workplaces"]:
        if not isinstance(wp, dict) or not isinstance(wp.get("id"), str):
            raise bad
    for inst in body["installations"]:
        if (
            not isinstance(inst, dict)
            or not isinstance(inst.get("id"), str)
            or not isinstance(inst.get("name"), str)
            or not is_hex_key(inst.get("signing_public_key"))
            or not str(inst.get("age_recipient", "")).startswith("age1")
        ):
            raise bad
    if not all(is_hex_key(k) for k in body["revoked_keys"]):
        raise bad
    return body
