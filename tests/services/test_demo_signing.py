"""The demo spreads validations (signed modules, certificates) over earlier half-years,
through the real signing and issuing code, and `check` and `verify` accept them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from handledare_app.domain.errors import ValidationError
from handledare_app.domain.followup import half_year_of
from handledare_app.services.app import open_app
from handledare_app.services.demo import create_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo-spread") / "data"
    with open_app(root) as app:
        create_demo(app, participants=24, photos=False)
    return root


def test_earlier_half_years_have_validations_and_check_is_clean(demo: Path) -> None:
    with open_app(demo) as app:
        today = dt.date.today()
        trend = app.statistics.trend(half_year_of(today), 4)
        earlier = [t for t in trend[:-1] if t.validated_modules.total > 0]
        assert len(earlier) >= 2, [(t.period.label, t.validated_modules.total) for t in trend]
        assert trend[-2].validated_modules.total > 0  # the latest complete half-year
        assert any(t.certificates_issued > 0 for t in trend[:-1])
        assert any(t.active_supervisors > 0 for t in trend[:-1])
        assert app.check.run() == []
        certs = app.certificates.issued()
        assert any(c.issued_on < half_year_of(today).start for c in certs)
        for c in certs:
            assert app.certificates.verify(c.code).verdict.value == "valid", c.code
        for s in app.signing.standing_all():
            assert s.signed_on <= today
            assert app.signing.snapshot(s.id)["signed_on"] == s.signed_on.isoformat()


def test_a_signing_day_in_the_future_is_refused(demo: Path) -> None:
    with open_app(demo) as app:
        pid = app.signing.participants_with_signoffs()[0]
        with pytest.raises(ValidationError, match="framtiden"):
            app.certificates._issue_on(None, pid, dt.date.today() + dt.timedelta(days=1))


def test_each_signed_module_was_begun_before_it_was_signed(demo: Path) -> None:
    """The certificate says "Påbörjad …, signerad …": the demo's enrollments are dated at
    the placement's start, never the day the demo was made, after the signing."""
    with open_app(demo) as app:
        for s in app.signing.standing_all():
            snap = app.signing.snapshot(s.id)
            assert snap["enrollment"]["enrolled_on"] <= snap["signed_on"], s.id


def test_work_plans_name_the_business_area_in_words(demo: Path) -> None:
    """The demo's goals say "inom café", never the code ("inom cafe", "inom tradgard")."""
    import sqlite3

    con = sqlite3.connect(demo / "handledare.sqlite")
    goals = [r[0] for r in con.execute("SELECT goals FROM work_plan WHERE goals != ''")]
    con.close()
    assert goals
    assert not any(f"inom {code} " in g for g in goals for code in ("cafe", "tradgard", "stad"))
