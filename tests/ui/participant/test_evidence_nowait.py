"""Saving evidence runs on the task runner (issue 14): the window handles input while
a large file is hashed and copied, Spara cannot start a second save, closing waits for
the save, and a refused save keeps everything typed."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from handledare_app.domain.errors import UserError
from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.participant.evidence_dialog import (
    SAVING_CLOSE_NOTE,
    SAVING_TEXT,
    EvidenceDialog,
)

from ..blocking import Blocked, gui_handles_input
from ..conftest import Boxes
from .conftest import Plan


@pytest.fixture
def dialog(qtbot: QtBot, app: App, admin: SupervisorInfo, plan: Plan) -> EvidenceDialog:
    d = EvidenceDialog(
        app, admin, plan.participant.id, criterion_ids=[plan.but_module.criteria[0].id]
    )
    qtbot.addWidget(d)
    d.show()
    qtbot.keyClicks(d.title_edit, "Kassan")
    return d


def test_save_runs_off_the_gui_thread_and_closing_waits(
    qtbot: QtBot,
    app: App,
    plan: Plan,
    dialog: EvidenceDialog,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    pdf = tmp_path / "lista.pdf"
    pdf.write_bytes(b"%PDF-1.4\nlista")
    assert dialog.add_files([pdf]) == []
    blocked = Blocked(app.evidence.add)
    monkeypatch.setattr(app.evidence, "add", blocked)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert blocked.entered.wait(5)  # save() returned while the service is still working
    assert blocked.threads != [threading.get_ident()]
    assert dialog.saving and dialog.busy_label.isVisible() and dialog.busy_bar.isVisible()
    assert dialog.busy_label.text() == SAVING_TEXT
    assert not dialog.save_button.isEnabled() and not dialog.cancel_button.isEnabled()
    assert not dialog.title_edit.isEnabled() and not dialog.attachments.isEnabled()
    gui_handles_input(qtbot)
    # A second Spara (click, Enter, a direct call) starts no second save.
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    dialog.save()
    # Escape and the close button are handled at once, and refused with a note.
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.busy_label.text() == SAVING_CLOSE_NOTE
    dialog.close()
    assert dialog.isVisible() and boxes.shown == []
    blocked.release()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert blocked.calls == 1
    assert dialog.result() == dialog.DialogCode.Accepted
    [ev] = app.evidence.list(plan.participant.id)
    assert dialog.saved == ev and [a.filename for a in ev.attachments] == ["lista.pdf"]


def test_a_refused_save_shows_the_error_and_keeps_what_was_typed(
    qtbot: QtBot,
    app: App,
    plan: Plan,
    dialog: EvidenceDialog,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog.description_edit.insertPlainText("Räknade växel")
    blocked = Blocked(app.evidence.add, fail=UserError("Disken är full."))
    monkeypatch.setattr(app.evidence, "add", blocked)
    dialog.save()
    assert blocked.entered.wait(5) and dialog.saving
    gui_handles_input(qtbot)
    blocked.release()
    qtbot.waitUntil(lambda: not dialog.saving, timeout=5000)
    assert dialog.isVisible() and "Disken är full." in dialog.error_label.text()
    assert dialog.title_edit.text() == "Kassan"
    assert dialog.description_edit.toPlainText() == "Räknade växel"
    assert dialog.save_button.isEnabled() and dialog.title_edit.isEnabled()
    assert not dialog.busy_label.isVisible() and boxes.shown == []
    assert app.evidence.list(plan.participant.id) == []
    # Fixed, saved again: this time it goes through.
    monkeypatch.setattr(app.evidence, "add", blocked.fn)
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert [e.title for e in app.evidence.list(plan.participant.id)] == ["Kassan"]
