"""The Bedömning tab: one-click judging, module progress, klar för signering, Signera."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import AssessmentStatus, EvidenceType, ModuleStatus, Role
from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.participant.assessment_model import (
    COL_COMMENT,
    COL_EVIDENCE,
    COL_STATUS,
    COL_TEXT,
    ID_ROLE,
    STATUS_ROLE,
    AssessmentTreeModel,
)
from handledare_app.ui.participant.assessment_tab import AssessmentTab
from handledare_app.ui.participant.evidence_model import EvidenceTableModel
from tests.helpers import observe
from tests.signing_helpers import sign

from ..conftest import Boxes
from ..test_accessibility import unnamed
from .conftest import Plan


@pytest.fixture(autouse=True)
def _never_modal(boxes: Boxes, monkeypatch: pytest.MonkeyPatch) -> Boxes:
    from handledare_app.ui.participant.evidence_dialog import EvidenceDialog

    monkeypatch.setattr(EvidenceDialog, "exec", lambda _self: 0)  # cancelled
    return boxes


def test_achieved_without_evidence_cancelled_is_not_judged(
    qtbot: QtBot, app: App, admin: SupervisorInfo, plan: Plan
) -> None:
    tab = _tab(qtbot, app, admin, plan)
    first = plan.but_module.criteria[0]
    tab.select_criterion(plan.but, first.id)
    assert tab.judge_current(AssessmentStatus.ACHIEVED) is False
    assert "minst ett bevis" in tab.error_label.text() and tab.error_label.isVisibleTo(tab)
    assert app.assessment.enrollment(plan.but).assessments == {}
    assert tab.tree.currentIndex().data(ID_ROLE) == first.id, "stays on the criterion"


def test_achieved_criteria_without_evidence_are_listed_and_block_signera(
    qtbot: QtBot, app: App, admin: SupervisorInfo, admin_id: str, plan: Plan
) -> None:
    criteria = plan.but_module.criteria
    evidence_id = observe(app, admin_id, plan.participant.id, [c.id for c in criteria])
    for c in criteria:
        app.assessment.judge(admin_id, plan.but, c.id, AssessmentStatus.ACHIEVED)
    tab = _tab(qtbot, app, admin, plan)
    assert not tab.bare_label.isVisibleTo(tab)
    row = tab.module_row(plan.but)
    assert row is not None and row.sign_button.isEnabled()
    app.evidence.delete(admin_id, evidence_id)
    tab.refresh()
    assert tab.bare_label.isVisibleTo(tab)
    assert f"BUT-01 {criteria[0].number}" in tab.bare_label.text()
    row = tab.module_row(plan.but)
    assert row is not None and not row.sign_button.isEnabled()
    # Listed, not changed: the judgements stand until the supervisor acts.
    statuses = {a.status for a in app.assessment.enrollment(plan.but).assessments.values()}
    assert statuses == {AssessmentStatus.ACHIEVED}


def _tab(qtbot: QtBot, app: App, user: SupervisorInfo, plan: Plan) -> AssessmentTab:
    tab = AssessmentTab(app, user, plan.participant.id)
    qtbot.addWidget(tab)
    tab.resize(1366, 768)
    tab.show()
    return tab


def _status_cell(tab: AssessmentTab, enrollment_id: str, criterion_id: str) -> QModelIndex:
    index = tab.model.index_of_criterion(enrollment_id, criterion_id)
    return index.siblingAtColumn(COL_STATUS)


def _observe_in_place(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The evidence dialog U opens for a criterion without evidence: an observation is
    written and saved; returns the criteria it was opened for."""
    from handledare_app.ui import tasks
    from handledare_app.ui.participant.evidence_dialog import EvidenceDialog

    opened: list[str] = []

    def fill_and_save(dialog: EvidenceDialog) -> int:
        assert dialog.evidence_type() is EvidenceType.OBSERVATION
        assert dialog.intro_label.isVisibleTo(dialog)
        [criterion_id] = dialog.criteria.selected_ids()
        opened.append(criterion_id)
        dialog.title_edit.setText("Såg det i butiken")
        dialog.save()
        tasks.wait_for_all()  # the save runs on the task runner (issue 14)
        return int(dialog.result())

    monkeypatch.setattr(EvidenceDialog, "exec", fill_and_save)
    return opened


