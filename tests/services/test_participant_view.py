"""The Deltagarvy's data: the participant's own progress and nothing more."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from handledare_app.domain.enums import AssessmentStatus, EvidenceType, JourneyStage, ModuleStatus
from handledare_app.domain.records import ParticipantDetail, ParticipantOwnView
from handledare_app.services.app import App
from tests.helpers import new_participant, observe, tiny_png


def _photo_evidence(app: App, admin_id: str, pid: str, tmp_path: Path, title: str) -> None:
    photo = tmp_path / f"{title}.png"
    photo.write_bytes(tiny_png())
    app.evidence.add(
        admin_id,
        pid,
        type=EvidenceType.PHOTO,
        date=dt.date(2026, 10, 1),
        title=title,
        description="Anteckning som deltagaren inte ska se i vyn.",
        files=[photo],
    )


def test_own_view_has_bars_latest_evidence_and_photos_with_consent(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    app.participants.set_photo_consent(admin_id, participant.id, True, dt.date(2026, 9, 2))
    e1 = app.journey.enroll(admin_id, participant.id, "BUT-01")
    app.journey.enroll(admin_id, participant.id, "GEN-01")
    module = app.assessment.enrollment(e1).module
    observe(app, admin_id, participant.id, [c.id for c in module.criteria[:3]])
    for c in module.criteria[:3]:
        app.assessment.judge(admin_id, e1, c.id, AssessmentStatus.ACHIEVED, "hemlig kommentar")
    _photo_evidence(app, admin_id, participant.id, tmp_path, "Sorterade kläder")
    other = new_participant(app, admin_id, "Bengt")
    app.participants.set_photo_consent(admin_id, other.id, True)
    _photo_evidence(app, admin_id, other.id, tmp_path, "Bengts bevis")

    view = app.participant_view.own_view(participant.id)

    assert view.first_name == "Märta"
    assert view.stage is JourneyStage.FOLLOW_UP and not view.ended
    assert [(m.title, m.steps_done, m.steps_total) for m in view.modules] == [
        (module.title, 3, len(module.criteria)),
        (
            app.catalogue.newest_version("GEN-01").title,
            0,
            len(app.catalogue.newest_version("GEN-01").criteria),
        ),
    ]
    assert view.modules[0].status is ModuleStatus.IN_PROGRESS
    assert set(view.shown_recently) <= {c.text for c in module.criteria[:3]}
    assert len(view.shown_recently) == 3
    assert [e.title for e in view.latest_evidence] == ["Sorterade kläder", "Observation i arbetet"]
    assert view.latest_evidence[0].photo_sha256 is not None


def test_no_photo_without_consent_and_no_private_fields(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    app.participants.set_photo_consent(admin_id, participant.id, True)
    _photo_evidence(app, admin_id, participant.id, tmp_path, "Foto från caféet")
    app.participants.set_photo_consent(admin_id, participant.id, False)

    view = app.participant_view.own_view(participant.id)

    assert view.latest_evidence[0].photo_sha256 is None
    fields = {f.name for f in dataclasses.fields(ParticipantOwnView)}
    assert fields == {
        "first_name",
        "stage",
        "ended",
        "modules",
        "shown_recently",
        "latest_evidence",
    }
    text = repr(view)
    assert "Ekström" not in text  # last name is not needed to greet someone
    assert "Anteckning" not in text and "hemlig" not in text


def test_empty_plan_and_ended_placement(app: App, admin_id: str) -> None:
    p = new_participant(app, admin_id, "Olga")
    view = app.participant_view.own_view(p.id)
    assert view.modules == () and view.latest_evidence == () and view.shown_recently == ()
    assert view.stage is JourneyStage.INTRODUCTION
    from handledare_app.domain.enums import PlacementOutcome

    app.participants.close(admin_id, p.id, dt.date(2026, 10, 1), PlacementOutcome.STUDIES)
    assert app.participant_view.own_view(p.id).ended
