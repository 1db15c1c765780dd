"""The supervisor's whole day in the real window (issue 3), driven like a user.

Log in → Deltagare → Ny deltagare (with photo consent) → the new participant's page →
Introduktion checklist → two modules in the Arbetsplan → Bevis with a photo linked to
three criteria → every criterion of one module judged Uppnådd in Bedömning → the module
reads *klar för signering* and its Signera button is enabled.

Modal dialogs are driven by replacing their `exec()` with a function that shows the
real dialog, fills it through its controls and presses its buttons, as the other
window tests do; message boxes are recorded by the `boxes` fixture (none may appear).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QTabWidget
from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import (
    AssessmentStatus,
    AttachmentKind,
    EvidenceQuality,
    EvidenceType,
    JourneyStage,
    ModuleStatus,
    PlacementType,
    Referrer,
    Role,
)
from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App
from handledare_app.services.demo_images import demo_photo
from handledare_app.ui.background import wait_for_all
from handledare_app.ui.login_dialog import LoginDialog
from handledare_app.ui.main_window import MainWindow
from handledare_app.ui.new_participant_dialog import NewParticipantDialog
from handledare_app.ui.pages.participants import ParticipantsPageWidget
from handledare_app.ui.participant.assessment_model import (
    COL_EVIDENCE,
    COL_STATUS,
    ID_ROLE,
)
from handledare_app.ui.participant.evidence_dialog import EvidenceDialog
from handledare_app.ui.participant.module_picker import ModulePickerDialog
from handledare_app.ui.participant.page import ParticipantPage
from handledare_app.ui.participant_list_model import NAME
from handledare_app.ui.session import start_session
from tests.conftest import ADMIN_PIN

from .conftest import Boxes

D = TypeVar("D", bound=QDialog)
TODAY = dt.date.today()
MODULES = ("BUT-01", "CAF-01")  # from the example catalogue: Butik and Café


def drive(
    monkeypatch: pytest.MonkeyPatch, cls: type[D], steps: list[Callable[[D], None]]
) -> list[D]:
    """Each exec() of `cls` shows the real dialog and runs the next step on it.

    A step that leaves the dialog open (it was not accepted) makes exec() return
    Rejected, so a broken Spara shows up as a failed assertion, never a hang.
    """
    seen: list[D] = []

    def exec_(dialog: D) -> int:
        assert steps, f"{cls.__name__} opened more often than the user meant to"
        dialog.show()
        seen.append(dialog)
        steps.pop(0)(dialog)
        return int(dialog.result())

    monkeypatch.setattr(cls, "exec", exec_)
    return seen


def tab_titles(tabs: QTabWidget) -> list[str]:
    return [tabs.tabText(i) for i in range(tabs.count())]


def open_tab(qtbot: QtBot, page: ParticipantPage, title: str) -> Any:
    """Click the tab like a user would (its position in the tab bar)."""
    index = tab_titles(page.tabs).index(title)
    bar = page.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert page.tabs.currentIndex() == index
    return page.tabs.currentWidget()


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "kassan.png"
    path.write_bytes(demo_photo(3, 320, 240))
    return path


@pytest.fixture
def window(qtbot: QtBot, app: App, boxes: Boxes) -> Iterator[MainWindow]:
    """The empty window as run_gui shows it before anyone has logged in."""
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    yield win
    wait_for_all()  # background loads (list, overview) finish before the app closes


def test_supervisor_registers_plans_records_evidence_and_judges_until_ready_to_sign(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    window: MainWindow,
    photo: Path,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app.supervisors.add(admin.id, "Bengt Karlsson", "5937", {Role.SUPERVISOR})

    # --- log in: choose the name, type the PIN --------------------------------------
    def log_in(dialog: LoginDialog) -> None:
        names = [dialog.name_list.item(i).text() for i in range(dialog.name_list.count())]
        assert names == ["Bengt Karlsson", "Åsa Öberg"]
        [item] = dialog.name_list.findItems("Åsa Öberg", Qt.MatchFlag.MatchExactly)
        dialog.name_list.setCurrentItem(item)
        dialog.pin_edit.setFocus()
        qtbot.keyClicks(dialog.pin_edit, ADMIN_PIN)
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
        wait_for_all()  # the PIN check's answer comes back as a callback

    drive(monkeypatch, LoginDialog, [log_in])
    user = start_session(app)
    assert user == admin
    window.attach(app, user)
    assert "Inloggad: Åsa Öberg" in window.user_label.text()
    assert window.nav.item(window.nav.currentRow()).text() == "Deltagare"
    plist = window.pages.currentWidget()
    assert isinstance(plist, ParticipantsPageWidget)
    qtbot.waitUntil(lambda: not plist.loading, timeout=10_000)
    assert plist.content.currentWidget() is plist.empty_state

    # --- Ny deltagare, with photo consent -------------------------------------------
    def fill_new_participant(dialog: NewParticipantDialog) -> None:
        qtbot.keyClicks(dialog.first_name_edit, "Marta")
        dialog.last_name_edit.insert("Ekström")  # QTest types ASCII only
        dialog.placement_combo.setCurrentIndex(
            dialog.placement_combo.findData(PlacementType.INTERNSHIP.value)
        )
        dialog.referrer_combo.setCurrentIndex(dialog.referrer_combo.findData(Referrer.REGION.value))
        qtbot.mouseClick(dialog.consent_check, Qt.MouseButton.LeftButton)
        assert dialog.consent_check.isChecked()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    drive(monkeypatch, NewParticipantDialog, [fill_new_participant])
    with qtbot.waitSignal(plist.loaded, timeout=10_000):
        qtbot.mouseClick(plist.new_button, Qt.MouseButton.LeftButton)
    assert [plist.proxy.index(r, NAME).data() for r in range(plist.proxy.rowCount())] == [
        "Marta Ekström"
    ]

    # --- the new participant's page is open -----------------------------------------
    page = plist.participant_page
    assert page is not None
    assert plist.outer.currentWidget() is page and page.isVisible()
    pid = page.participant_id
    assert page.name_label.text() == "Marta Ekström"
    assert "Praktik" in page.info_label.text()
    assert page.stepper.current is JourneyStage.INTRODUCTION
    detail = app.participants.get(pid)
    assert detail.photo_consent and detail.responsible_id == admin.id

    # --- Introduktion: tick every checklist item ------------------------------------
    intro = open_tab(qtbot, page, "Introduktion")
    assert intro is page.introduction_tab
    total = len(intro.boxes)
    assert total > 0
    assert intro.summary_label.text().startswith(f"0 av {total}")
    for n in range(total):
        box = intro.boxes[n]  # the list is rebuilt only if the items change
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
        assert intro.summary_label.text().startswith(f"{n + 1} av {total}")
    assert all(b.isChecked() and "klart" in b.text() for b in intro.boxes)
    assert all(i.done and i.done_on == TODAY for i in app.journey.checklist(pid))

    # --- Arbetsplan: two modules through the picker ---------------------------------
    def pick(code: str) -> Callable[[ModulePickerDialog], None]:
        def step(dialog: ModulePickerDialog) -> None:
            area = next(a for a in dialog.areas if code.startswith(a.code[:3].upper()))
            dialog.area_combo.setCurrentIndex(dialog.area_combo.findData(area.code))
            [item] = [
                dialog.module_list.item(r)
                for r in range(dialog.module_list.count())
                if dialog.module_list.item(r).data(Qt.ItemDataRole.UserRole) == code
            ]
            rect = dialog.module_list.visualItemRect(item)
            qtbot.mouseClick(
                dialog.module_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
            )
            assert dialog.module_list.currentItem() is item
            assert dialog.description.text() != ""
            qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)

        return step

    pickers = drive(monkeypatch, ModulePickerDialog, [pick(c) for c in MODULES])
    plan = open_tab(qtbot, page, "Arbetsplan")
    assert plan is page.work_plan_tab
    assert plan.empty_label.isVisible() and plan.module_list.count() == 0
    for _ in MODULES:
        qtbot.mouseClick(plan.add_module_button, Qt.MouseButton.LeftButton)
    assert len(pickers) == 2
    assert all(p.result() == QDialog.DialogCode.Accepted for p in pickers)
    assert not plan.empty_label.isVisible()
    listed = [plan.module_list.item(r).text() for r in range(plan.module_list.count())]
    assert [t.split()[0] for t in listed] == list(MODULES)
    assert page.stepper.current is JourneyStage.WORK_PLAN, "the stepper followed"
    progress = {p.module.code: p for p in app.assessment.participant_progress(pid)}
    assert list(progress) == list(MODULES)
    but, caf = progress["BUT-01"], progress["CAF-01"]
    linked = [but.module.criteria[0].id, but.module.criteria[1].id, caf.module.criteria[0].id]

    # --- Bevis: a photo linked to three criteria ------------------------------------
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(photo)], "Bilder (*.png)")
    )

    def record_evidence(dialog: EvidenceDialog) -> None:
        dialog.type_combo.setCurrentIndex(list(EvidenceType).index(EvidenceType.PHOTO))
        qtbot.keyClicks(dialog.title_edit, "Kassan vid lunchrusning")
        dialog.description_edit.insertPlainText("Marta tog betalt och räknade växel själv.")
        qtbot.mouseClick(dialog.add_files_button, Qt.MouseButton.LeftButton)
        assert [e.name for e in dialog.attachments.entries()] == ["kassan.png"]
        qtbot.waitUntil(lambda: not dialog.attachments.thumbnails_pending(), timeout=10_000)
        assert not dialog.attachments.item(0).icon().isNull(), "a thumbnail is shown"
        tree = dialog.criteria.tree
        for cid in linked:  # select the criterion, tick it with Space
            item = dialog.criteria.item_for(cid)
            assert item is not None
            tree.setCurrentItem(item)
            qtbot.keyClick(tree, Qt.Key.Key_Space)
            assert item.checkState(0) == Qt.CheckState.Checked
        assert dialog.criteria.count_label.text() == "3 kriterier valda."
        assert dialog.criteria.selected_ids() == frozenset(linked)
        dialog.quality_boxes[EvidenceQuality.VALID].setChecked(True)
        dialog.quality_boxes[EvidenceQuality.AUTHENTIC].setChecked(True)
        dialog.quality_boxes[EvidenceQuality.CURRENT].setChecked(True)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.saving, timeout=5000)
        assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_label.text()

    drive(monkeypatch, EvidenceDialog, [record_evidence])
    ev_tab = open_tab(qtbot, page, "Bevis")
    assert ev_tab is page.evidence_tab
    assert ev_tab.empty_label.isVisible()
    with qtbot.waitSignal(ev_tab.changed):
        qtbot.mouseClick(ev_tab.add_button, Qt.MouseButton.LeftButton)
    assert ev_tab.table.isVisible() and not ev_tab.empty_label.isVisible()
    assert ev_tab.model.rowCount() == 1
    row = [ev_tab.model.index(0, c).data() for c in range(ev_tab.model.columnCount())]
    assert row == [
        TODAY.isoformat(),
        "Foto",
        "Kassan vid lunchrusning",
        "3",
        "1 foto",
        "3 av 5",
    ]

    # --- Bedömning: every criterion of BUT-01 judged Uppnådd ------------------------
    tab = open_tab(qtbot, page, "Bedömning")
    assert tab is page.assessment_tab
    [but_row] = [r for r in tab.module_rows if r.name.text().startswith("BUT-01")]
    [caf_row] = [r for r in tab.module_rows if r.name.text().startswith("CAF-01")]
    eid = but_row.enrollment_id
    criteria = but.module.criteria
    assert but_row.bar.text() == f"0 av {len(criteria)} kriterier"
    assert but_row.status.text() == "Ej påbörjad"
    assert not but_row.sign_button.isEnabled()
    # The evidence just saved is counted against its criteria here too.
    for cid, count in ((criteria[0].id, "1"), (criteria[1].id, "1"), (criteria[2].id, "0")):
        index = tab.model.index_of_criterion(eid, cid)
        assert index.siblingAtColumn(COL_EVIDENCE).data() == count

    tab.select_criterion(eid, criteria[0].id)
    tab.comment_edit.setText("Räknar växel säkert.")
    achieved = tab.judge_buttons[AssessmentStatus.ACHIEVED]
    with qtbot.waitSignal(tab.changed):  # the first with the button and a comment ...
        qtbot.mouseClick(achieved, Qt.MouseButton.LeftButton)
    assert tab.tree.currentIndex().data(ID_ROLE) == criteria[1].id, "moved on"
    rest = [c.id for c in criteria[2:]]

    def observe_in_place(dialog: EvidenceDialog) -> None:
        # U on a criterion without evidence: the evidence dialog opens right there, as an
        # observation with the criterion ticked; the supervisor ticks the rest she saw.
        assert dialog.intro_label.isVisible() and "Uppnådd kräver" in dialog.intro_label.text()
        assert dialog.evidence_type() is EvidenceType.OBSERVATION
        assert dialog.criteria.selected_ids() == {criteria[2].id}
        dialog.title_edit.setText("Stängde kassan och räknade dagskassan")
        for cid in rest[1:]:
            item = dialog.criteria.item_for(cid)
            assert item is not None
            item.setCheckState(0, Qt.CheckState.Checked)
        dialog.save_button.click()  # (inside a key press: no nested simulated input)
        qtbot.waitUntil(lambda: not dialog.saving, timeout=5000)
        assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_label.text()

    observed = drive(monkeypatch, EvidenceDialog, [observe_in_place])
    tab.tree.setFocus()
    for n, criterion in enumerate(criteria[1:], start=2):  # ... the rest with the U key
        assert tab.tree.currentIndex().data(ID_ROLE) == criterion.id
        with qtbot.waitSignal(tab.changed):
            qtbot.keyClick(tab.tree, Qt.Key.Key_U)
        row_now = tab.module_row(eid)
        assert row_now is not None
        assert row_now.bar.text() == f"{n} av {len(criteria)} kriterier"
    assert len(observed) == 1, "the observation covered every criterion left"
    for criterion in criteria:
        cell = tab.model.index_of_criterion(eid, criterion.id).siblingAtColumn(COL_STATUS)
        assert cell.data() == "Uppnådd"

    # --- the module reads klar för signering; Signera is enabled --------------------
    but_row = tab.module_row(eid)
    assert but_row is not None
    assert but_row.status.text() == "Klar för signering"
    assert but_row.bar.text() == f"{len(criteria)} av {len(criteria)} kriterier"
    module_status = tab.model.index_of_module(eid).siblingAtColumn(COL_STATUS).data()
    assert "Klar för signering" in module_status
    assert but_row.sign_button.isEnabled()
    caf_row = tab.module_row(caf_row.enrollment_id)
    assert caf_row is not None and not caf_row.sign_button.isEnabled()

    # --- Översikt shows the same progress and the new evidence -----------------------
    overview = open_tab(qtbot, page, "Översikt")
    assert overview is page.overview_tab
    n_but, n_caf = len(criteria), len(caf.module.criteria)
    expected = [f"{n_but} av {n_but} kriterier uppnådda", f"0 av {n_caf} kriterier uppnådda"]
    qtbot.waitUntil(lambda: [b.format() for b in overview.bars] == expected, timeout=10_000)
    assert "Foto: Kassan vid lunchrusning" in overview.evidence_label.text()

    # --- and the services agree -----------------------------------------------------
    final = app.assessment.enrollment(eid)
    assert final.status is ModuleStatus.READY_FOR_SIGNOFF
    assert {cid: a.status for cid, a in final.assessments.items()} == {
        c.id: AssessmentStatus.ACHIEVED for c in criteria
    }
    assert final.assessments[criteria[0].id].comment == "Räknar växel säkert."
    assert app.assessment.enrollment(caf.enrollment_id).status is not (
        ModuleStatus.READY_FOR_SIGNOFF
    )
    ev, seen = sorted(app.evidence.list(pid), key=lambda e: e.type is EvidenceType.OBSERVATION)
    assert (seen.type, seen.criterion_ids) == (EvidenceType.OBSERVATION, frozenset(rest))
    assert (ev.type, ev.title, ev.date) == (
        EvidenceType.PHOTO,
        "Kassan vid lunchrusning",
        TODAY,
    )
    assert ev.criterion_ids == frozenset(linked)
    assert ev.quality == {
        EvidenceQuality.VALID,
        EvidenceQuality.AUTHENTIC,
        EvidenceQuality.CURRENT,
    }
    [att] = ev.attachments
    assert (att.filename, att.kind) == ("kassan.png", AttachmentKind.PHOTO)
    assert app.evidence.attachment_path(att.sha256).read_bytes() == photo.read_bytes()
    assert boxes.shown == [], "no message box along the way"
