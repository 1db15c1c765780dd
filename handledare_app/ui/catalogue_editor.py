"""Kriteriebank dialogs for admins: edit or add a module, add a business area, and the
import error report. Saving goes through services/catalogue_edit.py, which applies the
import rules and decides between a new version and an in-place change."""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.catalogue import ModuleDraft, OutcomeDraft
from ..domain.errors import UserError, ValidationError
from ..domain.records import BusinessAreaInfo, ModuleEditResult, ModuleInfo
from ..domain.swedish import count_text
from .errors import show_user_error
from .widgets import ErrorLabel, heading_label, text_label

if TYPE_CHECKING:
    from ..domain.records import SupervisorInfo
    from ..services.app import App

MAX_OUTCOMES = 10
MAX_CRITERIA = 12
DISCARD_TITLE = "Stänga utan att spara?"
DISCARD_TEXT = "Du har ändringar som inte är sparade. Vill du stänga utan att spara dem?"


def confirm_discard(parent: QWidget) -> bool:
    answer = QMessageBox.question(
        parent,
        DISCARD_TITLE,
        DISCARD_TEXT,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return bool(answer == QMessageBox.StandardButton.Yes)


def _button(text: str, accessible: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setAccessibleName(accessible)
    return button


def _fit_to_screen(dialog: QDialog, chars: int, lines: int) -> None:
    """A size that suits the font, never larger than the screen."""
    metrics = dialog.fontMetrics()
    width, height = metrics.averageCharWidth() * chars, metrics.height() * lines
    screen = QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width, height = min(width, room.width() - 40), min(height, room.height() - 60)
    dialog.resize(width, height)


def _top(tree: QTreeWidget, index: int) -> QTreeWidgetItem:
    item = tree.topLevelItem(index)
    assert item is not None  # index < topLevelItemCount()
    return item


def _child(parent: QTreeWidgetItem, index: int) -> QTreeWidgetItem:
    item = parent.child(index)
    assert item is not None  # index < childCount()
    return item


class _DiscardGuard(QDialog):
    """Cancel, Escape and the window's close button ask before typed work is lost."""

    def has_changes(self) -> bool:
        raise NotImplementedError

    def reject(self) -> None:
        if self.has_changes() and not confirm_discard(self):
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.result() == QDialog.DialogCode.Accepted or not self.has_changes():
            event.accept()
            return
        event.ignore()
        self.reject()


# --- module ------------------------------------------------------------------------


class ModuleEditDialog(_DiscardGuard):
    """Edit a module (`module` given) or add one to `area` (`module` None).

    After Accepted, `saved` holds the service's result (ModuleEditResult when editing,
    the new ModuleInfo when adding).
    """

    def __init__(
        self,
        app: App,
        user: SupervisorInfo,
        *,
        module: ModuleInfo | None = None,
        area: BusinessAreaInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        assert module is not None or area is not None
        self.app = app
        self.user = user
        self.module = module
        self.area = area
        self.saved: ModuleEditResult | ModuleInfo | None = None
        editing = module is not None
        self.setWindowTitle("Redigera modul" if editing else "Ny modul")

        title = (
            f"Redigera modul {module.code}, version {module.version}"
            if module is not None
            else f"Ny modul i {area.name if area else ''}"
        )
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(title, 2, self))
        self.version_note = text_label(self._version_text(), self)
        self.version_note.setAccessibleName("Om versioner")
        layout.addWidget(self.version_note)

        self.code_edit = QLineEdit(self)
        self.code_edit.setAccessibleName("Modulkod")
        self.code_edit.setMaxLength(32)
        self.code_edit.setPlaceholderText("Till exempel BUT-06")
        self.code_edit.textEdited.connect(self._upper_code)
        self.title_edit = QLineEdit(self)
        self.title_edit.setAccessibleName("Titel")
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setAccessibleName("Beskrivning")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(self.fontMetrics().height() * 3 + 12)
        self.seqf_spin = QSpinBox(self)
        self.seqf_spin.setRange(1, 8)
        self.seqf_spin.setAccessibleName("SeQF-nivå")
        self.ocn_combo = QComboBox(self)
        self.ocn_combo.setAccessibleName("OCN-nivå")
        self.ocn_combo.addItem("Ingen", None)
        for level in (1, 2, 3):
            self.ocn_combo.addItem(str(level), level)
        self.points_spin = QDoubleSpinBox(self)
        self.points_spin.setAccessibleName("Poäng")
        self.points_spin.setDecimals(1)
        self.points_spin.setRange(0.5, 60.0)
        self.points_spin.setSingleStep(0.5)
        self.points_spin.setLocale(QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden))
        for spin in (self.seqf_spin, self.points_spin):  # the text field inside is a control too
            for inner in spin.findChildren(QLineEdit):
                inner.setAccessibleName(spin.accessibleName())

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Kod:", self.code_edit)
        form.addRow("&Titel:", self.title_edit)
        form.addRow("&Beskrivning:", self.description_edit)
        levels = QHBoxLayout()
        for text, widget in (
            ("Se&QF-nivå:", self.seqf_spin),
            ("&OCN-nivå:", self.ocn_combo),
            ("&Poäng:", self.points_spin),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            levels.addWidget(label)
            levels.addWidget(widget)
            levels.addSpacing(self.fontMetrics().height())
        levels.addStretch(1)
        form.addRow(levels)
        layout.addLayout(form)

        tree_label = QLabel("Läranderesultat och bedömningskriteri&er:", self)
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Läranderesultat och bedömningskriterier")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Nr", "Text"])
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setColumnWidth(0, self.fontMetrics().horizontalAdvance("10.12") * 2)
        tree_label.setBuddy(self.tree)
        self.add_outcome_button = _button("Nytt &läranderesultat", "Nytt läranderesultat", self)
        self.add_criterion_button = _button("Nytt k&riterium", "Nytt bedömningskriterium", self)
        self.up_button = _button("Flytta &upp", "Flytta upp", self)
        self.down_button = _button("Flytta &ned", "Flytta ned", self)
        self.remove_button = _button("Ta bort ra&d", "Ta bort markerad rad", self)
        side = QVBoxLayout()
        for b in (
            self.add_outcome_button,
            self.add_criterion_button,
            self.up_button,
            self.down_button,
            self.remove_button,
        ):
            side.addWidget(b)
        side.addStretch(1)
        self.text_label = QLabel("Te&xt för markerad rad:", self)
        self.item_text = QPlainTextEdit(self)
        self.item_text.setAccessibleName("Text för markerad rad")
        self.item_text.setTabChangesFocus(True)
        self.item_text.setFixedHeight(self.fontMetrics().height() * 3 + 12)
        self.text_label.setBuddy(self.item_text)
        grid = QGridLayout()
        grid.addWidget(tree_label, 0, 0, 1, 2)
        grid.addWidget(self.tree, 1, 0)
        grid.addLayout(side, 1, 1)
        grid.addWidget(self.text_label, 2, 0, 1, 2)
        grid.addWidget(self.item_text, 3, 0)
        grid.setRowStretch(1, 1)
        layout.addLayout(grid, 1)

        self.errors_label = ErrorLabel(self)
        self.errors = QListWidget(self)
        self.errors.setAccessibleName("Fel att rätta")
        self.errors.setWordWrap(True)
        self.errors.setVisible(False)
        self.errors.setMaximumHeight(self.fontMetrics().height() * 6)
        layout.addWidget(self.errors_label)
        layout.addWidget(self.errors)

        self.buttons = QDialogButtonBox(self)
        self.save_button = _button("&Spara", "Spara", self)
        self.save_button.setDefault(True)
        self.cancel_button = _button("&Avbryt", "Avbryt", self)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.add_outcome_button.clicked.connect(self.add_outcome)
        self.add_criterion_button.clicked.connect(self.add_criterion)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.remove_button.clicked.connect(self.remove_current)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.item_text.textChanged.connect(self._item_text_changed)
        self.errors.itemActivated.connect(self._go_to_error)

        chain = [
            self.code_edit,
            self.title_edit,
            self.description_edit,
            self.seqf_spin,
            self.ocn_combo,
            self.points_spin,
            self.tree,
            self.item_text,  # the text of the chosen row right after the tree
            self.add_outcome_button,
            self.add_criterion_button,
            self.up_button,
            self.down_button,
            self.remove_button,
            self.errors,
            self.save_button,
            self.cancel_button,
        ]
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)

        self._load(module)
        self._initial = (self.code_edit.text(), self.draft())
        self._update_buttons()
        self.title_edit.setFocus() if editing else self.code_edit.setFocus()
        _fit_to_screen(self, 140, 46)

    # --- content ---------------------------------------------------------------------

    def _version_text(self) -> str:
        module = self.module
        if module is None:
            return "Modulen får version 1. Numren på läranderesultat och kriterier sätts i ordning."
        uses = self.app.catalogue_edit.usage(module.id)
        if self.app.catalogue_edit.is_local_draft(module.id):
            return (
                "Den här versionen är gjord i appen och används inte ännu, så den ändras "
                "direkt när du sparar."
            )
        if uses:
            return (
                f"Version {module.version} används i "
                f"{count_text(uses, 'arbetsplan', 'arbetsplaner')}. När du sparar blir det "
                f"en ny version ({module.version + 1}). Deltagare som redan arbetar med "
                f"modulen behåller version {module.version}; nya arbetsplaner får den nya."
            )
        return (
            f"Version {module.version} kommer från en katalogfil och ändras aldrig. "
            f"När du sparar blir det en ny version ({module.version + 1})."
        )

    def _load(self, module: ModuleInfo | None) -> None:
        if module is None:
            self.seqf_spin.setValue(2)
            self.points_spin.setValue(1.0)
            self.add_outcome()
            return
        self.code_edit.setText(module.code)
        self.code_edit.setReadOnly(True)
        self.title_edit.setText(module.title)
        self.description_edit.setPlainText(module.description)
        self.seqf_spin.setValue(module.seqf_level)
        self.ocn_combo.setCurrentIndex(self.ocn_combo.findData(module.ocn_level))
        self.points_spin.setValue(module.points)
        for outcome in module.outcomes:
            item = self._new_item(None, outcome.text)
            for criterion in outcome.criteria:
                self._new_item(item, criterion.text)
        self._renumber()
        self.tree.expandAll()
        if self.tree.topLevelItemCount():
            self.tree.setCurrentItem(_top(self.tree, 0))

    def _new_item(self, parent: QTreeWidgetItem | None, text: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(["", text])
        item.setToolTip(1, text)
        if parent is None:
            self.tree.addTopLevelItem(item)
        else:
            parent.addChild(item)
        return item

    def _renumber(self) -> None:
        for oi in range(self.tree.topLevelItemCount()):
            outcome = _top(self.tree, oi)
            outcome.setText(0, str(oi + 1))
            for ci in range(outcome.childCount()):
                _child(outcome, ci).setText(0, f"{oi + 1}.{ci + 1}")

    def _upper_code(self, text: str) -> None:
        if text != text.upper():
            pos = self.code_edit.cursorPosition()
            self.code_edit.setText(text.upper())
            self.code_edit.setCursorPosition(pos)

    def draft(self) -> ModuleDraft:
        outcomes = []
        for oi in range(self.tree.topLevelItemCount()):
            outcome = _top(self.tree, oi)
            criteria = tuple(_child(outcome, ci).text(1) for ci in range(outcome.childCount()))
            outcomes.append(OutcomeDraft(outcome.text(1), criteria))
        return ModuleDraft(
            self.title_edit.text(),
            self.description_edit.toPlainText(),
            self.seqf_spin.value(),
            self.ocn_combo.currentData(),
            round(self.points_spin.value(), 1),
            tuple(outcomes),
        )

    def has_changes(self) -> bool:
        return (self.code_edit.text(), self.draft()) != self._initial

    # --- outcomes and criteria ----------------------------------------------------------

    def _current_outcome(self) -> QTreeWidgetItem | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        return item.parent() or item

    def add_outcome(self) -> None:
        if self.tree.topLevelItemCount() >= MAX_OUTCOMES:
            self.errors_label.show_error(f"En modul kan ha högst {MAX_OUTCOMES} läranderesultat.")
            return
        item = self._new_item(None, "")
        self._new_item(item, "")
        item.setExpanded(True)
        self._renumber()
        self.tree.setCurrentItem(item)
        self.item_text.setFocus()

    def add_criterion(self) -> None:
        outcome = self._current_outcome()
        if outcome is None:
            self.add_outcome()
            return
        if outcome.childCount() >= MAX_CRITERIA:
            self.errors_label.show_error(
                f"Ett läranderesultat kan ha högst {MAX_CRITERIA} bedömningskriterier."
            )
            return
        current = self.tree.currentItem()
        item = QTreeWidgetItem(["", ""])
        index = (
            outcome.indexOfChild(current) + 1
            if current is not None and current is not outcome
            else outcome.childCount()
        )
        outcome.insertChild(index, item)
        outcome.setExpanded(True)
        self._renumber()
        self.tree.setCurrentItem(item)
        self.item_text.setFocus()

    def move_current(self, step: int) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        parent = item.parent()
        if parent is None:
            index = self.tree.indexOfTopLevelItem(item)
            target = index + step
            if not 0 <= target < self.tree.topLevelItemCount():
                return
            expanded = item.isExpanded()
            self.tree.takeTopLevelItem(index)
            self.tree.insertTopLevelItem(target, item)
            item.setExpanded(expanded)
        else:
            index = parent.indexOfChild(item)
            target = index + step
            if not 0 <= target < parent.childCount():
                return
            parent.takeChild(index)
            parent.insertChild(target, item)
        self._renumber()
        self.tree.setCurrentItem(item)
        self._update_buttons()

    def remove_current(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        parent = item.parent()
        if parent is None:
            index = self.tree.indexOfTopLevelItem(item)
            self.tree.takeTopLevelItem(index)
        else:
            parent.removeChild(item)
        self._renumber()
        self._update_buttons()

    def _current_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        self.item_text.blockSignals(True)
        self.item_text.setPlainText(current.text(1) if current is not None else "")
        self.item_text.blockSignals(False)
        if current is None:
            self.text_label.setText("Te&xt för markerad rad:")
        elif current.parent() is None:
            self.text_label.setText(f"Te&xt för läranderesultat {current.text(0)}:")
            self.item_text.setPlaceholderText("Deltagaren kan …")
        else:
            self.text_label.setText(f"Te&xt för bedömningskriterium {current.text(0)}:")
            self.item_text.setPlaceholderText(
                "Något som går att se, till exempel: Tackar för gåvan."
            )
        self._update_buttons()

    def _item_text_changed(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            text = self.item_text.toPlainText().replace("\n", " ")
            item.setText(1, text)
            item.setToolTip(1, text)

    def _update_buttons(self) -> None:
        item = self.tree.currentItem()
        for b in (self.up_button, self.down_button, self.remove_button):
            b.setEnabled(item is not None)
        self.item_text.setEnabled(item is not None)

    def _go_to_error(self, entry: QListWidgetItem) -> None:
        """Jump from an error to the outcome or criterion it names."""
        text = entry.text()
        crit = re.search(r"kriterium (\d+)\.(\d+)", text)
        out = re.search(r"läranderesultat (\d+)", text)
        target: QTreeWidgetItem | None = None
        if crit:
            outcome = self.tree.topLevelItem(int(crit.group(1)) - 1)
            if outcome is not None:
                target = outcome.child(int(crit.group(2)) - 1)
        elif out:
            target = self.tree.topLevelItem(int(out.group(1)) - 1)
        if target is not None:
            self.tree.setCurrentItem(target)
            self.item_text.setFocus()
        elif "Titel" in text:
            self.title_edit.setFocus()
        elif "Kod" in text or "kod" in text:
            self.code_edit.setFocus()

    # --- saving --------------------------------------------------------------------------

    def show_errors(self, exc: UserError) -> None:
        self.errors_label.show_error(exc.message)
        self.errors.clear()
        for detail in exc.details:
            QListWidgetItem(detail, self.errors)
        self.errors.setVisible(bool(exc.details))

    def save(self) -> None:
        draft = self.draft()
        try:
            if self.module is not None:
                self.saved = self.app.catalogue_edit.save_module(
                    self.user.id, self.module.id, draft
                )
            else:
                assert self.area is not None
                self.saved = self.app.catalogue_edit.add_module(
                    self.user.id, self.area.code, self.code_edit.text(), draft
                )
        except ValidationError as exc:
            self.show_errors(exc)
            if exc.details:
                self.errors.setCurrentRow(0)
                self.errors.setFocus()
            return
        except UserError as exc:
            show_user_error(self, exc)
            return
        self.accept()


# --- business area -------------------------------------------------------------------


class BusinessAreaDialog(_DiscardGuard):
    def __init__(self, app: App, user: SupervisorInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.user = user
        self.saved: BusinessAreaInfo | None = None
        self.setWindowTitle("Nytt verksamhetsområde")
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("Nytt verksamhetsområde", 2, self))
        layout.addWidget(
            text_label(
                "Koden används i katalogfiler och får bara innehålla a–z, 0–9 och "
                "bindestreck, till exempel ”snickeri”. Namnet är det som visas i appen.",
                self,
            )
        )
        self.code_edit = QLineEdit(self)
        self.code_edit.setAccessibleName("Kod")
        self.code_edit.setMaxLength(32)
        self.name_edit = QLineEdit(self)
        self.name_edit.setAccessibleName("Namn")
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setAccessibleName("Beskrivning")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(self.fontMetrics().height() * 3 + 12)
        form = QFormLayout()
        form.addRow("&Kod:", self.code_edit)
        form.addRow("&Namn:", self.name_edit)
        form.addRow("&Beskrivning:", self.description_edit)
        layout.addLayout(form)
        self.error_label = ErrorLabel(self)
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(self)
        self.save_button = _button("&Spara", "Spara", self)
        self.save_button.setDefault(True)
        self.cancel_button = _button("&Avbryt", "Avbryt", self)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        _fit_to_screen(self, 90, 22)

    def has_changes(self) -> bool:
        return any(
            (self.code_edit.text(), self.name_edit.text(), self.description_edit.toPlainText())
        )

    def save(self) -> None:
        try:
            self.saved = self.app.catalogue_edit.add_business_area(
                self.user.id,
                self.code_edit.text(),
                self.name_edit.text(),
                self.description_edit.toPlainText(),
            )
        except UserError as exc:
            self.error_label.show_error(exc.full_text())
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))
            return
        self.accept()


# --- import report ---------------------------------------------------------------------


class ImportReportDialog(QDialog):
    """The import's full error report, every error with its place, scrollable."""

    def __init__(self, file_name: str, exc: UserError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Katalogfilen lästes inte in")
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("Katalogfilen lästes inte in", 2, self))
        self.summary = text_label(
            f"{exc.message}\nFil: {file_name}. Rätta felen i filen och läs in den igen.",
            self,
            selectable=True,
        )
        self.summary.setAccessibleName("Sammanfattning")
        layout.addWidget(self.summary)
        self.report = QPlainTextEdit(self)
        self.report.setReadOnly(True)
        self.report.setAccessibleName("Fellista")
        self.report.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        lines = [f"{i}. {d}" for i, d in enumerate(exc.details, start=1)] or [exc.message]
        self.report.setPlainText("\n".join(lines))
        layout.addWidget(self.report, 1)
        buttons = QDialogButtonBox(self)
        self.copy_button = _button("&Kopiera fellistan", "Kopiera fellistan", self)
        self.close_button = _button("&Stäng", "Stäng", self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.close_button.setDefault(True)
        _fit_to_screen(self, 100, 30)

    def copy(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.summary.text() + "\n\n" + self.report.toPlainText())
