"""The first-run wizard, driven page by page the way a user would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard
from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import Role
from handledare_app.domain.errors import DataDirError, ValidationError
from handledare_app.services.app import App
from handledare_app.ui.setup_wizard import (
    DEFAULT_INSTALLATION_NAME,
    PIN_MISMATCH,
    SetupWizard,
    pin_problem,
)

from .conftest import Boxes

NEXT = QWizard.WizardButton.NextButton
FINISH = QWizard.WizardButton.FinishButton
CANCEL = QWizard.WizardButton.CancelButton


@pytest.fixture
def wizard(qtbot: QtBot, empty_app: App, boxes: Boxes) -> SetupWizard:
    """Shown, with message boxes recorded (closing it at teardown may ask a question)."""
    wiz = SetupWizard(empty_app)
    qtbot.addWidget(wiz)
    wiz.show()
    qtbot.waitExposed(wiz)
    return wiz


def click(qtbot: QtBot, wizard: SetupWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def finish(qtbot: QtBot, wizard: SetupWizard) -> None:
    """Slutför, then wait for the work on the task runner and its outcome."""
    click(qtbot, wizard, FINISH)
    qtbot.waitUntil(lambda: not wizard.working, timeout=10_000)


def go_to_admin_page(qtbot: QtBot, wizard: SetupWizard) -> None:
    click(qtbot, wizard, NEXT)
    qtbot.keyClicks(wizard.workplace_page.name_edit, "Framstegs Secondhand")
    click(qtbot, wizard, NEXT)
    click(qtbot, wizard, NEXT)
    assert wizard.currentPage() is wizard.admin_page


def test_swedish_button_texts(wizard: SetupWizard) -> None:
    texts = {which: wizard.buttonText(which).replace("&", "") for which in (NEXT, FINISH, CANCEL)}
    assert texts == {NEXT: "Nästa >", FINISH: "Slutför", CANCEL: "Avbryt"}
    assert wizard.buttonText(QWizard.WizardButton.BackButton).replace("&", "") == "< Tillbaka"


def test_wizard_through_every_page_sets_up_everything(
    qtbot: QtBot, wizard: SetupWizard, empty_app: App
) -> None:
    assert wizard.currentPage() is wizard.welcome_page
    click(qtbot, wizard, NEXT)

    assert wizard.currentPage() is wizard.workplace_page
    assert not wizard.button(NEXT).isEnabled(), "Next must wait for a workplace name"
    qtbot.keyClicks(wizard.workplace_page.name_edit, "Framstegs Secondhand")
    click(qtbot, wizard, NEXT)

    assert wizard.currentPage() is wizard.installation_page
    edit = wizard.installation_page.name_edit
    assert edit.text() == DEFAULT_INSTALLATION_NAME
    assert wizard.button(NEXT).isEnabled(), "the default name is good enough"
    edit.clear()
    assert not wizard.button(NEXT).isEnabled()
    qtbot.keyClicks(edit, "Kontorsdatorn")
    click(qtbot, wizard, NEXT)

    assert wizard.currentPage() is wizard.admin_page
    page = wizard.admin_page
    qtbot.keyClicks(page.name_edit, "Åsa Öberg")
    qtbot.keyClicks(page.pin_edit, "4821")
    assert not wizard.button(NEXT).isEnabled()
    qtbot.keyClicks(page.pin2_edit, "4821")
    assert page.error_label.isHidden()
    click(qtbot, wizard, NEXT)

    assert wizard.currentPage() is wizard.catalogue_page
    assert wizard.catalogue_page.example_check.isChecked()
    click(qtbot, wizard, NEXT)

    assert wizard.currentPage() is wizard.summary_page
    summary = " ".join(label.text() for label in wizard.summary_page._values.values())
    assert "Framstegs Secondhand" in summary and "Kontorsdatorn" in summary
    assert "4821" not in summary
    finish(qtbot, wizard)

    assert wizard.result() == QWizard.DialogCode.Accepted
    assert empty_app.setup.is_set_up()
    assert empty_app.setup.workplace().name == "Framstegs Secondhand"
    assert empty_app.setup.installation().name == "Kontorsdatorn"
    admin = empty_app.supervisors.get(wizard.admin_id or "")
    assert admin.name == "Åsa Öberg" and Role.ADMIN in admin.roles
    assert empty_app.supervisors.login(admin.id, "4821").id == admin.id
    assert len(empty_app.catalogue.business_areas()) >= 6


def test_unchecking_the_example_catalogue_loads_nothing(
    qtbot: QtBot, wizard: SetupWizard, empty_app: App
) -> None:
    go_to_admin_page(qtbot, wizard)
    qtbot.keyClicks(wizard.admin_page.name_edit, "Åsa Öberg")
    qtbot.keyClicks(wizard.admin_page.pin_edit, "4821")
    qtbot.keyClicks(wizard.admin_page.pin2_edit, "4821")
    click(qtbot, wizard, NEXT)
    qtbot.keyClick(wizard.catalogue_page.example_check, Qt.Key.Key_Space)
    assert not wizard.catalogue_page.example_check.isChecked()
    click(qtbot, wizard, NEXT)
    finish(qtbot, wizard)
    assert empty_app.setup.is_set_up()
    assert empty_app.catalogue.business_areas() == []


def test_pin_mismatch_is_shown_inline_and_blocks_next(qtbot: QtBot, wizard: SetupWizard) -> None:
    go_to_admin_page(qtbot, wizard)
    page = wizard.admin_page
    qtbot.keyClicks(page.name_edit, "Åsa Öberg")
    qtbot.keyClicks(page.pin_edit, "4821")
    qtbot.keyClicks(page.pin2_edit, "4822")
    assert not wizard.button(NEXT).isEnabled()
    assert not page.error_label.isHidden()
    assert page.error_label.text() == PIN_MISMATCH

    page.pin2_edit.backspace()
    qtbot.keyClicks(page.pin2_edit, "1")
    assert wizard.button(NEXT).isEnabled()
    assert page.error_label.isHidden()


def test_pin_field_takes_digits_only_and_is_masked(qtbot: QtBot, wizard: SetupWizard) -> None:
    go_to_admin_page(qtbot, wizard)
    edit = wizard.admin_page.pin_edit
    qtbot.keyClicks(edit, "48a2-1")
    assert edit.text() == "4821"
    assert edit.echoMode() == edit.EchoMode.Password
    qtbot.keyClicks(edit, "1234567890")
    assert len(edit.text()) == 12


def test_easy_pin_is_refused_inline(qtbot: QtBot, wizard: SetupWizard) -> None:
    go_to_admin_page(qtbot, wizard)
    page = wizard.admin_page
    qtbot.keyClicks(page.name_edit, "Åsa Öberg")
    qtbot.keyClicks(page.pin_edit, "1234")
    qtbot.keyClicks(page.pin2_edit, "1234")
    assert not wizard.button(NEXT).isEnabled()
    assert "lätt att gissa" in page.error_label.text()


def test_pin_problem_waits_while_the_repeat_is_being_typed() -> None:
    assert pin_problem("4821", "48", final=False) == ""
    assert pin_problem("4821", "49", final=False) == PIN_MISMATCH
    assert pin_problem("4821", "48", final=True) == PIN_MISMATCH
    assert pin_problem("48", "", final=False) == ""
    assert "4–12 siffror" in pin_problem("48", "", final=True)


def test_validation_error_on_finish_is_shown_and_the_wizard_stays(
    qtbot: QtBot,
    wizard: SetupWizard,
    empty_app: App,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> str:
        raise ValidationError("Uppgifterna behöver rättas.", ["Ange arbetsplatsens namn."])

    monkeypatch.setattr(empty_app.setup, "set_up", refuse)
    go_to_admin_page(qtbot, wizard)
    qtbot.keyClicks(wizard.admin_page.name_edit, "Åsa Öberg")
    qtbot.keyClicks(wizard.admin_page.pin_edit, "4821")
    qtbot.keyClicks(wizard.admin_page.pin2_edit, "4821")
    click(qtbot, wizard, NEXT)
    click(qtbot, wizard, NEXT)
    finish(qtbot, wizard)

    assert boxes.texts("warning") == ["Uppgifterna behöver rättas.\n  • Ange arbetsplatsens namn."]
    assert wizard.isVisible()
    assert wizard.currentPage() is wizard.summary_page
    assert wizard.admin_id is None


def test_cancel_with_typed_data_asks_first(qtbot: QtBot, wizard: SetupWizard, boxes: Boxes) -> None:
    click(qtbot, wizard, NEXT)
    qtbot.keyClicks(wizard.workplace_page.name_edit, "Framstegs")

    boxes.question_answer = QMessageBox.StandardButton.No
    click(qtbot, wizard, CANCEL)
    assert len(boxes.texts("question")) == 1
    assert "inte sparat" in boxes.texts("question")[0]
    assert wizard.isVisible(), "answering No keeps the wizard and what was typed"
    assert wizard.workplace_page.name_edit.text() == "Framstegs"

    boxes.question_answer = QMessageBox.StandardButton.Yes
    click(qtbot, wizard, CANCEL)
    assert not wizard.isVisible()
    assert wizard.result() == QWizard.DialogCode.Rejected


def test_cancel_without_typed_data_does_not_ask(
    qtbot: QtBot, wizard: SetupWizard, boxes: Boxes, empty_app: App
) -> None:
    click(qtbot, wizard, CANCEL)
    assert boxes.shown == []
    assert not wizard.isVisible()
    assert not empty_app.setup.is_set_up()


def test_escape_with_typed_data_asks_too(qtbot: QtBot, wizard: SetupWizard, boxes: Boxes) -> None:
    go_to_admin_page(qtbot, wizard)
    qtbot.keyClicks(wizard.admin_page.pin_edit, "48")
    qtbot.keyClick(wizard.admin_page.pin_edit, Qt.Key.Key_Escape)
    assert len(boxes.texts("question")) == 1
    assert wizard.isVisible()


# --- issue 11: the other two ways in -------------------------------------------------


@pytest.fixture
def inviter(set_up_template, tmp_path):  # type: ignore[no-untyped-def]
    """Another, set-up installation (the wizard's own app is the empty one)."""
    import shutil

    from handledare_app.services.app import open_app

    shutil.copytree(set_up_template, tmp_path / "inviter")
    other = open_app(tmp_path / "inviter")
    yield other
    other.close()


def test_join_through_the_wizard(
    qtbot: QtBot,
    wizard: SetupWizard,
    empty_app: App,
    inviter: App,
    tmp_path,
    boxes: Boxes,
    monkeypatch,
) -> None:  # type: ignore[no-untyped-def]
    from handledare_app.ui.setup_ways import JOIN
    from tests.sync_helpers import fast_seal

    fast_seal(monkeypatch)
    inv = inviter.joining.invite(None, tmp_path / "x.hinbjudan")
    wizard.welcome_page.ways.choose(JOIN)
    click(qtbot, wizard, NEXT)
    assert wizard.currentPage() is wizard.join_page
    wizard.join_page.file_edit.setText(str(inv.path))
    wizard.join_page.secret_edit.setText("fel-kod")
    finish(qtbot, wizard)
    assert not empty_app.setup.is_set_up() and wizard.isVisible()  # said why, stays
    wizard.join_page.secret_edit.setText(inv.code)
    finish(qtbot, wizard)
    assert empty_app.setup.workplace().id == inviter.setup.workplace().id
    assert wizard.reopened_app is None and wizard.admin_id is None  # log in next


def test_first_run_restore_from_copy_in_the_wizard(
    qtbot: QtBot, wizard: SetupWizard, empty_app: App, inviter: App, tmp_path, boxes: Boxes
) -> None:  # type: ignore[no-untyped-def]
    from handledare_app.services import installation_copy
    from handledare_app.services.app import open_app
    from handledare_app.ui.setup_ways import RESTORE

    copy = tmp_path / "kopia.hkopia"
    installation_copy.write_copy(inviter.paths, copy, "en lång lösenfras")
    workplace = inviter.setup.workplace().id
    wizard.welcome_page.ways.choose(RESTORE)
    click(qtbot, wizard, NEXT)
    assert wizard.currentPage() is wizard.restore_page
    wizard.restore_page.file_edit.setText(str(copy))
    wizard.restore_page.secret_edit.setText("fel lösenfras!")
    finish(qtbot, wizard)
    assert wizard.isVisible() and wizard.reopened_app is None  # nothing closed
    assert not empty_app.setup.is_set_up()
    wizard.restore_page.secret_edit.setText("en lång lösenfras")
    finish(qtbot, wizard)
    reopened = wizard.reopened_app
    assert reopened is not None and reopened is not empty_app  # opened in place
    try:
        assert reopened.setup.workplace().id == workplace
        assert not wizard.isVisible()
        assert "Logga in med din PIN-kod" in boxes.texts("information")[-1]
        with pytest.raises(DataDirError):  # the lock passed to the reopened App
            open_app(empty_app.paths.root)
    finally:
        reopened.close()