def test_judge_every_criterion_of_a_module_by_keyboard_then_sign(
    qtbot: QtBot, app: App, admin: SupervisorInfo, plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = _observe_in_place(monkeypatch)
    tab = _tab(qtbot, app, admin, plan)
    criteria = plan.but_module.criteria
    row = tab.module_row(plan.but)
    assert row is not None
    assert row.bar.text() == f"0 av {len(criteria)} kriterier"
    assert row.status.text() == "Ej påbörjad"
    assert not row.sign_button.isEnabled()

    tab.select_criterion(plan.but, criteria[0].id)
    tab.tree.setFocus()
    for _ in criteria:  # U judges the selected criterion and moves to the next one
        with qtbot.waitSignal(tab.changed):
            qtbot.keyClick(tab.tree, Qt.Key.Key_U)
    # No criterion had evidence: each U recorded an observation in the same step.
    assert opened == [c.id for c in criteria]
    assert len(app.evidence.list(plan.participant.id)) == len(criteria)

    progress = app.assessment.enrollment(plan.but)
    assert progress.status is ModuleStatus.READY_FOR_SIGNOFF
    row = tab.module_row(plan.but)
    assert row is not None
    assert row.status.text() == "Klar för signering"
    assert row.bar.text() == f"{len(criteria)} av {len(criteria)} kriterier"
    module_index = tab.model.index_of_module(plan.but)
    assert "Klar för signering" in module_index.siblingAtColumn(COL_STATUS).data()
    assert row.sign_button.isEnabled()
    other = tab.module_row(plan.caf)
    assert other is not None and not other.sign_button.isEnabled()
    with qtbot.waitSignal(tab.sign_requested) as signal:
        qtbot.mouseClick(row.sign_button, Qt.MouseButton.LeftButton)
    assert signal.args == [plan.but]


def test_a_too_long_comment_is_kept_whole_and_refused_in_words(
    qtbot: QtBot, app: App, admin: SupervisorInfo, plan: Plan
) -> None:
    """A pasted 6 000-character comment is not cut to 5 000 without a word: it stays as
    pasted, the tab says it is too long, and the criterion is not judged."""
    c = plan.caf_module.criteria
    tab = _tab(qtbot, app, admin, plan)
    tab.select_criterion(plan.caf, c[0].id)
    tab.comment_edit.setText("ö" * 6000)
    qtbot.mouseClick(tab.judge_buttons[AssessmentStatus.IN_PROGRESS], Qt.MouseButton.LeftButton)
    assert len(tab.comment_edit.text()) == 6000
    assert "Kommentaren är för lång (högst 5 000 tecken)" in tab.error_label.text()
    assert c[0].id not in app.assessment.enrollment(plan.caf).assessments


def test_one_click_with_a_comment_and_status_shown_by_colour_icon_and_text(
    qtbot: QtBot, app: App, admin: SupervisorInfo, admin_id: str, plan: Plan
) -> None:
    c = plan.caf_module.criteria
    app.evidence.add(
        admin_id,
        plan.participant.id,
        type=EvidenceType.OBSERVATION,
        date=dt.date.today(),
        title="Dukade",
        criterion_ids=[c[0].id],
    )
    tab = _tab(qtbot, app, admin, plan)
    tab.select_criterion(plan.caf, c[0].id)
    tab.comment_edit.setText("Torkar noga, behöver påminnelse om stolarna.")
    with qtbot.waitSignal(tab.changed):
        qtbot.mouseClick(tab.judge_buttons[AssessmentStatus.IN_PROGRESS], Qt.MouseButton.LeftButton)
    info = app.assessment.enrollment(plan.caf).assessments[c[0].id]
    assert info.status is AssessmentStatus.IN_PROGRESS
    assert info.comment == "Torkar noga, behöver påminnelse om stolarna."

    cell = _status_cell(tab, plan.caf, c[0].id)
    assert cell.data() == "Pågår"
    assert cell.data(STATUS_ROLE) == AssessmentStatus.IN_PROGRESS  # a str through QVariant
    assert not cell.data(Qt.ItemDataRole.DecorationRole).isNull()
    in_progress_bg = cell.data(Qt.ItemDataRole.BackgroundRole).color()
    untouched = _status_cell(tab, plan.caf, c[1].id)
    assert untouched.data() == "Ej påbörjad"
    assert untouched.data(Qt.ItemDataRole.BackgroundRole).color() != in_progress_bg
    assert cell.siblingAtColumn(COL_EVIDENCE).data() == "1"
    assert cell.siblingAtColumn(COL_COMMENT).data() == info.comment
    # The selection moved on to the next criterion, with its own (empty) comment.
    assert tab.tree.currentIndex().data(ID_ROLE) == c[1].id
    assert tab.comment_edit.text() == ""
    row = tab.module_row(plan.caf)
    assert row is not None and row.status.text() == "Pågår"


def test_context_menu_actions_and_keys_p_and_e(
    qtbot: QtBot, app: App, admin: SupervisorInfo, admin_id: str, plan: Plan
) -> None:
    first = plan.but_module.criteria[0]
    observe(app, admin_id, plan.participant.id, [first.id])
    tab = _tab(qtbot, app, admin, plan)
    assert [a.text() for a in tab.judge_actions.values()] == ["Uppnådd", "Pågår", "Ej påbörjad"]
    tab.select_criterion(plan.but, first.id)
    tab.judge_actions[AssessmentStatus.ACHIEVED].trigger()
    assert app.assessment.enrollment(plan.but).assessments[first.id].status is (
        AssessmentStatus.ACHIEVED
    )
    tab.select_criterion(plan.but, first.id)
    qtbot.keyClick(tab.tree, Qt.Key.Key_P)
    assert app.assessment.enrollment(plan.but).assessments[first.id].status is (
        AssessmentStatus.IN_PROGRESS
    )
    tab.select_criterion(plan.but, first.id)
    qtbot.keyClick(tab.tree, Qt.Key.Key_E)
    assert app.assessment.enrollment(plan.but).assessments[first.id].status is (
        AssessmentStatus.NOT_STARTED
    )
    # Letters on a module row do nothing.
    tab.tree.setCurrentIndex(tab.model.index_of_module(plan.but))
    assert not tab.judge_buttons[AssessmentStatus.ACHIEVED].isEnabled()
    assert tab.judge_current(AssessmentStatus.ACHIEVED) is False


def test_signed_module_cannot_be_judged(
    qtbot: QtBot, app: App, admin: SupervisorInfo, admin_id: str, plan: Plan
) -> None:
    observe(app, admin_id, plan.participant.id, [c.id for c in plan.but_module.criteria])
    for c in plan.but_module.criteria:
        app.assessment.judge(admin_id, plan.but, c.id, AssessmentStatus.ACHIEVED)
    sign(app, admin_id, plan.but)
    tab = _tab(qtbot, app, admin, plan)
    row = tab.module_row(plan.but)
    assert row is not None and row.status.text() == "Signerad"
    assert not row.sign_button.isEnabled()
    tab.select_criterion(plan.but, plan.but_module.criteria[0].id)
    assert not any(b.isEnabled() for b in tab.judge_buttons.values())
    assert "signerad" in tab.criterion_label.text()


def test_service_refusal_is_shown_in_the_tab(
    qtbot: QtBot, app: App, admin: SupervisorInfo, admin_id: str, plan: Plan
) -> None:
    tab = _tab(qtbot, app, admin, plan)
    tab.select_criterion(plan.but, plan.but_module.criteria[0].id)
    app.journey.withdraw(admin_id, plan.but)  # elsewhere, while the tab is open
    assert tab.judge_current(AssessmentStatus.IN_PROGRESS) is False
    assert "borttagen ur arbetsplanen" in tab.error_label.text()
    assert tab.error_label.isVisibleTo(tab)


def test_quality_assurer_sees_but_cannot_judge(
    qtbot: QtBot, app: App, admin_id: str, plan: Plan
) -> None:
    qa = app.supervisors.add(admin_id, "Ingrid Kvist", "7391", {Role.QUALITY_ASSURER})
    tab = _tab(qtbot, app, qa, plan)
    tab.select_criterion(plan.but, plan.but_module.criteria[0].id)
    assert not any(b.isEnabled() for b in tab.judge_buttons.values())
    qtbot.keyClick(tab.tree, Qt.Key.Key_U)
    assert app.assessment.enrollment(plan.but).assessments == {}


def test_empty_work_plan_says_what_to_do(
    qtbot: QtBot, app: App, admin: SupervisorInfo, admin_id: str, plan: Plan
) -> None:
    app.journey.withdraw(admin_id, plan.but)
    app.journey.withdraw(admin_id, plan.caf)
    tab = _tab(qtbot, app, admin, plan)
    assert tab.empty_label.isVisible()
    assert "Arbetsplan" in tab.empty_label.text()
    assert not tab.tree.isVisible()


def test_screenshot_and_names(
    qtbot: QtBot, app: App, admin: SupervisorInfo, admin_id: str, plan: Plan
) -> None:
    from handledare_app.ui.participant import assessment_tab

    observe(app, admin_id, plan.participant.id, [c.id for c in plan.but_module.criteria])
    for c in plan.but_module.criteria:
        app.assessment.judge(admin_id, plan.but, c.id, AssessmentStatus.ACHIEVED)
    [(name, widget)] = assessment_tab.screenshot_widgets(app, admin, plan.participant.id)
    qtbot.addWidget(widget)
    widget.show()
    assert name == "bedomning"
    assert unnamed(widget) == []
    assert isinstance(widget, AssessmentTab)
    row = widget.module_row(plan.but)
    assert row is not None and row.sign_button.isEnabled()
    image = widget.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, 1366, 37) for y in range(0, 768, 29)}
    assert len(colours) > 3  # not blank


