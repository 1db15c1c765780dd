"""Judging criteria, module status without partial credit, progress figures."""

from __future__ import annotations

import datetime as dt

import pytest

from handledare_app.domain.enums import (
    AssessmentStatus,
    EvidenceType,
    JourneyStage,
    ModuleStatus,
)
from handledare_app.domain.errors import NotFoundError, ValidationError
from handledare_app.domain.records import ParticipantDetail
from handledare_app.services.app import App
from handledare_app.storage.models import AssessmentRow
from tests.helpers import observe

ACHIEVED = AssessmentStatus.ACHIEVED


@pytest.fixture
def enrollment(app: App, admin_id: str, participant: ParticipantDetail) -> str:
    return app.journey.enroll(admin_id, participant.id, "BUT-01")


def _judge_all(app: App, admin_id: str, enrollment_id: str, skip: int = 0) -> None:
    criteria = app.assessment.enrollment(enrollment_id).module.criteria
    participant_id = app.signing.participant_of(enrollment_id)
    observe(app, admin_id, participant_id, [c.id for c in criteria])
    for c in criteria[: len(criteria) - skip]:
        app.assessment.judge(admin_id, enrollment_id, c.id, ACHIEVED)


def test_new_enrollment_is_not_started(app: App, enrollment: str) -> None:
    progress = app.assessment.enrollment(enrollment)
    assert progress.status is ModuleStatus.NOT_STARTED
    assert progress.criteria_total == 10
    assert progress.criteria_achieved == 0
    assert progress.assessments == {}
    assert progress.fraction == 0.0


def test_every_criterion_achieved_is_ready_for_signoff(
    app: App, admin_id: str, participant: ParticipantDetail, enrollment: str
) -> None:
    _judge_all(app, admin_id, enrollment)
    progress = app.assessment.enrollment(enrollment)
    assert progress.status is ModuleStatus.READY_FOR_SIGNOFF
    assert progress.criteria_achieved == progress.criteria_total == 10
    assert progress.fraction == 1.0
    assert app.participants.get(participant.id).stage is JourneyStage.VALIDATION


def test_one_criterion_left_is_still_in_progress(
    app: App, admin_id: str, participant: ParticipantDetail, enrollment: str
) -> None:
    _judge_all(app, admin_id, enrollment, skip=1)
    progress = app.assessment.enrollment(enrollment)
    assert progress.status is ModuleStatus.IN_PROGRESS
    assert progress.criteria_achieved == 9
    assert app.participants.get(participant.id).stage is JourneyStage.FOLLOW_UP


def test_one_criterion_in_progress_is_no_partial_credit(
    app: App, admin_id: str, enrollment: str
) -> None:
    _judge_all(app, admin_id, enrollment)
    last = app.assessment.enrollment(enrollment).module.criteria[-1]
    app.assessment.judge(
        admin_id, enrollment, last.id, AssessmentStatus.IN_PROGRESS, "Behöver öva mer."
    )
    progress = app.assessment.enrollment(enrollment)
    assert progress.status is ModuleStatus.IN_PROGRESS
    info = progress.assessments[last.id]
    assert (info.status, info.comment) == (AssessmentStatus.IN_PROGRESS, "Behöver öva mer.")
    assert (info.assessed_by, info.assessed_on) == (admin_id, dt.date.today())


def test_rejudging_updates_the_same_assessment(
    app: App, admin_id: str, participant: ParticipantDetail, enrollment: str
) -> None:
    first = app.assessment.enrollment(enrollment).module.criteria[0]
    observe(app, admin_id, participant.id, [first.id])
    app.assessment.judge(admin_id, enrollment, first.id, AssessmentStatus.IN_PROGRESS)
    app.assessment.judge(admin_id, enrollment, first.id, ACHIEVED)
    with app.db.reader() as tx:
        assert tx.count(AssessmentRow, enrollment_id=enrollment, criterion_id=first.id) == 1
    assert app.assessment.enrollment(enrollment).assessments[first.id].status is ACHIEVED


def test_criterion_of_another_module_is_refused(app: App, admin_id: str, enrollment: str) -> None:
    foreign = app.catalogue.newest_version("CAF-01").criteria[0]
    with pytest.raises(ValidationError, match="hör inte till den här modulen"):
        app.assessment.judge(admin_id, enrollment, foreign.id, ACHIEVED)
    assert app.assessment.enrollment(enrollment).assessments == {}


def test_unknown_enrollment_or_criterion_is_not_found(
    app: App, admin_id: str, enrollment: str
) -> None:
    criterion = app.assessment.enrollment(enrollment).module.criteria[0]
    with pytest.raises(NotFoundError, match="Modulen i arbetsplanen"):
        app.assessment.judge(admin_id, "0" * 36, criterion.id, ACHIEVED)
    with pytest.raises(NotFoundError, match="Kriteriet"):
        app.assessment.judge(admin_id, enrollment, "0" * 36, ACHIEVED)


def test_withdrawn_module_cannot_be_judged(app: App, admin_id: str, enrollment: str) -> None:
    criterion = app.assessment.enrollment(enrollment).module.criteria[0]
    app.journey.withdraw(admin_id, enrollment)
    with pytest.raises(ValidationError, match="borttagen ur arbetsplanen"):
        app.assessment.judge(admin_id, enrollment, criterion.id, ACHIEVED)


