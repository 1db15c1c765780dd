"""Helpers shared by the domain, storage and services tests.

Data is always built through services. Raw sqlite3 appears only in the
functions below that *simulate damage or tampering*.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import struct
import zlib
from pathlib import Path
from typing import Any

from handledare_app.domain.enums import PlacementType, Referrer
from handledare_app.domain.records import ParticipantDetail
from handledare_app.resources import example_catalogue_path
from handledare_app.services.app import App, open_app
from handledare_app.storage import queries
from handledare_app.storage.models import AuditRow
from tests.conftest import ADMIN_PIN


def build_set_up_dir(target: Path) -> None:
    """A data folder set up exactly like the `app` fixture in tests/conftest.py."""
    app = open_app(target)
    try:
        app.setup.set_up("Framstegs Secondhand", "Kontorsdatorn", "Åsa Öberg", ADMIN_PIN)
    finally:
        app.close()


def tiny_png() -> bytes:
    """A valid 1×1 RGB PNG."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(tag + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x80\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def example_catalogue() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(example_catalogue_path().read_text(encoding="utf-8"))
    return raw


def db_summary(app: App) -> dict[str, Any]:
    """Counts and content digests of every synced table, plus the audit log length."""
    with app.db.reader() as tx:
        out: dict[str, Any] = dict(queries.entity_digests(tx))
        out["audit_log"] = tx.count(AuditRow)
    return out


def new_participant(app: App, actor_id: str, first_name: str, **kwargs: Any) -> ParticipantDetail:
    defaults: dict[str, Any] = {
        "last_name": "Testsson",
        "placement_type": PlacementType.WORK_TRAINING,
        "referrer": Referrer.EMPLOYMENT_SERVICE,
        "start_date": dt.date(2026, 9, 1),
    }
    defaults.update(kwargs)
    return app.participants.create(actor_id, first_name=first_name, **defaults)


# --- damage and tampering (raw sqlite3 on purpose) -----------------------------------


def corrupt_database(path: Path) -> None:
    """Overwrite the SQLite header and the first pages with garbage."""
    data = bytearray(path.read_bytes())
    for i in range(0, min(len(data), 8192)):
        data[i] = (i * 37 + 11) % 256
    path.write_bytes(bytes(data))


def write_alembic_revision(path: Path, revision: str) -> None:
    con = sqlite3.connect(path)
    try:
        con.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        con.commit()
    finally:
        con.close()


def raw_connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def observe(app: App, actor_id: str, participant_id: str, criterion_ids: list[str]) -> str:
    """An observation linked to the criteria (OCN: Uppnådd needs evidence); its id."""
    from handledare_app.domain.enums import EvidenceType

    return app.evidence.add(
        actor_id,
        participant_id,
        type=EvidenceType.OBSERVATION,
        date=dt.date(2026, 9, 10),
        title="Observation i arbetet",
        criterion_ids=criterion_ids,
    ).id
