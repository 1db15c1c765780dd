"""The Deltagarvy: the participant's own progress, full screen, closed only with the PIN."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QProgressBar,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import AssessmentStatus, EvidenceType
from handledare_app.domain.records import ParticipantDetail, SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui import participant_view
from handledare_app.ui.participant_view import ParticipantViewDialog, show_participant_view
from handledare_app.ui.tasks import wait_for_all
from tests.conftest import ADMIN_PIN
from tests.helpers import new_participant, tiny_png

from .conftest import Boxes


@pytest.fixture
def busy_participant(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> str:
    """Märta with two modules in progress, a photo (with consent), and a neighbour, Bengt."""
    app.setup.update_workplace(admin_id, personnummer_enabled=True)
    app.participants.update(admin_id, participant.id, personnummer="19121212-1212")
    app.participants.set_photo_consent(admin_id, participant.id, True, dt.date(2026, 9, 2))
    e1 = app.journey.enroll(admin_id, participant.id, "BUT-01")
    app.journey.enroll(admin_id, participant.id, "GEN-01")
    photo = tmp_path / "foto.png"
    photo.write_bytes(tiny_png())
    app.evidence.add(
        admin_id,
        participant.id,
        type=EvidenceType.PHOTO,
        date=dt.date(2026, 10, 1),
        title="Sorterade kläder på lagret",
        description="Handledarens anteckning",
        criterion_ids=[c.id for c in app.assessment.enrollment(e1).module.criteria[:4]],
        files=[photo],
    )
    for c in app.assessment.enrollment(e1).module.criteria[:4]:
        app.assessment.judge(admin_id, e1, c.id, AssessmentStatus.ACHIEVED, "Intern kommentar")
    app.journey.add_follow_up(
        admin_id,
        participant.id,
        date=dt.date(2026, 10, 2),
        attendees="Märta, handledaren",
        notes="Hemlig uppföljningsanteckning",
    )
    other = new_participant(app, admin_id, "Bengt", last_name="Bengtsson")
    app.journey.enroll(admin_id, other.id, "BUT-01")
    return participant.id


def all_text(root: QWidget) -> str:
    parts = [w.text() for w in root.findChildren(QLabel)]
    parts += [b.format() + " " + b.accessibleName() for b in root.findChildren(QProgressBar)]
    parts += [
        w.accessibleName() + " " + w.accessibleDescription() for w in root.findChildren(QWidget)
    ]
    return "\n".join(parts)


@pytest.fixture
def view(
    qtbot: QtBot, app: App, admin: SupervisorInfo, busy_participant: str
) -> Iterator[ParticipantViewDialog]:
    dialog = ParticipantViewDialog(app, admin, busy_participant)
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    yield dialog
    dialog.unlocked = True  # teardown's close() is refused like any other without the PIN
    dialog.close()
    assert not dialog.isVisible()


def test_shows_the_name_bars_and_nothing_private(view: ParticipantViewDialog, app: App) -> None:
    assert view.greeting.text() == "Hej Märta!"
    assert [b.format() for b in view.bars] == [
        "4 av 10 steg klara",
        f"0 av {len(app.catalogue.newest_version('GEN-01').criteria)} steg klara",
    ]
    text = all_text(view)
    assert "Du har klarat 4 av 10 steg." in text
    assert "Du är i steg 3 av 5: Uppföljning." in text
    assert "Sorterade kläder på lagret" in text
    assert "Foto: Sorterade kläder på lagret" in text  # thumbnail shown with consent
    for private in (
        "Bengt",
        "Ekström",
        "121212",
        "Intern kommentar",
        "Handledarens anteckning",
        "Hemlig",
    ):
        assert private not in text, private
    assert view.findChildren(QTableView) == []


def test_leaving_needs_the_right_pin(
    qtbot: QtBot, view: ParticipantViewDialog, admin_id: str
) -> None:
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.pin_panel.isVisible() and view.isVisible()

    qtbot.keyClicks(view.pin_edit, "1111")
    view.unlock_button.click()
    wait_for_all()  # the PIN check's answer comes back as a callback
    assert view.isVisible() and not view.unlocked
    assert view.pin_error.text() == participant_view.WRONG_PIN
    assert view.pin_edit.text() == ""

    view.close()  # Alt+F4 and the window's close button end up here
    assert view.isVisible()
    view.reject()
    assert view.isVisible()
    view.done(0)
    assert view.isVisible()

    qtbot.keyClicks(view.pin_edit, ADMIN_PIN)
    qtbot.keyClick(view.pin_edit, Qt.Key.Key_Return)
    wait_for_all()
    assert view.unlocked and not view.isVisible()


def test_fortsatt_visa_hides_the_prompt(qtbot: QtBot, view: ParticipantViewDialog) -> None:
    view.close_button.click()
    assert view.pin_panel.isVisible() and not view.close_button.isVisible()
    qtbot.keyClicks(view.pin_edit, "12")
    view.stay_button.click()
    assert not view.pin_panel.isVisible() and view.pin_edit.text() == ""
    assert view.isVisible()


def test_show_participant_view_opens_full_screen(
    qtbot: QtBot, app: App, admin: SupervisorInfo, busy_participant: str, boxes: Boxes
) -> None:
    show_participant_view(app, admin, busy_participant)
    views = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, ParticipantViewDialog) and w.isVisible()
    ]
    assert views == list(participant_view._open_views) and len(views) == 1
    view = views[0]
    assert view.windowState() & Qt.WindowState.WindowFullScreen
    assert view.isModal() or view.windowModality() == Qt.WindowModality.ApplicationModal
    qtbot.keyClicks(view.pin_edit, ADMIN_PIN)
    view.try_unlock()
    qtbot.waitUntil(lambda: not participant_view._open_views)


def test_empty_plan_and_controls_named(
    qtbot: QtBot, app: App, admin: SupervisorInfo, admin_id: str
) -> None:
    p = new_participant(app, admin_id, "Olga")
    view = ParticipantViewDialog(app, admin, p.id)
    qtbot.addWidget(view)  # never shown, so nothing to unlock
    assert "Du har inga moduler ännu." in all_text(view)
    assert view.bars == []
    for cls in (QAbstractButton, QLineEdit):
        assert all(w.accessibleName() for w in view.findChildren(cls))
    shots = participant_view.screenshot_widgets(app, admin, p.id)
    assert [name for name, _w in shots] == ["deltagarvy"]
    for _name, widget in shots:
        qtbot.addWidget(widget)
        assert widget.size().width() == 1366


def test_guessing_is_slowed_down(qtbot: QtBot, view: ParticipantViewDialog, admin_id: str) -> None:
    """The service's throttle (kept across restarts, shared with login and signing) is
    the only one: the field rests as long as it says."""
    now = [1000.0]
    view.app.supervisors.pin_clock = lambda: now[0]
    view.ask_pin()
    for guess in ("1111", "2222"):
        qtbot.keyClicks(view.pin_edit, guess)
        view.unlock_button.click()
        wait_for_all()
        assert view.pin_edit.isEnabled()
    qtbot.keyClicks(view.pin_edit, "3333")
    view.unlock_button.click()
    wait_for_all()
    assert not view.pin_edit.isEnabled() and not view.unlock_button.isEnabled()
    assert view.pin_error.text() == participant_view.resting_text(5)
    assert view.pause_timer.isActive() and view.pause_timer.interval() == 5000
    assert view.app.supervisors.pin_wait(admin_id) == 5  # the same count as at login
    view.try_unlock()  # refused while resting, even with the right PIN typed earlier
    assert view.isVisible() and not view.checking
    now[0] += 5
    view.pause_timer.timeout.emit()
    assert view.pin_edit.isEnabled() and view.pin_error.text() == ""
    qtbot.keyClicks(view.pin_edit, ADMIN_PIN)
    view.unlock_button.click()
    wait_for_all()
    assert view.unlocked and not view.isVisible()
