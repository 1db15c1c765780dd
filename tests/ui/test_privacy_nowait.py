"""Registerutdrag, erasure and Gallra on the task runner (issue 14): the buttons are
disabled while the work runs, the window handles input, the outcome is shown when it is
done and a refusal is shown in Swedish."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import PlacementOutcome
from handledare_app.domain.errors import UserError
from handledare_app.domain.records import ParticipantDetail, SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui import tasks
from handledare_app.ui.pages.retention_section import RetentionSectionWidget
from handledare_app.ui.participant.page import ParticipantPage
from handledare_app.ui.participant.privacy_actions import ErasureDialog, PrivacyActions
from tests.helpers import new_participant

from .blocking import Blocked, gui_handles_input
from .conftest import Boxes


def test_erasure_runs_once_off_the_gui_thread_then_the_page_says_raderad(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    page = ParticipantPage(app, admin, participant.id)
    qtbot.addWidget(page)
    actions = page.privacy_actions
    blocked = Blocked(app.erasure.erase)
    monkeypatch.setattr(app.erasure, "erase", blocked)
    asked: list[int] = []
    monkeypatch.setattr(ErasureDialog, "exec", lambda _self: asked.append(1) or 0)
    assert actions.erase("Begäran") is not None
    assert blocked.entered.wait(5) and blocked.threads != [threading.get_ident()]
    assert not actions.erase_button.isEnabled() and not actions.extract_button.isEnabled()
    gui_handles_input(qtbot)
    assert actions.erase("Begäran igen") is None
    actions.ask_and_erase()  # no second confirmation while the first erasure runs
    assert actions.extract_to(tmp_path) is None
    assert asked == [] and page.name_label.text() != "Raderad"
    with qtbot.waitSignal(actions.erased, timeout=5000):
        blocked.release()
    assert blocked.calls == 1 and page.name_label.text() == "Raderad"
    assert not actions.erase_button.isEnabled() and actions.extract_button.isEnabled()
    assert boxes.shown == []


def test_a_refused_extract_is_explained_and_the_buttons_come_back(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    actions = PrivacyActions(app, admin, participant.id)
    qtbot.addWidget(actions)
    blocked = Blocked(app.register_extract.write, fail=UserError("Mappen går inte att skriva i."))
    monkeypatch.setattr(app.register_extract, "write", blocked)
    actions.extract_to(tmp_path)
    assert blocked.entered.wait(5) and actions.busy
    gui_handles_input(qtbot)
    blocked.release()
    qtbot.waitUntil(lambda: bool(boxes.shown), timeout=5000)  # shown from the main loop
    assert not actions.busy and boxes.texts("warning") == ["Mappen går inte att skriva i."]
    assert actions.extract_button.isEnabled() and actions.erase_button.isEnabled()


def test_a_deleted_widget_gets_no_message(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    actions = PrivacyActions(app, admin, participant.id)
    blocked = Blocked(app.register_extract.write)
    monkeypatch.setattr(app.register_extract, "write", blocked)
    task = actions.extract_to(tmp_path)
    assert task is not None and blocked.entered.wait(5)
    shiboken6.delete(actions)
    blocked.release()
    assert task.wait(5)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=5000)
    assert boxes.shown == []
    assert list(tmp_path.rglob("registerutdrag.pdf"))  # what was asked for was done


@pytest.fixture
def section(qtbot: QtBot, app: App, admin: SupervisorInfo, admin_id: str) -> RetentionSectionWidget:
    p = new_participant(app, admin_id, "Gammal", start_date=dt.date(2018, 1, 8))
    app.participants.close(admin_id, p.id, dt.date(2019, 5, 2), next(iter(PlacementOutcome)))
    widget = RetentionSectionWidget(app, admin)
    qtbot.addWidget(widget)
    return widget


def test_gallra_runs_once_with_the_controls_off_then_reports(
    qtbot: QtBot,
    app: App,
    section: RetentionSectionWidget,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    boxes.question_answer = QMessageBox.StandardButton.Yes
    blocked = Blocked(app.retention.run)
    monkeypatch.setattr(app.retention, "run", blocked)
    assert section.ask_and_run() is not None
    assert blocked.entered.wait(5) and section.running
    controls = (section.years, section.file_years, section.save_button, section.run_button)
    assert not any(w.isEnabled() for w in controls)
    assert section.due_label.text().startswith("Gallrar …")
    gui_handles_input(qtbot)
    section.refresh()  # (e.g. a hand-over) does not bring the controls back meanwhile
    assert not section.run_button.isEnabled()
    assert section.ask_and_run() is None and len(boxes.texts("question")) == 1
    blocked.release()
    qtbot.waitUntil(lambda: bool(boxes.texts("information")), timeout=5000)
    assert not section.running and blocked.calls == 1
    assert any("Gallrat: 1 deltagare" in t for t in boxes.texts("information"))
    assert section.due_label.text() == "Inget att gallra just nu."
    assert section.years.isEnabled() and not section.run_button.isEnabled()  # nothing due


def test_a_refused_gallra_is_explained(
    qtbot: QtBot,
    app: App,
    section: RetentionSectionWidget,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    boxes.question_answer = QMessageBox.StandardButton.Yes
    blocked = Blocked(app.retention.run, fail=UserError("Säkerhetskopian kunde inte tas."))
    monkeypatch.setattr(app.retention, "run", blocked)
    section.ask_and_run()
    assert blocked.entered.wait(5)
    blocked.release()
    qtbot.waitUntil(lambda: bool(boxes.texts("warning")), timeout=5000)
    assert not section.running and boxes.texts("warning") == ["Säkerhetskopian kunde inte tas."]
    assert section.run_button.isEnabled() and "1 deltagare" in section.due_label.text()
