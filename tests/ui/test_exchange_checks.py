"""Utbyte checks before the file dialog (issue 13): recipients or a passphrase typed
twice; an error goes away when fixed; dated default file names; truthful readers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.pages.exchange import ExchangePageWidget
from handledare_app.ui.pages.exchange_send import default_package_name


@pytest.fixture
def tab(qtbot: QtBot, app: App, admin: SupervisorInfo, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    page = ExchangePageWidget(app, admin)
    qtbot.addWidget(page)
    asked: list[str] = []

    def fake_dialog(_parent: object, _title: str, start: str, _filter: str) -> tuple[str, str]:
        asked.append(start)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    tab = page.export_tab
    tab.asked = asked  # type: ignore[attr-defined]
    tab.page = page  # type: ignore[attr-defined]  # keeps the page alive
    return tab


def test_no_recipient_is_said_before_any_file_dialog(tab) -> None:  # type: ignore[no-untyped-def]
    tab.profile.setCurrentIndex(tab.profile.findData("exchange"))
    tab.choose_file_and_export()
    assert "Välj minst en mottagare" in tab.error.text()
    assert tab.asked == []


def test_passphrase_typed_twice_and_the_error_clears(tab) -> None:  # type: ignore[no-untyped-def]
    tab.profile.setCurrentIndex(tab.profile.findData("exchange"))
    tab.use_passphrase.setChecked(True)
    assert tab.passphrase_again.isEnabled()
    tab.passphrase.setText("kort")
    tab.choose_file_and_export()
    assert "minst 8 tecken" in tab.error.text() and tab.asked == []
    tab.passphrase.setText("en lång lösenfras")
    tab.passphrase.textEdited.emit("en lång lösenfras")
    assert not tab.error.isVisibleTo(tab), "the error went away when fixed"
    tab.passphrase_again.setText("en lang losenfras")
    tab.choose_file_and_export()
    assert "inte likadana" in tab.error.text() and tab.asked == []
    tab.passphrase_again.setText("en lång lösenfras")
    tab.choose_file_and_export()
    assert tab.error.text() == ""
    assert [Path(p).name for p in tab.asked] == [f"paket-{dt.date.today().isoformat()}.hpkg"]


def test_default_names_carry_the_date() -> None:
    on = dt.date(2027, 3, 14)
    assert default_package_name("exchange", on) == "paket-2027-03-14.hpkg"
    assert default_package_name("backup", on) == "sakerhetskopia-2027-03-14.hpkg"
