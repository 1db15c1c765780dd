"""Small read queries for the import authority check (services/authority.py)."""

from __future__ import annotations

from sqlalchemy import select

from .database import Tx
from .exchange_rows import MODELS_BY_ENTITY


def distinct_values(tx: Tx, entity: str, column: str) -> list[str]:
    """Every distinct value of one column of a synced table."""
    table = MODELS_BY_ENTITY[entity].__table__  # type: ignore[attr-defined]
    return [str(v) for v in tx.session.scalars(select(table.c[column]).distinct())]
