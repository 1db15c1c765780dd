"""`demo --samordnare`: Coompanion with collected reports, some missing for the latest."""

from __future__ import annotations

import datetime as dt

from handledare_app.domain.followup import half_year_of, previous_half_years
from handledare_app.services.app import App
from handledare_app.services.collection import CollectionService
from handledare_app.services.demo_collection import COMPANIES, create_coordinator_demo
from handledare_app.services.participant_reads import ParticipantFilter


def test_coordinator_demo_has_reports_and_missing_companies(empty_app: App) -> None:
    r = create_coordinator_demo(empty_app, companies=4, participants=2, validations=0)
    collection = CollectionService(empty_app)
    assert collection.is_coordinator()
    # Names never reach Coompanion: only the reports' pseudonymised records.
    assert empty_app.participants.list(ParticipantFilter(status="all")) == []
    earlier, latest = previous_half_years(half_year_of(dt.date.today()), 2)
    assert r.latest_period == latest.label and r.reports == 4 + 1
    names = [name for name, _m in COMPANIES[:4]]
    view = collection.county(latest)
    assert sorted(c.name for c in view.companies) == sorted(names)
    assert [c.name for c in view.companies if c.reported] == [names[0]]
    assert sorted(c.name for c in view.missing) == sorted(names[1:]) == sorted(r.missing_latest)
    assert all(c.latest_package is not None for c in view.missing)  # they did send before
    before = collection.county(earlier)
    assert before.reporting == 4 and before.total is not None
    assert set(before.per_municipality) == {m for _n, m in COMPANIES[:4]}
    assert before.total.participants.total == sum(
        f.participants.total for f in before.per_company.values()
    )
