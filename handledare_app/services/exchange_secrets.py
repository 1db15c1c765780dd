"""Secrets that must not leave the workplace in a package: supervisors' PIN hashes.

A 4-digit PIN's scrypt hash can be brute-forced in minutes, so a package to another
workplace (a participant moving, Coompanion, a passphrase package anyone could open)
carries `REDACTED` instead. The receiver never lets a redacted value replace a real
one: an incoming redacted field takes the local value before merging, so redaction is
never mistaken for an edit (no overwrite, no conflict entry). A supervisor first seen
through such a package cannot log in here until an admin sets a PIN.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

REDACTED = "redacted"  # not a valid scrypt record: verify_pin answers False
SECRET_FIELDS: dict[str, tuple[str, ...]] = {"supervisor": ("pin_hash",)}


def redact(entity: str, row: dict[str, Any]) -> dict[str, Any]:
    fields = SECRET_FIELDS.get(entity)
    if not fields:
        return row
    return {**row, **dict.fromkeys(fields, REDACTED)}


def keep_local_secrets(
    entity: str, incoming: dict[str, Any], local: Mapping[str, Any]
) -> dict[str, Any]:
    """The incoming row with every redacted secret replaced by the local value."""
    fields = [f for f in SECRET_FIELDS.get(entity, ()) if incoming.get(f) == REDACTED]
    if not fields:
        return incoming
    return {**incoming, **{f: local[f] for f in fields}}
