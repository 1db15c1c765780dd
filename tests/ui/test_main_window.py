"""The main window: navigation, pages, status bar."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import PlacementType, Referrer
from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.main_window import MainWindow
from handledare_app.ui.pages.base import PlaceholderPageWidget
from handledare_app.ui.pages.catalogue import CataloguePageWidget
from handledare_app.ui.pages.participants import EMPTY_HEADING, ParticipantsPageWidget
from handledare_app.ui.pages.settings import SettingsPageWidget
from handledare_app.ui.pages.statistics import StatisticsPageWidget
from handledare_app.ui.widgets import HEADING_SCALE

from .conftest import Boxes

T = TypeVar("T")

NAV = ["Deltagare", "Kriteriebank", "Kvalitetssäkring", "Utbyte", "Statistik", "Inställningar"]


@pytest.fixture
def window(qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes) -> MainWindow:
    win = MainWindow(app, admin)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def page_of(window: MainWindow, cls: type[T]) -> T:
    pages = [p for p in window.page_widgets if isinstance(p, cls)]
    assert len(pages) == 1
    return pages[0]


def test_title_and_status_bar(window: MainWindow) -> None:
    assert window.windowTitle() == "Handledarappen – Framstegs Secondhand"
    status = window.user_label.text() + " " + window.installation_label.text()
    assert "Åsa Öberg" in status
    assert "Kontorsdatorn" in status


def test_six_navigation_entries_in_order(window: MainWindow) -> None:
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == NAV


def test_switching_shows_each_page(window: MainWindow) -> None:
    for row, title in reversed(list(enumerate(NAV))):
        window.nav.setCurrentRow(row)
        page = window.pages.currentWidget()
        assert page is window.page_widgets[row]
        assert page.heading.text() == title
        assert page.isVisible()


def test_headings_scale_with_the_application_font(window: MainWindow) -> None:
    heading = window.page_widgets[0].heading
    body = window.page_widgets[0].font()
    assert heading.font().pointSizeF() == pytest.approx(body.pointSizeF() * HEADING_SCALE[1])


def test_no_page_is_a_placeholder_any_more(window: MainWindow) -> None:
    """Statistik (issue 10) was the last page that said it came later."""
    window.nav.setCurrentRow(4)
    assert isinstance(window.page_widgets[4], StatisticsPageWidget)
    assert not any(isinstance(p, PlaceholderPageWidget) for p in window.page_widgets)


# --- Deltagare ------------------------------------------------------------------------


def test_participants_empty_state_then_a_name(
    qtbot: QtBot, window: MainWindow, app: App, admin: SupervisorInfo
) -> None:
    page = page_of(window, ParticipantsPageWidget)
    qtbot.waitUntil(lambda: not page.loading)
    assert page.content.currentWidget() is page.empty_state
    assert page.empty_heading.text() == EMPTY_HEADING
    assert "Ny deltagare" in page.empty_text.text()

    app.participants.create(
        admin.id,
        first_name="Märta",
        last_name="Ekström",
        placement_type=PlacementType.WORK_TRAINING,
        referrer=Referrer.EMPLOYMENT_SERVICE,
        start_date=dt.date(2026, 9, 1),
        responsible_id=admin.id,
    )
    window.nav.setCurrentRow(1)
    with qtbot.waitSignal(page.loaded):
        window.nav.setCurrentRow(0)  # coming back to the page reloads it

    assert page.content.currentWidget() is page.table
    assert page.count_label.text() == "1 deltagare visas."
    model = page.table.model()
    row = [str(model.index(0, c).data()) for c in range(model.columnCount())]
    assert row == [
        "Märta Ekström",
        "Arbetsträning",
        "2026-09-01",
        "Åsa Öberg",
        "Introduktion",
        "Inga moduler",
    ]


# --- Kriteriebank ---------------------------------------------------------------------


def test_catalogue_browser_shows_areas_modules_and_criteria(window: MainWindow, app: App) -> None:
    window.nav.setCurrentRow(1)
    page = page_of(window, CataloguePageWidget)
    assert page.area_list.count() >= 6
    assert "Exempelkatalog" in page.catalogue_label.text()

    areas = [page.area_list.item(i).text() for i in range(page.area_list.count())]
    stad = next(i for i, text in enumerate(areas) if text.startswith("Städ"))
    page.area_list.setCurrentRow(stad)
    modules = app.catalogue.modules("stad")
    assert page.module_model.rowCount() == len(modules) > 1
    assert page.module_model.index(0, 0).data() == modules[0].code

    page.module_table.selectRow(1)
    module = app.catalogue.module(modules[1].id)
    shown = page.detail.toPlainText()
    assert module.title in shown
    for outcome in module.outcomes:
        assert outcome.text in shown
        for criterion in outcome.criteria:
            assert criterion.number in shown
            assert criterion.text in shown


def test_catalogue_page_with_an_empty_catalogue(qtbot: QtBot, empty_app: App, boxes: Boxes) -> None:
    empty_app.setup.set_up(
        "Arbetsplats", "Dator", "Åsa Öberg", "4821", load_example_catalogue=False
    )
    admin = empty_app.supervisors.list()[0]
    page = CataloguePageWidget(empty_app, admin)
    qtbot.addWidget(page)
    assert page.content.currentWidget() is page.empty_label
    assert "tom" in page.empty_label.text()


# --- Inställningar --------------------------------------------------------------------


def test_settings_shows_workplace_computer_folder_and_supervisors(
    window: MainWindow, app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.nav.setCurrentRow(5)
    page = page_of(window, SettingsPageWidget)
    assert page.workplace_value.text() == "Framstegs Secondhand"
    assert page.installation_value.text() == "Kontorsdatorn"
    assert page.folder_value.text() == str(app.paths.root)
    model = page.supervisor_model
    assert model.index(0, 0).data() == "Åsa Öberg"
    assert model.index(0, 1).data() == "Handledare, Administratör"

    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    page.open_folder_button.click()
    assert [u.toLocalFile() for u in opened] == [str(app.paths.root)]


def test_settings_says_where_the_folder_is_if_it_cannot_be_opened(
    window: MainWindow, app: App, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = page_of(window, SettingsPageWidget)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: False)
    page.open_folder_button.click()
    assert str(app.paths.root) in boxes.texts("information")[0]


def test_navigation_titles_match_the_pages() -> None:
    from handledare_app.ui.main_window import NAV_TITLES, page_classes

    assert tuple(cls.title for cls in page_classes()) == NAV_TITLES


def test_after_login_typing_goes_to_the_participant_search(
    window: MainWindow, qtbot: QtBot
) -> None:
    """A supervisor who logs in and types a name finds the participant (the focus was on
    the page list, where typing did nothing)."""
    page = page_of(window, ParticipantsPageWidget)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.focusWidget() is page.search_edit)
