"""Engine, pragmas and the transaction object services work through."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import create_engine, event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..domain.clock import HlcClock
from ..domain.errors import DataDirError, UserError
from ..domain.ids import new_id
from . import sync
from .models import SYNCED_MODELS, Base, LocalSettingRow

T = TypeVar("T", bound=Base)

DB_FILENAME = "handledare.sqlite"


def _set_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def make_engine(path: Path) -> Engine:
    # hide_parameters: SQL errors reach the log; bound values may be personal data.
    engine = create_engine(f"sqlite:///{path}", future=True, hide_parameters=True)
    event.listen(engine, "connect", _set_pragmas)
    return engine


class Tx:
    """One unit of work. Services use these helpers instead of SQLAlchemy directly."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: T) -> T:
        self.session.add(row)
        return row

    def flush(self) -> None:
        self.session.flush()

    def get(self, cls: type[T], id_: str) -> T | None:
        return self.session.get(cls, id_)

    def delete(self, row: Base) -> None:
        self.session.delete(row)

    def find(self, cls: type[T], order_by: str | None = None, **eq: Any) -> list[T]:
        stmt = select(cls).filter_by(**eq)
        if order_by:
            stmt = stmt.order_by(getattr(cls, order_by))
        return list(self.session.scalars(stmt))

    def find_in(self, cls: type[T], column: str, values: Sequence[Any]) -> list[T]:
        if not values:
            return []
        out: list[T] = []
        col = getattr(cls, column)
        for i in range(0, len(values), 500):
            out.extend(self.session.scalars(select(cls).where(col.in_(values[i : i + 500]))))
        return out

    def first(self, cls: type[T], **eq: Any) -> T | None:
        return self.session.scalars(select(cls).filter_by(**eq).limit(1)).first()

    def count(self, cls: type[T], **eq: Any) -> int:
        stmt = select(func.count()).select_from(cls).filter_by(**eq)
        return int(self.session.scalar(stmt) or 0)

    def set_actor(self, actor_id: str | None) -> None:
        self.session.info["ctx"].actor_id = actor_id

    def set_delete_reason(self, reason: str) -> None:
        self.session.info["ctx"].delete_reason = reason


class Database:
    """One SQLite file. One writer: the data-dir lock ensures a single process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine = make_engine(path)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=True)
        event.listen(self._sessions, "before_flush", sync.before_flush)
        self.installation_id = self._ensure_installation_id()
        self.clock = HlcClock(self.installation_id)
        self._seed_clock()

    def _ensure_installation_id(self) -> str:
        with self._sessions() as s, s.begin():
            row = s.get(LocalSettingRow, "installation_id")
            if row is None:
                row = LocalSettingRow(key="installation_id", value=new_id())
                s.add(row)
            return row.value

    def _seed_clock(self) -> None:
        """Start past every stored stamp, so an edit after the wall clock was set back
        (dead CMOS battery, wrong time zone) still gets a later HLC than the version it
        replaces."""
        with self._sessions() as s:
            stamps = [s.scalar(select(func.max(m.hlc))) for m in SYNCED_MODELS]
        newest = max((h for h in stamps if h), default=None)
        if newest is not None:
            self.clock.observe(newest)

    @contextmanager
    def transaction(self, actor_id: str | None = None) -> Iterator[Tx]:
        session = self._sessions()
        session.info["ctx"] = sync.TxContext(self.installation_id, self.clock, actor_id)
        try:
            with session.begin():
                yield Tx(session)
        except IntegrityError as exc:
            raise UserError(
                "Ändringen kunde inte sparas eftersom den krockar med befintliga uppgifter."
            ) from exc
        except OperationalError as exc:
            if "readonly" in str(exc).lower() or "read-only" in str(exc).lower():
                raise DataDirError(
                    "Databasen går inte att skriva till. Kontrollera att datamappen inte är "
                    "skrivskyddad och att disken inte är full."
                ) from exc
            if "disk" in str(exc).lower() and "full" in str(exc).lower():
                raise DataDirError("Disken är full. Frigör utrymme och försök igen.") from exc
            raise
        finally:
            session.close()

    @contextmanager
    def reader(self) -> Iterator[Tx]:
        """A read view. Changing a synced row here raises in the flush hook (no context)."""
        session = self._sessions()
        try:
            with session.begin():
                yield Tx(session)
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
