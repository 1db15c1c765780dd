"""This laptop's own settings (table local_setting: never exchanged, never audited), read
and written inside a caller's transaction: trust decisions, delivery counters, PIN
throttles, invitations, the identity's renewal and the like."""

from __future__ import annotations

from sqlalchemy import select

from .database import Tx
from .models import LocalSettingRow


def get_local_setting(tx: Tx, key: str) -> str | None:
    row = tx.get(LocalSettingRow, key)
    return row.value if row is not None else None


def local_settings_under(tx: Tx, prefix: str) -> dict[str, str]:
    """The local settings whose keys start with `prefix`, by the rest of the key: a range
    over the key's index, not a read of every setting (a workplace's per-laptop entries
    grow with its laptops and packages)."""
    if not prefix:
        raise ValueError("prefix must not be empty")
    key = LocalSettingRow.key
    stmt = select(key, LocalSettingRow.value).where(key >= prefix, key < prefix + "\U0010ffff")
    return {k[len(prefix) :]: v for k, v in tx.session.execute(stmt) if k.startswith(prefix)}


def set_local_setting(tx: Tx, key: str, value: str) -> None:
    row = tx.get(LocalSettingRow, key)
    if row is None:
        tx.add(LocalSettingRow(key=key, value=value))
    else:
        row.value = value


def delete_local_setting(tx: Tx, key: str) -> None:
    row = tx.get(LocalSettingRow, key)
    if row is not None:
        tx.delete(row)
