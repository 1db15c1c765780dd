"""Engine, pragmas and the transaction object services work through."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import create_engine, event, func, select
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..domain.clock import HlcClock
from ..domain.errors import DatabaseBusyError, DataDirError, UserError
from ..domain.ids import new_id
from . import sync
from .models import SYNCED_MODELS, Base, LocalSettingRow

T = TypeVar("T", bound=Base)

DB_FILENAME = "handledare.sqlite"
# How long a write waits for another writer (an import, a backup) before it is refused.
BUSY_TIMEOUT_MS = 5000
_WRITE = "handledare_write"  # execution option: this connection begins with BEGIN IMMEDIATE


def _set_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # SQLAlchemy's documented pysqlite recipe: the driver opens no transactions by itself
    # (it would open them late, after the first reads), `_begin` opens them explicitly.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
    cur.close()


def _begin(conn: Connection) -> None:
    """Writers take the write lock first, so everything they read (the audit chain head,
    the row they change) is what they write on; readers get one snapshot. An AUTOCOMMIT
    connection (VACUUM, checkpoints) gets no transaction at all."""
    options = conn.get_execution_options()
    if options.get("isolation_level") == "AUTOCOMMIT":
        return
    if options.get(_WRITE):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def make_engine(path: Path) -> Engine:
    # A URL object, not a string: a folder name with `%`, `?` or `#` is not parsed as URL syntax.
    # hide_parameters: SQL errors reach the log; bound values may be personal data.
    url = URL.create("sqlite", database=str(path))
    engine = create_engine(url, future=True, hide_parameters=True)
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "begin", _begin)
    return engine


def writer(engine: Engine) -> Engine:
    """The same engine and pool, but its transactions begin with BEGIN IMMEDIATE."""
    return engine.execution_options(**{_WRITE: True})


def is_busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "database is locked" in text or "database is busy" in text


BUSY_MESSAGE = (
    "Ändringen kunde inte sparas just nu eftersom {what} pågår och håller databasen. "
    "Inget har ändrats. Vänta tills den är klar och försök igen."
)


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


def _read_only(session: Session, _flush_context: Any, _instances: Any) -> None:
    """Readers never write: a write must take the write lock first (BEGIN IMMEDIATE), or
    it would upgrade a read snapshot that another writer may already have outdated."""
    if session.new or session.deleted or any(session.is_modified(o) for o in session.dirty):
        raise RuntimeError("a change inside Database.reader(); use Database.transaction()")


class Database:
    """One SQLite file. One writer: the data-dir lock ensures a single process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine = make_engine(path)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=True)
        self._writer_sessions = sessionmaker(
            writer(self.engine),
            expire_on_commit=False,
            autoflush=True,
        )
        event.listen(self._sessions, "before_flush", _read_only)
        event.listen(self._writer_sessions, "before_flush", sync.before_flush)
        self._local = threading.local()
        self._long_write_lock = threading.Lock()
        # What holds the write lock for long (an import), so a waiting edit can say so.
        self.long_writer: str | None = None
        self._long_writer_thread: int | None = None
        # Called (on the waiting thread) before a write waits for `long_writer`; the window
        # sets it to show "Väntar på att importen blir klar …".
        self.on_wait: Callable[[str], None] | None = None
        self.installation_id = self._ensure_installation_id()
        self.clock = HlcClock(self.installation_id)
        self._seed_clock()

    def _ensure_installation_id(self) -> str:
        with self._writer_sessions() as s, s.begin():
            row = s.get(LocalSettingRow, "installation_id")
            if row is None:
                row = LocalSettingRow(key="installation_id", value=new_id())
                s.add(row)
            return row.value

    def _seed_clock(self) -> None:
        """Start past every stored stamp, so an edit after the wall clock was set back
        (dead CMOS battery, wrong time zone) still gets a later HLC than the version it
        replaces."""
        with self._sessions() as s, s.begin():
            stamps = [s.scalar(select(func.max(m.hlc))) for m in SYNCED_MODELS]
        newest = max((h for h in stamps if h), default=None)
        if newest is not None:
            self.clock.observe(newest)

    @contextmanager
    def transaction(self, actor_id: str | None = None) -> Iterator[Tx]:
        """A write transaction: BEGIN IMMEDIATE, so it waits (busy_timeout) for another
        writer and then reads and writes on one locked state."""
        if getattr(self._local, "writing", False):
            raise RuntimeError("a write transaction inside another on the same thread")
        waiting_for = self.long_writer
        if self._long_writer_thread == threading.get_ident():
            waiting_for = None
        if waiting_for is not None and self.on_wait is not None:
            self.on_wait(waiting_for)
        session = self._writer_sessions()
        session.info["ctx"] = sync.TxContext(self.installation_id, self.clock, actor_id)
        self._local.writing = True
        try:
            with session.begin():
                yield Tx(session)
        except IntegrityError as exc:
            raise UserError(
                "Ändringen kunde inte sparas eftersom den krockar med befintliga uppgifter."
            ) from exc
        except OperationalError as exc:
            if is_busy(exc):
                what = waiting_for or self.long_writer or "en annan ändring"
                raise DatabaseBusyError(BUSY_MESSAGE.format(what=what)) from exc
            if "readonly" in str(exc).lower() or "read-only" in str(exc).lower():
                raise DataDirError(
                    "Databasen går inte att skriva till. Kontrollera att datamappen inte är "
                    "skrivskyddad och att disken inte är full."
                ) from exc
            if "disk" in str(exc).lower() and "full" in str(exc).lower():
                raise DataDirError("Disken är full. Frigör utrymme och försök igen.") from exc
            raise
        finally:
            self._local.writing = False
            session.close()

    @contextmanager
    def long_write(self, what: str) -> Iterator[None]:
        """Mark a long write (e.g. "importen") so edits that must wait can name it."""
        with self._long_write_lock:
            self.long_writer = what
            self._long_writer_thread = threading.get_ident()
        try:
            yield
        finally:
            with self._long_write_lock:
                self.long_writer = None
                self._long_writer_thread = None

    @contextmanager
    def reader(self) -> Iterator[Tx]:
        """A read view on one snapshot (BEGIN, deferred). Changing a synced row here raises
        in the flush hook (no context)."""
        session = self._sessions()
        try:
            with session.begin():
                yield Tx(session)
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
