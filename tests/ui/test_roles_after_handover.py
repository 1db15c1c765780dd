"""Roles hold after an idle-lock hand-over: every page follows the new user (issue 13)."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import Role
from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui import tasks
from handledare_app.ui.background import wait_for_all
from handledare_app.ui.main_window import MainWindow
from handledare_app.ui.pages.base import PageWidget
from handledare_app.ui.pages.catalogue import CataloguePageWidget
from handledare_app.ui.pages.exchange import ExchangePageWidget
from handledare_app.ui.pages.participants import ParticipantsPageWidget
from handledare_app.ui.pages.quality import QualityPageWidget
from handledare_app.ui.pages.settings import SettingsPageWidget
from handledare_app.ui.pages.statistics import StatisticsPageWidget
from tests.conftest import ADMIN_PIN
from tests.helpers import new_participant

from .conftest import Boxes

QA_PIN = "5937"
T = TypeVar("T", bound=PageWidget)


def hand_over(window: MainWindow, name: str, pin: str) -> None:
    lock = window.idle_lock
    lock.lock(10)
    dialog = lock.lock_dialog
    assert dialog is not None
    items = dialog.entry.name_list.findItems(name, Qt.MatchFlag.MatchExactly)
    dialog.entry.name_list.setCurrentItem(items[0])
    dialog.entry.pin_edit.setText(pin)
    dialog.unlock_button.click()
    tasks.wait_for_all()  # the PIN check's answer comes back as a callback


def page_of(window: MainWindow, kind: type[T]) -> T:
    return next(p for p in window.page_widgets if isinstance(p, kind))


def admin_only(window: MainWindow) -> dict[str, QWidget]:
    settings = page_of(window, SettingsPageWidget)
    catalogue = page_of(window, CataloguePageWidget)
    quality = page_of(window, QualityPageWidget)
    return {
        "Ny handledare": settings.supervisor_admin.add_button,
        "Spara låstid": settings.supervisor_admin.idle_save,
        "Bjud in en dator": settings.invite_panel.invite_button,
        "Spara gallringstiden": settings.retention_section.save_button,  # Gallra nu: also needs due data
        "Läs in nätverksfil": settings.network_section.import_button,
        "Säkerhetskopiera till": settings.backups_panel.copy_button,
        "Återställ": settings.backups_panel.restore_button,
        "Återställ från fil": settings.backups_panel.from_file_button,
        "Kriteriebank: Ny modul": catalogue.new_module_button,
        "Kriteriebank: Nytt område": catalogue.new_area_button,
        "Kriteriebank: Läs in": catalogue.import_button,
        "Kvalitetssäkring: Spara": quality.save_settings_button,
    }


def staff_only(window: MainWindow) -> dict[str, QWidget]:
    participants = page_of(window, ParticipantsPageWidget)
    person = participants.participant_page
    assert person is not None
    exchange = page_of(window, ExchangePageWidget)
    return {
        "Ny deltagare": participants.new_button,
        "Ändra uppgifter": person.edit_button,
        "Lägg till bevis": person.evidence_tab.add_button,
        "Registerutdrag": person.privacy_actions.extract_button,
        "Kvalitetssäkring: Intyg": page_of(window, QualityPageWidget).certificate_button,
        "Skapa paket": exchange.export_tab.export_button,
        "Välj paket": exchange.import_tab.choose_button,
        "Skicka uppföljning": page_of(window, StatisticsPageWidget).company.send_button,
        "Säkerhetskopiera nu": page_of(window, SettingsPageWidget).backups_panel.backup_button,
    }


def enabled(buttons: dict[str, QWidget]) -> set[str]:
    return {name for name, b in buttons.items() if b.isEnabled()}


def test_a_quality_assurer_taking_over_from_an_admin_gets_only_their_rights(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes
) -> None:
    participant = new_participant(app, admin.id, "Marta")
    app.backups.backup_now(admin.id)  # so Återställ has a copy to act on
    app.supervisors.add(admin.id, "Kim Granskare", QA_PIN, {Role.QUALITY_ASSURER})
    window = MainWindow(app, admin)
    qtbot.addWidget(window)
    window.show()
    participants = page_of(window, ParticipantsPageWidget)
    qtbot.waitUntil(lambda: not participants.loading)
    participants.open_participant(participant.id)
    wait_for_all()
    catalogue = page_of(window, CataloguePageWidget)
    catalogue.refresh()
    wait_for_all()

    assert enabled(admin_only(window)) == set(admin_only(window))
    assert enabled(staff_only(window)) == set(staff_only(window))
    person = participants.participant_page
    assert person is not None and person.privacy_actions.erase_button.isVisibleTo(person)

    hand_over(window, "Kim Granskare", QA_PIN)
    assert window.user is not None and window.user.name == "Kim Granskare"
    for page in window.page_widgets:
        page.refresh()
    wait_for_all()

    assert enabled(admin_only(window)) == set()
    assert enabled(staff_only(window)) == set()
    person = participants.participant_page
    assert person is not None and person.user.name == "Kim Granskare"
    assert not person.privacy_actions.erase_button.isVisibleTo(person)
    assert not page_of(window, StatisticsPageWidget).company.exact.isVisibleTo(window)
    # A refused button says why; reviewing stays open to the quality assurer.
    backups = page_of(window, SettingsPageWidget).backups_panel
    assert backups.backup_button.toolTip() == "Det här kräver rollen handledare."
    assert backups.copy_button.toolTip() == "Bara en administratör kan göra det här."
    assert person.show_view_button.isEnabled()

    # Back to the admin: everything opens again (nothing stays stuck disabled).
    hand_over(window, admin.name, ADMIN_PIN)
    for page in window.page_widgets:
        page.refresh()
    wait_for_all()
    assert enabled(admin_only(window)) == set(admin_only(window))
    assert enabled(staff_only(window)) == set(staff_only(window))
