"""A participant with every kind of personal data, built through services, and a grep
over a data folder for what an erasure must remove."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from handledare_app.domain.enums import EvidenceType, PlacementType, Referrer
from handledare_app.services.app import App
from tests.helpers import tiny_png
from tests.signing_helpers import ready_module, sign

PNR = "19811218-9876"


@dataclass
class Person:
    id: str
    first: str
    last: str
    secrets: tuple[bytes, ...]  # must not be found anywhere after erasure
    photo: bytes
    signature_blobs: tuple[str, ...]
    certificate_code: str


def full_person(app: App, admin: str, tmp: Path, first: str = "Svetlana") -> Person:
    app.setup.update_workplace(admin, personnummer_enabled=True)
    last = "Quistorp"
    p = app.participants.create(
        admin,
        first_name=first,
        last_name=last,
        placement_type=PlacementType.WORK_TRAINING,
        referrer=Referrer.EMPLOYMENT_SERVICE,
        start_date=dt.date(2026, 9, 1),
        personnummer=PNR,
        phone="070-555 12 34",
        email="svetlana.q@example.se",
        responsible_id=admin,
    )
    app.participants.set_photo_consent(admin, p.id, True, dt.date(2026, 9, 2))
    photo = tiny_png() + b"PHOTO-" + first.encode()
    f = tmp / "bild.png"
    f.write_bytes(photo)
    app.evidence.add(
        admin,
        p.id,
        type=EvidenceType.PHOTO,
        date=dt.date(2026, 9, 3),
        title="Kassan",
        description="Hanterade Zebrakassan helt själv",
        files=[f],
    )
    app.journey.add_follow_up(
        admin,
        p.id,
        date=dt.date(2026, 10, 1),
        attendees="Bo",
        notes="Berättade om Hjärtefrågan",
        next_steps="Fortsätt",
    )
    enrollment = ready_module(app, admin, p.id)
    signoff = sign(app, admin, enrollment)
    cert = app.certificates.issue(admin, p.id)
    with app.db.reader() as tx:
        from handledare_app.storage.models import SignoffRow

        s = tx.get(SignoffRow, signoff.id)
        assert s is not None
        blobs = tuple(g["blob_sha256"] for g in s.signatures if g.get("blob_sha256"))
    assert blobs, "the participant's drawn signature is stored as a blob"
    secrets = (
        first.encode(),
        last.encode(),
        b"19811218",
        b"555 12 34",
        b"svetlana.q@",
        b"Zebrakassan",
        "Hjärtefrågan".encode(),
        b"PHOTO-" + first.encode(),
        *(b.encode() for b in blobs),
    )
    return Person(p.id, first, last, secrets, photo, blobs, cert.code)


def vacuum(db: Path) -> None:
    con = sqlite3.connect(db)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("VACUUM")
    finally:
        con.close()


def found_in(folder: Path, secrets: tuple[bytes, ...], skip: tuple[str, ...] = ()) -> list[str]:
    """'file: secret' for every secret found in any file under folder."""
    hits = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or any(part in skip for part in path.parts):
            continue
        data = path.read_bytes()
        for s in secrets:
            if s in data or s.decode("utf-8", "ignore").encode("utf-16-le") in data:
                hits.append(f"{path.relative_to(folder)}: {s!r}")
    return hits
