"""Konflikter: review the values that lost a field-level merge, and bring one back.

The exchange merge writes each losing value to the conflict log
(`storage.conflicts.record_conflict`). Here a person sees them in Swedish words, marks
them as reviewed, or reverts: the losing value becomes the current one again as a new
local edit, so it is audited and wins when it syncs onward.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..domain.clock import Hlc
from ..domain.enums import (
    Role,
)
from ..domain.errors import NotFoundError, UserError
from ..storage import conflicts as store
from ..storage.database import Tx
from ..storage.models import (
    AssessmentRow,
    AttachmentRow,
    ConflictRow,
    EnrollmentRow,
    EvidenceCriterionRow,
    EvidenceRow,
    FollowUpRow,
    InstallationRow,
    IntroductionItemRow,
    ParticipantRow,
    PlacementRow,
    SignoffRow,
    SupervisorRow,
    WorkplaceRow,
    WorkPlanRow,
)
from .base import Service
from .code_labels import ENTITY_LABELS, FIELD_LABELS, OTHER_FIELD, code_label
from .signoff_locks import IMMUTABLE_ENTITIES

_PERSON_FIELDS = frozenset(
    {"responsible_id", "recorded_by", "assessed_by", "revoked_by", "reopened_by", "erased_by"}
)
_SIGNED_ENTITIES = IMMUTABLE_ENTITIES


@dataclass(frozen=True)
class ConflictInfo:
    """One conflict, ready to show."""

    id: str
    at: dt.datetime
    entity: str
    entity_label: str
    record_id: str
    subject: str  # whose record, in words: "Märta Ekström – bevis ”Sorterade kläder”"
    field: str
    field_label: str
    kept_text: str
    lost_text: str
    current_text: str
    computer: str  # where the losing value was written, or "okänd dator"
    resolved: bool
    revertible: bool
    blocked_reason: str  # why it cannot be reverted ("" when it can)

    @property
    def description(self) -> str:
        return (
            f"{self.subject}: {self.field_label} blev ”{self.kept_text}”; "
            f"”{self.lost_text}” från {self.computer} förlorade."
        )


def _parse_at(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return dt.datetime.fromtimestamp(0, dt.UTC)


def _person_name(tx: Tx, row: ParticipantRow | None) -> str:
    if row is None:
        return "okänd deltagare"
    return f"{row.first_name} {row.last_name}".strip()


class ConflictService(Service):
    def list(self, *, include_resolved: bool = False) -> list[ConflictInfo]:
        """Newest first. Anyone logged in may look; changing needs a supervisor."""
        with self.db.reader() as tx:
            rows = store.list_conflicts(tx, include_resolved=include_resolved)
            return [self._info(tx, r) for r in rows]

    def count_unresolved(self) -> int:
        with self.db.reader() as tx:
            return store.count_unresolved(tx)

    def get(self, conflict_id: str) -> ConflictInfo:
        with self.db.reader() as tx:
            return self._info(tx, self._row(tx, conflict_id))

    def mark_reviewed(self, actor_id: str | None, conflict_id: str) -> ConflictInfo:
        self.app.supervisors.require_staff(actor_id)
        with self.db.transaction(actor_id) as tx:
            row = self._row(tx, conflict_id)
            row.resolved = True
            tx.flush()
            return self._info(tx, row)

    def revert(self, actor_id: str | None, conflict_id: str) -> ConflictInfo:
        """Make the losing value current again, as a new local edit (audited, synced)."""
        self.app.supervisors.require_staff(actor_id)
        with self.db.transaction(actor_id) as tx:
            row = self._row(tx, conflict_id)
            blocked = self._blocked_reason(tx, row)
            if blocked:
                raise UserError(blocked)
            record = store.record_of(tx, row.entity, row.record_id)
            assert record is not None  # _blocked_reason covers a missing record
            store.set_field(record, row.field, row.lost_value)
            row.resolved = True
            tx.flush()
            return self._info(tx, row)

    # --- helpers -------------------------------------------------------------------

    def _row(self, tx: Tx, conflict_id: str) -> ConflictRow:
        row = tx.get(ConflictRow, conflict_id)
        if row is None:
            raise NotFoundError("Konflikten finns inte längre. Uppdatera listan.")
        return row

    def _blocked_reason(self, tx: Tx, row: ConflictRow) -> str:
        if row.entity in _SIGNED_ENTITIES:
            return (
                "Det här är en signerad post och den kan inte ändras. En rättelse görs som en "
                "ny signering som ersätter den gamla."
            )
        if not store.has_field(row.entity, row.field):
            return "Fältet finns inte i den här versionen av appen och kan inte återställas."
        record = store.record_of(tx, row.entity, row.record_id)
        if record is None:
            return "Posten finns inte längre (den har tagits bort), så värdet kan inte återställas."
        if self._locked_by_signoff(tx, row.entity, record):
            return (
                "Posten hör till en signerad modul och är låst. En rättelse görs som en ny "
                "signering som ersätter den gamla."
            )
        return ""

    def _locked_by_signoff(self, tx: Tx, entity: str, record: Any) -> bool:
        enrollment_ids: list[str] = []
        evidence_id: str | None = None
        if isinstance(record, AssessmentRow):
            enrollment_ids = [record.enrollment_id]
        elif isinstance(record, EnrollmentRow):
            enrollment_ids = [record.id]
        elif isinstance(record, EvidenceRow):
            evidence_id = record.id
        elif isinstance(record, AttachmentRow | EvidenceCriterionRow):
            evidence_id = record.evidence_id
        if evidence_id is not None:
            evidence = tx.get(EvidenceRow, evidence_id)
            if evidence is None:
                return False
            enrollment_ids = [
                e.id for e in tx.find(EnrollmentRow, participant_id=evidence.participant_id)
            ]
        for signoff in tx.find_in(SignoffRow, "enrollment_id", enrollment_ids):
            if signoff.status != "signed":
                continue
            # A signed snapshot names the evidence it relied on by id.
            if evidence_id is None or evidence_id in signoff.snapshot:
                return True
        return False

    def _value_text(self, tx: Tx, entity: str, field: str, value: Any) -> str:
        if value is None or value == "":
            return "(tomt)"
        if isinstance(value, bool):
            return "Ja" if value else "Nej"
        if field in _PERSON_FIELDS and isinstance(value, str):
            sup = tx.get(SupervisorRow, value)
            return sup.name if sup else "okänd handledare"
        coded = code_label(entity, field, value)
        if coded is not None:
            return coded
        if field == "roles" and isinstance(value, list):
            labels = []
            for v in value:
                try:
                    labels.append(Role(v).label)
                except ValueError:
                    labels.append(str(v))
            return ", ".join(labels)
        if field == "personnummer":
            return "(dolt)"
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return str(value)

    def _subject(self, tx: Tx, entity: str, record: Any) -> str:
        label = ENTITY_LABELS.get(entity, entity).lower()
        if record is None:
            return f"{ENTITY_LABELS.get(entity, entity)} (borttagen)"
        if isinstance(record, ParticipantRow):
            return _person_name(tx, record)
        if isinstance(record, SupervisorRow):
            return f"Handledaren {record.name}"
        if isinstance(record, WorkplaceRow):
            return f"Arbetsplatsen {record.name}"
        if isinstance(record, InstallationRow):
            return f"Datorn {record.name}"
        participant_id = getattr(record, "participant_id", None)
        if isinstance(record, AttachmentRow | EvidenceCriterionRow):
            evidence = tx.get(EvidenceRow, record.evidence_id)
            participant_id = evidence.participant_id if evidence else None
        if participant_id is None:
            return ENTITY_LABELS.get(entity, entity)
        who = _person_name(tx, tx.get(ParticipantRow, participant_id))
        if isinstance(record, EvidenceRow):
            return f"{who} – bevis ”{record.title}”"
        if isinstance(record, FollowUpRow):
            return f"{who} – uppföljning {record.date:%Y-%m-%d}"
        if isinstance(record, PlacementRow):
            return f"{who} – insats från {record.start_date:%Y-%m-%d}"
        if isinstance(record, IntroductionItemRow):
            return f"{who} – introduktion ”{record.label}”"
        if isinstance(record, WorkPlanRow):
            return f"{who} – arbetsplan"
        return f"{who} – {label}"

    def _computer(self, tx: Tx, hlc: str) -> str:
        try:
            node = Hlc.decode(hlc).node
        except ValueError:
            return "okänd dator"
        if node == self.db.installation_id:
            return "den här datorn"
        inst = tx.get(InstallationRow, node)
        return f"datorn {inst.name}" if inst else "okänd dator"

    def _info(self, tx: Tx, row: ConflictRow) -> ConflictInfo:
        record = store.record_of(tx, row.entity, row.record_id)
        current = (
            store.field_value(record, row.field)
            if record is not None and store.has_field(row.entity, row.field)
            else None
        )
        blocked = "" if row.resolved else self._blocked_reason(tx, row)
        return ConflictInfo(
            id=row.id,
            at=_parse_at(row.at),
            entity=row.entity,
            entity_label=ENTITY_LABELS.get(row.entity, row.entity),
            record_id=row.record_id,
            subject=self._subject(tx, row.entity, record),
            field=row.field,
            field_label=FIELD_LABELS.get(row.field, OTHER_FIELD),
            kept_text=self._value_text(tx, row.entity, row.field, row.kept_value),
            lost_text=self._value_text(tx, row.entity, row.field, row.lost_value),
            current_text=(
                self._value_text(tx, row.entity, row.field, current)
                if record is not None
                else "(posten finns inte)"
            ),
            computer=self._computer(tx, row.lost_hlc),
            resolved=row.resolved,
            revertible=not row.resolved and not blocked,
            blocked_reason=blocked,
        )
