"""Kvalitetssäkring → Klar för signering → Signera … with no row chosen: with several
modules the supervisor is asked to choose (it took the first row); with one it is that
one; with none it says so (it did nothing)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from handledare_app.domain.records import ParticipantDetail, SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui import signing
from handledare_app.ui.pages.quality import QualityPageWidget
from handledare_app.ui.sign_choice import ready_choice_text
from tests.signing_helpers import ready_module

from .conftest import Boxes


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []

    def fake(_app: App, _user: SupervisorInfo, enrollment_id: str, _parent: object) -> bool:
        calls.append(enrollment_id)
        return False

    monkeypatch.setattr(signing, "open_signoff_dialog", fake)
    return calls


def _page(qtbot: QtBot, app: App, admin: SupervisorInfo) -> QualityPageWidget:
    page = QualityPageWidget(app, admin)
    qtbot.addWidget(page)
    page.refresh()
    page.ready_table.clearSelection()
    page.ready_table.setCurrentIndex(page.ready_model.index(-1, -1))
    return page


def test_none_ready_says_so(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes, opened: list[str]
) -> None:
    page = _page(qtbot, app, admin)
    page.sign_selected()
    assert opened == [] and boxes.texts("information") == [ready_choice_text(0)]


def test_several_ready_and_none_chosen_asks_to_choose(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
    boxes: Boxes,
    opened: list[str],
) -> None:
    ready_module(app, admin.id, participant.id, 0)
    ready_module(app, admin.id, participant.id, 1)
    page = _page(qtbot, app, admin)
    assert page.ready_model.rowCount() == 2
    page.sign_selected()
    assert opened == [], "no guess at whose module to sign"
    assert boxes.texts("information") == [ready_choice_text(2)]
    page.ready_table.selectRow(0)
    page.sign_selected()
    assert opened == [page.ready_model.row_record(0).enrollment_id]


def test_one_ready_is_that_one(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
    boxes: Boxes,
    opened: list[str],
) -> None:
    only = ready_module(app, admin.id, participant.id, 0)
    page = _page(qtbot, app, admin)
    page.sign_selected()
    assert opened == [only] and boxes.texts("information") == []
