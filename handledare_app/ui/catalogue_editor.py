"""Kriteriebank: edit a module or add one, for admins. The outcomes and criteria are
edited in ui/catalogue_outline.py; saving goes through services/catalogue_edit.py, which
applies the import rules and decides between a new version and an in-place change. (The
business area dialog and the import report are in ui/catalogue_area_dialog.py and
ui/catalogue_import_report.py.)"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..domain.catalogue import ModuleDraft
from ..domain.errors import UserError, ValidationError
from ..domain.records import BusinessAreaInfo, ModuleEditResult, ModuleInfo
from ..domain.swedish import count_text
from .catalogue_guard import DiscardGuard
from .catalogue_outline import OutlineEditor
from .errors import show_user_error
from .widgets import (
    ErrorLabel,
    fit_to_screen,
    heading_label,
    save_cancel_buttons,
    text_label,
    text_size,
)

if TYPE_CHECKING:
    from ..domain.records import SupervisorInfo
    from ..services.app import App


class ModuleEditDialog(DiscardGuard):
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

        self.errors_label = ErrorLabel(self)
        self.outline = OutlineEditor(self.errors_label.show_error, self)
        # The outline's parts, by the names the dialog has always had.
        self.tree, self.item_text = self.outline.tree, self.outline.item_text
        self.text_label = self.outline.text_label
        self.add_outcome_button = self.outline.add_outcome_button
        self.add_criterion_button = self.outline.add_criterion_button
        self.up_button, self.down_button = self.outline.up_button, self.outline.down_button
        self.remove_button = self.outline.remove_button
        layout.addWidget(self.outline, 1)

        self.errors = QListWidget(self)
        self.errors.setAccessibleName("Fel att rätta")
        self.errors.setWordWrap(True)
        self.errors.setVisible(False)
        self.errors.setMaximumHeight(self.fontMetrics().height() * 6)
        layout.addWidget(self.errors_label)
        layout.addWidget(self.errors)

        self.buttons, self.save_button, self.cancel_button = save_cancel_buttons(self, self.save)
        layout.addWidget(self.buttons)

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
            *self.outline.buttons(),
            self.errors,
            self.save_button,
            self.cancel_button,
        ]
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)

        self._load(module)
        self._initial = (self.code_edit.text(), self.draft())
        self.outline.update_buttons()
        self.title_edit.setFocus() if editing else self.code_edit.setFocus()
        fit_to_screen(self, text_size(self, 140, 46))

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
            self.outline.add_outcome()
            return
        self.code_edit.setText(module.code)
        self.code_edit.setReadOnly(True)
        self.title_edit.setText(module.title)
        self.description_edit.setPlainText(module.description)
        self.seqf_spin.setValue(module.seqf_level)
        self.ocn_combo.setCurrentIndex(self.ocn_combo.findData(module.ocn_level))
        self.points_spin.setValue(module.points)
        self.outline.load([(o.text, [c.text for c in o.criteria]) for o in module.outcomes])

    def _upper_code(self, text: str) -> None:
        if text != text.upper():
            pos = self.code_edit.cursorPosition()
            self.code_edit.setText(text.upper())
            self.code_edit.setCursorPosition(pos)

    def draft(self) -> ModuleDraft:
        return ModuleDraft(
            self.title_edit.text(),
            self.description_edit.toPlainText(),
            self.seqf_spin.value(),
            self.ocn_combo.currentData(),
            round(self.points_spin.value(), 1),
            self.outline.outcomes(),
        )

    def has_changes(self) -> bool:
        return (self.code_edit.text(), self.draft()) != self._initial

    # --- outcomes and criteria (the outline does the work) ------------------------------

    def add_outcome(self) -> None:
        self.outline.add_outcome()

    def add_criterion(self) -> None:
        self.outline.add_criterion()

    def move_current(self, step: int) -> None:
        self.outline.move_current(step)

    def remove_current(self) -> None:
        self.outline.remove_current()

    def _go_to_error(self, entry: QListWidgetItem) -> None:
        """Jump from an error to the outcome or criterion it names."""
        text = entry.text()
        if self.outline.go_to_row_named_in(text):
            return
        if "Titel" in text:
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
