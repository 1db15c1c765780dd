"""Reads and writes for witnessed history (services/witness.py): the audit chain's public
head and entry hashes, and the heads seen from other installations."""

from __future__ import annotations

from sqlalchemy import select

from .database import Tx
from .models import AuditRow, InstallationRow, WitnessedHeadRow
from .sync import audit_head


def head(tx: Tx) -> tuple[int, str]:
    return audit_head(tx.session)


def entry_hashes(tx: Tx, first: int, last: int) -> list[str]:
    """The entry hashes of sequence numbers first..last, in order."""
    return list(
        tx.session.scalars(
            select(AuditRow.hash)
            .where(AuditRow.seq >= first, AuditRow.seq <= last)
            .order_by(AuditRow.seq)
        )
    )


def witnessed(tx: Tx) -> list[WitnessedHeadRow]:
    return list(tx.session.scalars(select(WitnessedHeadRow)))


def witnessed_head(tx: Tx, installation_id: str) -> tuple[int, str] | None:
    row = tx.session.get(WitnessedHeadRow, installation_id)
    return (row.seq, row.hash) if row is not None else None


def set_witnessed(tx: Tx, installation_id: str, head: tuple[int, str], now: str) -> None:
    row = tx.session.get(WitnessedHeadRow, installation_id)
    if row is None:
        tx.session.add(
            WitnessedHeadRow(
                installation_id=installation_id, seq=head[0], hash=head[1], seen_at=now
            )
        )
    elif head[0] >= row.seq:
        row.seq, row.hash, row.seen_at = head[0], head[1], now


def installation_names(tx: Tx) -> dict[str, str]:
    return {r.id: r.name for r in tx.session.scalars(select(InstallationRow))}


def installation_with_key(tx: Tx, signing_public_key: str) -> str | None:
    return tx.session.scalars(
        select(InstallationRow.id).where(InstallationRow.signing_public_key == signing_public_key)
    ).first()


def installation_exists(tx: Tx, installation_id: str) -> bool:
    return tx.session.get(InstallationRow, installation_id) is not None


def witnessed_at(tx: Tx, installation_id: str) -> str | None:
    """When the newest head from that installation was seen here (UTC text)."""
    row = tx.session.get(WitnessedHeadRow, installation_id)
    return row.seen_at if row is not None else None
