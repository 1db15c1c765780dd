"""The Utbyte page: export in a worker with progress, import with preview then apply."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from handledare_app.services.app import App
from handledare_app.ui.pages.exchange import ExchangePageWidget, screenshot_widgets
from handledare_app.ui.pages.settings import SettingsPageWidget
from tests.exchange_helpers import open_second, rich_participant, trust_each_other
from tests.helpers import db_summary
from tests.ui.conftest import Boxes


@pytest.fixture
def b_app(tmp_path: Path) -> App:
    other = open_second(tmp_path / "b")
    yield other  # type: ignore[misc]
    other.close()


def _user(app: App):  # type: ignore[no-untyped-def]
    return app.supervisors.list()[0]


def test_export_then_import_through_the_page(
    qtbot, app: App, b_app: App, admin_id: str, tmp_path: Path, boxes: Boxes
) -> None:  # type: ignore[no-untyped-def]
    trust_each_other(app, b_app, tmp_path)
    pid = rich_participant(app, admin_id, "Märta", tmp_path)
    page = ExchangePageWidget(app, _user(app))
    qtbot.addWidget(page)
    tab = page.export_tab
    assert tab.recipients.count() == 1  # B, from the network file
    tab.chosen.setChecked(True)
    for lst in (tab.recipients, tab.participants):
        from PySide6.QtCore import Qt

        lst.item(0).setCheckState(Qt.CheckState.Checked)
    out = tmp_path / "ut.hpkg"
    tab.start_export(out, tab._options())
    qtbot.waitUntil(lambda: "Klart" in tab.result.text(), timeout=20000)
    assert out.exists() and not tab.progress.isVisible()

    receive = ExchangePageWidget(b_app, _user(b_app))
    qtbot.addWidget(receive)
    imp = receive.import_tab
    before = db_summary(b_app)
    imp.start_preview(out)
    qtbot.waitUntil(lambda: imp.apply_button.isEnabled(), timeout=20000)
    assert "Deltagare: 1 ny." in imp.preview.text()
    assert db_summary(b_app) == before  # the preview changed nothing
    imp.apply()
    qtbot.waitUntil(
        lambda: imp.preview.text().startswith("Från") and "Klart" in imp.preview.text(),
        timeout=20000,
    )
    assert pid in {p.id for p in b_app.participants.list()}


def test_unknown_signer_asks_an_admin(
    qtbot, app: App, b_app: App, tmp_path: Path, boxes: Boxes
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "ut.hpkg"
    app.exchange.export(out, profile="exchange", recipients=[b_app.keys.age_recipient])
    page = ExchangePageWidget(b_app, _user(b_app))
    qtbot.addWidget(page)
    imp = page.import_tab
    boxes.question_answer = QMessageBox.StandardButton.No
    imp.start_preview(out)
    qtbot.waitUntil(lambda: bool(imp.error.text()), timeout=20000)
    assert app.keys.fingerprint in boxes.texts("question")[0]
    assert "Inget har ändrats" in imp.error.text()
    boxes.question_answer = QMessageBox.StandardButton.Yes
    imp.start_preview(out)
    qtbot.waitUntil(lambda: imp.apply_button.isEnabled(), timeout=20000)


def test_cancel_export(qtbot, app: App, admin_id: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rich_participant(app, admin_id, "Märta", tmp_path)
    page = ExchangePageWidget(app, _user(app))
    qtbot.addWidget(page)
    tab = page.export_tab
    out = tmp_path / "ut.hpkg"
    tab.start_export(out, {"profile": "backup", "actor_id": admin_id})
    tab.progress.cancel_button.click()  # before the first step is done
    qtbot.waitUntil(lambda: tab.export_button.isEnabled(), timeout=20000)
    assert "Avbrutet" in tab.error.text()
    assert not out.exists()


def test_settings_shows_network_section(qtbot, app: App, tmp_path: Path, b_app: App) -> None:  # type: ignore[no-untyped-def]
    trust_each_other(app, b_app, tmp_path)
    page = SettingsPageWidget(app, _user(app))
    qtbot.addWidget(page)
    texts = [
        page.network_section.computers.item(i).text()
        for i in range(page.network_section.computers.count())
    ]
    assert any("Lagerdatorn" in t for t in texts)
    assert app.keys.fingerprint in page.network_section.own.text()


def test_screenshot_widgets(qtbot, app: App, admin_id: str) -> None:  # type: ignore[no-untyped-def]
    shots = screenshot_widgets(app, _user(app), "")
    assert [name for name, _ in shots] == ["utbyte-skicka", "utbyte-ta-emot"]
    for _name, w in shots:
        qtbot.addWidget(w)


def test_the_page_fits_a_768_pixel_screen_at_150_percent_font(qtbot, app: App) -> None:  # type: ignore[no-untyped-def]
    """Synkronisera above the tabs made the page taller than a laptop screen at 150 %
    (and with it the main window's minimum height); Skicka now scrolls instead."""
    from PySide6.QtWidgets import QApplication

    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    before = qapp.font()
    bigger = qapp.font()
    bigger.setPointSizeF(before.pointSizeF() * 1.5)
    qapp.setFont(bigger)
    try:
        page = ExchangePageWidget(app, _user(app))
        qtbot.addWidget(page)
        assert page.minimumSizeHint().height() < 600  # 690 less the menu and status bar
    finally:
        qapp.setFont(before)


def test_at_100_percent_skicka_needs_no_scrolling(qtbot, app: App) -> None:  # type: ignore[no-untyped-def]
    """The scroll area around Skicka scrolls only when the tab's minimum does not fit:
    on a 1366x768 screen at 100 % Skapa paket is in view without scrolling."""
    from PySide6.QtWidgets import QApplication, QScrollArea

    page = ExchangePageWidget(app, _user(app))
    qtbot.addWidget(page)
    page.resize(1200, 630)  # the page's share of a 1366x768 window
    page.show()
    QApplication.processEvents()
    scroll = page.tabs.widget(0)
    assert isinstance(scroll, QScrollArea) and scroll.widget() is page.export_tab
    assert scroll.verticalScrollBar().maximum() == 0
