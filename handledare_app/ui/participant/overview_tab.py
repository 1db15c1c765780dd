"""Översikt: progress per module, the next follow-up, the latest evidence."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QScrollArea, QVBoxLayout, QWidget

from ...domain.enums import ModuleStatus
from ...domain.errors import UserError
from ...domain.records import EnrollmentProgress, EvidenceInfo, FollowUpInfo, WorkPlanInfo
from ..background import BackgroundTask, start
from ..errors import show_user_error
from ..formatting import format_date
from ..widgets import heading_label, text_label

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...domain.signing import CertificateInfo, SignoffInfo
    from ...services.app import App

log = logging.getLogger(__name__)

LATEST_EVIDENCE = 5
NO_MODULES = "Inga moduler i arbetsplanen ännu. Välj moduler under fliken Arbetsplan."
NO_REVIEW = "Inget datum satt. Sätt datum för nästa genomgång under fliken Arbetsplan."
NO_EVIDENCE = "Inga bevis ännu. Lägg till bevis under fliken Bevis."


def module_line(p: EnrollmentProgress) -> str:
    status = p.status.label
    if p.status is ModuleStatus.READY_FOR_SIGNOFF:
        status = "✓ Klar för signering"
    return f"{p.module.code} {p.module.title}: {status}"


def _fetch(
    app: App, participant_id: str
) -> tuple[
    list[EnrollmentProgress],
    WorkPlanInfo,
    list[FollowUpInfo],
    list[EvidenceInfo],
    list[SignoffInfo],
    list[CertificateInfo],
]:
    """Runs in the worker: services only, no Qt."""
    return (
        app.assessment.participant_progress(participant_id),
        app.journey.work_plan(participant_id),
        app.journey.follow_ups(participant_id),
        app.evidence.list(participant_id),
        app.signing.for_participant(participant_id),  # for the certificates box
        app.certificates.issued(participant_id),
    )


class OverviewTab(QScrollArea):
    changed = Signal()
    loaded = Signal()

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
        from ..signing.status_widget import SignoffStatusWidget

        # Signed modules and their quality-assurance state (issue 4).
        self.signoff_status = SignoffStatusWidget(app, participant_id, self.inner, load=False)
        self.signoff_status.hide()
        from .certificates_box import CertificatesBox

        self.certificates = CertificatesBox(app, user, participant_id, self.inner)
        self.certificates.hide()
        self.loading = False
        self._again = False
        self.loading_label = text_label("Hämtar översikten …", self.inner)
        self.box.addWidget(self.loading_label)

    def _clear(self) -> None:
        while self.box.count():
            item = self.box.takeAt(0)
            if item is None:
                break
            widget = item.widget()
            if widget is self.loading_label:
                widget.hide()
            elif widget is not None and widget not in (
                self.next_follow_up_label,
                self.evidence_label,
                self.signoff_status,
                self.certificates,
            ):
                widget.deleteLater()
        self.bars, self.module_labels = [], []

    def refresh(self) -> None:
        """Read in a worker (module progress is the slowest read on the page), fill in
        when it arrives; `loaded` then fires."""
        if self.loading:
            self._again = True
            return
        self.loading = True
        app, pid = self.app, self.participant_id
        start(BackgroundTask(lambda: _fetch(app, pid), self._fetched, self._failed))

    def _failed(self, exc: object) -> None:
        self.loading = False
        if isinstance(exc, UserError) and self.isVisible():
            show_user_error(self, exc)
        else:
            log.warning("overview failed to load: %s", type(exc).__name__)
        self.loaded.emit()

    def _fetched(self, data: object) -> None:
        self.loading = False
        assert isinstance(data, tuple)
        self._fill(*data)
        self.loaded.emit()
        if self._again:
            self._again = False
            self.refresh()

    def _fill(
        self,
        progress: list[EnrollmentProgress],
        plan: WorkPlanInfo,
        follow_ups: list[FollowUpInfo],
        evidence: list[EvidenceInfo],
        signed: list[SignoffInfo],
        certificates: list[CertificateInfo],
    ) -> None:
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
        if plan.review_date is not None:
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
        self.signoff_status.refresh()
        self.signoff_status.show()
        self.box.addWidget(self.signoff_status)
        self.certificates.show_state(signed, certificates)
        self.certificates.show()
        self.box.addWidget(self.certificates)
        self.box.addStretch(1)
