"""Demo former participants spread placements, type changes and exits over the last
four half-years (what the follow-up figures and the trend chart show)."""

from __future__ import annotations

import datetime as dt
import random

from handledare_app.domain.enums import PlacementOutcome, PlacementType
from handledare_app.domain.followup import half_year_of, previous_half_years
from handledare_app.services.app import App
from handledare_app.services.demo_followup import add_former_participants


def test_former_participants_fill_four_half_years(app: App, admin_id: str) -> None:
    names = [(f"Tidigare{i}", "Demosson") for i in range(16)]
    assert add_former_participants(app, [admin_id], names, random.Random(7)) == 16
    facts = app.statistics.facts()
    trend = app.statistics.trend(half_year_of(dt.date.today()), 4, facts)
    assert [t.period for t in trend] == previous_half_years(trend[-1].period, 4)
    for t in trend:
        assert t.participants.total > 0, t.period.label
    assert sum(t.ended.total for t in trend) >= 6
    exits = {x.exit_code for x in facts.placements if x.exit_code}
    assert PlacementOutcome.REGISTRATION_ERROR in exits and len(exits) >= 4
    genders = {p.gender for p in facts.persons}
    assert len(genders) >= 2
    assert any(x.type is PlacementType.EMPLOYMENT for x in facts.placements)
    assert app.setup.workplace().municipality == "2180"
