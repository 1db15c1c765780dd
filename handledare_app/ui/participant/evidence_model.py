"""The participant's evidence as table rows (read-only)."""

from __future__ import annotations

from ...domain.enums import AttachmentKind, EvidenceQuality
from ...domain.records import EvidenceInfo
from ...domain.swedish import count_text
from ..formatting import format_date
from ..table_models import RecordTableModel

QUALITY_COUNT = len(EvidenceQuality)


def attachments_text(ev: EvidenceInfo) -> str:
    photos = sum(1 for a in ev.attachments if a.kind is AttachmentKind.PHOTO)
    files = len(ev.attachments) - photos
    parts = []
    if photos:
        parts.append(count_text(photos, "foto", "foton"))
    if files:
        parts.append(count_text(files, "fil", "filer"))
    return ", ".join(parts) or "–"


def quality_text(ev: EvidenceInfo) -> str:
    return f"{len(ev.quality)} av {QUALITY_COUNT}"


class EvidenceTableModel(RecordTableModel[EvidenceInfo]):
    columns = (
        ("Datum", lambda e: format_date(e.date)),
        ("Typ", lambda e: e.type.label),
        ("Rubrik", lambda e: e.title),
        ("Kriterier", lambda e: str(len(e.criterion_ids))),
        ("Bilagor", attachments_text),
        ("Kvalitet", quality_text),
    )

    def row_of(self, evidence_id: str) -> int:
        for row in range(self.rowCount()):
            if self.row_record(row).id == evidence_id:
                return row
        return -1
