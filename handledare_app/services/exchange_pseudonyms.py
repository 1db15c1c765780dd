"""The report profile's pseudonyms: participants under a keyed hash, without names."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from typing import Any

from ..storage import settings_rows
from ..storage.database import Database

SALT_KEY = "exchange.report_salt"


def pseudonym(salt: bytes, record_id: str) -> str:
    digest = hmac.new(salt, record_id.encode("utf-8"), hashlib.sha256).digest()
    b = bytearray(digest[:16])
    b[6] = (b[6] & 0x0F) | 0x80  # UUID version 8: custom
    b[8] = (b[8] & 0x3F) | 0x80
    return str(uuid.UUID(bytes=bytes(b)))


def report_row(entity: str, row: dict[str, Any], salt: bytes) -> dict[str, Any]:
    out = dict(row)
    if entity == "participant":
        out["id"] = pseudonym(salt, row["id"])
        out.update(
            first_name="",
            last_name="",
            personnummer=None,
            birth_year=None,
            phone="",
            email="",
            responsible_id=None,
            introduction_done_reason="",  # a supervisor's free text (could name health)
        )
    if "participant_id" in out:
        out["participant_id"] = pseudonym(salt, row["participant_id"])
    if entity == "certificate":
        out["signoff_ids"] = []
    if entity == "erasure":  # issue 15: Coompanion erases too; the reason stays here
        out.update(reason="", erased_by=None)
    return out


def report_salt(db: Database) -> bytes:
    """The secret the pseudonyms are keyed with; made once, it never leaves this computer."""
    with db.reader() as tx:
        existing = settings_rows.get_local_setting(tx, SALT_KEY)
    if existing:
        return bytes.fromhex(existing)
    salt = secrets.token_hex(32)
    with db.transaction() as tx:
        settings_rows.set_local_setting(tx, SALT_KEY, salt)
    return bytes.fromhex(salt)