# --- models -------------------------------------------------------------------------


def test_assessment_tree_model_passes_the_model_tester(
    qtmodeltester: ModelTester, app: App, admin_id: str, plan: Plan
) -> None:
    model = AssessmentTreeModel()
    qtmodeltester.check(model)
    model.set_progress(app.assessment.participant_progress(plan.participant.id))
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    but = model.index(0, COL_TEXT)
    assert but.data().startswith("BUT-01")
    assert model.rowCount(but) == len(plan.but_module.outcomes)
    outcome = model.index(0, 0, but)
    assert model.parent(outcome) == but
    criterion = model.index(0, 0, outcome)
    assert model.parent(criterion) == outcome
    assert criterion.data(ID_ROLE) == plan.but_module.criteria[0].id
    # An in-place update (same shape) and a rebuild (a module fewer) both stay consistent.
    observe(app, admin_id, plan.participant.id, [plan.but_module.criteria[0].id])
    app.assessment.judge(
        admin_id, plan.but, plan.but_module.criteria[0].id, AssessmentStatus.ACHIEVED
    )
    model.set_progress(app.assessment.participant_progress(plan.participant.id))
    assert model.index(0, COL_STATUS, outcome).data() == "Uppnådd"
    qtmodeltester.check(model)
    app.journey.withdraw(admin_id, plan.caf)
    model.set_progress(app.assessment.participant_progress(plan.participant.id))
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    model.set_progress([])
    assert model.rowCount() == 0


