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
MISSING_STYLE = "color: #8a4b00; font-weight: bold; padding: 4px 8px;"


def step_text(stage: JourneyStage, current: JourneyStage, gap: str = "") -> str:
    """✓ only for a step done by the rules in domain/journey_rules (`gap` is what the
    step still lacks, "" when done); an earlier step that is not done says so."""
    if stage is current and current is JourneyStage.CLOSURE and not gap:
        return f"✓ {stage.label} (avslutad)"
    if stage is current:
        return f"● {stage.label} (nu)"
    if stage.position < current.position:
        return f"✓ {stage.label}" if not gap else f"! {stage.label} (inte klar)"
    return f"○ {stage.label}"


def missing_text(current: JourneyStage, gaps: dict[JourneyStage, str]) -> str:
    """What the steps already passed lack (the current step's gap is in its tooltip and
    accessible name: one line less on a 1366×768 screen in the usual case)."""
    lines = [
        f"{stage.label}: {gap}."
        for stage, gap in gaps.items()
        if gap and stage.position < current.position
    ]
    return ("Saknas: " + " ".join(lines)) if lines else ""


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

    def set_stage(self, current: JourneyStage, gaps: dict[JourneyStage, str] | None = None) -> None:
        self.current = current
        gaps = gaps or {}
        for stage, label in self.labels.items():
            gap = gaps.get(stage, "")
            text = step_text(stage, current, gap)
            label.setText(text)
            label.setAccessibleName(f"{text}: saknas {gap}" if gap else text)
            label.setToolTip(f"Saknas: {gap}" if gap else "")
            if stage is current:
                label.setStyleSheet(CURRENT_STYLE)
            elif stage.position < current.position:
                label.setStyleSheet(DONE_STYLE if not gap else MISSING_STYLE)
            else:
                label.setStyleSheet(LATER_STYLE)
        self.setAccessibleName(f"Deltagarens väg: steget {current.label}")

    def texts(self) -> list[str]:
        return [label.text() for label in self.labels.values()]
