"""The Konflikter view: table model, empty state, detail pane, revert and review."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import Role
from handledare_app.domain.records import ParticipantDetail, SupervisorInfo
from handledare_app.services.app import App
from handledare_app.storage.conflicts import record_conflict
from handledare_app.ui.conflicts_view import (
    EMPTY_TEXT,
    ConflictsWidget,
    ConflictTableModel,
    screenshot_widgets,
)

from .conftest import Boxes
from .test_accessibility import unnamed

LOST_HLC = "1790000000000-00000-01a20000-0000-7000-8000-00000000beef"


def _conflict(app: App, entity: str, record_id: str, field: str, kept: object, lost: object) -> str:
    with app.db.transaction(None) as tx:
        return record_conflict(
            tx,
            entity=entity,
            record_id=record_id,
            field=field,
            kept_value=kept,
            lost_value=lost,
            lost_hlc=LOST_HLC,
        ).id


def _widget(qtbot: QtBot, app: App, user: SupervisorInfo) -> ConflictsWidget:
    w = ConflictsWidget(app, user)
    qtbot.addWidget(w)
    w.show()
    return w


def test_model(qtmodeltester: object, app: App, participant: ParticipantDetail) -> None:
    _conflict(app, "participant", participant.id, "phone", "070-1", "070-2")
    _conflict(app, "participant", participant.id, "stage", "work_plan", "introduction")
    model = ConflictTableModel()
    model.set_rows(app.conflicts.list())
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    texts = {model.data(model.index(r, 2)) for r in range(model.rowCount())}
    assert texts == {"Telefon", "Steg i resan"}


def test_empty_state(qtbot: QtBot, app: App, admin: SupervisorInfo) -> None:
    w = _widget(qtbot, app, admin)
    assert w.empty_label.isVisible() and w.empty_label.text() == EMPTY_TEXT
    assert EMPTY_TEXT.startswith("Inga konflikter.")
    assert not w.splitter.isVisible()
    assert unnamed(w) == []


def test_detail_and_mark_reviewed(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail, boxes: Boxes
) -> None:
    _conflict(app, "participant", participant.id, "phone", "070-1", "070-2")
    w = _widget(qtbot, app, admin)
    assert w.splitter.isVisible() and not w.empty_label.isVisible()
    assert "Märta Ekström" in w.detail.text() and "070-2" in w.detail.text()
    assert w.revert_button.isEnabled() and w.review_button.isEnabled()
    w.review_button.click()
    assert w.model.rowCount() == 0 and w.empty_label.isVisible()
    w.show_all.setChecked(True)
    assert w.model.rowCount() == 1
    assert w.model.data(w.model.index(0, 6)) == "Granskad"
    assert not w.revert_button.isEnabled() and not w.review_button.isEnabled()


def test_revert_asks_then_changes_the_value(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail, boxes: Boxes
) -> None:
    _conflict(app, "participant", participant.id, "phone", "070-1", "070-2")
    w = _widget(qtbot, app, admin)
    boxes.question_answer = QMessageBox.StandardButton.No
    w.revert_button.click()
    assert app.participants.get(participant.id).phone == ""
    assert "070-2" in boxes.texts("question")[0]
    boxes.question_answer = QMessageBox.StandardButton.Yes
    w.revert_button.click()
    assert app.participants.get(participant.id).phone == "070-2"
    assert w.model.rowCount() == 0


def test_signed_conflict_cannot_be_reverted(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes
) -> None:
    _conflict(app, "signoff", "01a20000-0000-7000-8000-000000000001", "status", "a", "b")
    w = _widget(qtbot, app, admin)
    assert not w.revert_button.isEnabled()
    assert w.review_button.isEnabled()
    assert "signerad" in w.detail.text()


def test_quality_assurer_only_looks(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail
) -> None:
    quality = app.supervisors.add(admin.id, "Kim Granskare", "2468", {Role.QUALITY_ASSURER})
    _conflict(app, "participant", participant.id, "phone", "070-1", "070-2")
    w = _widget(qtbot, app, quality)
    assert w.model.rowCount() == 1
    assert not w.revert_button.isEnabled() and not w.review_button.isEnabled()


def test_screenshot_widgets(qtbot: QtBot, app: App, admin: SupervisorInfo) -> None:
    [(name, widget)] = screenshot_widgets(app, admin, "")
    qtbot.addWidget(widget)
    assert name == "konflikter" and not widget.grab().isNull()