def test_evidence_table_model_passes_the_model_tester(
    qtmodeltester: ModelTester, app: App, admin_id: str, plan: Plan
) -> None:
    model = EvidenceTableModel()
    qtmodeltester.check(model)
    app.evidence.add(
        admin_id,
        plan.participant.id,
        type=EvidenceType.ORAL_QUESTIONS,
        date=dt.date(2026, 10, 2),
        title="Frågor om kassan",
        criterion_ids=[c.id for c in plan.caf_module.criteria[:2]],
    )
    model.set_rows(app.evidence.list(plan.participant.id))
    qtmodeltester.check(model)
    assert [model.index(0, col).data() for col in range(model.columnCount())] == [
        "2026-10-02",
        "Muntliga frågor",
        "Frågor om kassan",
        "2",
        "–",
        "0 av 5",
    ]


def test_status_colours_differ(app: App, plan: Plan) -> None:
    from handledare_app.ui.participant.assessment_model import STATUS_COLOURS

    backgrounds = {QColor(bg).name() for bg, _fg in STATUS_COLOURS.values()}
    assert len(backgrounds) == len(AssessmentStatus)


def test_new_evidence_for_the_selected_criterion(
    qtbot: QtBot, app: App, admin: SupervisorInfo, plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    from handledare_app.ui.participant.evidence_dialog import EvidenceDialog

    tab = _tab(qtbot, app, admin, plan)
    criterion = plan.caf_module.criteria[1]
    tab.select_criterion(plan.caf, criterion.id)

    def fill_and_save(dialog: EvidenceDialog) -> int:
        assert dialog.criteria.selected_ids() == {criterion.id}
        dialog.title_edit.setText("Fyllde på servetter")
        dialog.save()
        qtbot.waitUntil(lambda: not dialog.saving, timeout=5000)
        return int(dialog.result())

    monkeypatch.setattr(EvidenceDialog, "exec", fill_and_save)
    with qtbot.waitSignal(tab.changed):
        qtbot.mouseClick(tab.evidence_button, Qt.MouseButton.LeftButton)
    [ev] = app.evidence.list(plan.participant.id)
    assert ev.criterion_ids == {criterion.id}
    cell = _status_cell(tab, plan.caf, criterion.id)
    assert cell.siblingAtColumn(COL_EVIDENCE).data() == "1"
