"""Ändra uppgifter services: placement dates, consent withdrawal hides photos in the
Deltagarvy and the portfolio PDF, deleting the photos (signed ones stay)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from handledare_app.domain.enums import EvidenceType, PlacementOutcome, PlacementType, Referrer
from handledare_app.domain.errors import ValidationError
from handledare_app.domain.records import ParticipantDetail
from handledare_app.services.app import App
from handledare_app.services.demo_images import demo_photo
from tests.helpers import db_summary, new_participant
from tests.signing_helpers import ready_module, sign


def _photo_evidence(app: App, admin_id: str, pid: str, tmp_path: Path, seed: int) -> str:
    photo = tmp_path / f"foto-{seed}.png"
    photo.write_bytes(demo_photo(seed, 320, 240))
    return app.evidence.add(
        admin_id,
        pid,
        type=EvidenceType.PHOTO,
        date=dt.date(2026, 10, 1),
        title=f"Foto {seed}",
        files=[photo],
    ).id


def _images_in(pdf: bytes) -> int:
    return pdf.count(b"/Subtype /Image")


def test_withdrawn_consent_hides_photos_in_the_view_and_the_portfolio(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    app.participants.set_photo_consent(admin_id, participant.id, True, dt.date(2026, 9, 2))
    eid = app.journey.enroll(admin_id, participant.id, "BUT-01")
    criterion = app.assessment.enrollment(eid).module.criteria[0]
    photo = tmp_path / "hylla.png"
    photo.write_bytes(demo_photo(5, 320, 240))
    app.evidence.add(
        admin_id,
        participant.id,
        type=EvidenceType.PHOTO,
        date=dt.date(2026, 10, 1),
        title="Hyllan",
        criterion_ids=[criterion.id],
        files=[photo],
    )
    assert app.participant_view.own_view(participant.id).latest_evidence[0].photo_sha256
    assert _images_in(app.documents.portfolio(participant.id)) == 1
    app.participants.set_photo_consent(admin_id, participant.id, False)
    assert app.participant_view.own_view(participant.id).latest_evidence[0].photo_sha256 is None
    pdf = app.documents.portfolio(participant.id)
    assert _images_in(pdf) == 0
    # The photo itself is still there until someone chooses to delete it.
    assert app.participant_edit.photo_count(participant.id) == 1


def test_delete_photos_keeps_those_in_a_signed_module(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    app.participants.set_photo_consent(admin_id, participant.id, True, dt.date(2026, 9, 2))
    eid = ready_module(app, admin_id, participant.id, photo_dir=tmp_path / "signed")
    sign(app, admin_id, eid)
    _photo_evidence(app, admin_id, participant.id, tmp_path, 1)
    _photo_evidence(app, admin_id, participant.id, tmp_path, 2)
    assert app.participant_edit.photo_count(participant.id) == 3
    app.participants.set_photo_consent(admin_id, participant.id, False)
    assert app.participant_edit.delete_photos(admin_id, participant.id) == (2, 1)
    assert app.participant_edit.photo_count(participant.id) == 1
    assert len(app.evidence.list(participant.id)) == 3, "the evidence itself stays"


def test_placement_dates_are_checked(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    before = db_summary(app)
    with pytest.raises(ValidationError, match="före startdatumet"):
        app.participant_edit.update_placement_dates(
            admin_id, participant.id, dt.date(2026, 9, 1), dt.date(2026, 8, 1)
        )
    assert db_summary(app) == before
    app.participant_edit.update_placement_dates(
        admin_id, participant.id, dt.date(2026, 8, 15), dt.date(2027, 2, 1)
    )
    placement = app.participants.get(participant.id).current_placement
    assert placement is not None
    assert (placement.start_date, placement.planned_end_date) == (
        dt.date(2026, 8, 15),
        dt.date(2027, 2, 1),
    )


def test_placement_dates_with_a_mistyped_year_are_refused_on_every_path(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    """1926 for 2026 (or 2062) in a date field: refused when registering and when the
    dates are changed afterwards under Ändra uppgifter, nothing saved."""
    with pytest.raises(ValidationError, match="före år 2000"):
        new_participant(app, admin_id, "Gammal", start_date=dt.date(1926, 9, 1))
    for start in (dt.date(1926, 9, 1), dt.date.today() + dt.timedelta(days=800)):
        with pytest.raises(ValidationError):
            app.participant_edit.update_placement_dates(admin_id, participant.id, start, None)
    placement = app.participants.get(participant.id).current_placement
    assert placement is not None and placement.start_date == dt.date(2026, 9, 1)


def test_save_details_is_all_or_nothing(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    before = db_summary(app)
    with pytest.raises(ValidationError, match="Efternamnet"):
        app.participant_edit.save_details(
            admin_id,
            participant.id,
            {"first_name": "Marta", "last_name": "L" * 121},
            dates=(dt.date(2026, 8, 1), None),
            consent=(True, dt.date(2026, 9, 2)),
        )
    assert db_summary(app) == before
    app.participant_edit.save_details(
        admin_id,
        participant.id,
        {"first_name": "Marta"},
        dates=(dt.date(2026, 8, 1), None),
        consent=(True, dt.date(2026, 9, 2)),
    )
    after = app.participants.get(participant.id)
    assert after.current_placement is not None
    assert (after.first_name, after.photo_consent_date, after.current_placement.start_date) == (
        "Marta",
        dt.date(2026, 9, 2),
        dt.date(2026, 8, 1),
    )


def test_edited_start_may_not_fall_on_the_day_the_previous_placement_ended(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    """Ändra uppgifter keeps the rule a new placement follows: on the same day both
    placements would be active on a mätdag."""
    app.participants.close(admin_id, participant.id, dt.date(2026, 12, 31), PlacementOutcome.OTHER)
    app.participants.start_new_placement(
        admin_id, participant.id, PlacementType.EMPLOYMENT, Referrer.MUNICIPALITY,
        dt.date(2027, 1, 10),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="samma dag; den kan börja tidigast 2027-01-01"):
        app.participant_edit.update_placement_dates(
            admin_id, participant.id, dt.date(2026, 12, 31), None
        )
    app.participant_edit.update_placement_dates(admin_id, participant.id, dt.date(2027, 1, 1), None)
