"""PIN hashes never leave the workplace in a package, and redaction is never an edit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from handledare_app.domain.errors import PermissionDenied, UserError
from handledare_app.services.app import App
from handledare_app.services.exchange_secrets import REDACTED
from tests.conftest import ADMIN_PIN
from tests.exchange_helpers import open_second, rich_participant, send, trust_each_other, unpack


@pytest.fixture
def pair(app: App, tmp_path: Path) -> Iterator[tuple[App, App]]:
    b = open_second(tmp_path / "b")  # set up on its own: another workplace
    trust_each_other(app, b, tmp_path)
    yield app, b
    b.close()


def test_package_to_another_workplace_carries_no_pin_hash(
    pair: tuple[App, App], admin_id: str, tmp_path: Path
) -> None:
    a, b = pair
    rich_participant(a, admin_id, "Märta", tmp_path)
    f = tmp_path / "p.hpkg"
    a.exchange.export(f, profile="exchange", recipients=[b.keys.age_recipient])
    members = unpack(b, f)
    supervisors = members["records/supervisor.jsonl"].decode("utf-8")
    assert "scrypt$" not in supervisors and REDACTED in supervisors
    b.exchange.import_file(f)
    # A's admin arrived on B but cannot log in there with A's PIN.
    with pytest.raises(PermissionDenied):
        b.supervisors.login(admin_id, ADMIN_PIN)


def test_redacted_pin_never_overwrites_the_real_one(
    pair: tuple[App, App], admin_id: str, tmp_path: Path
) -> None:
    a, b = pair
    rich_participant(a, admin_id, "Märta", tmp_path)
    send(a, b, tmp_path / "1.hpkg")
    # B passes A's (redacted) admin row back: not an edit, the PIN stays on A.
    report = send(b, a, tmp_path / "2.hpkg")
    assert report.entity("supervisor").updated == 0 and report.conflicts == 0
    assert a.supervisors.login(admin_id, ADMIN_PIN).id == admin_id  # PIN kept on A
    # Another workplace may not edit A's supervisors at all (services/authority.py).
    b_admin = next(s for s in b.supervisors.list() if s.id != admin_id and s.is_admin)
    b.supervisors.update(b_admin.id, admin_id, name="Åsa Öberg-Lund")  # an edit on B
    with pytest.raises(UserError, match="handledaren"):
        send(b, a, tmp_path / "3.hpkg")
    assert a.supervisors.get(admin_id).name == "Åsa Öberg"
    assert a.supervisors.login(admin_id, ADMIN_PIN).id == admin_id


def test_passphrase_packages_are_redacted_and_backups_are_not(
    app: App, admin_id: str, tmp_path: Path
) -> None:
    rich_participant(app, admin_id, "Märta", tmp_path)
    f = tmp_path / "fras.hpkg"
    app.exchange.export(f, profile="exchange", passphrase="en lång lösenfras")
    from handledare_app.services import package as pkg

    plain = pkg.decrypt_to_file(f, app.paths.root / "tmp", passphrase="en lång lösenfras")
    try:
        import zipfile

        with zipfile.ZipFile(plain) as zf:
            assert "scrypt$" not in zf.read("records/supervisor.jsonl").decode("utf-8")
    finally:
        plain.unlink()
    g = tmp_path / "backup.hpkg"
    app.exchange.export(g, profile="backup")
    members = unpack(app, g)
    assert "scrypt$" in members["records/supervisor.jsonl"].decode("utf-8")
