"""Uppföljningar with none yet: the explanation sits at the top beside Ny uppföljning,
not alone in the middle of the tab (as Bevis already does)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from handledare_app.domain.records import ParticipantDetail, SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.participant.follow_ups_tab import FollowUpsTab

from ..conftest import Boxes


def test_empty_text_is_at_the_top(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail, boxes: Boxes
) -> None:
    tab = FollowUpsTab(app, admin, participant.id)
    qtbot.addWidget(tab)
    tab.resize(1100, 500)
    tab.show()
    tab.refresh()
    assert tab.content.currentWidget() is tab.empty_label
    assert tab.empty_label.alignment() & Qt.AlignmentFlag.AlignTop
    assert tab.empty_label.alignment() & Qt.AlignmentFlag.AlignLeft
