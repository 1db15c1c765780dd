"""Audit of the half-year figures against a hand count (FOLLOWUP.md §1–3): a small
company with the edge cases FOLLOWUP.md names, and a participant who moves to another
company mid-period (each company counts what its own computers recorded)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from handledare_app.domain.enums import Gender, PlacementOutcome, PlacementType, Referrer
from handledare_app.domain.followup import parse_period
from handledare_app.services.app import App
from handledare_app.services.report import ReportService
from tests.report_helpers import admin, company, coordinator, join_network

D = dt.date
X, T, R = PlacementOutcome, PlacementType, Referrer
H1 = parse_period("2026H1")


def _new(app: App, first: str, t: T, r: R, start: dt.date, g: Gender, by: int | None) -> str:
    return app.participants.create(
        admin(app),
        first_name=first,
        last_name="Handräknad",
        placement_type=t,
        referrer=r,
        start_date=start,
        gender=g,
        birth_year=by,
    ).id


def _company_a(a: App) -> str:
    """The hand-counted company; returns the id of the participant who will move."""
    act = admin(a)
    p1 = _new(a, "P1", T.WORK_TRAINING, R.EMPLOYMENT_SERVICE, D(2026, 1, 1), Gender.WOMAN, 1990)
    a.participants.close(act, p1, end_date=D(2026, 6, 30), outcome=X.STUDIES)  # first..last day
    p2 = _new(a, "P2", T.INTERNSHIP, R.MUNICIPALITY, D(2025, 10, 1), Gender.MAN, 2009)
    a.participants.change_placement_type(act, p2, T.EMPLOYMENT, D(2026, 3, 1), wage_subsidy=True)
    p3 = _new(a, "P3", T.REHABILITATION, R.SOCIAL_INSURANCE, D(2025, 5, 1), Gender.WOMAN, 1960)
    a.participants.close(act, p3, end_date=D(2026, 2, 15), outcome=X.JOB_SEEKING)
    _new(a, "P4", T.OCCUPATION, R.REGION, D(2026, 6, 30), Gender.OTHER, None)  # last day
    p5 = _new(a, "P5", T.INTERNSHIP, R.OTHER, D(2026, 3, 3), Gender.MAN, 1980)
    a.participants.close(act, p5, end_date=D(2026, 3, 4), outcome=X.REGISTRATION_ERROR)
    p6 = _new(a, "P6", T.WORK_TRAINING, R.EMPLOYMENT_SERVICE, D(2026, 2, 1), Gender.WOMAN, 1985)
    a.participants.close(act, p6, end_date=D(2026, 5, 31), outcome=X.WORK_UNSUBSIDISED)
    a.erasure.erase(act, p6, "Deltagaren bad om det", backup=False)  # birth year goes
    p7 = _new(a, "P7", T.INTERNSHIP, R.OTHER, D(2025, 12, 1), Gender.MAN, 2000)
    a.participants.close(act, p7, end_date=D(2026, 1, 1), outcome=X.DISCONTINUED)
    p8 = _new(a, "P8", T.INTERNSHIP, R.OTHER, D(2025, 6, 1), Gender.MAN, 2000)
    a.participants.close(act, p8, end_date=D(2025, 12, 31), outcome=X.DISCONTINUED)  # before
    _new(a, "P10", T.INTERNSHIP, R.OTHER, D(2026, 7, 1), Gender.MAN, 2000)  # after
    p9 = _new(a, "P9", T.WORK_TRAINING, R.EMPLOYMENT_SERVICE, D(2026, 1, 15), Gender.WOMAN, 1995)
    a.participants.close(act, p9, end_date=D(2026, 4, 15), outcome=X.OTHER_PROGRAMME)
    return p9


def test_figures_equal_a_hand_count_and_a_moved_participant_counts_where_recorded(
    tmp_path: Path,
) -> None:
    coord = coordinator(tmp_path / "c")
    a = company(tmp_path / "a", "Alfa Återbruk")
    b = company(tmp_path / "b", "Beta Café")
    try:
        join_network(coord, [a, b], tmp_path / "net")
        p9 = _company_a(a)
        move = tmp_path / "flytt.hpkg"
        a.exchange.export(
            move, profile="exchange", recipients=[b.keys.age_recipient], participants=[p9]
        )
        b.exchange.import_file(move)
        b.participants.start_new_placement(
            admin(b), p9, T.INTERNSHIP, R.MUNICIPALITY, D(2026, 4, 16)
        )
        _new(b, "Q1", T.WORK_TRAINING, R.EMPLOYMENT_SERVICE, D(2026, 2, 1), Gender.MAN, 1970)

        f = a.statistics.figures(H1)
        # 1–3: P1 (ends on the mätdag), P2's anställning, P4 (starts on the mätdag).
        assert f.active.cells == {
            ("work_training", "employment_service", "woman"): 1,
            ("employment", "municipality", "man"): 1,
            ("occupation", "region", "other"): 1,
        }
        assert f.employed.cells == {("man", "yes"): 1}
        assert f.placed.total == 2
        # 4: P1, P9 women 30–54; P3 55+ (age in 2025, the start year); P6 erased: okänd;
        # P2 16–17 (two placements, one person); P7 18–29; P4 okänd. P5 felregistrering.
        assert f.participants.cells == {
            ("woman", "30-54"): 2,
            ("woman", "55+"): 1,
            ("woman", "unknown"): 1,
            ("man", "16-17"): 1,
            ("man", "18-29"): 1,
            ("other", "unknown"): 1,
        }
        assert f.started.by("type") == {"work_training": 3, "employment": 1, "occupation": 1}
        assert f.ended.by("exit") == {
            "studies": 1,
            "employed_here": 1,
            "job_seeking": 1,
            "work_unsubsidised": 1,
            "discontinued": 1,  # P7 ends on the period's first day
            "other_programme": 1,  # P9 before the move
        }
        assert f.to_work_or_studies.cells == {("woman",): 2, ("man",): 1}
        assert f.to_work_studies_or_seeking.cells == {("woman",): 3, ("man",): 1}
        assert f.share_to_work_or_studies.text() == "50,0 %"
        assert f.to_employment_here.cells == {("man",): 1}
        # 10: both first and last day count.
        assert f.duration["work_training"].to_dict() == [3, 120.0, 130.7]  # 181, 120, 91
        assert f.duration["internship"].to_dict() == [2, 91.5, 91.5]  # 151, 32
        assert f.duration["all"].to_dict() == [6, 135.5, 144.3]
        assert f.finsam.cells == {("woman",): 4, ("man",): 2, ("other",): 1}

        # B counts Q1 and what B recorded for P9, not P9's placement at A.
        g = b.statistics.figures(H1)
        assert g.started.cells == {
            ("work_training", "employment_service", "man"): 1,
            ("internship", "municipality", "woman"): 1,
        }
        assert g.ended.total == 0
        assert g.participants.total == 2
        # B's report says what B's stats say, and P9's placement at B is in it.
        out = tmp_path / "rapport-b.hpkg"
        sent = ReportService(b).write(admin(b), H1, "Coompanions dator", out)
        assert sent.figures is not None
        assert sent.figures.to_dict() == g.to_dict()
        assert sent.counts["placement"] == 2
    finally:
        for x in (coord, a, b):
            x.close()


def test_a_new_placement_cannot_start_the_day_the_last_one_ended(tmp_path: Path) -> None:
    """Both would be active that day: on a mätdag the person would count twice, as
    placed and as employed."""
    from handledare_app.domain.errors import ValidationError
    from handledare_app.services.app import open_app
    from tests.conftest import ADMIN_PIN

    app = open_app(tmp_path / "x")
    try:
        app.setup.set_up("Alfa Återbruk", "Kontoret", "Bo Berg", ADMIN_PIN)
        act = admin(app)
        pid = _new(app, "P", T.WORK_TRAINING, R.EMPLOYMENT_SERVICE, D(2026, 1, 1), Gender.MAN, 1990)
        app.participants.close(act, pid, end_date=D(2026, 6, 30), outcome=X.EMPLOYED_HERE)
        try:
            app.participants.start_new_placement(act, pid, T.EMPLOYMENT, R.OTHER, D(2026, 6, 30))
        except ValidationError as exc:
            assert "tidigast 2026-07-01" in str(exc)
        else:
            raise AssertionError("a new placement started the day the last one ended")
        assert len(app.participants.get(pid).placements) == 1
        app.participants.start_new_placement(act, pid, T.EMPLOYMENT, R.OTHER, D(2026, 7, 1))
        f = app.statistics.figures(parse_period("2026H1"))
        assert (f.active.total, f.employed.total) == (1, 0)
    finally:
        app.close()
