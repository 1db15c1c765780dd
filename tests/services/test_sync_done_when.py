"""Issue 11's "Done when", end to end through the services: two supervisors of one
company, each on their own laptop (invite/join), see each other's work after
Synkronisera through one folder, log in on either laptop with their own PIN, count as
one company in Statistik, and a package lost on the way changes nothing in the end."""

from __future__ import annotations

from pathlib import Path

import pytest

from handledare_app.domain.enums import Role
from handledare_app.domain.followup import parse_period
from handledare_app.services.app import App
from tests.conftest import ADMIN_PIN
from tests.exchange_helpers import digests, rich_participant
from tests.sync_helpers import fast_seal, join

BENGT_PIN = "5937"


def _hsync(folder: Path, laptop: App) -> list[Path]:
    return [f for f in folder.glob("hsync-*.hpkg") if laptop.db.installation_id in f.name]


def test_two_supervisors_two_laptops_one_company(
    app: App, admin_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast_seal(monkeypatch)
    a = app  # Åsa's laptop (the first one, set up with the wizard's services)
    b = join(a, tmp_path, "Butikslaptop")  # Bengt's laptop, joined by invitation
    folder = tmp_path / "usb"
    folder.mkdir()
    try:
        # Bengt is added on his own laptop by the admin logged in there.
        assert b.supervisors.login(admin_id, ADMIN_PIN).id == admin_id
        bengt = b.supervisors.add(admin_id, "Bengt Karlsson", BENGT_PIN, {Role.SUPERVISOR}).id
        # Each does their work on their own laptop.
        marta = rich_participant(a, admin_id, "Märta", tmp_path)
        sven = rich_participant(b, bengt, "Sven", tmp_path)
        # Synkronisera through the USB stick.
        b.sync.run(folder)
        a.sync.run(folder)
        b.sync.run(folder)
        assert {p.id for p in a.participants.list()} == {marta, sven}
        assert {p.id for p in b.participants.list()} == {marta, sven}
        # Each logs in on either laptop with their own PIN.
        for laptop in (a, b):
            assert laptop.supervisors.login(admin_id, ADMIN_PIN).id == admin_id
            assert laptop.supervisors.login(bengt, BENGT_PIN).id == bengt

        # A package lost on the way: Bengt's next one is deleted before Åsa reads it.
        b.participants.update(bengt, sven, phone="070-111 22 33")
        b.sync.run(folder)
        for lost in _hsync(folder, b):
            lost.unlink()
        a.participants.update(admin_id, marta, phone="070-444 55 66")
        a.sync.run(folder)
        assert a.participants.get(sven).phone != "070-111 22 33"  # not arrived (yet)
        b.sync.run(folder)  # Bengt's next sync sends it again: nothing confirmed it
        a.sync.run(folder)
        b.sync.run(folder)
        assert a.participants.get(sven).phone == "070-111 22 33"
        assert b.participants.get(marta).phone == "070-444 55 66"
        assert digests(a) == digests(b)  # `summary --json` digests: the same records

        # Statistik counts one company: one workplace, the same figures on both laptops,
        # both participants and both supervisors' work in them.
        assert a.setup.workplace().id == b.setup.workplace().id
        today = a.statistics.today()
        period = parse_period(f"{today.year}-01-01--{today.isoformat()}")
        fa, fb = a.statistics.figures(period), b.statistics.figures(period)
        assert fa.to_dict() == fb.to_dict()
        assert fa.participants.total == 2
        assert fa.active_supervisors == 2
    finally:
        b.close()
