"""First run, Återställ från kopia (issue 11): after the restore the app opens the
restored data in place and goes to the login, without a restart."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWizard
from pytestqt.qtbot import QtBot

from handledare_app.domain.errors import UserError
from handledare_app.services import installation_copy
from handledare_app.services.app import App, open_app
from handledare_app.ui.background import wait_for_all
from handledare_app.ui.login_dialog import LoginDialog
from handledare_app.ui.main_window import MainWindow
from handledare_app.ui.session import open_session
from handledare_app.ui.setup_ways import RESTORE
from handledare_app.ui.setup_wizard import SetupWizard
from tests.conftest import ADMIN_PIN

from .conftest import Boxes

D = TypeVar("D", bound=QDialog)
PASSPHRASE = "en lång lösenfras"


def drive(monkeypatch: pytest.MonkeyPatch, cls: type[D], steps: list[Callable[[D], None]]) -> None:
    """Each exec() of `cls` shows the real dialog and runs the next step on it."""

    def exec_(dialog: D) -> int:
        assert steps, f"{cls.__name__} opened more often than meant"
        dialog.show()
        steps.pop(0)(dialog)
        return int(dialog.result())

    monkeypatch.setattr(cls, "exec", exec_)


@pytest.fixture
def copy(set_up_template: Path, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A `.hkopia` of a set-up installation, and its workplace id."""
    shutil.copytree(set_up_template, tmp_path / "source")
    with open_app(tmp_path / "source") as source:
        out = tmp_path / "kopia.hkopia"
        installation_copy.write_copy(source.paths, out, PASSPHRASE)
        yield out, source.setup.workplace().id


def _shots() -> Path | None:
    folder = os.environ.get("HANDLEDARE_TEST_SHOTS")
    return Path(folder) if folder else None


def test_restore_in_the_wizard_opens_in_place_and_logs_in(
    qtbot: QtBot,
    empty_app: App,
    copy: tuple[Path, str],
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source, workplace = copy
    shots = _shots()

    def restore(wizard: SetupWizard) -> None:
        wizard.welcome_page.ways.choose(RESTORE)
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
        wizard.restore_page.file_edit.setText(str(source))
        wizard.restore_page.secret_edit.setText(PASSPHRASE)
        if shots is not None:
            wizard.grab().save(str(shots / "wizard-restore.png"))
        qtbot.mouseClick(
            wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton
        )
        qtbot.waitUntil(lambda: not wizard.working, timeout=10_000)  # on the task runner

    def log_in(dialog: LoginDialog) -> None:
        assert dialog.name_list.count() >= 1  # the restored supervisors
        dialog.name_list.setCurrentRow(0)
        if shots is not None:
            dialog.grab().save(str(shots / "login-after-restore.png"))
        qtbot.keyClicks(dialog.pin_edit, ADMIN_PIN)
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
        wait_for_all()  # the PIN check's answer comes back as a callback

    drive(monkeypatch, SetupWizard, [restore])
    drive(monkeypatch, LoginDialog, [log_in])
    opened = open_session(empty_app)
    assert opened is not None
    app, user = opened
    assert app is not empty_app  # reopened in place: no restart asked for
    try:
        assert app.setup.workplace().id == workplace
        assert app.supervisors.login(user.id, ADMIN_PIN).id == user.id
        assert not any("Starta den igen" in t for t in boxes.texts())
        assert "Logga in med din PIN-kod" in boxes.texts("information")[-1]
        window = MainWindow()
        qtbot.addWidget(window)
        window.attach(app, user)
        window.show()
        qtbot.waitExposed(window)
        assert window.app is app and window.nav.isEnabled()
        if shots is not None:
            window.grab().save(str(shots / "window-after-restore.png"))
        wait_for_all()
    finally:
        app.close()


def test_a_failed_restore_leaves_a_usable_empty_folder(
    qtbot: QtBot,
    empty_app: App,
    copy: tuple[Path, str],
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A copy that fails after the App was closed: the folder reopens unchanged, the
    wizard goes on with it; cancelling then closes it and quits quietly."""
    source, _ = copy

    def broken(*_args: object, **_kwargs: object) -> None:
        raise UserError("Kopian är skadad.")

    monkeypatch.setattr(installation_copy, "restore_copy", broken)

    def restore(wizard: SetupWizard) -> None:
        wizard.welcome_page.ways.choose(RESTORE)
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
        wizard.restore_page.file_edit.setText(str(source))
        wizard.restore_page.secret_edit.setText(PASSPHRASE)
        qtbot.mouseClick(
            wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton
        )
        qtbot.waitUntil(lambda: not wizard.working, timeout=10_000)  # on the task runner
        assert wizard.isVisible() and wizard.reopened_app is not None
        assert not wizard.reopened_app.setup.is_set_up()
        assert "Kopian är skadad." in boxes.texts("warning")[-1]
        QWizard.reject(wizard)

    drive(monkeypatch, SetupWizard, [restore])
    assert open_session(empty_app) is None
    with open_app(empty_app.paths.root) as again:  # the reopened App was closed
        assert not again.setup.is_set_up()
