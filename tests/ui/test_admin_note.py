"""Inställningar tells a supervisor who is not an administrator why most of the page is
grey (it said so only in tooltips); an administrator does not see the line."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import Role
from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.admin_note import NOT_ADMIN_TEXT
from handledare_app.ui.pages.settings import SettingsPageWidget

from .conftest import Boxes


def test_the_note_shows_for_a_supervisor_not_for_an_admin(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes
) -> None:
    bengt = app.supervisors.add(admin.id, "Bengt Karlsson", "5937", {Role.SUPERVISOR})
    page = SettingsPageWidget(app, admin)
    qtbot.addWidget(page)
    page.show()
    assert not page.admin_note.isVisibleTo(page)
    page.set_user(bengt)
    assert page.admin_note.isVisibleTo(page)
    assert page.admin_note.text() == NOT_ADMIN_TEXT
    assert not page.invite_panel.isEnabled() or not any(
        b.isEnabled() for b in page.invite_panel.findChildren(type(page.open_folder_button))
    ), "the note is about controls that really are grey"
    page.set_user(admin)
    assert not page.admin_note.isVisibleTo(page)
