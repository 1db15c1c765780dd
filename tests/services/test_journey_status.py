"""Facts behind the journey's ✓ and the introduction marked done with a reason."""

from __future__ import annotations

import datetime as dt

import pytest

from handledare_app.domain.enums import JourneyStage, PlacementOutcome
from handledare_app.domain.errors import ValidationError
from handledare_app.domain.records import ParticipantDetail
from handledare_app.services.app import App
from tests.helpers import db_summary
from tests.signing_helpers import ready_module, sign


def test_a_stage_moved_on_is_not_a_stage_done(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    app.journey.enroll(admin_id, participant.id, "BUT-01")
    app.participants.close(admin_id, participant.id, dt.date.today(), PlacementOutcome.STUDIES)
    assert app.participants.get(participant.id).stage is JourneyStage.CLOSURE
    gaps = app.journey_status.gaps(participant.id)
    assert gaps[JourneyStage.INTRODUCTION].startswith("0 av 8")
    assert gaps[JourneyStage.WORK_PLAN] == ""
    assert gaps[JourneyStage.FOLLOW_UP] == "ingen uppföljning är gjord ännu"
    assert gaps[JourneyStage.VALIDATION] == "ingen modul är signerad ännu"
    assert gaps[JourneyStage.CLOSURE] == ""


def test_follow_up_and_signed_module_give_their_ticks(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    eid = ready_module(app, admin_id, participant.id)
    app.journey.add_follow_up(
        admin_id, participant.id, date=dt.date.today(), attendees="", notes="Bra", next_steps=""
    )
    sign(app, admin_id, eid)
    facts = app.journey_status.facts(participant.id)
    assert (facts.modules, facts.follow_ups, facts.signed_modules) == (1, 1, 1)
    gaps = app.journey_status.gaps(participant.id)
    assert gaps[JourneyStage.FOLLOW_UP] == gaps[JourneyStage.VALIDATION] == ""


def test_introduction_marked_done_needs_a_reason_and_can_be_withdrawn(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    before = db_summary(app)
    with pytest.raises(ValidationError, match="Skriv varför"):
        app.journey_status.mark_introduction_done(admin_id, participant.id, "   ")
    assert db_summary(app) == before
    app.journey_status.mark_introduction_done(admin_id, participant.id, " Gjort  förut ")
    assert app.journey_status.introduction_reason(participant.id) == (
        "Gjort förut",
        dt.date.today(),
    )
    assert app.journey_status.gaps(participant.id)[JourneyStage.INTRODUCTION] == ""
    app.journey_status.unmark_introduction_done(admin_id, participant.id)
    assert app.journey_status.introduction_reason(participant.id) == ("", None)
    assert app.journey_status.gaps(participant.id)[JourneyStage.INTRODUCTION]
