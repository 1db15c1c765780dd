"""Join a workplace by invitation, then sync through a folder (issue 11 items 1 and 2)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from handledare_app.domain.errors import UserError
from handledare_app.services import joining
from handledare_app.services.app import App, open_app
from handledare_app.services.exchange_pseudonyms import report_salt
from tests.conftest import ADMIN_PIN
from tests.exchange_helpers import EXCHANGED, digests, open_second, rich_participant
from tests.sync_helpers import fast_seal


def _join(a: App, tmp_path: Path, name: str) -> tuple[App, Path, str]:
    inv = a.joining.invite(None, tmp_path / f"{name}.hinbjudan")
    other = open_app(tmp_path / name)
    other.joining.join(inv.path, inv.code.lower(), name)  # codes are not case-sensitive
    return other, inv.path, inv.code


def test_join_login_change_and_sync_back(app: App, admin_id: str, tmp_path: Path) -> None:
    pid = rich_participant(app, admin_id, "Märta", tmp_path)
    d, _, _ = _join(app, tmp_path, "Butikslaptop")
    try:
        # Same workplace, the supervisors with their PIN codes, the records.
        assert d.setup.workplace().id == app.setup.workplace().id
        assert d.supervisors.login(admin_id, ADMIN_PIN).id == admin_id
        for entity in EXCHANGED:
            assert digests(d)[entity] == digests(app)[entity], entity
        d.participants.update(admin_id, pid, phone="070-333 33 33")
        folder = tmp_path / "sticka"
        folder.mkdir()
        # Before the joining laptop's package proves the invitation, A does not know it.
        assert app.exchange.trust.signer_status(d.keys.signing_public_hex) == "unknown"
        d.sync.run(folder)
        report = app.sync.run(folder)
        assert report.read == 1, report.lines()
        assert report.summary() == (
            "1 ny eller ändrad deltagare, 1 ny eller ändrad dator från Butikslaptop."
        )
        assert app.participants.get(pid).phone == "070-333 33 33"
        assert app.exchange.trust.signer_status(d.keys.signing_public_hex) == "trusted"
        d.sync.run(folder)
        for entity in EXCHANGED:
            assert digests(d)[entity] == digests(app)[entity], entity
        assert d.check.run() == []
        # The follow-up report's pseudonym key came with the invitation: both laptops
        # give a participant the same pseudonym in the report.
        assert report_salt(d.db) == report_salt(app.db)
    finally:
        d.close()


def test_wrong_code_expired_and_used_invitation(
    app: App, admin_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast_seal(monkeypatch)  # the real scrypt: test_join_login_change_and_sync_back
    inv = app.joining.invite(None, tmp_path / "x.hinbjudan")
    fresh = open_app(tmp_path / "fresh")
    try:
        with pytest.raises(UserError, match="Koden stämmer inte"):
            fresh.joining.join(inv.path, "AAAAA-BBBBB", "Lager")
        assert not fresh.setup.is_set_up()
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=8)
        monkeypatch.setattr(joining, "_now", lambda: later)
        with pytest.raises(UserError, match="Inbjudan gick ut"):
            fresh.joining.join(inv.path, inv.code, "Lager")
        assert not fresh.setup.is_set_up()
    finally:
        fresh.close()
    monkeypatch.setattr(joining, "_now", lambda: dt.datetime.now(dt.UTC))
    folder = tmp_path / "mapp"
    folder.mkdir()
    first = open_app(tmp_path / "first")
    second = open_app(tmp_path / "second")
    try:
        first.joining.join(inv.path, inv.code, "Första")
        second.joining.join(inv.path, inv.code, "Andra")  # offline: only the inviter can tell
        first.sync.run(folder)
        second.sync.run(folder)
        report = app.sync.run(folder)
        assert report.read == 1
        assert any("redan är använd" in n for n in report.notes), report.notes
        assert app.exchange.trust.signer_status(second.keys.signing_public_hex) == "unknown"
    finally:
        first.close()
        second.close()


def test_invitation_for_another_workplace(
    app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast_seal(monkeypatch)
    inv = app.joining.invite(None, tmp_path / "x.hinbjudan")
    other = open_second(tmp_path / "other")
    try:
        with pytest.raises(UserError, match="En dator kan bara höra till en arbetsplats"):
            other.joining.join(inv.path, inv.code, "Lager")
    finally:
        other.close()
