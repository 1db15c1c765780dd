"""The participant page: stepper, checklist, work plan with modules, follow-ups, closing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import JourneyStage, PlacementOutcome, PlacementType, Role
from handledare_app.domain.records import ParticipantDetail, SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.participant.follow_ups_tab import FollowUpDialog
from handledare_app.ui.participant.module_picker import ModulePickerDialog
from handledare_app.ui.participant.page import TAB_TITLES, ParticipantPage
from handledare_app.ui.participant.stepper import step_text

from .conftest import Boxes


@pytest.fixture
def page(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail, boxes: Boxes
) -> Iterator[ParticipantPage]:
    widget = ParticipantPage(app, admin, participant.id)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitUntil(lambda: not widget.overview_tab.loading)
    yield widget
    qtbot.waitUntil(lambda: not widget.overview_tab.loading)


def pick_modules(monkeypatch: pytest.MonkeyPatch, codes: list[str]) -> None:
    """The picker, driven like a user: choose the area, then the module, then Lägg till."""
    queue = list(codes)

    def exec_(dialog: ModulePickerDialog) -> int:
        code = queue.pop(0)
        area = next(a for a in dialog.areas if code.startswith(a.code[:3].upper()))
        dialog.area_combo.setCurrentIndex(dialog.area_combo.findData(area.code))
        dialog.select_code(code)
        dialog.add_button.click()
        return int(dialog.result())

    monkeypatch.setattr(ModulePickerDialog, "exec", exec_)


def test_header_and_stepper(page: ParticipantPage) -> None:
    assert page.name_label.text() == "Märta Ekström"
    assert "Arbetsträning sedan 2026-09-01" in page.info_label.text()
    assert "Åsa Öberg" in page.info_label.text()
    assert page.stepper.texts() == [
        "● Introduktion (nu)",
        "○ Arbetsplan",
        "○ Uppföljning",
        "○ Validering",
        "○ Avslut",
    ]
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == list(TAB_TITLES)
    assert step_text(JourneyStage.INTRODUCTION, JourneyStage.VALIDATION) == "✓ Introduktion"
    assert step_text(JourneyStage.CLOSURE, JourneyStage.CLOSURE) == "✓ Avslut (avslutad)"


def test_ticking_the_checklist_saves(
    page: ParticipantPage, app: App, participant: ParticipantDetail
) -> None:
    tab = page.introduction_tab
    page.show_tab("Introduktion")
    assert len(tab.boxes) == 8
    tab.boxes[0].click()
    tab.boxes[1].click()
    items = app.journey.checklist(participant.id)
    assert [i.done for i in items[:3]] == [True, True, False]
    assert items[0].done_on == dt.date.today()
    assert tab.summary_label.text().startswith("2 av 8")
    assert "klart" in tab.boxes[0].text()
    tab.boxes[1].click()
    assert not app.journey.checklist(participant.id)[1].done


def test_add_two_modules_then_remove_one_after_asking(
    qtbot: QtBot,
    page: ParticipantPage,
    app: App,
    participant: ParticipantDetail,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    butik = app.catalogue.modules("butik")
    codes = [butik[0].code, butik[1].code]
    pick_modules(monkeypatch, codes)
    tab = page.show_tab("Arbetsplan")
    assert tab is page.work_plan_tab
    assert tab.empty_label.isVisible()
    tab.add_module_button.click()
    tab.add_module_button.click()
    progress = app.assessment.participant_progress(participant.id)
    assert [p.module.code for p in progress] == codes
    assert tab.module_list.count() == 2
    assert not tab.empty_label.isVisible()
    assert page.stepper.current is JourneyStage.WORK_PLAN, "the stepper followed"
    qtbot.waitUntil(lambda: len(page.overview_tab.bars) == 2)  # the overview followed

    tab.module_list.setCurrentRow(0)
    boxes.question_answer = QMessageBox.StandardButton.No
    tab.remove_module_button.click()
    assert len(app.assessment.participant_progress(participant.id)) == 2
    boxes.question_answer = QMessageBox.StandardButton.Yes
    tab.remove_module_button.click()
    assert [p.module.code for p in app.assessment.participant_progress(participant.id)] == [
        codes[1]
    ]
    assert len(boxes.texts("question")) == 2


def test_picker_marks_modules_already_in_the_plan(qtbot: QtBot, app: App, boxes: Boxes) -> None:
    code = app.catalogue.modules("butik")[0].code
    dialog = ModulePickerDialog(app, {code})
    qtbot.addWidget(dialog)
    dialog.area_combo.setCurrentIndex(dialog.area_combo.findData("butik"))
    dialog.select_code(code)
    dialog.add_button.click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_label.text() == "Välj en modul i listan."


def test_work_plan_text_is_saved(
    qtbot: QtBot, page: ParticipantPage, app: App, participant: ParticipantDetail
) -> None:
    tab = page.show_tab("Arbetsplan")
    assert tab is page.work_plan_tab
    assert not tab.save_button.isEnabled()
    tab.goals_edit.setPlainText("Klara kassan på egen hand.")
    tab.activities_edit.setPlainText("Kassa tre dagar i veckan.")
    tab.review_date.set_value(dt.date(2026, 12, 1))
    assert tab.save_button.isEnabled()
    tab.save_button.click()
    plan = app.journey.work_plan(participant.id)
    assert plan.goals == "Klara kassan på egen hand."
    assert plan.review_date == dt.date(2026, 12, 1)
    assert tab.saved_label.text() == "Arbetsplanen är sparad."
    qtbot.waitUntil(lambda: "2026-12-01" in page.overview_tab.next_follow_up_label.text())


def test_add_and_edit_a_follow_up(
    page: ParticipantPage,
    app: App,
    participant: ParticipantDetail,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fill(dialog: FollowUpDialog) -> int:
        if dialog.existing is None:
            dialog.date_edit.setDate(QDate(2026, 10, 5))
            dialog.attendees_edit.setText("Märta, Åsa")
            dialog.notes_edit.setPlainText("Trivs i butiken.")
            dialog.next_steps_edit.setPlainText("Prova kassan.")
        else:
            dialog.notes_edit.setPlainText("Trivs i butiken och i caféet.")
        dialog.save_button.click()
        return int(dialog.result())

    monkeypatch.setattr(FollowUpDialog, "exec", fill)
    tab = page.show_tab("Uppföljningar")
    assert tab is page.follow_ups_tab
    assert tab.content.currentWidget() is tab.empty_label
    tab.add_button.click()
    rows = app.journey.follow_ups(participant.id)
    assert [(r.date, r.attendees, r.next_steps) for r in rows] == [
        (dt.date(2026, 10, 5), "Märta, Åsa", "Prova kassan.")
    ]
    assert tab.model.rowCount() == 1
    assert page.stepper.current is JourneyStage.FOLLOW_UP

    tab.table.selectRow(0)
    tab.edit_button.click()
    assert app.journey.follow_ups(participant.id)[0].notes == "Trivs i butiken och i caféet."


def test_follow_up_dialog_shows_service_errors_and_asks_before_discarding(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail, boxes: Boxes
) -> None:
    dialog = FollowUpDialog(app, admin, participant.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.save_button.click()
    assert "deltog" in dialog.error_label.text()
    dialog.notes_edit.setPlainText("Något")
    dialog.cancel_button.click()
    assert dialog.isVisible() and len(boxes.texts("question")) == 1
    assert app.journey.follow_ups(participant.id) == []


def test_closing_asks_first_then_a_new_placement_can_start(
    page: ParticipantPage, app: App, participant: ParticipantDetail, boxes: Boxes
) -> None:
    tab = page.show_tab("Avslut")
    assert tab is page.closure_tab
    assert tab.close_group.isVisibleTo(tab) and not tab.new_group.isVisibleTo(tab)
    tab.close_button.click()
    assert tab.close_error.text() == "Välj vad deltagaren går vidare till."

    tab.end_date_edit.setDate(QDate(2026, 12, 20))
    tab.outcome_combo.setCurrentIndex(tab.outcome_combo.findData(PlacementOutcome.STUDIES.value))
    boxes.question_answer = QMessageBox.StandardButton.No
    tab.close_button.click()
    assert app.participants.get(participant.id).current_placement.end_date is None  # type: ignore[union-attr]
    boxes.question_answer = QMessageBox.StandardButton.Yes
    tab.close_button.click()
    detail = app.participants.get(participant.id)
    assert detail.current_placement is not None
    assert detail.current_placement.end_date == dt.date(2026, 12, 20)
    assert detail.current_placement.outcome is PlacementOutcome.STUDIES
    assert "Studier" in tab.history_label.text()
    assert page.stepper.texts()[-1] == "✓ Avslut (avslutad)"
    # Issue 13: the steps passed over are not ticked; the page says what they lack.
    assert page.stepper.texts()[0] == "! Introduktion (inte klar)"
    assert "Uppföljning: ingen uppföljning är gjord ännu." in page.missing_label.text()
    assert "avslutad 2026-12-20" in page.info_label.text()

    assert tab.new_group.isVisibleTo(tab)
    tab.new_type_combo.setCurrentIndex(tab.new_type_combo.findData(PlacementType.EMPLOYMENT.value))
    tab.new_start_edit.setDate(QDate(2026, 12, 1))
    tab.new_button.click()
    assert "före" in tab.new_error.text(), "cannot start before the last one ended"
    tab.new_start_edit.setDate(QDate(2027, 1, 10))
    tab.new_button.click()
    detail = app.participants.get(participant.id)
    assert len(detail.placements) == 2
    assert detail.current_placement is not None
    assert detail.current_placement.type is PlacementType.EMPLOYMENT
    assert page.stepper.current is JourneyStage.INTRODUCTION


def test_quality_assurer_sees_but_cannot_change(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail, boxes: Boxes
) -> None:
    ik = app.supervisors.add(admin.id, "Ida Kvist", "5937", {Role.QUALITY_ASSURER})
    widget = ParticipantPage(app, ik, participant.id)
    qtbot.addWidget(widget)
    qtbot.waitUntil(lambda: not widget.overview_tab.loading)
    assert not widget.editable
    widget.show_tab("Introduktion")
    assert not widget.introduction_tab.boxes[0].isEnabled()
    assert not widget.work_plan_tab.add_module_button.isEnabled()
    assert not widget.follow_ups_tab.add_button.isEnabled()
    assert not widget.closure_tab.close_group.isEnabled()


def test_quality_assurer_cannot_start_a_digital_certificate(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail
) -> None:
    """Issuing needs a supervisor or an admin: the button says so instead of failing."""
    ik = app.supervisors.add(admin.id, "Ida Kvist", "5937", {Role.QUALITY_ASSURER})
    widget = ParticipantPage(app, ik, participant.id)
    qtbot.addWidget(widget)
    assert not widget.badge_button.isEnabled()
    assert "kvalitetssäkrare" in widget.badge_button.toolTip()


def test_show_to_participant_calls_the_participant_view(
    page: ParticipantPage, participant: ParticipantDetail, monkeypatch: pytest.MonkeyPatch
) -> None:
    import handledare_app.ui.participant_view as view

    calls: list[str] = []
    monkeypatch.setattr(view, "show_participant_view", lambda _a, _u, pid, _p: calls.append(pid))
    page.show_view_button.click()
    assert calls == [participant.id]


def test_tabs_load_when_shown_and_reload_after_a_change_elsewhere(
    page: ParticipantPage, app: App, admin: SupervisorInfo, participant: ParticipantDetail
) -> None:
    assert page.introduction_tab.boxes == [], "not read before it is shown"
    page.show_tab("Introduktion")
    assert len(page.introduction_tab.boxes) == 8
    app.journey.add_follow_up(
        admin.id, participant.id, date=dt.date(2026, 10, 1), attendees="Märta", notes="Bra."
    )
    page.show_tab("Uppföljningar")
    assert page.follow_ups_tab.model.rowCount() == 1
    app.journey.add_follow_up(
        admin.id, participant.id, date=dt.date(2026, 10, 8), attendees="Märta", notes="Bra."
    )
    page.refresh()  # e.g. coming back to the page
    assert page.follow_ups_tab.model.rowCount() == 2


def test_evidence_and_assessment_tabs_have_the_agreed_interface(page: ParticipantPage) -> None:
    for tab in (page.evidence_tab, page.assessment_tab):
        tab.refresh()
        with_signal = tab.changed  # a Signal the page listens to
        with_signal.emit()
    assert page.stepper.current is JourneyStage.INTRODUCTION


def test_every_control_on_the_page_and_its_dialogs_is_named(
    qtbot: QtBot,
    page: ParticipantPage,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
) -> None:
    from handledare_app.ui.idle_lock import LockDialog
    from handledare_app.ui.new_participant_dialog import NewParticipantDialog
    from handledare_app.ui.supervisor_admin import PinResetDialog, SupervisorDialog

    from .test_accessibility import unnamed

    for title in TAB_TITLES:
        page.show_tab(title)
    assert unnamed(page) == []
    dialogs = [
        NewParticipantDialog(app, admin),
        FollowUpDialog(app, admin, participant.id),
        ModulePickerDialog(app, set()),
        SupervisorDialog(app, admin),
        SupervisorDialog(app, admin, admin),
        PinResetDialog(app, admin, admin, None),
        LockDialog(app, admin.id, 10),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        assert unnamed(dialog) == [], type(dialog).__name__


def test_introduction_is_ticked_only_when_done_or_marked_with_a_reason(
    page: ParticipantPage, app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    app.journey.enroll(admin_id, participant.id, "BUT-01")  # moves the stage on
    page.refresh()
    assert page.stepper.current is JourneyStage.WORK_PLAN
    assert page.stepper.texts()[0] == "! Introduktion (inte klar)"
    assert "Introduktion: 0 av 8 punkter" in page.missing_label.text()
    assert page.missing_label.isVisibleTo(page)
    tab = page.show_tab("Introduktion")
    assert tab is page.introduction_tab
    assert not tab.mark_button.isEnabled()  # no reason yet: the button waits for one
    assert "Skriv först varför" in tab.mark_button.toolTip()
    tab.reason_edit.setText("   ")
    assert not tab.mark_button.isEnabled()
    tab.reason_edit.setText("Gick igenom allt på förra placeringen")
    assert tab.has_unsaved_text() and tab.mark_button.isEnabled()
    tab.mark_button.click()
    assert page.stepper.texts()[0] == "✓ Introduktion"
    assert not page.missing_label.isVisibleTo(page)
    assert "Gick igenom allt" in tab.mark_label.text() and tab.unmark_button.isVisibleTo(tab)
    tab.unmark_button.click()
    assert page.stepper.texts()[0] == "! Introduktion (inte klar)"


def test_a_too_long_introduction_reason_is_kept_whole_and_refused_in_words(
    page: ParticipantPage, app: App, participant: ParticipantDetail, boxes: Boxes
) -> None:
    """A pasted reason over 2 000 characters is not cut without a word (the cut text
    was then saved): it stays as pasted and the message says it is too long."""
    tab = page.show_tab("Introduktion")
    assert tab is page.introduction_tab
    tab.reason_edit.setText("å" * 2500)
    tab.mark_button.click()
    assert len(tab.reason_edit.text()) == 2500
    assert any("Motiveringen är för lång" in t for t in boxes.texts("warning"))
    assert app.journey_status.introduction_reason(participant.id) == ("", None)


def _mnemonic(text: str) -> str | None:
    plain = text.replace("&&", "")
    i = plain.find("&")
    return plain[i + 1].casefold() if i >= 0 else None


def test_the_top_row_keys_clash_with_nothing_on_the_tabs(page: ParticipantPage) -> None:
    """Ändra uppgifter, Spara digitalt intyg and Registerutdrag once took Alt+U (also
    Uppnådd on Bedömning) and Alt+I (also Intyg … on Översikt); a clash only moves focus."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    added = [page.edit_button, page.badge_button, page.privacy_actions.extract_button]
    keys = [k for k in (_mnemonic(b.text()) for b in added) if k]
    assert len(keys) == len(set(keys))
    for title in TAB_TITLES:
        tab = page.show_tab(title)
        page.refresh()
        on_tab = {
            _mnemonic(w.text())
            for w in tab.findChildren(QAbstractButton) + tab.findChildren(QLabel)
        }
        assert not on_tab & set(keys), title


def test_the_page_fits_a_1366_pixel_screen_at_150_percent_font(
    qtbot: QtBot, app: App, admin: SupervisorInfo, participant: ParticipantDetail
) -> None:
    """The top row (five buttons since issues 13, 15, 16) made the main window 1391 px
    wide at 150 % font, pushing Visa för deltagaren off a 1366x768 laptop screen."""
    from PySide6.QtWidgets import QApplication

    from handledare_app.ui import background
    from handledare_app.ui.main_window import MainWindow
    from handledare_app.ui.pages.participants import ParticipantsPageWidget

    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    before = qapp.font()
    bigger = qapp.font()
    bigger.setPointSizeF(before.pointSizeF() * 1.5)
    qapp.setFont(bigger)
    try:
        window = MainWindow(app, admin)
        qtbot.addWidget(window)
        window.resize(1366, 690)
        window.show()
        pages = next(p for p in window.page_widgets if isinstance(p, ParticipantsPageWidget))
        assert pages.open_participant(participant.id) is not None
        background.wait_for_all()
        qapp.processEvents()
        assert window.width() <= 1366
    finally:
        qapp.setFont(before)
        background.wait_for_all()
