"""Gender, start status, lönebidrag, type change and municipality through services."""

from __future__ import annotations

import datetime as dt

import pytest

from handledare_app.domain.enums import (
    Gender,
    PlacementOutcome,
    PlacementType,
    Referrer,
    StartStatus,
)
from handledare_app.domain.errors import ValidationError
from handledare_app.domain.municipalities import MUNICIPALITIES, MUNICIPALITY_CODES
from handledare_app.services.app import App
from tests.helpers import db_summary, new_participant


def test_gender_and_start_status_are_stored_and_editable(app: App, admin_id: str) -> None:
    p = new_participant(
        app, admin_id, "Lena", gender=Gender.WOMAN, start_status=StartStatus.JOB_SEEKING
    )
    assert p.gender is Gender.WOMAN
    assert p.placements[0].start_status is StartStatus.JOB_SEEKING
    assert new_participant(app, admin_id, "Kim").gender is Gender.NOT_STATED
    again = app.participants.update(admin_id, p.id, gender=Gender.OTHER)
    assert again.gender is Gender.OTHER


def test_wage_subsidy_only_for_employment(app: App, admin_id: str) -> None:
    before = db_summary(app)
    with pytest.raises(ValidationError, match="bara en anställning"):
        new_participant(app, admin_id, "Per", wage_subsidy=True)
    assert db_summary(app) == before
    p = new_participant(
        app, admin_id, "Per", placement_type=PlacementType.EMPLOYMENT, wage_subsidy=True
    )
    assert p.placements[0].wage_subsidy


def test_type_change_ends_one_placement_and_starts_the_next(app: App, admin_id: str) -> None:
    p = new_participant(app, admin_id, "Sam", start_date=dt.date(2026, 3, 1))
    d = app.participants.change_placement_type(
        admin_id, p.id, PlacementType.EMPLOYMENT, dt.date(2026, 9, 1), wage_subsidy=True
    )
    first, second = d.placements
    assert first.end_date == dt.date(2026, 8, 31)
    assert first.outcome is PlacementOutcome.EMPLOYED_HERE
    assert (second.type, second.start_date, second.end_date) == (
        PlacementType.EMPLOYMENT,
        dt.date(2026, 9, 1),
        None,
    )
    assert second.wage_subsidy and second.referrer is Referrer.EMPLOYMENT_SERVICE
    assert d.stage is p.stage  # the journey goes on


@pytest.mark.parametrize(
    ("kind", "day", "needle"),
    [
        (PlacementType.WORK_TRAINING, dt.date(2026, 9, 1), "redan arbetsträning"),
        (PlacementType.EMPLOYMENT, dt.date(2026, 3, 1), "minst en dag efter"),
        (PlacementType.EMPLOYMENT, dt.date(2026, 2, 1), "minst en dag efter"),
    ],
)
def test_bad_type_changes_change_nothing(
    app: App, admin_id: str, kind: PlacementType, day: dt.date, needle: str
) -> None:
    p = new_participant(app, admin_id, "Sam", start_date=dt.date(2026, 3, 1))
    before = db_summary(app)
    with pytest.raises(ValidationError, match=needle):
        app.participants.change_placement_type(admin_id, p.id, kind, day)
    assert db_summary(app) == before


def test_closing_before_the_start_is_refused(app: App, admin_id: str) -> None:
    p = new_participant(app, admin_id, "Sam", start_date=dt.date(2026, 3, 1))
    before = db_summary(app)
    with pytest.raises(ValidationError, match="före placeringens startdatum"):
        app.participants.close(admin_id, p.id, dt.date(2026, 2, 28), PlacementOutcome.OTHER)
    assert db_summary(app) == before


def test_workplace_municipality(app: App, admin_id: str) -> None:
    assert app.setup.update_workplace(admin_id, municipality="Gävle").municipality == "2180"
    assert app.setup.update_workplace(admin_id, municipality="2184").municipality == "2184"
    with pytest.raises(ValidationError, match="finns inte"):
        app.setup.update_workplace(admin_id, municipality="Atlantis")
    assert app.setup.workplace().municipality == "2184"


def test_the_municipality_list() -> None:
    assert len(MUNICIPALITIES) == len(MUNICIPALITY_CODES) == 290
    assert [m.county_code for m in MUNICIPALITIES[:10]] == ["21"] * 10
    assert "Gävle" in {m.name for m in MUNICIPALITIES[:10]}
    assert all(len(m.code) == 4 and m.code.isdigit() for m in MUNICIPALITIES)
