"""Shared bits for services."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from ..domain.errors import NotFoundError
from ..storage.database import Tx
from ..storage.models import Base

if TYPE_CHECKING:
    from .app import App

T = TypeVar("T", bound=Base)


class Service:
    def __init__(self, app: App) -> None:
        self.app = app
        self.db = app.db


def require(tx: Tx, cls: type[T], id_: str, what: str) -> T:
    row = tx.get(cls, id_)
    if row is None:
        raise NotFoundError(f"{what} finns inte (id {id_}).")
    return row
