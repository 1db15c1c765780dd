"""bench_kill9's fixture: installation A (the folder every trial works on) and what
installation B sends it (a package, a copy to restore over A)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kill9_child import PASS, PIN


@dataclass
class Fixture:
    base: Path  # set-up demo folder A (signed modules, photos)
    work: Path  # b.hpkg, b.fingerprint, b.hkopia
    a_fp: str
    b_fp: str
    b_signer: str  # B's signing key (hex): A trusts it once the import is applied
    b_participants: set[str] = field(default_factory=set)
    a_participants: set[str] = field(default_factory=set)
    b_db: Path = Path()
    import_rows: set[tuple[str, str]] = field(default_factory=set)  # what a whole import adds


def build_fixture(root: Path) -> Fixture:
    from handledare_app.services import installation_copy_format as icf
    from handledare_app.services.app import open_app
    from handledare_app.services.demo import create_demo

    icf.SCRYPT_LOG_N = min(icf.SCRYPT_LOG_N_RANGE)  # the copies here need no slow passphrase
    base, other, work = root / "a", root / "b", root / "work"
    work.mkdir(parents=True)
    with open_app(base) as a:
        create_demo(a, participants=8)
        a_fp = a.keys.fingerprint
        a_recipient = a.keys.age_recipient
        a_participants = {p.id for p in a.participants.list()}
    with open_app(other) as b:
        b_admin = b.setup.set_up("Andra verkstan", "Lagerdatorn", "Bo Berg", PIN)
        create_demo_extra(b)
        b.exchange.export(work / "b.hpkg", profile="exchange", recipients=[a_recipient])
        (work / "b.fingerprint").write_text(b.keys.fingerprint)
        b.backups.write_copy(b_admin, work / "b.hkopia", PASS)
        b_fp = b.keys.fingerprint
        b_signer = b.keys.signing_public_hex
        b_participants = {p.id for p in b.participants.list()}
    return Fixture(
        base,
        work,
        a_fp,
        b_fp,
        b_signer,
        b_participants,
        a_participants,
        other / "handledare.sqlite",
    )


def create_demo_extra(app: Any) -> None:
    import datetime as dt

    from handledare_app.domain.enums import PlacementType, Referrer

    admin = app.supervisors.list()[0].id
    for i in range(40):
        app.participants.create(
            admin,
            first_name=f"Från B {i}",
            last_name="Berg",
            placement_type=PlacementType.WORK_TRAINING,
            referrer=Referrer.MUNICIPALITY,
            start_date=dt.date(2026, 2, 1),
        )


def row_ids(db: Path) -> set[tuple[str, str]]:
    """(table, id) of every row of every table with an id column."""

    from handledare_app.storage.fsutil import ro_uri

    con = sqlite3.connect(ro_uri(db), uri=True)
    try:
        out: set[tuple[str, str]] = set()
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for t in tables:
            if any(c[1] == "id" for c in con.execute(f'PRAGMA table_info("{t}")')):
                out |= {(t, str(r[0])) for r in con.execute(f'SELECT id FROM "{t}"')}
        return out
    finally:
        con.close()
