"""The journey as a row of steps: done steps ticked, the current one coloured and marked
in words, later ones plain (colour is never the only signal)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ...domain.enums import JourneyStage

CURRENT_STYLE = (
    "background: #1f5f8b; color: white; font-weight: bold; border-radius: 4px; padding: 4px 8px;"
)
DONE_STYLE = "color: #1b6e3a; padding: 4px 8px;"
LATER_STYLE = "color: #5f6368; padding: 4px 8px;"


def step_text(stage: JourneyStage, current: JourneyStage) -> str:
    if stage is current and current is JourneyStage.CLOSURE:
        return f"✓ {stage.label} (avslutad)"
    if stage is current:
        return f"● {stage.label} (nu)"
    if stage.position < current.position:
        return f"✓ {stage.label}"
    return f"○ {stage.label}"


class JourneyStepper(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels: dict[JourneyStage, QLabel] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for i, stage in enumerate(JourneyStage):
            if i:
                arrow = QLabel("→", self)
                arrow.setAccessibleName("följs av")
                row.addWidget(arrow)
            label = QLabel(stage.label, self)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.labels[stage] = label
            row.addWidget(label)
        row.addStretch(1)
        self.set_stage(JourneyStage.INTRODUCTION)

    def set_stage(self, current: JourneyStage) -> None:
        self.current = current
        for stage, label in self.labels.items():
            label.setText(step_text(stage, current))
            label.setAccessibleName(step_text(stage, current))
            if stage is current:
                label.setStyleSheet(CURRENT_STYLE)
            elif stage.position < current.position:
                label.setStyleSheet(DONE_STYLE)
            else:
                label.setStyleSheet(LATER_STYLE)
        self.setAccessibleName(f"Deltagarens väg: steget {current.label}")

    def texts(self) -> list[str]:
        return [label.text() for label in self.labels.values()]
