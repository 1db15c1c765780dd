"""The Synkronisera button on Utbyte (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from handledare_app.services.app import App
from handledare_app.ui.pages.exchange import ExchangePageWidget
from tests.exchange_helpers import rich_participant
from tests.sync_helpers import fast_seal, join


def test_sync_button_reads_and_writes_and_remembers_the_folder(
    qtbot, app: App, admin_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    fast_seal(monkeypatch)
    other = join(app, tmp_path, "Butikslaptop")
    try:
        rich_participant(other, admin_id, "Åke", tmp_path)
        folder = tmp_path / "sticka"
        folder.mkdir()
        other.sync.run(folder)
        page = ExchangePageWidget(app, app.supervisors.list()[0])
        qtbot.addWidget(page)
        panel = page.sync_panel
        assert not panel.sync_button.isEnabled()  # no folder chosen yet
        panel.folder = folder
        panel.start_sync()
        qtbot.waitUntil(lambda: bool(panel.result.text() or panel.error.text()), timeout=30000)
        assert panel.result.text().startswith("1 ny eller ändrad deltagare"), panel.error.text()
        assert "från Butikslaptop" in panel.result.text()
        assert not panel.bar.isVisible()
        assert app.sync.folder() == folder
        again = ExchangePageWidget(app, app.supervisors.list()[0])
        qtbot.addWidget(again)
        assert again.sync_panel.sync_button.isEnabled()
        assert str(folder) in again.sync_panel.folder_label.text()
    finally:
        other.close()


def test_missing_folder_shows_a_swedish_error(qtbot, app: App, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = ExchangePageWidget(app, app.supervisors.list()[0])
    qtbot.addWidget(page)
    panel = page.sync_panel
    panel.folder = tmp_path / "borta"
    panel.start_sync()
    qtbot.waitUntil(lambda: bool(panel.error.text()), timeout=30000)
    assert "Sätt i USB-minnet" in panel.error.text()
    assert panel.choose_button.isEnabled()


def test_admin_invites_from_settings(
    qtbot, app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from handledare_app.services.app import open_app
    from handledare_app.ui.pages.settings import SettingsPageWidget

    fast_seal(monkeypatch)
    page = SettingsPageWidget(app, app.supervisors.list()[0])
    qtbot.addWidget(page)
    panel = page.invite_panel
    assert panel.invite_button.isEnabled()
    out = tmp_path / "ny.hinbjudan"
    panel.start_invite(out)
    qtbot.waitUntil(lambda: "Kod att skriva in" in panel.result.text(), timeout=30000)
    code = panel.result.text().rsplit(" ", 1)[-1]
    other = open_app(tmp_path / "ny")
    try:
        other.joining.join(out, code, "Ny")
        assert other.setup.workplace().id == app.setup.workplace().id
    finally:
        other.close()


def test_admin_removes_a_computer_from_settings(
    qtbot, app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from handledare_app.services import retirement
    from handledare_app.ui.pages.settings import SettingsPageWidget

    fast_seal(monkeypatch)
    other = join(app, tmp_path, "Gamla laptopen")
    folder = tmp_path / "sticka"
    folder.mkdir()
    try:
        other.sync.run(folder)
        app.sync.run(folder)
        page = SettingsPageWidget(app, app.supervisors.list()[0])
        qtbot.addWidget(page)
        panel = page.invite_panel
        asked: list[list[str]] = []

        def pick(_parent, _title, _label, items, *_args):  # type: ignore[no-untyped-def]
            asked.append(list(items))
            return items[0], True

        monkeypatch.setattr(QInputDialog, "getItem", pick)
        boxes.question_answer = QMessageBox.StandardButton.No
        qtbot.mouseClick(panel.retire_button, Qt.MouseButton.LeftButton)
        assert asked == [["Gamla laptopen"]] and retirement.retired_ids(app) == set()
        boxes.question_answer = QMessageBox.StandardButton.Yes
        qtbot.mouseClick(panel.retire_button, Qt.MouseButton.LeftButton)
        assert retirement.retired_ids(app) == {other.db.installation_id}
        assert "Gamla laptopen är borttagen" in panel.result.text()
        assert "nätverksfilen" in boxes.texts("question")[-1]
        qtbot.mouseClick(panel.retire_button, Qt.MouseButton.LeftButton)  # none left
        assert boxes.texts("information")[-1] == "Arbetsplatsen har inga andra datorer."
    finally:
        other.close()


def test_two_computers_of_the_same_name_are_told_apart(
    qtbot, app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from handledare_app.services import retirement
    from handledare_app.ui.pages.settings import SettingsPageWidget

    fast_seal(monkeypatch)
    first = join(app, tmp_path, "Bärbar dator", "forsta")
    second = join(app, tmp_path, "Bärbar dator", "andra")
    folder = tmp_path / "sticka"
    folder.mkdir()
    try:
        first.sync.run(folder)
        second.sync.run(folder)
        app.sync.run(folder)
        page = SettingsPageWidget(app, app.supervisors.list()[0])
        qtbot.addWidget(page)
        asked: list[list[str]] = []

        def pick_second(_parent, _title, _label, items, *_args):  # type: ignore[no-untyped-def]
            asked.append(list(items))
            wanted = next(i for i in items if second.db.installation_id[-8:] in i)
            return wanted, True

        monkeypatch.setattr(QInputDialog, "getItem", pick_second)
        boxes.question_answer = QMessageBox.StandardButton.Yes
        qtbot.mouseClick(page.invite_panel.retire_button, Qt.MouseButton.LeftButton)
        [items] = asked
        assert len(set(items)) == 2 and all(i.startswith("Bärbar dator (id …") for i in items)
        assert retirement.retired_ids(app) == {second.db.installation_id}
    finally:
        first.close()
        second.close()
