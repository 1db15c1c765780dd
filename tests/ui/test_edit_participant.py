"""Ändra uppgifter on the participant page (issue 13)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import EvidenceType, Gender
from handledare_app.domain.records import ParticipantDetail, SupervisorInfo
from handledare_app.services.app import App
from handledare_app.services.demo_images import demo_photo
from handledare_app.ui.background import wait_for_all
from handledare_app.ui.participant.edit_dialog import NO_BIRTH_YEAR, EditParticipantDialog
from handledare_app.ui.participant.page import ParticipantPage

from .conftest import Boxes


@pytest.fixture
def page(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail, boxes: Boxes
) -> Iterator[ParticipantPage]:
    widget = ParticipantPage(app, admin, participant.id)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    wait_for_all()


def test_edit_names_contact_and_withdraw_consent_deleting_photos(
    page: ParticipantPage,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
    boxes: Boxes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app.participants.set_photo_consent(admin.id, participant.id, True, dt.date(2026, 9, 2))
    photo = tmp_path / "kassan.png"
    photo.write_bytes(demo_photo(2, 200, 150))
    app.evidence.add(
        admin.id,
        participant.id,
        type=EvidenceType.PHOTO,
        date=dt.date(2026, 10, 1),
        title="Kassan",
        files=[photo],
    )

    def fill(dialog: EditParticipantDialog) -> int:
        assert dialog.consent_check.isChecked()
        assert dialog.consent_date.date().toPython() == dt.date(2026, 9, 2)
        dialog.last_name_edit.setText("Ekström-Lind")
        dialog.phone_edit.setText("070-123 45 67")
        dialog.birth_year.setValue(1990)
        dialog.gender_combo.setCurrentIndex(dialog.gender_combo.findData(Gender.WOMAN.value))
        dialog.consent_check.setChecked(False)
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(EditParticipantDialog, "exec", fill)
    boxes.question_answer = QMessageBox.StandardButton.Yes
    assert page.edit_button.isEnabled()
    assert page.edit_details() is True
    detail = app.participants.get(participant.id)
    assert (detail.last_name, detail.phone, detail.birth_year, detail.gender) == (
        "Ekström-Lind",
        "070-123 45 67",
        1990,
        Gender.WOMAN,
    )
    assert not detail.photo_consent and detail.photo_consent_date is None
    assert page.name_label.text() == "Märta Ekström-Lind"
    assert any("visas inte längre under Visa för deltagaren" in t for t in boxes.texts("question"))
    assert app.participant_edit.photo_count(participant.id) == 0
    assert "1 foto togs bort." in boxes.texts("information")


def test_cancel_with_changes_asks(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail, boxes: Boxes
) -> None:
    dialog = EditParticipantDialog(app, admin, participant.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.email_edit.setText("marta@example.se")
    boxes.question_answer = QMessageBox.StandardButton.No
    dialog.reject()
    assert dialog.isVisible() and len(boxes.texts("question")) == 1
    boxes.question_answer = QMessageBox.StandardButton.Yes
    dialog.reject()
    assert not dialog.isVisible()
    assert app.participants.get(participant.id).email == ""


def test_birth_year_can_be_cleared_in_the_dialog(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail
) -> None:
    app.participants.update(admin.id, participant.id, birth_year=1988)
    dialog = EditParticipantDialog(app, admin, participant.id)
    qtbot.addWidget(dialog)
    assert dialog.birth_year.value() == 1988
    dialog.birth_year.setValue(NO_BIRTH_YEAR)
    assert dialog.birth_year.text() == "–"
    dialog.save()
    assert dialog.saved
    assert app.participants.get(participant.id).birth_year is None


def test_a_refused_date_saves_none_of_the_other_changes(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail, boxes: Boxes
) -> None:
    """Name, consent and dates are saved together or not at all: a start date typed as
    1926 keeps the dialog open with everything typed, and the new name is not saved."""
    dialog = EditParticipantDialog(app, admin, participant.id)
    qtbot.addWidget(dialog)
    dialog.first_name_edit.setText("Marta")
    dialog.consent_check.setChecked(True)
    dialog.start_edit.setDate(dt.date(1926, 9, 1))
    dialog.save_button.click()
    assert "före år 2000" in dialog.error_label.text()
    assert dialog.first_name_edit.text() == "Marta" and dialog.result() == 0
    after = app.participants.get(participant.id)
    assert (after.first_name, after.photo_consent) == ("Märta", False)
    dialog.start_edit.setDate(dt.date(2026, 9, 1))
    dialog.save_button.click()
    after = app.participants.get(participant.id)
    assert (after.first_name, after.photo_consent) == ("Marta", True)
