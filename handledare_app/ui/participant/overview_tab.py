"""Översikt: progress per module, the next follow-up, the latest evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QScrollArea, QVBoxLayout, QWidget

from ...domain.enums import ModuleStatus
from ...domain.records import EnrollmentProgress, EvidenceInfo, FollowUpInfo, WorkPlanInfo
from ..errors import user_errors
from ..formatting import format_date
from ..widgets import heading_label, text_label

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App

LATEST_EVIDENCE = 5
NO_MODULES = "Inga moduler i arbetsplanen ännu. Välj moduler under fliken Arbetsplan."
NO_REVIEW = "Inget datum satt. Sätt datum för nästa genomgång under fliken Arbetsplan."
NO_EVIDENCE = "Inga bevis ännu. Lägg till bevis under fliken Bevis."


def module_line(p: EnrollmentProgress) -> str:
    status = p.status.label
    if p.status is ModuleStatus.READY_FOR_SIGNOFF:
        status = "✓ Klar för signering"
    return f"{p.module.code} {p.module.title}: {status}"


class OverviewTab(QScrollArea):
    changed = Signal()

    def __init__(
        self, app: App, user: SupervisorInfo, participant_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.app, self.user, self.participant_id = app, user, participant_id
        self.setWidgetResizable(True)
        self.setAccessibleName("Översikt")
        self.inner = QWidget(self)
        self.setWidget(self.inner)
        self.box = QVBoxLayout(self.inner)
        self.bars: list[QProgressBar] = []
        self.module_labels: list[QLabel] = []
        self.next_follow_up_label = text_label(parent=self.inner)
        self.evidence_label = text_label(parent=self.inner)

    def _clear(self) -> None:
        while self.box.count():
            item = self.box.takeAt(0)
            widget = item.widget()
            if widget is not None and widget not in (
                self.next_follow_up_label,
                self.evidence_label,
            ):
                widget.deleteLater()
        self.bars, self.module_labels = [], []

    def refresh(self) -> None:
        progress: list[EnrollmentProgress] = []
        plan: WorkPlanInfo | None = None
        follow_ups: list[FollowUpInfo] = []
        evidence: list[EvidenceInfo] = []
        with user_errors(self):
            progress = self.app.assessment.participant_progress(self.participant_id)
            plan = self.app.journey.work_plan(self.participant_id)
            follow_ups = self.app.journey.follow_ups(self.participant_id)
            evidence = self.app.evidence.list(self.participant_id)
        self._clear()
        self.box.addWidget(heading_label("Moduler", 2, self.inner))
        if not progress:
            self.module_labels.append(text_label(NO_MODULES, self.inner))
            self.box.addWidget(self.module_labels[-1])
        for p in progress:
            label = text_label(module_line(p), self.inner)
            bar = QProgressBar(self.inner)
            bar.setRange(0, max(p.criteria_total, 1))
            bar.setValue(p.criteria_achieved)
            bar.setFormat(f"{p.criteria_achieved} av {p.criteria_total} kriterier uppnådda")
            bar.setAccessibleName(f"{p.module.code}: {bar.format()}")
            self.module_labels.append(label)
            self.bars.append(bar)
            self.box.addWidget(label)
            self.box.addWidget(bar)

        self.box.addWidget(heading_label("Nästa uppföljning", 2, self.inner))
        lines = []
        if plan is not None and plan.review_date is not None:
            lines.append(f"Nästa genomgång av arbetsplanen: {format_date(plan.review_date)}")
        else:
            lines.append(NO_REVIEW)
        if follow_ups:
            lines.append(f"Senaste uppföljningen: {format_date(follow_ups[-1].date)}")
        self.next_follow_up_label.setText("\n".join(lines))
        self.box.addWidget(self.next_follow_up_label)

        self.box.addWidget(heading_label("Senaste bevis", 2, self.inner))
        latest = sorted(evidence, key=lambda e: e.date, reverse=True)[:LATEST_EVIDENCE]
        self.evidence_label.setText(
            "\n".join(f"{format_date(e.date)}  {e.type.label}: {e.title}" for e in latest)
            or NO_EVIDENCE
        )
        self.box.addWidget(self.evidence_label)
        self.box.addStretch(1)
