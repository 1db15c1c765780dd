"""Ta bort dator ur arbetsplatsen (issue 11): a laptop that is no longer used stops holding
back what packages carry, and its package files leave the sync folder once read."""

from __future__ import annotations

from pathlib import Path

import pytest

from handledare_app.domain.enums import Role
from handledare_app.domain.errors import UserError
from handledare_app.services import delivery, retirement
from handledare_app.services.app import App
from handledare_app.storage.models import AuditRow
from tests.sync_helpers import fast_seal, join


def _since(app: App) -> int:
    """Where this laptop's next sync package starts (the lowest peer confirmation)."""
    with app.db.reader() as tx:
        return delivery.since_for(tx, app.db.installation_id, [p[2] for p in app.sync.peers()])


def _files_of(folder: Path, laptop: App) -> list[Path]:
    return [f for f in folder.glob("hsync-*.hpkg") if laptop.db.installation_id in f.name]


def test_retired_laptop_stops_blocking_and_its_files_are_cleaned(
    app: App, admin_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast_seal(monkeypatch)
    folder = tmp_path / "sticka"
    folder.mkdir()
    b = join(app, tmp_path, "Butikslaptop")
    r = join(app, tmp_path, "Gamla laptopen")
    try:
        for laptop in (b, r, app, b, r):  # everyone knows and has confirmed everyone
            laptop.sync.run(folder)
        # The old laptop's last work, then it is never used again.
        r.supervisors.add(admin_id, "Sista Handledaren", "2590", {Role.SUPERVISOR})
        r.sync.run(folder)
        [r_file] = _files_of(folder, r)
        app.sync.run(folder)  # A reads it; B has not
        for n in range(2):  # B and A go on; R never confirms again, so A's window stays
            b.supervisors.add(admin_id, f"Handledare {n}", f"259{n + 2}", {Role.SUPERVISOR})
            b.sync.run(folder)
            app.sync.run(folder)
        with app.db.reader() as tx:
            r_ack = delivery.ack(tx, r.db.installation_id)
            b_ack = delivery.ack(tx, b.db.installation_id)
        assert _since(app) == r_ack < b_ack  # held back by the laptop that is gone

        name = retirement.retire(app, admin_id, "Gamla laptopen")
        assert name == "Gamla laptopen"
        assert r.db.installation_id not in [p[0] for p in app.sync.peers()]
        assert _since(app) == b_ack  # no longer held back
        c = join(app, tmp_path, "Nya laptopen")  # a laptop joining later knows it too
        try:
            assert r.db.installation_id in retirement.retired_ids(c)
            assert r.db.installation_id not in [p[0] for p in c.sync.peers()]
        finally:
            c.close()
        report = app.sync.run(folder)
        assert not r_file.exists()  # A holds its content: cleaned
        assert any("tagits bort ur arbetsplatsen" in n for n in report.notes), report.notes
        b.sync.run(folder)  # B gets R's last work from A's package, and the decision
        assert "Sista Handledaren" in [s.name for s in b.supervisors.list()]
        assert r.db.installation_id not in [p[0] for p in b.sync.peers()]
        for laptop in (app, b):
            with laptop.db.reader() as tx:
                entries = tx.find(AuditRow, action="retire")
                assert [e.record_id for e in entries] == [r.db.installation_id]
            assert laptop.check.run() == []
        # Used again by mistake, R's packages are still read (nothing lost) and cleaned;
        # it is no longer a recipient, so it cannot read the others' packages.
        r.supervisors.add(admin_id, "Efter Borttagning", "2599", {Role.SUPERVISOR})
        late = r.sync.run(folder)
        assert late.read == 0 and _files_of(folder, r)
        app.sync.run(folder)
        assert "Efter Borttagning" in [s.name for s in app.supervisors.list()]
        assert _files_of(folder, r) == []
        # A package that does reach it (an export to it by hand) tells it why.
        out = tmp_path / "till-r.hpkg"
        app.exchange.export(out, profile="exchange", recipients=[r.keys.age_recipient])
        r.exchange.import_file(out)
        with pytest.raises(UserError, match="borttagen ur arbetsplatsen"):
            r.sync.run(folder)
    finally:
        b.close()
        r.close()


def test_retire_refusals(
    app: App, admin_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast_seal(monkeypatch)
    b = join(app, tmp_path, "Butikslaptop")
    folder = tmp_path / "sticka"
    folder.mkdir()
    try:
        b.sync.run(folder)
        app.sync.run(folder)  # A learns B's installation from its first package
        own = app.setup.installation().name
        with pytest.raises(UserError, match="kan inte ta bort sig själv"):
            retirement.retire(app, admin_id, own)
        with pytest.raises(UserError, match="ingen annan dator som heter"):
            retirement.retire(app, admin_id, "Finns inte")
        supervisor = app.supervisors.add(admin_id, "Vanlig", "2591", {Role.SUPERVISOR})
        with pytest.raises(UserError):
            retirement.retire(app, supervisor.id, "Butikslaptop")
        retirement.retire(app, admin_id, b.db.installation_id)
        with pytest.raises(UserError, match="redan borttagen"):
            retirement.retire(app, admin_id, "Butikslaptop")
    finally:
        b.close()


def test_retire_by_a_shared_name_lists_the_ids_to_choose_from(
    app: App, admin_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Laptops that joined by invitation are not in the network file, so the message
    itself names the ids (not a command that would not list them)."""
    fast_seal(monkeypatch)
    b = join(app, tmp_path, "Butikslaptop", folder="b1")
    c = join(app, tmp_path, "Butikslaptop", folder="b2")
    folder = tmp_path / "sticka"
    folder.mkdir()
    try:
        b.sync.run(folder)
        c.sync.run(folder)
        app.sync.run(folder)
        with pytest.raises(UserError, match="Flera datorer") as info:
            retirement.retire(app, admin_id, "Butikslaptop")
        assert b.db.installation_id in info.value.message
        assert c.db.installation_id in info.value.message
        assert retirement.retire(app, admin_id, c.db.installation_id) == "Butikslaptop"
    finally:
        b.close()
        c.close()
