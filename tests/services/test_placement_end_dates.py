"""An end date years ahead is a mistyped year: closing a placement more than a year
ahead, or a planned end more than three years after the start, is refused on every
path that sets one (nothing saved); dates just inside the limits are kept."""

from __future__ import annotations

import datetime as dt

import pytest

from handledare_app.domain.enums import PlacementOutcome, PlacementType, Referrer
from handledare_app.domain.errors import ValidationError
from handledare_app.domain.records import ParticipantDetail
from handledare_app.services.app import App
from handledare_app.services.placements import LATEST_AHEAD, LONGEST_PLANNED
from tests.helpers import db_summary, new_participant

START = dt.date(2026, 9, 1)  # the participant fixture's start


def test_closing_more_than_a_year_ahead_is_refused(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    today = dt.date.today()
    before = db_summary(app)
    too_far = today + LATEST_AHEAD + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match=f"Slutdatumet {too_far.isoformat()} ligger mer"):
        app.participants.close(admin_id, participant.id, too_far, PlacementOutcome.STUDIES)
    assert db_summary(app) == before
    app.participants.close(admin_id, participant.id, today + LATEST_AHEAD, PlacementOutcome.STUDIES)
    placement = app.participants.get(participant.id).current_placement
    assert placement is not None and placement.end_date == today + LATEST_AHEAD


def test_a_planned_end_years_after_the_start_is_refused_in_andra_uppgifter(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    before = db_summary(app)
    for planned in (dt.date(2036, 3, 1), START + LONGEST_PLANNED + dt.timedelta(days=1)):
        with pytest.raises(ValidationError, match="mer än tre år efter startdatumet"):
            app.participant_edit.update_placement_dates(admin_id, participant.id, START, planned)
        with pytest.raises(ValidationError, match="lämna planerat slutdatum tomt"):
            app.participant_edit.save_details(
                admin_id, participant.id, {"first_name": "Marta"}, dates=(START, planned)
            )
    assert db_summary(app) == before
    app.participant_edit.update_placement_dates(
        admin_id, participant.id, START, START + LONGEST_PLANNED
    )
    placement = app.participants.get(participant.id).current_placement
    assert placement is not None and placement.planned_end_date == START + LONGEST_PLANNED


def test_the_same_planned_end_rule_when_registering_and_starting_anew(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    far = dt.date(2062, 9, 1)
    with pytest.raises(ValidationError, match="mer än tre år"):
        new_participant(app, admin_id, "Nils", planned_end_date=far)
    with pytest.raises(ValidationError, match="mer än tre år"):
        app.participants.change_placement_type(
            admin_id,
            participant.id,
            PlacementType.EMPLOYMENT,
            START + dt.timedelta(days=30),
            planned_end_date=far,
        )
    app.participants.close(admin_id, participant.id, dt.date(2026, 10, 1), PlacementOutcome.STUDIES)
    with pytest.raises(ValidationError, match="mer än tre år"):
        app.participants.start_new_placement(
            admin_id,
            participant.id,
            PlacementType.INTERNSHIP,
            Referrer.REGION,
            dt.date(2026, 11, 1),
            far,
        )
    assert len(app.participants.get(participant.id).placements) == 1
