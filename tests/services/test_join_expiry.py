"""The inviting laptop checks an invitation's expiry and single use too (issue 11 item 1):
what counts is when the laptop joined, which its proof carries bound to the secret."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from handledare_app.domain.enums import Role
from handledare_app.domain.errors import UserError
from handledare_app.services import join_rules, joining
from handledare_app.services.app import App, open_app
from handledare_app.storage import settings_rows
from tests.sync_helpers import fast_seal


def _joined(a: App, tmp_path: Path, name: str) -> tuple[App, joining.Invitation]:
    inv = a.joining.invite(None, tmp_path / f"{name}.hinbjudan", days=7)
    other = open_app(tmp_path / name)
    other.joining.join(inv.path, inv.code, name)
    return other, inv


def _later(monkeypatch: pytest.MonkeyPatch, days: int) -> None:
    """The inviting laptop's clock (joining._now) `days` ahead."""
    when = dt.datetime.now(dt.UTC) + dt.timedelta(days=days)
    monkeypatch.setattr(joining, "_now", lambda: when)


def test_joined_in_time_and_synced_after_expiry_is_accepted(
    app: App, admin_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast_seal(monkeypatch)
    b, _inv = _joined(app, tmp_path, "Butikslaptop")
    folder = tmp_path / "sticka"
    folder.mkdir()
    try:
        b.supervisors.add(b.supervisors.list()[0].id, "Ny Handledare", "2580", {Role.SUPERVISOR})
        b.sync.run(folder)
        _later(monkeypatch, 20)  # the stick comes back three weeks later
        report = app.sync.run(folder)
        assert report.read == 1, report.lines()
        assert app.exchange.trust.signer_status(b.keys.signing_public_hex) == "trusted"
        assert "Ny Handledare" in [s.name for s in app.supervisors.list()]
    finally:
        b.close()


def test_forged_join_after_expiry_is_refused_and_nothing_applied(
    app: App, admin_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast_seal(monkeypatch)
    b, inv = _joined(app, tmp_path, "Butikslaptop")
    folder = tmp_path / "sticka"
    folder.mkdir()
    try:
        header = b.joining.read_invitation(inv.path, inv.code)
        late = (dt.datetime.now(dt.UTC) + dt.timedelta(days=9)).isoformat(timespec="seconds")
        # A proof stating a join after expiry, correctly bound to the secret (the holder
        # of the invitation can make one; a laptop with a clock that was wrong too).
        with b.db.transaction() as tx:
            proof = json.loads(settings_rows.get_local_setting(tx, joining.PROOF_SETTING) or "{}")
            proof["joined_at"] = late
            proof["hmac"] = joining._proof(header["secret"], b.keys.signing_public_hex, late)
            settings_rows.set_local_setting(tx, joining.PROOF_SETTING, json.dumps(proof))
        sup = b.supervisors.list()[0].id
        b.supervisors.add(sup, "Ny Handledare", "2580", {Role.SUPERVISOR})
        b.sync.run(folder)
        _later(monkeypatch, 10)
        before = len(app.supervisors.list())
        report = app.sync.run(folder)
        assert report.read == 0
        [note] = [n for n in report.notes if "lästes inte" in n]
        assert "Butikslaptop" in note and "som gick ut" in note, note
        assert len(app.supervisors.list()) == before  # nothing of the package applied
        assert app.exchange.trust.signer_status(b.keys.signing_public_hex) == "unknown"
        # The invitation is still unused.
        with app.db.reader() as tx:
            stored = json.loads(
                settings_rows.get_local_setting(tx, joining.INVITE_PREFIX + header["invitation_id"])
                or ""
            )
        assert stored["used_by"] is None
        # A join time changed without the secret breaks the HMAC: an unknown signer.
        with b.db.transaction() as tx:
            proof["joined_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            settings_rows.set_local_setting(tx, joining.PROOF_SETTING, json.dumps(proof))
        b.supervisors.add(sup, "Till Handledare", "2581", {Role.SUPERVISOR})
        b.sync.run(folder)
        report = app.sync.run(folder)
        assert report.read == 0
        assert app.exchange.trust.signer_status(b.keys.signing_public_hex) == "unknown"
    finally:
        b.close()


def test_second_installation_with_the_same_invitation_is_refused_by_name(
    app: App, admin_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast_seal(monkeypatch)
    inv = app.joining.invite(None, tmp_path / "x.hinbjudan")
    folder = tmp_path / "sticka"
    folder.mkdir()
    first = open_app(tmp_path / "first")
    second = open_app(tmp_path / "second")
    try:
        first.joining.join(inv.path, inv.code, "Kontoret")
        second.joining.join(inv.path, inv.code, "Lagret")
        first.sync.run(folder)
        app.sync.run(folder)
        second.supervisors.add(
            second.supervisors.list()[0].id, "Smygande", "2582", {Role.SUPERVISOR}
        )
        second.sync.run(folder)
        count = len(app.supervisors.list())
        report = app.sync.run(folder)
        [note] = [n for n in report.notes if "lästes inte" in n]
        assert "Lagret" in note and "redan är använd av Kontoret" in note, note
        assert len(app.supervisors.list()) == count
        assert app.exchange.trust.signer_status(second.keys.signing_public_hex) == "unknown"
        assert app.exchange.trust.signer_status(first.keys.signing_public_hex) == "trusted"
    finally:
        first.close()
        second.close()


def test_join_time_rules() -> None:
    now = dt.datetime(2027, 3, 14, 12, tzinfo=dt.UTC)
    record = {"issued_at": "2027-03-01T12:00:00+00:00", "expires_at": "2027-03-08T12:00:00+00:00"}
    join_rules.check_join({**record, "used_by": None}, "2027-03-07T09:00:00+00:00", "B", now)
    with pytest.raises(UserError, match="gick ut 2027-03-08"):
        join_rules.check_join(record, "2027-03-09T09:00:00+00:00", "B", now)
    with pytest.raises(UserError, match="klocka"):  # more than a day ahead of ours
        join_rules.check_join(
            {**record, "expires_at": "2027-04-01T00:00:00+00:00"},
            "2027-03-16T09:00:00+00:00",
            "B",
            now,
        )
    with pytest.raises(UserError, match="klocka"):  # long before the invitation was made
        join_rules.check_join(record, "2026-03-01T12:00:00+00:00", "B", now)
    with pytest.raises(UserError, match="gick ut"):  # first-version proof: joins "now"
        join_rules.check_join(record, "", "B", now)
