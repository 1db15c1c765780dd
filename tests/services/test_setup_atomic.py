"""Set-up is all or nothing; PIN changes say what is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from handledare_app.domain.enums import Role
from handledare_app.domain.errors import PermissionDenied, ValidationError
from handledare_app.services import catalogue as catalogue_module
from handledare_app.services.app import App


def test_broken_example_catalogue_leaves_nothing_half_set_up(
    empty_app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "exempelkatalog.json"
    broken.write_text('{"format": "handledarappen-katalog", "format_version": 1', "utf-8")
    monkeypatch.setattr(catalogue_module, "example_catalogue_path", lambda: broken)
    with pytest.raises(ValidationError, match="inte giltig JSON"):
        empty_app.setup.set_up("Verkstan", "Bärbar 1", "Åsa Öberg", "4821")
    assert not empty_app.setup.is_set_up()
    assert empty_app.supervisors.list() == []
    # The user can fix the installation and try again without "already set up".
    monkeypatch.undo()
    empty_app.setup.set_up("Verkstan", "Bärbar 1", "Åsa Öberg", "4821")
    assert len(empty_app.catalogue.modules()) >= 24


def test_set_up_audits_the_catalogue_as_the_new_admin(empty_app: App) -> None:
    from handledare_app.storage.models import AuditRow

    admin_id = empty_app.setup.set_up("Verkstan", "Bärbar 1", "Åsa Öberg", "4821")
    with empty_app.db.reader() as tx:
        modules = [r for r in tx.find(AuditRow, entity="module")]
        assert modules and all(r.actor_id == admin_id for r in modules)


def test_own_pin_change_needs_the_current_pin(app: App, admin_id: str) -> None:
    sup = app.supervisors.add(admin_id, "Jonas Lindqvist", "7391", {Role.SUPERVISOR})
    with pytest.raises(PermissionDenied, match="nuvarande PIN-kod"):
        app.supervisors.change_pin(sup.id, sup.id, "8402")
    with pytest.raises(PermissionDenied, match="Fel PIN-kod"):
        app.supervisors.change_pin(sup.id, sup.id, "8402", current_pin="1111")
    app.supervisors.change_pin(sup.id, sup.id, "8402", current_pin="7391")
    assert app.supervisors.login(sup.id, "8402").id == sup.id


def test_unknown_supervisor_login_is_refused(app: App) -> None:
    with pytest.raises(PermissionDenied, match="finns inte"):
        app.supervisors.login("01a00000-0000-7000-8000-000000000000", "4821")
