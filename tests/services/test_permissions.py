"""Only a logged-in, active supervisor (or admin) changes participants and their records."""

from __future__ import annotations

import datetime as dt

import pytest

from handledare_app.domain.enums import (
    AssessmentStatus,
    EvidenceType,
    PlacementType,
    Referrer,
    Role,
)
from handledare_app.domain.errors import PermissionDenied
from handledare_app.domain.records import ParticipantDetail
from handledare_app.services.app import App


def _create(app: App, actor: str | None) -> ParticipantDetail:
    return app.participants.create(
        actor,
        first_name="Olga",
        placement_type=PlacementType.INTERNSHIP,
        referrer=Referrer.REGION,
        start_date=dt.date(2026, 10, 1),
    )


def test_nobody_logged_in_is_refused(app: App) -> None:
    with pytest.raises(PermissionDenied, match="logga in"):
        _create(app, None)


def test_quality_assurer_only_cannot_change_records(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    ik = app.supervisors.add(admin_id, "Birgitta Nordin", "7391", {Role.QUALITY_ASSURER})
    enrollment = app.journey.enroll(admin_id, participant.id, "BUT-01")
    criterion = app.assessment.enrollment(enrollment).module.criteria[0]
    with pytest.raises(PermissionDenied, match="rollen handledare"):
        app.assessment.judge(ik.id, enrollment, criterion.id, AssessmentStatus.ACHIEVED)
    with pytest.raises(PermissionDenied, match="rollen handledare"):
        app.evidence.add(
            ik.id,
            participant.id,
            type=EvidenceType.OBSERVATION,
            date=dt.date(2026, 10, 2),
            title="Observation",
        )
    assert app.assessment.enrollment(enrollment).criteria_achieved == 0


def test_deactivated_supervisor_is_refused(app: App, admin_id: str) -> None:
    sup = app.supervisors.add(admin_id, "Jonas Lindqvist", "7391", {Role.SUPERVISOR})
    _create(app, sup.id)
    app.supervisors.update(admin_id, sup.id, active=False)
    with pytest.raises(PermissionDenied, match="inaktiverat"):
        _create(app, sup.id)
