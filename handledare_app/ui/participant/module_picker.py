"""Choosing a module from the catalogue, business area first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.catalogue import format_points
from ...domain.records import BusinessAreaInfo, ModuleInfo
from ..errors import user_errors
from ..widgets import ErrorLabel, heading_label, text_label

if TYPE_CHECKING:
    from ...services.app import App


def module_item_text(m: ModuleInfo) -> str:
    return f"{m.code} {m.title} (nivå {m.seqf_level}, {format_points(m.points)} poäng)"


class ModulePickerDialog(QDialog):
    """After Accepted, `chosen_code` is the module code to add."""

    def __init__(self, app: App, already: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.already = already
        self.chosen_code: str | None = None
        self.setWindowTitle("Lägg till modul")
        self.areas: list[BusinessAreaInfo] = []
        with user_errors(self):
            self.areas = app.catalogue.business_areas()
        self.area_combo = QComboBox(self)
        self.area_combo.setAccessibleName("Verksamhetsområde")
        for a in self.areas:
            self.area_combo.addItem(a.name, a.code)
        self.module_list = QListWidget(self)
        self.module_list.setAccessibleName("Moduler")
        self.description = text_label(parent=self)
        self.description.setAccessibleName("Modulens beskrivning")
        self.error_label = ErrorLabel(self)

        form = QFormLayout()
        form.addRow("&Verksamhetsområde:", self.area_combo)
        self.buttons = QDialogButtonBox(self)
        self.add_button = QPushButton("&Lägg till", self)
        self.add_button.setAccessibleName("Lägg till modulen")
        self.add_button.setDefault(True)
        self.cancel_button = QPushButton("Avbryt", self)
        self.cancel_button.setAccessibleName("Avbryt")
        self.buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.choose)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading_label("Lägg till modul i arbetsplanen", 2, self))
        layout.addLayout(form)
        layout.addWidget(self.module_list, 1)
        layout.addWidget(self.description)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.area_combo.currentIndexChanged.connect(self.show_area)
        self.module_list.currentRowChanged.connect(self._describe)
        self.module_list.itemActivated.connect(lambda _i: self.choose())
        self.modules: list[ModuleInfo] = []
        self.show_area()
        line = self.fontMetrics().height()
        self.resize(self.fontMetrics().averageCharWidth() * 80, line * 26)

    def show_area(self) -> None:
        code = self.area_combo.currentData()
        self.modules = []
        if code is not None:
            with user_errors(self):
                self.modules = self.app.catalogue.modules(str(code))
        self.module_list.clear()
        for m in self.modules:
            item = QListWidgetItem(module_item_text(m), self.module_list)
            item.setData(Qt.ItemDataRole.UserRole, m.code)
            if m.code in self.already:
                item.setText(f"{module_item_text(m)}: finns redan i arbetsplanen")
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
        self._describe(self.module_list.currentRow())

    def select_code(self, code: str) -> None:
        for row in range(self.module_list.count()):
            if self.module_list.item(row).data(Qt.ItemDataRole.UserRole) == code:
                self.module_list.setCurrentRow(row)
                return
        raise KeyError(code)

    def _describe(self, row: int) -> None:
        self.description.setText(
            self.modules[row].description if 0 <= row < len(self.modules) else ""
        )

    def choose(self) -> None:
        item = self.module_list.currentItem()
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.error_label.show_error("Välj en modul i listan.")
            return
        self.chosen_code = str(item.data(Qt.ItemDataRole.UserRole))
        self.accept()
