"""The Deltagarvy: what a participant is shown about their own progress, and nothing more."""

from __future__ import annotations

from ..domain.enums import AssessmentStatus, AttachmentKind
from ..domain.records import (
    EvidenceInfo,
    OwnEvidenceItem,
    OwnModuleProgress,
    ParticipantOwnView,
)
from .base import Service

LATEST_EVIDENCE = 4
SHOWN_RECENTLY = 3
# Photos the view can draw as thumbnails; HEIC and the like are left out, not broken.
THUMBNAIL_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp", "image/bmp"})


def _photo(evidence: EvidenceInfo, consent: bool) -> str | None:
    if not consent:
        return None
    for a in evidence.attachments:
        if a.kind is AttachmentKind.PHOTO and a.media_type in THUMBNAIL_TYPES:
            return a.sha256
    return None


class ParticipantViewService(Service):
    def own_view(self, participant_id: str) -> ParticipantOwnView:
        detail = self.app.participants.get(participant_id)
        progress = self.app.assessment.participant_progress(participant_id)
        modules = tuple(
            OwnModuleProgress(p.module.title, p.criteria_achieved, p.criteria_total, p.status)
            for p in progress
        )
        texts = {c.id: c.text for p in progress for c in p.module.criteria}
        achieved = sorted(
            (
                a
                for p in progress
                for a in p.assessments.values()
                if a.status is AssessmentStatus.ACHIEVED and a.criterion_id in texts
            ),
            key=lambda a: (a.assessed_on is not None, a.assessed_on),
            reverse=True,
        )
        shown = tuple(texts[a.criterion_id] for a in achieved[:SHOWN_RECENTLY])
        evidence = tuple(
            OwnEvidenceItem(e.title, e.date, _photo(e, detail.photo_consent))
            for e in self.app.evidence.list(participant_id)[:LATEST_EVIDENCE]
        )
        placement = detail.current_placement
        ended = placement is not None and placement.end_date is not None
        return ParticipantOwnView(detail.first_name, detail.stage, ended, modules, shown, evidence)
