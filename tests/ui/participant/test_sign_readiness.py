"""A module not ready to sign: the resting Signera button (and the progress bar) name the
criteria that are left, instead of only saying that all must be met."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import AssessmentStatus
from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.participant.assessment_tab import AssessmentTab
from handledare_app.ui.participant.sign_readiness import criteria_left, not_ready_text
from tests.helpers import observe
from tests.signing_helpers import sign

from ..conftest import Boxes
from .conftest import Plan


@pytest.fixture
def tab(qtbot: QtBot, app: App, admin: SupervisorInfo, plan: Plan, boxes: Boxes) -> AssessmentTab:
    widget = AssessmentTab(app, admin, plan.participant.id)
    qtbot.addWidget(widget)
    return widget


def test_all_but_one_met_names_the_one_left(
    tab: AssessmentTab, app: App, admin_id: str, plan: Plan
) -> None:
    criteria = plan.but_module.criteria
    assert len(criteria) >= 2
    observe(app, admin_id, plan.participant.id, [c.id for c in criteria[:-1]])
    for c in criteria[:-1]:
        app.assessment.judge(admin_id, plan.but, c.id, AssessmentStatus.ACHIEVED)
    tab.refresh()
    row = tab.module_row(plan.but)
    assert row is not None and not row.sign_button.isEnabled()
    last = criteria[-1].number
    assert f"Kriterium {last} är inte bedömt som uppnått" in row.sign_button.toolTip()
    assert row.bar.toolTip() == row.sign_button.toolTip()
    named = row.sign_button.toolTip().split(" är ")[0]
    assert all(c.number not in named.split() for c in criteria[:-1]), "only what is left"


def test_in_progress_counts_as_left_and_long_lists_are_summed_up(
    app: App, admin_id: str, plan: Plan
) -> None:
    criteria = plan.but_module.criteria
    app.assessment.judge(admin_id, plan.but, criteria[0].id, AssessmentStatus.IN_PROGRESS)
    progress = app.assessment.enrollment(plan.but)
    left = criteria_left(progress)
    assert left == [c.number for c in criteria], "Pågår is not Uppnådd"
    text = not_ready_text(progress)
    assert text.startswith("Kriterierna ")
    if len(left) > 8:
        assert f"och {len(left) - 8} till" in text
        assert left[8] not in text.split(" och ")[0].split(", ")
    else:
        assert ", ".join(left) in text


def test_no_new_evidence_button_for_a_signed_module(
    tab: AssessmentTab, app: App, admin_id: str, plan: Plan
) -> None:
    """It opened a dialog whose Spara then refused the signed module's criterion."""
    criteria = plan.but_module.criteria
    observe(app, admin_id, plan.participant.id, [c.id for c in criteria])
    for c in criteria:
        app.assessment.judge(admin_id, plan.but, c.id, AssessmentStatus.ACHIEVED)
    tab.refresh()
    tab.select_criterion(plan.but, criteria[0].id)
    assert tab.evidence_button.isEnabled(), "ready, not yet signed: evidence may be added"
    sign(app, admin_id, plan.but)
    tab.refresh()
    tab.select_criterion(plan.but, criteria[0].id)
    assert not tab.evidence_button.isEnabled()
    tab.select_criterion(plan.caf, plan.caf_module.criteria[0].id)
    assert tab.evidence_button.isEnabled()
