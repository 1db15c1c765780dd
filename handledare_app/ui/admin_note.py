"""A line for whoever is not an administrator, where most controls are greyed out for
them (Inställningar): found walking the GUI, a page of grey buttons said why only in
tooltips, which nobody hovers over."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ..domain.records import SupervisorInfo
from .widgets import text_label

NOT_ADMIN_TEXT = (
    "Du är inte administratör. Det som är grått på den här sidan (nätverksfil, gallring, "
    "datorer och handledare) kan bara en administratör ändra."
)


def admin_note(parent: QWidget) -> QLabel:
    label = text_label(NOT_ADMIN_TEXT, parent)
    label.setStyleSheet("font-weight: bold;")
    label.setAccessibleName("Bara för administratörer")
    return label


def show_admin_note(label: QLabel, user: SupervisorInfo) -> None:
    label.setVisible(not user.is_admin)
