"""Kriteriebank in the window: admins edit, add, import and export; others only browse."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QFileDialog,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTreeWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from handledare_app.domain.enums import Role
from handledare_app.domain.records import ParticipantDetail, SupervisorInfo
from handledare_app.services.app import App
from handledare_app.ui.catalogue_area_dialog import BusinessAreaDialog
from handledare_app.ui.catalogue_editor import ModuleEditDialog
from handledare_app.ui.pages.catalogue import CataloguePageWidget, screenshot_widgets
from tests.helpers import db_summary, example_catalogue

from .conftest import Boxes


@pytest.fixture
def page(qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes) -> CataloguePageWidget:
    widget = CataloguePageWidget(app, admin)
    qtbot.addWidget(widget)
    widget.resize(1166, 708)
    widget.show()
    return widget


def select(page: CataloguePageWidget, area: str, code: str) -> None:
    page.select_module(area, code)
    module = page.current_module()
    assert module is not None and module.code == code


def run_dialog(
    monkeypatch: pytest.MonkeyPatch, cls: type[QDialog], act: Callable[[Any], None]
) -> list[Any]:
    """Replace `exec` so the page's own flow runs with `act` as the user's input."""
    seen: list[Any] = []

    def fake_exec(dialog: Any) -> int:
        seen.append(dialog)
        act(dialog)
        return int(dialog.result())

    monkeypatch.setattr(cls, "exec", fake_exec)
    return seen


def unnamed(root: QWidget) -> list[str]:
    kinds = (QAbstractButton, QLineEdit, QComboBox, QListWidget, QPlainTextEdit, QTreeWidget)
    return [
        f"{type(w).__name__}"
        for cls in kinds
        for w in root.findChildren(cls)
        if not w.accessibleName().strip()
    ]


def test_editing_a_module_in_use_adds_a_version_and_the_participant_keeps_the_old(
    page: CataloguePageWidget,
    app: App,
    admin_id: str,
    participant: ParticipantDetail,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app.journey.enroll(admin_id, participant.id, "BUT-01")
    page.refresh()
    select(page, "butik", "BUT-01")
    assert "Versioner: 1 (i 1 arbetsplan, nyaste)" in page.detail.toPlainText()

    def edit(dialog: ModuleEditDialog) -> None:
        assert "ny version (2)" in dialog.version_note.text()
        dialog.title_edit.setText("Ta emot och sortera varor")
        first = dialog.tree.topLevelItem(0).child(0)
        dialog.tree.setCurrentItem(first)
        dialog.item_text.setPlainText("Hälsar vänligt och tar emot varorna.")
        dialog.save_button.click()

    dialogs = run_dialog(monkeypatch, ModuleEditDialog, edit)
    page.edit_button.click()

    assert len(dialogs) == 1
    row = next(
        r
        for r in range(page.module_model.rowCount())
        if page.module_model.index(r, 0).data() == "BUT-01"
    )
    assert page.module_model.index(row, 1).data() == "Ta emot och sortera varor"
    assert page.module_model.index(row, 4).data() == "2"
    shown = page.detail.toPlainText()
    assert "version 2" in shown and "Hälsar vänligt och tar emot varorna." in shown
    assert "Versioner: 1 (i 1 arbetsplan), 2 (nyaste)." in shown
    assert "version 2" in page.notice.text() and "behåller" in page.notice.text()
    # the participant still works on version 1, with its old wording
    progress = app.assessment.participant_progress(participant.id)
    assert [(p.module.code, p.module.version) for p in progress] == [("BUT-01", 1)]
    assert progress[0].module.criteria[0].text == "Hälsar vänligt på den som lämnar varor."


def test_editor_adds_moves_and_removes_outcomes_and_criteria(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes
) -> None:
    module = app.catalogue.module(app.catalogue.newest_version("CAF-01").id)
    dialog = ModuleEditDialog(app, admin, module=module)
    qtbot.addWidget(dialog)
    n = len(module.outcomes)
    assert not dialog.has_changes()

    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(0))
    dialog.add_criterion_button.click()
    dialog.item_text.setPlainText("Torkar av borden.")
    assert dialog.tree.currentItem().text(0) == f"1.{len(module.outcomes[0].criteria) + 1}"
    dialog.up_button.click()
    assert dialog.tree.currentItem().text(0) == f"1.{len(module.outcomes[0].criteria)}"
    dialog.add_outcome_button.click()
    dialog.item_text.setPlainText("Deltagaren kan städa caféet.")
    assert dialog.tree.topLevelItemCount() == n + 1
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(n))
    dialog.up_button.click()
    assert dialog.tree.topLevelItem(n - 1).text(1) == "Deltagaren kan städa caféet."
    assert dialog.tree.topLevelItem(n - 1).text(0) == str(n)
    draft = dialog.draft()
    assert draft.outcomes[0].criteria[-2] == "Torkar av borden."
    assert draft.outcomes[n - 1].text == "Deltagaren kan städa caféet."
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(n - 1))
    dialog.remove_button.click()
    assert dialog.tree.topLevelItemCount() == n
    assert dialog.has_changes()


def test_every_error_is_listed_with_its_place_and_nothing_changes(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes
) -> None:
    module = app.catalogue.module(app.catalogue.newest_version("BUT-02").id)
    dialog = ModuleEditDialog(app, admin, module=module)
    qtbot.addWidget(dialog)
    dialog.title_edit.setText("")
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(0).child(1))
    dialog.item_text.setPlainText("")
    before = db_summary(app)

    dialog.save_button.click()

    assert dialog.result() != QDialog.DialogCode.Accepted
    errors = [dialog.errors.item(i).text() for i in range(dialog.errors.count())]
    assert "Modul BUT-02: fältet ”Titel” är tomt" in errors
    assert "Modul BUT-02, kriterium 1.2: fältet ”Text” är tomt" in errors
    assert "Inget har ändrats" in dialog.errors_label.text()
    assert db_summary(app) == before
    # an error leads to its place
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(0))
    dialog.errors.itemActivated.emit(dialog.errors.item(errors.index(errors[-1])))
    assert dialog.tree.currentItem().text(0) == "1.2"


def test_cancel_with_unsaved_edits_asks_first(
    qtbot: QtBot, app: App, admin: SupervisorInfo, boxes: Boxes
) -> None:
    module = app.catalogue.module(app.catalogue.newest_version("BUT-02").id)
    dialog = ModuleEditDialog(app, admin, module=module)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.cancel_button.click()  # nothing typed: closes without asking
    assert boxes.shown == [] and dialog.result() == QDialog.DialogCode.Rejected

    dialog = ModuleEditDialog(app, admin, module=module)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.title_edit.setText("Något annat")
    boxes.question_answer = boxes.question_answer.No
    dialog.cancel_button.click()
    assert len(boxes.texts("question")) == 1 and dialog.isVisible()
    dialog.close()  # the window's close button asks too
    assert len(boxes.texts("question")) == 2 and dialog.isVisible()
    boxes.question_answer = boxes.question_answer.Yes
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_supervisor_only_browses(qtbot: QtBot, app: App, admin_id: str, boxes: Boxes) -> None:
    sup = app.supervisors.add(admin_id, "Jonas Lindqvist", "7391", {Role.SUPERVISOR})
    page = CataloguePageWidget(app, sup)
    qtbot.addWidget(page)
    page.show()
    assert not page.admin_bar.isVisible() and page.viewer_note.isVisible()
    for button in (
        page.edit_button,
        page.new_module_button,
        page.new_area_button,
        page.import_button,
        page.export_button,
    ):
        assert not button.isEnabled()
    assert page.current_module() is not None
    page.edit_module()  # e.g. a double-click: nothing opens
    page.new_area()
    assert page.findChildren(ModuleEditDialog) == [] and page.findChildren(BusinessAreaDialog) == []


def test_new_business_area_and_module(
    qtbot: QtBot, page: CataloguePageWidget, app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill_area(dialog: BusinessAreaDialog) -> None:
        dialog.code_edit.setText("snickeri")
        dialog.name_edit.setText("Snickeri")
        dialog.save_button.click()

    run_dialog(monkeypatch, BusinessAreaDialog, fill_area)
    page.new_area_button.click()
    assert page.current_area_code() == "snickeri"
    assert "Snickeri" in page.notice.text()

    def fill_module(dialog: ModuleEditDialog) -> None:
        qtbot.keyClicks(dialog.code_edit, "sni-01")  # typed lower case, stored upper case
        dialog.title_edit.setText("Använda handverktyg")
        dialog.tree.setCurrentItem(dialog.tree.topLevelItem(0))
        dialog.item_text.setPlainText("Deltagaren kan välja rätt verktyg.")
        dialog.tree.setCurrentItem(dialog.tree.topLevelItem(0).child(0))
        dialog.item_text.setPlainText("Väljer såg efter material.")
        dialog.save_button.click()

    run_dialog(monkeypatch, ModuleEditDialog, fill_module)
    page.new_module_button.click()
    assert [m.code for m in app.catalogue.modules("snickeri")] == ["SNI-01"]
    assert page.current_module() is not None and page.current_module().code == "SNI-01"


def test_import_error_report_and_nothing_changes(
    qtbot: QtBot,
    page: CataloguePageWidget,
    app: App,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    raw = example_catalogue()
    modules = raw["business_areas"][0]["modules"]
    del modules[0]["title"]
    modules[1]["seqf_level"] = 12
    modules[2]["outcomes"][0]["criteria"][0]["text"] = ""
    bad = tmp_path / "trasig.json"
    bad.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(bad), ""))
    before = db_summary(app)

    page.import_button.click()
    assert page.busy.isVisible() and not page.import_button.isEnabled()
    qtbot.waitUntil(lambda: page.report_dialog is not None, timeout=10_000)

    report = page.report_dialog
    assert report is not None and report.isVisible()
    text = report.report.toPlainText()
    assert "1. Modul BUT-01: fältet ”title” saknas" in text
    assert "Modul BUT-02" in text and "seqf_level" in text
    assert "Modul BUT-03, kriterium 1.1: fältet ”text” är tomt" in text
    assert "3 fel" in report.summary.text() and "trasig.json" in report.summary.text()
    assert not page.busy.isVisible() and page.import_button.isEnabled()
    assert db_summary(app) == before
    assert unnamed(report) == []


def test_import_and_export_from_the_page(
    qtbot: QtBot,
    page: CataloguePageWidget,
    app: App,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    raw = example_catalogue()
    raw["version"] = "2027.1"
    module = raw["business_areas"][0]["modules"][0]
    module["version"] = 2
    module["title"] = "Ta emot skänkta varor (ny)"
    good = tmp_path / "ny.json"
    good.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(good), ""))
    page.import_button.click()
    qtbot.waitUntil(lambda: page.notice.isVisible(), timeout=10_000)
    assert "1 ny modul" in page.notice.text() and "35 oförändrade" in page.notice.text()
    assert app.catalogue.newest_version("BUT-01").version == 2

    out = tmp_path / "export"  # no suffix: .json is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(out), ""))
    page.export_button.click()
    qtbot.waitUntil(lambda: page.notice.isVisible(), timeout=10_000)
    assert "export.json" in page.notice.text() and "36 moduler" in page.notice.text()
    written = json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))
    assert written["business_areas"][0]["modules"][0]["version"] == 2


def test_controls_are_named_and_screenshots_build(
    qtbot: QtBot,
    page: CataloguePageWidget,
    app: App,
    admin: SupervisorInfo,
    participant: ParticipantDetail,
) -> None:
    assert unnamed(page) == []
    dialog = page.module_dialog(page.current_module())
    qtbot.addWidget(dialog)
    assert unnamed(dialog) == []
    area = BusinessAreaDialog(app, admin)
    qtbot.addWidget(area)
    assert unnamed(area) == []
    shots = screenshot_widgets(app, admin, participant.id)
    assert [name for name, _w in shots] == [
        "kriteriebank",
        "kriteriebank-redigera-modul",
        "kriteriebank-importfel",
    ]
    for _name, widget in shots:
        qtbot.addWidget(widget)
        widget.resize(1100, 700)
        image = widget.grab().toImage()
        colours = {image.pixel(x, y) for x in range(0, 1100, 7) for y in range(0, 700, 7)}
        assert not image.isNull() and len(colours) > 3


def test_unreadable_import_file_gets_a_swedish_message(
    qtbot: QtBot,
    page: CataloguePageWidget,
    boxes: Boxes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    missing = tmp_path / "finns-inte.json"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(missing), ""))
    page.import_button.click()
    qtbot.waitUntil(lambda: bool(boxes.shown), timeout=10_000)
    kind, title, text = boxes.shown[0]
    assert kind == "warning" and title == "Katalogfilen lästes inte in"
    assert "finns-inte.json" in text or "finns inte" in text
    assert page.report_dialog is None and page.import_button.isEnabled()
