"""Avslut: after a placement is closed, *Starta en ny placering* proposes the day after
it ended at the earliest (the service refuses the same day: the person would count
twice on that day)."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import PlacementOutcome
from handledare_app.domain.records import ParticipantDetail, SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.date_edit import from_qdate
from handledare_app.ui.participant.page import ParticipantPage


def test_the_new_start_is_proposed_the_day_after_the_last_end(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail
) -> None:
    end = dt.date.today() + dt.timedelta(days=30)
    app.participants.close(admin.id, participant.id, end, PlacementOutcome.STUDIES)
    page = ParticipantPage(app, admin, participant.id)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.overview_tab.loading)
    tab = page.show_tab("Avslut")
    assert tab is page.closure_tab and tab.new_group.isVisibleTo(tab)
    assert from_qdate(tab.new_start_edit.date()) == end + dt.timedelta(days=1)
    tab.new_button.click()
    assert len(app.participants.get(participant.id).placements) == 2
    qtbot.waitUntil(lambda: not page.overview_tab.loading)
