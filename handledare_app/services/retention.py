"""Retention (gallring, issue 15): personal data are kept N years after a participant's
last placement ended (workplace setting, 0–10, default 2); photos and evidence files M
years (M ≤ N). One admin action erases what is due, with a backup first: participants as
in an erasure (kind "gallring"), files past their time, the audit content of rows
deleted before the limit, orphaned blob files and backups older than the limit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..domain.enums import Role
from ..domain.errors import ValidationError
from ..storage import backup as backups
from ..storage.audit_erasure import RETENTION_MARKER, deleted_entries_before, erase_entries
from ..storage.database import Tx
from ..storage.models import (
    AttachmentRow,
    ErasureRow,
    EvidenceRow,
    ParticipantRow,
    PlacementRow,
    WorkplaceRow,
)
from .base import Service
from .erasure import apply_erasure, blobs_in_use, erased_ids
from .signoff_locks import is_standing

MAX_YEARS = 10


@dataclass(frozen=True)
class RetentionPolicy:
    years: int
    file_years: int


@dataclass(frozen=True)
class RetentionDue:
    limit: dt.date  # personal data of placements ended before this date are due
    file_limit: dt.date
    participants: tuple[str, ...]
    files: tuple[str, ...]  # attachment ids
    audit_entries: int
    backups: tuple[str, ...]  # file names

    @property
    def summary(self) -> str:
        n = len(self.participants)
        who = "deltagare"
        files = len(self.files)
        return (
            f"{n} {who} avslutade före {self.limit.isoformat()}, "
            f"{files} {'fil' if files == 1 else 'filer'} och foton sparade längre än "
            f"till {self.file_limit.isoformat()}, "
            f"{self.audit_entries} borttagna poster i granskningsloggen och "
            f"{len(self.backups)} gamla säkerhetskopior."
        )

    @property
    def nothing(self) -> bool:
        return not (self.participants or self.files or self.audit_entries or self.backups)


@dataclass
class RetentionOutcome:
    due: RetentionDue
    erased: int = 0
    files_removed: int = 0
    blobs_removed: int = 0
    backups_removed: int = 0
    erasure_ids: list[str] = field(default_factory=list)


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _ended_before(tx: Tx, limit: dt.date, erased: set[str]) -> dict[str, dt.date]:
    """Participants (not erased) whose every placement has ended, the last before limit."""
    last: dict[str, dt.date | None] = {}
    for pl in tx.find(PlacementRow):
        if pl.participant_id in erased:
            continue
        prev = last.get(pl.participant_id, dt.date.min)
        if pl.end_date is None or prev is None:
            last[pl.participant_id] = None
        else:
            last[pl.participant_id] = max(prev, pl.end_date)
    return {pid: end for pid, end in last.items() if end is not None and end < limit}


class RetentionService(Service):
    def policy(self) -> RetentionPolicy:
        with self.db.reader() as tx:
            wp = self.app.setup.workplace_row(tx)
            return RetentionPolicy(wp.retention_years, wp.file_retention_years)

    def set_policy(self, actor_id: str | None, years: int, file_years: int) -> RetentionPolicy:
        self.app.supervisors.require_role(actor_id, Role.ADMIN)
        if not 0 <= years <= MAX_YEARS:
            raise ValidationError(
                f"Personuppgifter kan sparas mellan 0 och {MAX_YEARS} år efter avslutet."
            )
        if not 0 <= file_years <= years:
            raise ValidationError(
                "Foton och filer kan sparas mellan 0 år och lika länge som personuppgifterna."
            )
        with self.db.transaction(actor_id) as tx:
            wp = self.app.setup.workplace_row(tx)
            assert isinstance(wp, WorkplaceRow)
            if wp.retention_years != years:
                wp.retention_years = years
            if wp.file_retention_years != file_years:
                wp.file_retention_years = file_years
        return RetentionPolicy(years, file_years)

    def due(self, today: dt.date | None = None) -> RetentionDue:
        today = today or dt.date.today()
        policy = self.policy()
        limit = years_before(today, policy.years)
        file_limit = years_before(today, policy.file_years)
        with self.db.reader() as tx:
            erased = erased_ids(tx)
            people = _ended_before(tx, limit, erased)
            with_files = _ended_before(tx, file_limit, erased)
            files = []
            for pid in sorted(set(with_files) - set(people)):
                for ev in tx.find(EvidenceRow, participant_id=pid):
                    for a in tx.find(AttachmentRow, evidence_id=ev.id):
                        if not is_standing(tx, a.locked_by):
                            files.append(a.id)
            cutoff = f"{limit.isoformat()}T00:00:00"
            entries = len(deleted_entries_before(tx, cutoff))
        cutoff_time = dt.datetime.combine(limit, dt.time(), tzinfo=dt.UTC)
        old = [
            b.path.name
            for b in backups.list_backups(self.app.paths.backups)
            if b.taken_at < cutoff_time
        ]
        return RetentionDue(
            limit, file_limit, tuple(sorted(people)), tuple(files), entries, tuple(old)
        )

    def run(self, actor_id: str | None, today: dt.date | None = None) -> RetentionOutcome:
        """Erase everything due (admin only), after a backup."""
        self.app.supervisors.require_role(actor_id, Role.ADMIN)
        due = self.due(today)
        outcome = RetentionOutcome(due)
        if due.nothing:
            return outcome
        self.app.backup_now("fore-gallring")
        blobs: set[str] = set()
        marker_day = (today or dt.date.today()).isoformat()
        with self.db.transaction(actor_id) as tx:
            for pid in due.participants:
                if tx.get(ParticipantRow, pid) is None:
                    continue
                row = tx.add(
                    ErasureRow(
                        participant_id=pid,
                        kind="gallring",
                        reason=f"Gallring: avslutad före {due.limit.isoformat()}",
                        erased_by=actor_id,
                        erased_on=today or dt.date.today(),
                    )
                )
                tx.flush()
                found, _n, _removed = apply_erasure(tx, row)
                blobs |= found
                outcome.erasure_ids.append(row.id)
                outcome.erased += 1
            tx.session.info["ctx"].delete_reason = "erasure"
            for a in tx.find_in(AttachmentRow, "id", list(due.files)):
                blobs.add(a.sha256)
                tx.delete(a)
                outcome.files_removed += 1
            tx.flush()
            seqs = deleted_entries_before(tx, f"{due.limit.isoformat()}T00:00:00")
            erase_entries(tx, seqs, RETENTION_MARKER + marker_day)
            used = blobs_in_use(tx)
        removed = self.app.erasure.remove_blobs(blobs - used)
        outcome.blobs_removed = removed + self.app.erasure.sweep_orphan_blobs()
        self.app.erasure.compact()
        for name in due.backups:
            path = self.app.paths.backups / name
            if path.is_file():
                path.unlink()
                outcome.backups_removed += 1
        return outcome
