"""The Bevis tab and the evidence dialog, end to end through the services."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLabel,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import AttachmentKind, EvidenceQuality, EvidenceType
from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.discard_guard import DISCARD_TEXT
from handledare_app.ui.participant.evidence_dialog import EvidenceDialog
from handledare_app.ui.participant.evidence_tab import EvidenceTab
from tests.helpers import db_summary

from ..conftest import Boxes
from ..test_accessibility import unnamed
from .conftest import Plan

TODAY = dt.date.today()


@pytest.fixture(autouse=True)
def _never_modal(boxes: Boxes) -> Boxes:
    """A dialog closed with changes at teardown asks; a real message box would block."""
    return boxes


def _dialog(
    qtbot: QtBot, app: App, admin: SupervisorInfo, plan: Plan, **kw: object
) -> EvidenceDialog:
    dialog = EvidenceDialog(app, admin, plan.participant.id, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _save(qtbot: QtBot, dialog: EvidenceDialog) -> None:
    """Spara, then wait for the save on the task runner to end (issue 14)."""
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving, timeout=5000)


def _tick_with_space(qtbot: QtBot, dialog: EvidenceDialog, criterion_id: str) -> None:
    """Tick a criterion the way a keyboard user does: select it, press Space."""
    item = dialog.criteria.item_for(criterion_id)
    assert item is not None
    dialog.criteria.tree.setCurrentItem(item)
    qtbot.keyClick(dialog.criteria.tree, Qt.Key.Key_Space)


def _drop(dialog: EvidenceDialog, paths: list[Path]) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPointF(dialog.width() / 2, dialog.height() / 2)
    enter = QDragEnterEvent(
        pos,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(dialog, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        pos,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(dialog, drop)
    return drop


@pytest.mark.usefixtures("consent")
def test_add_evidence_with_a_photo_linked_to_three_criteria_from_the_tab(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    plan: Plan,
    photo: Path,
    boxes: Boxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tab = EvidenceTab(app, admin, plan.participant.id)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.empty_label.isVisible() and not tab.table.isVisible()
    c = plan.but_module.criteria
    chosen = {c[0].id, c[1].id, plan.caf_module.criteria[2].id}

    def fill_and_save(dialog: EvidenceDialog) -> int:
        dialog.type_combo.setCurrentIndex(list(EvidenceType).index(EvidenceType.PHOTO))
        qtbot.keyClicks(dialog.title_edit, "Sorterad hylla")
        # keyClicks takes ASCII only (QTest); Swedish text is inserted as typed text.
        dialog.description_edit.insertPlainText("Märta sorterade själv.")
        assert dialog.add_files([photo]) == []
        for cid in chosen:
            _tick_with_space(qtbot, dialog, cid)
        assert dialog.criteria.count_label.text() == "3 kriterier valda."
        dialog.quality_boxes[EvidenceQuality.VALID].setChecked(True)
        dialog.quality_boxes[EvidenceQuality.AUTHENTIC].setChecked(True)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.saving, timeout=5000)
        return int(dialog.result())

    monkeypatch.setattr(EvidenceDialog, "exec", fill_and_save)
    with qtbot.waitSignal(tab.changed):
        qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)

    [ev] = app.evidence.list(plan.participant.id)
    assert (ev.type, ev.title, ev.description) == (
        EvidenceType.PHOTO,
        "Sorterad hylla",
        "Märta sorterade själv.",
    )
    assert ev.criterion_ids == chosen
    assert ev.quality == {EvidenceQuality.VALID, EvidenceQuality.AUTHENTIC}
    [att] = ev.attachments
    assert (att.filename, att.kind) == ("hylla.png", AttachmentKind.PHOTO)
    assert app.evidence.attachment_path(att.sha256).read_bytes() == photo.read_bytes()
    # The tab shows it: date, type, title, 3 criteria, 1 photo, 2 of 5 checks.
    assert tab.table.isVisible()
    row = [tab.model.index(0, col).data() for col in range(tab.model.columnCount())]
    assert row == [TODAY.isoformat(), "Foto", "Sorterad hylla", "3", "1 foto", "2 av 5"]
    assert tab.selected() == ev
    progress = {p.module.code: p for p in app.assessment.participant_progress(plan.participant.id)}
    assert progress["BUT-01"].evidence_counts[c[0].id] == 1
    assert boxes.shown == []


@pytest.mark.usefixtures("consent")
def test_edit_changes_fields_links_and_attachments(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    admin_id: str,
    plan: Plan,
    photo: Path,
    tmp_path: Path,
) -> None:
    c = plan.but_module.criteria
    ev = app.evidence.add(
        admin_id,
        plan.participant.id,
        type=EvidenceType.PHOTO,
        date=TODAY - dt.timedelta(days=2),
        title="Hyllan",
        criterion_ids=[c[0].id, c[1].id],
        files=[photo],
    )
    dialog = _dialog(qtbot, app, admin, plan, evidence=ev)
    assert dialog.title_edit.text() == "Hyllan"
    assert dialog.criteria.selected_ids() == {c[0].id, c[1].id}
    dialog.finish_thumbnails()
    assert not dialog.attachments.item(0).icon().isNull()
    assert not dialog.has_changes()

    dialog.title_edit.setText("Hyllan, andra gången")
    _tick_with_space(qtbot, dialog, c[1].id)  # off
    _tick_with_space(qtbot, dialog, c[2].id)  # on
    dialog.attachments.setCurrentRow(0)
    qtbot.keyClick(dialog.attachments, Qt.Key.Key_Delete)
    pdf = tmp_path / "checklista.pdf"
    pdf.write_bytes(b"%PDF-1.4\nchecklista")
    assert dialog.add_files([pdf]) == []
    dialog.quality_boxes[EvidenceQuality.CURRENT].setChecked(True)
    _save(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted

    after = app.evidence.get(ev.id)
    assert after.title == "Hyllan, andra gången"
    assert after.date == TODAY - dt.timedelta(days=2)
    assert after.criterion_ids == {c[0].id, c[2].id}
    assert [a.filename for a in after.attachments] == ["checklista.pdf"]
    assert after.quality == {EvidenceQuality.CURRENT}
    assert dialog.saved == after


def test_tick_an_outcome_ticks_its_criteria_and_filter_hides_others(
    qtbot: QtBot, app: App, admin: SupervisorInfo, plan: Plan
) -> None:
    dialog = _dialog(qtbot, app, admin, plan)
    tree = dialog.criteria.tree
    but_item = tree.topLevelItem(0)
    outcome = but_item.child(0)
    outcome.setCheckState(0, Qt.CheckState.Checked)
    first_outcome = plan.but_module.outcomes[0]
    assert dialog.criteria.selected_ids() == {cr.id for cr in first_outcome.criteria}
    assert but_item.checkState(0) == Qt.CheckState.PartiallyChecked
    dialog.title_edit.setText("Dukning")  # a dialog that Enter could save
    dialog.criteria.filter_edit.setFocus()
    qtbot.keyClicks(dialog.criteria.filter_edit, "servett")
    qtbot.keyClick(dialog.criteria.filter_edit, Qt.Key.Key_Return)  # not "Spara"
    assert dialog.isVisible() and app.evidence.list(plan.participant.id) == []
    visible = [
        tree.topLevelItem(m).child(o).child(c).text(0)
        for m in range(tree.topLevelItemCount())
        for o in range(tree.topLevelItem(m).childCount())
        for c in range(tree.topLevelItem(m).child(o).childCount())
        if not tree.topLevelItem(m).child(o).child(c).isHidden()
    ]
    assert visible == ["1.2 Fyller på servetter, socker och mjölk."]
    assert but_item.isHidden()
    dialog.criteria.filter_edit.clear()
    assert not but_item.isHidden()
    # Filtering never changes what is ticked.
    assert dialog.criteria.selected_ids() == {cr.id for cr in first_outcome.criteria}


@pytest.mark.parametrize("how", ["escape", "cancel", "close"])
def test_cancel_with_typed_text_asks_and_keeps_it(
    qtbot: QtBot, app: App, admin: SupervisorInfo, plan: Plan, boxes: Boxes, how: str
) -> None:
    dialog = _dialog(qtbot, app, admin, plan)
    qtbot.keyClicks(dialog.title_edit, "Dukade fram")

    def attempt() -> None:
        if how == "escape":
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        elif how == "cancel":
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        else:
            dialog.close()

    boxes.question_answer = QMessageBox.StandardButton.No
    attempt()
    assert boxes.texts("question") == [DISCARD_TEXT]
    assert dialog.isVisible()
    assert dialog.title_edit.text() == "Dukade fram"
    boxes.question_answer = QMessageBox.StandardButton.Yes
    attempt()
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert app.evidence.list(plan.participant.id) == []


def test_cancel_without_changes_does_not_ask(
    qtbot: QtBot, app: App, admin: SupervisorInfo, plan: Plan, boxes: Boxes
) -> None:
    dialog = _dialog(qtbot, app, admin, plan)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert boxes.shown == []


@pytest.mark.usefixtures("consent")
def test_drop_files_onto_the_dialog(
    qtbot: QtBot, app: App, admin: SupervisorInfo, plan: Plan, photo: Path, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, app, admin, plan, criterion_ids=[plan.but_module.criteria[0].id])
    qtbot.keyClicks(dialog.title_edit, "Kassan")
    odd = tmp_path / "okänd.zzq"
    odd.write_bytes(b"\x01\x02\x03 nothing known")
    empty = tmp_path / "tom.pdf"
    empty.write_bytes(b"")
    drop = _drop(dialog, [photo, odd, empty])
    assert drop.isAccepted()
    assert dialog.attachments.new_paths() == [photo]
    errors = dialog.files_error.text()
    assert "okänd.zzq har en filtyp som appen inte känner igen" in errors
    assert "tom.pdf är tom" in errors
    assert dialog.title_edit.text() == "Kassan"  # nothing else lost
    dialog.finish_thumbnails()
    assert dialog.attachments.item(0).icon().availableSizes()
    # The same file dropped twice is listed once.
    _drop(dialog, [photo])
    assert dialog.attachments.new_paths() == [photo]
    _save(qtbot, dialog)
    [ev] = app.evidence.list(plan.participant.id)
    assert [a.filename for a in ev.attachments] == ["hylla.png"]


def test_photo_without_consent_is_refused_and_the_rest_is_kept(
    qtbot: QtBot, app: App, admin: SupervisorInfo, plan: Plan, photo: Path
) -> None:
    dialog = _dialog(qtbot, app, admin, plan)
    assert dialog.consent_hint.isVisible()
    qtbot.keyClicks(dialog.title_edit, "Hyllan")
    _tick_with_space(qtbot, dialog, plan.but_module.criteria[0].id)
    _drop(dialog, [photo])
    assert dialog.attachments.count() == 0
    assert "inte gett samtycke till foto, film eller ljud" in dialog.files_error.text()
    assert dialog.files_error.isVisible()
    assert dialog.title_edit.text() == "Hyllan"
    assert dialog.criteria.selected_ids() == {plan.but_module.criteria[0].id}
    _save(qtbot, dialog)  # the evidence itself is saved, without the photo
    [ev] = app.evidence.list(plan.participant.id)
    assert (ev.title, ev.attachments) == ("Hyllan", ())


def test_missing_title_and_witness_are_shown_next_to_the_fields(
    qtbot: QtBot, app: App, admin: SupervisorInfo, plan: Plan
) -> None:
    dialog = _dialog(qtbot, app, admin, plan, criterion_ids=[plan.but_module.criteria[0].id])
    assert dialog.witness_name_edit.isHidden()
    dialog.type_combo.setCurrentIndex(list(EvidenceType).index(EvidenceType.WITNESS_STATEMENT))
    assert dialog.witness_name_edit.isVisible() and dialog.witness_role_edit.isVisible()
    before = db_summary(app)
    _save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.title_error.text() == "Ge beviset en kort rubrik."
    assert dialog.witness_error.text() == "Ett vittnesutlåtande behöver vittnets namn."
    assert "Rätta det som är markerat" in dialog.error_label.text()
    assert db_summary(app) == before
    dialog.title_edit.setText("Butikschefen intygar")
    dialog.witness_name_edit.setText("Karin Lund")
    dialog.witness_role_edit.setText("Butikschef")
    _save(qtbot, dialog)
    [ev] = app.evidence.list(plan.participant.id)
    assert (ev.witness_name, ev.witness_role) == ("Karin Lund", "Butikschef")


def test_too_long_title_and_witness_are_kept_and_shown_next_to_the_fields(
    qtbot: QtBot, app: App, admin: SupervisorInfo, plan: Plan
) -> None:
    """A pasted 300-character title is not cut silently: it stays as pasted and the
    field says how long it is; the same for the witness; nothing is saved."""
    dialog = _dialog(qtbot, app, admin, plan, criterion_ids=[plan.but_module.criteria[0].id])
    dialog.type_combo.setCurrentIndex(list(EvidenceType).index(EvidenceType.WITNESS_STATEMENT))
    dialog.title_edit.setText("Å" * 300)
    dialog.witness_name_edit.setText("Karin Lund")
    dialog.witness_role_edit.setText("B" * 201)
    before = db_summary(app)
    _save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.title_edit.text() == "Å" * 300
    assert dialog.title_error.text() == (
        "Rubriken har 300 tecken, men högst 200 får plats. Korta texten."
    )
    assert dialog.witness_error.text().startswith("Vittnets roll har 201 tecken")
    assert db_summary(app) == before
    dialog.title_edit.setText("Butikschefen intygar")
    dialog.witness_role_edit.setText("Butikschef")
    _save(qtbot, dialog)
    [ev] = app.evidence.list(plan.participant.id)
    assert (ev.title, ev.witness_role) == ("Butikschefen intygar", "Butikschef")


def test_witness_fields_are_not_saved_for_other_types(
    qtbot: QtBot, app: App, admin: SupervisorInfo, plan: Plan
) -> None:
    dialog = _dialog(qtbot, app, admin, plan, criterion_ids=[plan.but_module.criteria[0].id])
    dialog.type_combo.setCurrentIndex(list(EvidenceType).index(EvidenceType.WITNESS_STATEMENT))
    dialog.witness_name_edit.setText("Karin Lund")
    dialog.type_combo.setCurrentIndex(list(EvidenceType).index(EvidenceType.OBSERVATION))
    dialog.title_edit.setText("Observation")
    _save(qtbot, dialog)
    [ev] = app.evidence.list(plan.participant.id)
    assert ev.witness_name == ""


def test_service_errors_show_in_the_dialog_and_keep_everything(
    qtbot: QtBot, app: App, admin: SupervisorInfo, plan: Plan, photo: Path, tmp_path: Path
) -> None:
    app.participants.set_photo_consent(admin.id, plan.participant.id, True)
    dialog = _dialog(qtbot, app, admin, plan, criterion_ids=[plan.but_module.criteria[0].id])
    dialog.title_edit.setText("Film")
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    dialog.add_files([pdf])
    pdf.unlink()  # gone before saving
    _save(qtbot, dialog)
    assert dialog.isVisible()
    assert "a.pdf finns inte" in dialog.error_label.text()
    assert dialog.title_edit.text() == "Film"
    assert app.evidence.list(plan.participant.id) == []


def test_remove_asks_first(
    qtbot: QtBot, app: App, admin: SupervisorInfo, admin_id: str, plan: Plan, boxes: Boxes
) -> None:
    app.evidence.add(
        admin_id,
        plan.participant.id,
        type=EvidenceType.OBSERVATION,
        date=TODAY,
        title="Dukning",
        criterion_ids=[plan.caf_module.criteria[0].id],
    )
    tab = EvidenceTab(app, admin, plan.participant.id)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.remove_button.isEnabled()  # first row selected
    boxes.question_answer = QMessageBox.StandardButton.No
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    assert "Dukning" in boxes.texts("question")[0]
    assert len(app.evidence.list(plan.participant.id)) == 1
    boxes.question_answer = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(tab.changed):
        qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert app.evidence.list(plan.participant.id) == []
    assert tab.empty_label.isVisible()


def test_quality_assurer_can_look_but_not_change(
    qtbot: QtBot, app: App, admin_id: str, plan: Plan, boxes: Boxes
) -> None:
    from handledare_app.domain.enums import Role

    qa = app.supervisors.add(admin_id, "Ingrid Kvist", "7391", {Role.QUALITY_ASSURER})
    app.evidence.add(
        admin_id, plan.participant.id, type=EvidenceType.OBSERVATION, date=TODAY, title="Dukning"
    )
    tab = EvidenceTab(app, qa, plan.participant.id)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.read_only_label.isVisible()
    assert not tab.add_button.isEnabled() and not tab.remove_button.isEnabled()
    assert tab.edit_button.text() == "&Visa …" and tab.edit_button.isEnabled()
    dialog = tab.make_dialog(tab.selected())
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.title_edit.isReadOnly() and not dialog.save_button.isVisible()
    assert not dialog.type_combo.isEnabled()
    item = dialog.criteria.tree.topLevelItem(0).child(0).child(0)
    assert not item.flags() & Qt.ItemFlag.ItemIsUserCheckable
    before = db_summary(app)
    _save(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing changed: closes without asking
    assert not dialog.isVisible() and boxes.shown == []
    assert db_summary(app) == before


@pytest.mark.usefixtures("consent")
def test_controls_are_named_and_screenshots_render(
    qtbot: QtBot, app: App, admin: SupervisorInfo, admin_id: str, plan: Plan, photo: Path
) -> None:
    from handledare_app.ui.participant import evidence_tab

    app.evidence.add(
        admin_id,
        plan.participant.id,
        type=EvidenceType.PHOTO,
        date=TODAY,
        title="Hyllan",
        criterion_ids=[c.id for c in plan.but_module.criteria[:3]],
        files=[photo],
    )
    shots = evidence_tab.screenshot_widgets(app, admin, plan.participant.id)
    assert [name for name, _w in shots] == ["bevis", "bevis-dialog", "bevis-dialog-sparar"]
    for _name, widget in shots:
        qtbot.addWidget(widget)
        widget.show()
        assert unnamed(widget) == []
        image = widget.grab().toImage()
        assert image.width() > 200 and image.height() > 200
    dialog = shots[1][1]
    assert isinstance(dialog, EvidenceDialog)
    assert dialog.attachments.count() == 1 and not dialog.attachments.thumbnails_pending()
    assert len(dialog.criteria.selected_ids()) == 3
    saving = shots[2][1]  # the look while saving (issue 14), nothing saved
    assert isinstance(saving, EvidenceDialog)
    assert saving.busy_label.isVisible() and not saving.save_button.isEnabled()


def _mnemonics(root: QWidget) -> list[str]:
    keys = []
    for w in root.findChildren(QAbstractButton) + root.findChildren(QLabel):
        text = w.text()
        i = text.replace("&&", "").find("&")
        if i >= 0 and w.isVisibleTo(root):
            keys.append(text.replace("&&", "")[i + 1].casefold())
    return keys


def test_evidence_dialog_mnemonics_are_unique(
    qtbot: QtBot, app: App, admin: SupervisorInfo, plan: Plan
) -> None:
    dialog = _dialog(qtbot, app, admin, plan)
    dialog.type_combo.setCurrentIndex(list(EvidenceType).index(EvidenceType.WITNESS_STATEMENT))
    keys = _mnemonics(dialog)
    assert len(keys) >= 9
    assert sorted(keys) == sorted(set(keys))


@pytest.mark.usefixtures("consent")
def test_screenshot_dialog_without_saved_photos_is_filled_but_saves_nothing(
    qtbot: QtBot, app: App, admin: SupervisorInfo, plan: Plan
) -> None:
    from handledare_app.ui.participant import evidence_tab

    before = db_summary(app)
    [(_n1, tab), (_n2, dialog), (_n3, saving)] = evidence_tab.screenshot_widgets(
        app, admin, plan.participant.id
    )
    for widget in (tab, dialog, saving):
        qtbot.addWidget(widget)
    assert isinstance(dialog, EvidenceDialog)
    assert dialog.attachments.count() == 1 and not dialog.attachments.thumbnails_pending()
    assert len(dialog.criteria.selected_ids()) == 3
    assert db_summary(app) == before


@pytest.mark.usefixtures("consent")
def test_double_click_on_a_photo_shows_it_larger(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    plan: Plan,
    photo: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from handledare_app.ui.participant.photo_preview import PhotoPreviewDialog

    shown: list[PhotoPreviewDialog] = []

    def fake_exec(dialog: PhotoPreviewDialog) -> int:
        shown.append(dialog)
        return 0

    monkeypatch.setattr(PhotoPreviewDialog, "exec", fake_exec)
    dialog = _dialog(qtbot, app, admin, plan)
    dialog.title_edit.setText("Hyllan")  # a dialog that Enter could save
    dialog.add_files([photo])
    dialog.attachments.setCurrentRow(0)
    dialog.attachments.setFocus()
    qtbot.keyClick(dialog.attachments, Qt.Key.Key_Return)
    [preview] = shown
    assert preview.windowTitle() == "hylla.png"
    pixmap = preview.image_label.pixmap()
    assert (pixmap.width(), pixmap.height()) == (320, 240)  # small: shown as it is
    assert dialog.isVisible()  # Enter on a thumbnail does not save the dialog


def test_double_click_or_enter_opens_the_evidence_once(
    qtbot: QtBot,
    app: App,
    admin: SupervisorInfo,
    admin_id: str,
    plan: Plan,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ev = app.evidence.add(
        admin_id, plan.participant.id, type=EvidenceType.OBSERVATION, date=TODAY, title="Dukning"
    )
    opened: list[str] = []

    def fake_exec(dialog: EvidenceDialog) -> int:
        assert dialog.evidence is not None
        opened.append(dialog.evidence.id)
        return 0

    monkeypatch.setattr(EvidenceDialog, "exec", fake_exec)
    tab = EvidenceTab(app, admin, plan.participant.id)
    qtbot.addWidget(tab)
    tab.show()
    rect = tab.table.visualRect(tab.model.index(0, 2))
    # QTest's double-click needs the press before it, as a real mouse makes.
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [ev.id]
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert opened == [ev.id, ev.id]


def test_evidence_linked_to_no_criterion_asks_before_saving(
    qtbot: QtBot, app: App, admin: SupervisorInfo, plan: Plan, boxes: Boxes
) -> None:
    dialog = _dialog(qtbot, app, admin, plan)
    dialog.title_edit.setText("Fika med gruppen")
    boxes.question_answer = QMessageBox.StandardButton.No
    _save(qtbot, dialog)
    assert any("inte kopplat till något kriterium" in t for t in boxes.texts("question"))
    assert app.evidence.list(plan.participant.id) == [] and dialog.isVisible()
    assert dialog.title_edit.text() == "Fika med gruppen"
    boxes.question_answer = QMessageBox.StandardButton.Yes
    _save(qtbot, dialog)
    [ev] = app.evidence.list(plan.participant.id)
    assert ev.criterion_ids == frozenset()


def test_the_dialog_uses_a_laptop_screen_and_stays_inside_it(
    qtbot: QtBot, app: App, admin: SupervisorInfo, plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 1366×768 laptop less its task bar: wide enough that the criteria list reads whole
    lines, never beyond the available area (less the frame and title bar)."""
    from PySide6.QtCore import QRect

    from handledare_app.ui import widgets

    monkeypatch.setattr(widgets, "available_geometry", lambda _w: QRect(0, 0, 1366, 728))
    dialog = EvidenceDialog(app, admin, plan.participant.id)
    qtbot.addWidget(dialog)
    assert dialog.width() >= 1000
    assert dialog.width() <= 1366 - 40 and dialog.height() <= 728 - 60
