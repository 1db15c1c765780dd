"""Small widgets for the follow-up fields (gender, start status, exit codes, type change)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QWidget

from ..domain.enums import LabelledEnum


def enum_combo(
    parent: QWidget,
    accessible_name: str,
    members: Sequence[LabelledEnum],
    current: str | None,
    none_text: str | None = None,
) -> QComboBox:
    """A combo of enum labels with the codes as item data; `none_text` adds a first
    item whose data is None (an optional field)."""
    combo = QComboBox(parent)
    combo.setAccessibleName(accessible_name)
    if none_text is not None:
        combo.addItem(none_text, None)
    for m in members:
        combo.addItem(m.label, m.value)
    combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)
    return combo
