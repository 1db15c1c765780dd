"""Participant page privacy actions and Inställningar → Gallring (issue 15)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import PlacementOutcome, Role
from handledare_app.domain.records import ParticipantDetail, SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.pages.retention_section import RetentionSectionWidget
from handledare_app.ui.participant.page import ParticipantPage
from handledare_app.ui.participant.privacy_actions import ErasureDialog
from tests.helpers import new_participant
from tests.ui.conftest import Boxes


def test_page_extracts_and_erases(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
    boxes: Boxes,
    tmp_path: Path,
) -> None:
    page = ParticipantPage(app, admin, participant.id)
    qtbot.addWidget(page)
    actions = page.privacy_actions
    assert actions.erase_button.isVisibleTo(page)
    assert actions.extract_to(tmp_path) is not None  # on the task runner (issue 14)
    qtbot.waitUntil(lambda: bool(boxes.texts("information")), timeout=5000)
    [folder] = [p.parent for p in tmp_path.rglob("registerutdrag.pdf")]
    assert any(str(folder) in t for t in boxes.texts("information"))
    dialog = ErasureDialog(app.erasure.preview(participant.id), page)
    qtbot.addWidget(dialog)
    assert not dialog.erase_button.isEnabled()
    dialog.reason.setText("Begäran")
    assert not dialog.erase_button.isEnabled()
    dialog.confirm.setChecked(True)
    assert dialog.erase_button.isEnabled()
    with qtbot.waitSignal(actions.erased, timeout=5000):
        assert actions.erase("Begäran") is not None
    assert page.name_label.text() == "Raderad"
    assert not actions.erase_button.isEnabled()


def test_erase_button_hidden_for_a_supervisor(
    qtbot: QtBot, app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    sup = app.supervisors.add(admin_id, "Leila Haddad", "7391", {Role.SUPERVISOR})
    page = ParticipantPage(app, app.supervisors.get(sup.id), participant.id)
    qtbot.addWidget(page)
    assert not page.privacy_actions.erase_button.isVisibleTo(page)
    assert page.privacy_actions.extract_button.isEnabled()


def test_settings_show_what_is_due_and_run(
    qtbot: QtBot, app: App, admin: SupervisorInfo, admin_id: str, boxes: Boxes
) -> None:
    p = new_participant(app, admin_id, "Gammal", start_date=dt.date(2018, 1, 8))
    app.participants.close(admin_id, p.id, dt.date(2019, 5, 2), next(iter(PlacementOutcome)))
    section = RetentionSectionWidget(app, admin)
    qtbot.addWidget(section)
    assert "1 deltagare avslutade före" in section.due_label.text()
    assert section.run_button.isEnabled()
    boxes.question_answer = boxes.question_answer.Yes
    assert section.ask_and_run() is not None
    qtbot.waitUntil(lambda: bool(boxes.texts("information")), timeout=5000)
    assert app.participants.get(p.id).first_name == "Raderad"
    assert section.due_label.text() == "Inget att gallra just nu."
    assert any("Gallrat: 1 deltagare" in t for t in boxes.texts("information"))


def test_erasure_dialog_shows_every_line_at_150_percent_font(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail
) -> None:
    from PySide6.QtWidgets import QApplication, QLabel

    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    old = qapp.font()
    font = qapp.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    qapp.setFont(font)
    try:
        dialog = ErasureDialog(app.erasure.preview(participant.id))
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.height() <= 690
        for label in dialog.findChildren(QLabel):
            if label.wordWrap():  # wrapped text gets the height it needs at its width
                assert label.height() >= label.heightForWidth(label.width()), label.text()
    finally:
        qapp.setFont(old)
