"""Participants, placements and the participant list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from handledare_app.domain.enums import (
    INTRODUCTION_CHECKLIST,
    JourneyStage,
    PlacementOutcome,
    PlacementType,
    Referrer,
    Role,
)
from handledare_app.domain.errors import NotFoundError, ValidationError
from handledare_app.domain.records import ParticipantDetail
from handledare_app.services.app import App
from handledare_app.services.participant_reads import ParticipantFilter
from handledare_app.services.participants import EMAIL_MAX, LAST_NAME_MAX, PHONE_MAX
from handledare_app.storage.exchange_rows import entity_columns
from tests.helpers import db_summary, new_participant


def _names(app: App, **kwargs: Any) -> list[str]:
    return [s.name for s in app.participants.list(ParticipantFilter(**kwargs))]


def test_create_sets_up_placement_checklist_and_work_plan(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    assert participant.name == "Märta Ekström"
    assert participant.stage is JourneyStage.INTRODUCTION
    assert participant.responsible_id == admin_id
    assert participant.personnummer is None
    assert participant.photo_consent is False
    placement = participant.current_placement
    assert placement is not None
    assert placement.type is PlacementType.WORK_TRAINING
    assert placement.referrer is Referrer.EMPLOYMENT_SERVICE
    assert placement.end_date is None and placement.outcome is None
    checklist = app.journey.checklist(participant.id)
    assert [c.key for c in checklist] == [k for k, _ in INTRODUCTION_CHECKLIST]
    assert not any(c.done for c in checklist)
    assert app.journey.work_plan(participant.id).goals == ""
    assert app.participants.get(participant.id) == participant


def test_create_validates_input(app: App, admin_id: str) -> None:
    before = db_summary(app)
    with pytest.raises(ValidationError, match="Ange förnamn"):
        new_participant(app, admin_id, "   ")
    with pytest.raises(ValidationError, match="före startdatum"):
        new_participant(
            app,
            admin_id,
            "Sven",
            start_date=dt.date(2026, 9, 1),
            planned_end_date=dt.date(2026, 8, 1),
        )
    with pytest.raises(ValidationError, match="Födelseåret"):
        new_participant(app, admin_id, "Sven", birth_year=1850)
    with pytest.raises(NotFoundError, match="Ansvarig handledare"):
        new_participant(app, admin_id, "Sven", responsible_id="0" * 36)
    assert db_summary(app) == before


def test_personnummer_is_refused_when_the_workplace_has_it_off(app: App, admin_id: str) -> None:
    before = db_summary(app)
    with pytest.raises(ValidationError, match="Personnummer är avstängt"):
        new_participant(app, admin_id, "Sven", personnummer="811218-9876")
    assert db_summary(app) == before
    assert _names(app) == []


def test_personnummer_is_normalised_when_enabled(app: App, admin_id: str) -> None:
    app.setup.update_workplace(admin_id, personnummer_enabled=True)
    p = new_participant(app, admin_id, "Sven", personnummer="8112189876")
    assert p.personnummer == "19811218-9876"
    updated = app.participants.update(admin_id, p.id, personnummer="701063-2391")
    assert updated.personnummer == "19701063-2391"


def test_bad_personnummer_is_refused_when_enabled(app: App, admin_id: str) -> None:
    app.setup.update_workplace(admin_id, personnummer_enabled=True)
    with pytest.raises(ValidationError, match="kontrollsiffran"):
        new_participant(app, admin_id, "Sven", personnummer="811218-9875")
    assert _names(app) == []


def test_update_personnummer_refused_when_off(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    with pytest.raises(ValidationError, match="avstängt"):
        app.participants.update(admin_id, participant.id, personnummer="811218-9876")
    assert app.participants.get(participant.id).personnummer is None


def test_list_filters_by_text_status_responsible_and_area(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    bo = app.supervisors.add(admin_id, "Bo Berg", "5937", {Role.SUPERVISOR})
    sven = new_participant(app, admin_id, "Sven", last_name="Ödmark", responsible_id=bo.id)
    new_participant(app, admin_id, "Ali", last_name="Hassan")
    app.journey.enroll(admin_id, participant.id, "BUT-01")
    app.journey.enroll(admin_id, sven.id, "CAF-01")

    assert _names(app) == ["Ali Hassan", "Märta Ekström", "Sven Ödmark"]
    assert _names(app, text="ekSTR") == ["Märta Ekström"]
    assert _names(app, text="ödm") == ["Sven Ödmark"]
    assert _names(app, text="ingen sådan") == []
    assert _names(app, responsible_id=bo.id) == ["Sven Ödmark"]
    assert _names(app, responsible_id=admin_id) == ["Märta Ekström"]
    assert _names(app, business_area="Butik") == ["Märta Ekström"]
    assert _names(app, business_area="Café") == ["Sven Ödmark"]
    assert _names(app, business_area="Städ") == []
    summary = {s.name: s for s in app.participants.list()}["Sven Ödmark"]
    assert summary.responsible_name == "Bo Berg"
    assert summary.business_areas == ("Café",)
    assert summary.placement_type is PlacementType.WORK_TRAINING


def test_close_with_outcome_moves_to_closure_and_ended(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    closed = app.participants.close(
        admin_id, participant.id, dt.date(2027, 2, 28), PlacementOutcome.EMPLOYMENT
    )
    assert closed.stage is JourneyStage.CLOSURE
    placement = closed.current_placement
    assert placement is not None
    assert placement.end_date == dt.date(2027, 2, 28)
    assert placement.outcome is PlacementOutcome.EMPLOYMENT
    assert _names(app, status="active") == []
    assert _names(app, status="ended") == ["Märta Ekström"]
    assert _names(app, status="all") == ["Märta Ekström"]
    ended = app.participants.list(ParticipantFilter(status="ended"))[0]
    assert ended.stage is JourneyStage.CLOSURE
    assert not ended.active


def test_close_twice_or_before_start_is_refused(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    with pytest.raises(ValidationError, match="före placeringens startdatum"):
        app.participants.close(
            admin_id, participant.id, dt.date(2026, 8, 1), PlacementOutcome.STUDIES
        )
    app.participants.close(admin_id, participant.id, dt.date(2027, 1, 1), PlacementOutcome.STUDIES)
    with pytest.raises(ValidationError, match="ingen pågående placering"):
        app.participants.close(
            admin_id, participant.id, dt.date(2027, 2, 1), PlacementOutcome.STUDIES
        )


def test_set_stage_cannot_jump_to_closure(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    with pytest.raises(ValidationError, match="Avslut"):
        app.participants.set_stage(admin_id, participant.id, JourneyStage.CLOSURE)
    app.participants.set_stage(admin_id, participant.id, JourneyStage.VALIDATION)
    assert app.participants.get(participant.id).stage is JourneyStage.VALIDATION


def test_new_placement_needs_the_old_one_closed(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    with pytest.raises(ValidationError, match="Avsluta den pågående placeringen först"):
        app.participants.start_new_placement(
            admin_id,
            participant.id,
            PlacementType.EMPLOYMENT,
            Referrer.MUNICIPALITY,
            dt.date(2027, 3, 1),
        )
    assert len(app.participants.get(participant.id).placements) == 1


def test_new_placement_cannot_start_before_the_last_ended(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    app.participants.close(admin_id, participant.id, dt.date(2027, 2, 28), PlacementOutcome.OTHER)
    with pytest.raises(ValidationError, match="före förra slutade"):
        app.participants.start_new_placement(
            admin_id,
            participant.id,
            PlacementType.EMPLOYMENT,
            Referrer.MUNICIPALITY,
            dt.date(2027, 2, 1),
        )


def test_new_placement_starts_a_new_journey(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    app.participants.close(admin_id, participant.id, dt.date(2027, 2, 28), PlacementOutcome.OTHER)
    again = app.participants.start_new_placement(
        admin_id,
        participant.id,
        PlacementType.EMPLOYMENT,
        Referrer.MUNICIPALITY,
        dt.date(2027, 3, 1),
    )
    assert len(again.placements) == 2
    current = again.current_placement
    assert current is not None
    assert current.type is PlacementType.EMPLOYMENT
    assert current.end_date is None
    assert again.stage is JourneyStage.INTRODUCTION
    assert _names(app) == ["Märta Ekström"]
    listed = app.participants.list()[0]
    assert listed.placement_type is PlacementType.EMPLOYMENT
    assert listed.start_date == dt.date(2027, 3, 1)


def test_photo_consent_is_recorded_with_date(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    app.participants.set_photo_consent(admin_id, participant.id, True, dt.date(2026, 9, 2))
    p = app.participants.get(participant.id)
    assert (p.photo_consent, p.photo_consent_date) == (True, dt.date(2026, 9, 2))
    app.participants.set_photo_consent(admin_id, participant.id, False)
    p = app.participants.get(participant.id)
    assert (p.photo_consent, p.photo_consent_date) == (False, None)


def test_unknown_participant_is_not_found(app: App) -> None:
    with pytest.raises(NotFoundError, match="Deltagaren finns inte"):
        app.participants.get("0" * 36)


def test_birth_year_can_be_cleared_and_none_still_means_unchanged(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    assert app.participants.update(admin_id, participant.id, birth_year=1990).birth_year == 1990
    assert app.participants.update(admin_id, participant.id, phone="070-1").birth_year == 1990
    with pytest.raises(ValidationError, match="Födelseåret"):
        app.participants.update(admin_id, participant.id, birth_year=1850)
    with pytest.raises(ValidationError, match="antingen"):
        app.participants.update(admin_id, participant.id, birth_year=1991, clear_birth_year=True)
    assert app.participants.get(participant.id).birth_year == 1990
    cleared = app.participants.update(admin_id, participant.id, clear_birth_year=True)
    assert cleared.birth_year is None


def test_one_line_fields_longer_than_their_columns_are_refused(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    """A value longer than its column would be saved here and then refused by every other
    computer reading the exchange package: the service says so at once instead."""
    lengths = {c.name: c.max_length for c in entity_columns("participant")}
    assert (lengths["last_name"], lengths["phone"], lengths["email"]) == (
        LAST_NAME_MAX,
        PHONE_MAX,
        EMAIL_MAX,
    )
    with pytest.raises(ValidationError, match="Efternamnet har 300 tecken"):
        app.participants.create(
            admin_id,
            first_name="Anna",
            last_name="L" * 300,
            placement_type=PlacementType.WORK_TRAINING,
            referrer=Referrer.EMPLOYMENT_SERVICE,
            start_date=dt.date(2026, 9, 1),
        )
    for field, subject in (
        ("last_name", "Efternamnet"),
        ("phone", "Telefonnumret"),
        ("email", "E-postadressen"),
    ):
        with pytest.raises(ValidationError, match=subject):
            app.participants.update(admin_id, participant.id, **{field: "x" * 201})
    after = app.participants.update(admin_id, participant.id, phone=" 070\t123\n45 ")
    assert (after.last_name, after.phone) == ("Ekström", "070 123 45")


def test_the_same_personnummer_twice_is_refused_and_points_to_the_first(
    app: App, admin_id: str
) -> None:
    """Someone who comes back gets a new placement, not a second participant; written
    another way (ten digits) it is the same number."""
    app.setup.update_workplace(admin_id, personnummer_enabled=True)
    first = new_participant(app, admin_id, "Märta", personnummer="19811218-9876")
    with pytest.raises(ValidationError, match="Märta Testsson har redan det personnumret"):
        new_participant(app, admin_id, "Märta", personnummer="811218-9876")
    other = new_participant(app, admin_id, "Bo")
    with pytest.raises(ValidationError, match="starta en ny placering"):
        app.participants.update(admin_id, other.id, personnummer="8112189876")
    again = app.participants.update(admin_id, first.id, personnummer="811218-9876")
    assert again.personnummer == "19811218-9876"
    assert len(app.participants.list()) == 2


def test_with_name_finds_the_same_name_in_any_case_or_spacing(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    assert [p.id for p in app.participants.with_name(" märta ", "EKSTRÖM")] == [participant.id]
    assert app.participants.with_name("Märta", "") == []
