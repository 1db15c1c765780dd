"""The Framsteg journey: introduction checklist, work plan, modules, follow-ups."""

from __future__ import annotations

import datetime as dt

import pytest

from handledare_app.domain.enums import JourneyStage
from handledare_app.domain.errors import NotFoundError, ValidationError
from handledare_app.domain.records import ParticipantDetail
from handledare_app.services.app import App
from handledare_app.storage.models import FollowUpRow, TombstoneRow
from tests.helpers import observe


def _stage(app: App, participant_id: str) -> JourneyStage:
    return app.participants.get(participant_id).stage


def test_checklist_item_can_be_ticked_and_unticked(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    item = app.journey.checklist(participant.id)[0]
    app.journey.set_checklist_item(admin_id, item.id, True)
    done = app.journey.checklist(participant.id)[0]
    assert done.done and done.done_on == dt.date.today()
    assert sum(c.done for c in app.journey.checklist(participant.id)) == 1
    app.journey.set_checklist_item(admin_id, item.id, False)
    undone = app.journey.checklist(participant.id)[0]
    assert not undone.done and undone.done_on is None


def test_unknown_checklist_item_is_not_found(app: App, admin_id: str) -> None:
    with pytest.raises(NotFoundError, match="checklistan"):
        app.journey.set_checklist_item(admin_id, "0" * 36, True)


def test_work_plan_is_updated(app: App, admin_id: str, participant: ParticipantDetail) -> None:
    app.journey.update_work_plan(
        admin_id,
        participant.id,
        goals="  Klara kassan själv.  ",
        planned_activities="Kassa två dagar i veckan.",
        review_date=dt.date(2026, 11, 1),
    )
    plan = app.journey.work_plan(participant.id)
    assert plan.goals == "Klara kassan själv."
    assert plan.planned_activities == "Kassa två dagar i veckan."
    assert plan.review_date == dt.date(2026, 11, 1)


def test_too_long_work_plan_text_is_refused_and_old_text_kept(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    app.journey.update_work_plan(
        admin_id, participant.id, goals="Mål", planned_activities="", review_date=None
    )
    with pytest.raises(ValidationError, match="för lång"):
        app.journey.update_work_plan(
            admin_id, participant.id, goals="x" * 20_001, planned_activities="", review_date=None
        )
    assert app.journey.work_plan(participant.id).goals == "Mål"


def test_enroll_adds_newest_module_and_advances_to_work_plan(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    enrollment_id = app.journey.enroll(admin_id, participant.id, "BUT-01")
    progress = app.assessment.participant_progress(participant.id)
    assert [p.enrollment_id for p in progress] == [enrollment_id]
    assert progress[0].module.code == "BUT-01"
    assert _stage(app, participant.id) is JourneyStage.WORK_PLAN


def test_enroll_twice_is_refused(app: App, admin_id: str, participant: ParticipantDetail) -> None:
    app.journey.enroll(admin_id, participant.id, "BUT-01")
    with pytest.raises(ValidationError, match="BUT-01 finns redan i arbetsplanen"):
        app.journey.enroll(admin_id, participant.id, "BUT-01")
    assert len(app.assessment.participant_progress(participant.id)) == 1


def test_enroll_unknown_code_is_not_found(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    with pytest.raises(NotFoundError, match="XYZ-99 finns inte i kriteriebanken"):
        app.journey.enroll(admin_id, participant.id, "XYZ-99")
    assert app.assessment.participant_progress(participant.id) == []
    assert _stage(app, participant.id) is JourneyStage.INTRODUCTION


def test_withdrawn_module_can_be_enrolled_again(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    first = app.journey.enroll(admin_id, participant.id, "BUT-01")
    app.journey.withdraw(admin_id, first)
    assert app.assessment.participant_progress(participant.id) == []
    second = app.journey.enroll(admin_id, participant.id, "BUT-01")
    assert second == first  # reactivated, so its assessments are not lost


def test_follow_up_add_update_delete(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    fu = app.journey.add_follow_up(
        admin_id,
        participant.id,
        date=dt.date(2026, 10, 1),
        attendees="Märta, Åsa, handläggare",
        notes="Trivs i butiken.",
        next_steps="Börja med kassan.",
    )
    assert app.journey.follow_ups(participant.id) == [fu]
    assert _stage(app, participant.id) is JourneyStage.FOLLOW_UP

    changed = app.journey.update_follow_up(
        admin_id,
        fu.id,
        date=dt.date(2026, 10, 2),
        attendees="Märta, Åsa",
        notes="Trivs mycket bra.",
        next_steps="",
    )
    assert changed.date == dt.date(2026, 10, 2)
    assert app.journey.follow_ups(participant.id) == [changed]

    app.journey.delete_follow_up(admin_id, fu.id)
    assert app.journey.follow_ups(participant.id) == []
    with app.db.reader() as tx:
        stones = tx.find(TombstoneRow, entity="follow_up", record_id=fu.id)
        assert len(stones) == 1
        assert tx.get(FollowUpRow, fu.id) is None


def test_empty_follow_up_is_refused(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    with pytest.raises(ValidationError, match="Skriv vilka som deltog"):
        app.journey.add_follow_up(
            admin_id, participant.id, date=dt.date(2026, 10, 1), attendees=" ", notes=""
        )
    assert app.journey.follow_ups(participant.id) == []
    assert _stage(app, participant.id) is JourneyStage.INTRODUCTION


def test_a_follow_up_cannot_be_emptied_afterwards(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    """Ändra uppföljning has the same rule as Ny uppföljning: clearing both who took part
    and the notes is refused and the follow-up stays as it was."""
    fu = app.journey.add_follow_up(
        admin_id, participant.id, date=dt.date(2026, 10, 1), attendees="Åsa", notes="Start."
    )
    with pytest.raises(ValidationError, match="Skriv vilka som deltog"):
        app.journey.update_follow_up(
            admin_id, fu.id, date=fu.date, attendees=" ", notes="\n\t", next_steps=""
        )
    assert app.journey.follow_ups(participant.id) == [fu]


def test_follow_ups_are_listed_by_date(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    for day in (15, 1, 8):
        app.journey.add_follow_up(
            admin_id, participant.id, date=dt.date(2026, 10, day), attendees="Åsa", notes="-"
        )
    assert [f.date.day for f in app.journey.follow_ups(participant.id)] == [1, 8, 15]


def test_stage_advances_but_never_goes_back(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    assert _stage(app, participant.id) is JourneyStage.INTRODUCTION
    app.journey.add_follow_up(
        admin_id, participant.id, date=dt.date(2026, 10, 1), attendees="Åsa", notes="Start."
    )
    assert _stage(app, participant.id) is JourneyStage.FOLLOW_UP
    app.journey.enroll(admin_id, participant.id, "BUT-01")  # would be WORK_PLAN
    assert _stage(app, participant.id) is JourneyStage.FOLLOW_UP


def test_delete_unknown_follow_up_is_not_found(app: App, admin_id: str) -> None:
    with pytest.raises(NotFoundError, match="Uppföljningen finns inte"):
        app.journey.delete_follow_up(admin_id, "0" * 36)


def test_module_added_back_keeps_its_assessments(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    from handledare_app.domain.enums import AssessmentStatus

    enrollment = app.journey.enroll(admin_id, participant.id, "BUT-01")
    first = app.assessment.enrollment(enrollment).module.criteria[0]
    observe(app, admin_id, participant.id, [first.id])
    app.assessment.judge(admin_id, enrollment, first.id, AssessmentStatus.ACHIEVED, "Bra")
    app.journey.withdraw(admin_id, enrollment)
    assert app.assessment.participant_progress(participant.id) == []
    again = app.journey.enroll(admin_id, participant.id, "BUT-01")
    assert again == enrollment
    progress = app.assessment.enrollment(again)
    assert progress.criteria_achieved == 1
    assert progress.assessments[first.id].comment == "Bra"