def test_too_long_comment_is_refused(app: App, admin_id: str, enrollment: str) -> None:
    criterion = app.assessment.enrollment(enrollment).module.criteria[0]
    with pytest.raises(ValidationError, match="för lång"):
        app.assessment.judge(admin_id, enrollment, criterion.id, ACHIEVED, "x" * 5001)


def test_signed_module_is_locked(app: App, admin_id: str, enrollment: str) -> None:
    _judge_all(app, admin_id, enrollment)
    from tests.signing_helpers import sign

    sign(app, admin_id, enrollment)
    assert app.assessment.enrollment(enrollment).status is ModuleStatus.SIGNED
    criterion = app.assessment.enrollment(enrollment).module.criteria[0]
    with pytest.raises(ValidationError, match="signerad"):
        app.assessment.judge(admin_id, enrollment, criterion.id, AssessmentStatus.IN_PROGRESS)
    with pytest.raises(ValidationError, match="signerad"):
        app.journey.withdraw(admin_id, enrollment)


def test_progress_counts_and_evidence_counts(
    app: App, admin_id: str, participant: ParticipantDetail, enrollment: str
) -> None:
    caf = app.journey.enroll(admin_id, participant.id, "CAF-01")
    but_criteria = app.assessment.enrollment(enrollment).module.criteria
    caf_criteria = app.assessment.enrollment(caf).module.criteria
    for title, ids in (
        ("Första", [but_criteria[0].id, caf_criteria[0].id]),
        ("Andra", [but_criteria[0].id]),
    ):
        app.evidence.add(
            admin_id,
            participant.id,
            type=EvidenceType.OBSERVATION,
            date=dt.date.today(),
            title=title,
            criterion_ids=ids,
        )
    app.assessment.judge(admin_id, enrollment, but_criteria[0].id, ACHIEVED)
    app.assessment.judge(admin_id, enrollment, but_criteria[1].id, AssessmentStatus.IN_PROGRESS)
    app.assessment.judge(admin_id, caf, caf_criteria[0].id, AssessmentStatus.IN_PROGRESS)

    progress = {p.module.code: p for p in app.assessment.participant_progress(participant.id)}
    assert set(progress) == {"BUT-01", "CAF-01"}
    but, cafe = progress["BUT-01"], progress["CAF-01"]
    assert (but.criteria_total, but.criteria_achieved) == (10, 1)
    assert (cafe.criteria_total, cafe.criteria_achieved) == (8, 0)
    assert but.status is cafe.status is ModuleStatus.IN_PROGRESS
    assert but.evidence_counts[but_criteria[0].id] == 2
    assert but.evidence_counts[but_criteria[1].id] == 0
    assert cafe.evidence_counts[caf_criteria[0].id] == 1
    assert set(but.evidence_counts) == {c.id for c in but_criteria}

    [summary] = app.participants.list()
    assert (summary.criteria_total, summary.criteria_achieved) == (18, 1)
    assert summary.progress == pytest.approx(1 / 18)
    assert summary.business_areas == ("Butik", "Café")


def test_withdrawn_module_leaves_the_progress_figures(
    app: App, admin_id: str, participant: ParticipantDetail, enrollment: str
) -> None:
    _judge_all(app, admin_id, enrollment, skip=5)
    app.journey.withdraw(admin_id, enrollment)
    assert app.assessment.participant_progress(participant.id) == []
    [summary] = app.participants.list()
    assert (summary.criteria_total, summary.criteria_achieved) == (0, 0)


def test_achieved_without_evidence_is_refused_and_nothing_changes(
    app: App, admin_id: str, participant: ParticipantDetail, enrollment: str
) -> None:
    first, second = app.assessment.enrollment(enrollment).module.criteria[:2]
    app.assessment.judge(admin_id, enrollment, first.id, AssessmentStatus.IN_PROGRESS, "Övar")
    with pytest.raises(ValidationError, match="minst ett bevis"):
        app.assessment.judge(admin_id, enrollment, first.id, ACHIEVED)
    info = app.assessment.enrollment(enrollment).assessments[first.id]
    assert (info.status, info.comment) == (AssessmentStatus.IN_PROGRESS, "Övar")
    # Evidence linked to another criterion does not count for this one.
    observe(app, admin_id, participant.id, [second.id])
    with pytest.raises(ValidationError, match="minst ett bevis"):
        app.assessment.judge(admin_id, enrollment, first.id, ACHIEVED)
    observe(app, admin_id, participant.id, [first.id])
    app.assessment.judge(admin_id, enrollment, first.id, ACHIEVED)
    assert app.assessment.enrollment(enrollment).assessments[first.id].status is ACHIEVED


def test_achieved_criteria_that_lost_their_evidence_are_listed_not_changed(
    app: App, admin_id: str, participant: ParticipantDetail, enrollment: str
) -> None:
    first = app.assessment.enrollment(enrollment).module.criteria[0]
    evidence_id = observe(app, admin_id, participant.id, [first.id])
    app.assessment.judge(admin_id, enrollment, first.id, ACHIEVED)
    assert app.assessment.enrollment(enrollment).achieved_without_evidence == []
    app.evidence.delete(admin_id, evidence_id)
    progress = app.assessment.enrollment(enrollment)
    assert [c.id for c in progress.achieved_without_evidence] == [first.id]
    assert progress.assessments[first.id].status is ACHIEVED
