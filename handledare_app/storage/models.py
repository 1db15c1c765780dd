"""SQLAlchemy 2 models. Table names are the glossary's entity names.

Every synced table carries the columns of DESIGN §4 (id, created_at,
updated_at, hlc, vv, field_clock, origin); they are stamped automatically in
`sync.py` on every flush, so no service can forget them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class SyncMixin:
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))
    hlc: Mapped[str] = mapped_column(String(80), index=True)
    vv: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    field_clock: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    origin: Mapped[str] = mapped_column(String(36))


SYNC_COLUMNS = frozenset({"id", "created_at", "updated_at", "hlc", "vv", "field_clock", "origin"})


# --- organisation -----------------------------------------------------------


class WorkplaceRow(SyncMixin, Base):
    __tablename__ = "workplace"
    name: Mapped[str] = mapped_column(String(200))
    personnummer_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    qa_sample_rate: Mapped[float] = mapped_column(Float, default=0.33)
    qa_required: Mapped[bool] = mapped_column(Boolean, default=True)
    idle_lock_minutes: Mapped[int] = mapped_column(Integer, default=10)
    # Kommunkod (four digits, domain/municipalities.py) for county breakdowns (0003).
    municipality: Mapped[str | None] = mapped_column(String(4), nullable=True)
    # Retention (issue 15): personal data kept this many years after the last placement
    # ends; photos and evidence files this many (never longer than the personal data).
    retention_years: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    file_retention_years: Mapped[int] = mapped_column(Integer, default=2, server_default="2")


class InstallationRow(SyncMixin, Base):
    __tablename__ = "installation"
    workplace_id: Mapped[str] = mapped_column(ForeignKey("workplace.id"))
    name: Mapped[str] = mapped_column(String(200))
    signing_public_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    age_recipient: Mapped[str | None] = mapped_column(String(200), nullable=True)


class SupervisorRow(SyncMixin, Base):
    __tablename__ = "supervisor"
    workplace_id: Mapped[str] = mapped_column(ForeignKey("workplace.id"))
    name: Mapped[str] = mapped_column(String(200))
    roles: Mapped[list[Any]] = mapped_column(JSON, default=list)
    pin_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


# --- participants and the journey ---------------------------------------------


class ParticipantRow(SyncMixin, Base):
    __tablename__ = "participant"
    workplace_id: Mapped[str] = mapped_column(ForeignKey("workplace.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(120))
    last_name: Mapped[str] = mapped_column(String(120), default="")
    personnummer: Mapped[str | None] = mapped_column(String(13), nullable=True)
    birth_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    responsible_id: Mapped[str | None] = mapped_column(
        ForeignKey("supervisor.id"), nullable=True, index=True
    )
    stage: Mapped[str] = mapped_column(String(20), default="introduction")
    photo_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    photo_consent_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # domain.enums.Gender (0003); counted in the half-year figures.
    gender: Mapped[str] = mapped_column(
        String(20), default="not_stated", server_default="not_stated"
    )
    # Issue 13 (migration 0005): the introduction marked done by the supervisor, with why.
    introduction_done_reason: Mapped[str | None] = mapped_column(Text, nullable=True, default="")
    introduction_done_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class PlacementRow(SyncMixin, Base):
    __tablename__ = "placement"
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), index=True)
    type: Mapped[str] = mapped_column(String(30))
    referrer: Mapped[str] = mapped_column(String(30))
    start_date: Mapped[dt.date] = mapped_column(Date)
    planned_end_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    end_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # domain.enums.PlacementOutcome: the exit code (FOLLOWUP.md §2).
    outcome: Mapped[str | None] = mapped_column(String(30), nullable=True)
    # domain.enums.StartStatus, optional (0003).
    start_status: Mapped[str | None] = mapped_column(String(30), nullable=True)
    # Lönebidrag/anställningsstöd for an anställning (0003).
    wage_subsidy: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class IntroductionItemRow(SyncMixin, Base):
    __tablename__ = "introduction_item"
    __table_args__ = (UniqueConstraint("participant_id", "key"),)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class WorkPlanRow(SyncMixin, Base):
    __tablename__ = "work_plan"
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), unique=True)
    goals: Mapped[str] = mapped_column(Text, default="")
    planned_activities: Mapped[str] = mapped_column(Text, default="")
    review_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class FollowUpRow(SyncMixin, Base):
    __tablename__ = "follow_up"
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    attendees: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")


# --- catalogue -------------------------------------------------------------------


class CatalogueRow(SyncMixin, Base):
    __tablename__ = "catalogue"
    __table_args__ = (UniqueConstraint("catalogue_key", "version"),)
    catalogue_key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[str] = mapped_column(String(32))
    published: Mapped[str | None] = mapped_column(String(10), nullable=True)
    publisher: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    hours_per_point: Mapped[int] = mapped_column(Integer, default=10)


class BusinessAreaRow(SyncMixin, Base):
    __tablename__ = "business_area"
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")


class ModuleRow(SyncMixin, Base):
    __tablename__ = "module"
    __table_args__ = (UniqueConstraint("code", "version"),)
    catalogue_id: Mapped[str] = mapped_column(ForeignKey("catalogue.id"), index=True)
    business_area_id: Mapped[str] = mapped_column(ForeignKey("business_area.id"), index=True)
    code: Mapped[str] = mapped_column(String(32), index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    seqf_level: Mapped[int] = mapped_column(Integer)
    ocn_level: Mapped[int | None] = mapped_column(Integer, nullable=True)
    points: Mapped[float] = mapped_column(Float)
    content_hash: Mapped[str] = mapped_column(String(64))


class OutcomeRow(SyncMixin, Base):
    __tablename__ = "outcome"
    module_id: Mapped[str] = mapped_column(ForeignKey("module.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class CriterionRow(SyncMixin, Base):
    __tablename__ = "criterion"
    outcome_id: Mapped[str] = mapped_column(ForeignKey("outcome.id"), index=True)
    module_id: Mapped[str] = mapped_column(ForeignKey("module.id"), index=True)
    number: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


# --- validation ----------------------------------------------------------------------


class EnrollmentRow(SyncMixin, Base):
    __tablename__ = "enrollment"
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), index=True)
    module_id: Mapped[str] = mapped_column(ForeignKey("module.id"), index=True)
    module_code: Mapped[str] = mapped_column(String(32))
    enrolled_on: Mapped[dt.date] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set to the signoff that froze this row (issue 4); SQLite triggers refuse changes
    # while that signoff stands (see migration 0002).
    locked_by: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)


class EvidenceRow(SyncMixin, Base):
    __tablename__ = "evidence"
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), index=True)
    type: Mapped[str] = mapped_column(String(30))
    date: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    witness_name: Mapped[str] = mapped_column(String(200), default="")
    witness_role: Mapped[str] = mapped_column(String(200), default="")
    quality: Mapped[list[Any]] = mapped_column(JSON, default=list)
    recorded_by: Mapped[str | None] = mapped_column(ForeignKey("supervisor.id"), nullable=True)
    # Set to the signoff that froze this row (issue 4); SQLite triggers refuse changes
    # while that signoff stands (see migration 0002).
    locked_by: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)


class AttachmentRow(SyncMixin, Base):
    __tablename__ = "attachment"
    evidence_id: Mapped[str] = mapped_column(ForeignKey("evidence.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    # Set to the signoff that froze this row (issue 4); SQLite triggers refuse changes
    # while that signoff stands (see migration 0002).
    locked_by: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)


class EvidenceCriterionRow(SyncMixin, Base):
    __tablename__ = "evidence_criterion"
    __table_args__ = (UniqueConstraint("evidence_id", "criterion_id"),)
    evidence_id: Mapped[str] = mapped_column(ForeignKey("evidence.id"), index=True)
    criterion_id: Mapped[str] = mapped_column(ForeignKey("criterion.id"), index=True)
    # Set to the signoff that froze this row (issue 4); SQLite triggers refuse changes
    # while that signoff stands (see migration 0002).
    locked_by: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)


class AssessmentRow(SyncMixin, Base):
    __tablename__ = "assessment"
    __table_args__ = (UniqueConstraint("enrollment_id", "criterion_id"),)
    enrollment_id: Mapped[str] = mapped_column(ForeignKey("enrollment.id"), index=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), index=True)
    criterion_id: Mapped[str] = mapped_column(ForeignKey("criterion.id"))
    status: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    assessed_by: Mapped[str | None] = mapped_column(ForeignKey("supervisor.id"), nullable=True)
    assessed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # Set to the signoff that froze this row (issue 4); SQLite triggers refuse changes
    # while that signoff stands (see migration 0002).
    locked_by: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)


class SignoffRow(SyncMixin, Base):
    """A frozen snapshot of one enrollment's assessments with its signatures (issue 4).

    Immutable (SQLite triggers): a reopening is its own row, a correction a new signoff
    that `supersedes_id` the old one. `seal_sha256` covers the snapshot hash, the
    signatures and the quality-assurance draw, so `check` notices any of them changed.
    """

    __tablename__ = "signoff"
    enrollment_id: Mapped[str] = mapped_column(ForeignKey("enrollment.id"), index=True)
    snapshot: Mapped[str] = mapped_column(Text)
    snapshot_sha256: Mapped[str] = mapped_column(String(64))
    supersedes_id: Mapped[str | None] = mapped_column(ForeignKey("signoff.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="signed")
    signatures: Mapped[list[Any]] = mapped_column(JSON, default=list)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), index=True)
    module_id: Mapped[str] = mapped_column(ForeignKey("module.id"))
    supervisor_id: Mapped[str] = mapped_column(ForeignKey("supervisor.id"))
    signed_on: Mapped[dt.date] = mapped_column(Date)
    qa_sampled: Mapped[bool] = mapped_column(Boolean, default=False)
    qa_draw: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    seal_sha256: Mapped[str] = mapped_column(String(64))


class CertificateRow(SyncMixin, Base):
    """The register entry of an issued certificate (immutable; revocation is its own row).

    `content` is the canonical JSON the PDF is drawn from; `payload_sha256` its SHA-256;
    `payload` the signed text in the QR code and `signature` its Ed25519 signature (hex).
    """

    __tablename__ = "certificate"
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), index=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    payload_sha256: Mapped[str] = mapped_column(String(64))
    signoff_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="valid")
    content: Mapped[str] = mapped_column(Text)
    payload: Mapped[str] = mapped_column(Text)
    signature: Mapped[str] = mapped_column(String(128))
    issuer_installation_id: Mapped[str] = mapped_column(String(36))
    preliminary: Mapped[bool] = mapped_column(Boolean, default=False)


class SignoffReopeningRow(SyncMixin, Base):
    """An admin reopened a signed module (or an IK returned it): its locks are lifted."""

    __tablename__ = "signoff_reopening"
    signoff_id: Mapped[str] = mapped_column(ForeignKey("signoff.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    reopened_by: Mapped[str] = mapped_column(ForeignKey("supervisor.id"))
    reopened_on: Mapped[dt.date] = mapped_column(Date)


class QaReviewRow(SyncMixin, Base):
    """The internal quality assurer's decision on a sampled signoff (immutable)."""

    __tablename__ = "qa_review"
    signoff_id: Mapped[str] = mapped_column(ForeignKey("signoff.id"), unique=True)
    reviewer_id: Mapped[str] = mapped_column(ForeignKey("supervisor.id"))
    decision: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")
    decided_on: Mapped[dt.date] = mapped_column(Date)


class CertificateRevocationRow(SyncMixin, Base):
    __tablename__ = "certificate_revocation"
    certificate_id: Mapped[str] = mapped_column(ForeignKey("certificate.id"), unique=True)
    reason: Mapped[str] = mapped_column(Text)
    revoked_by: Mapped[str | None] = mapped_column(ForeignKey("supervisor.id"), nullable=True)
    revoked_on: Mapped[dt.date] = mapped_column(Date)
    # Ed25519 signature (hex) over the revocation statement (services/certificate_content.py)
    # by the installation that revoked; None for revocations made before migration 0004.
    signature: Mapped[str | None] = mapped_column(String(128), nullable=True)
    signer_installation_id: Mapped[str | None] = mapped_column(String(36), nullable=True)


class ErasureRow(SyncMixin, Base):
    """A participant's personal data were erased (issue 15): by request ("radering") or
    at the end of the retention time ("gallring"). Immutable; replicated so every
    laptop erases the same data. While it exists, the triggers of migration 0007 let the
    erasure blank the erasable columns of the participant's signed rows, and nothing else."""

    __tablename__ = "erasure"
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="radering")
    reason: Mapped[str] = mapped_column(Text, default="")
    erased_by: Mapped[str | None] = mapped_column(ForeignKey("supervisor.id"), nullable=True)
    erased_on: Mapped[dt.date] = mapped_column(Date)


class TombstoneRow(SyncMixin, Base):
    """A deletion, replicated like any record. reason: 'deleted' or 'erasure'."""

    __tablename__ = "tombstone"
    __table_args__ = (UniqueConstraint("entity", "record_id"),)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36))
    reason: Mapped[str] = mapped_column(String(20), default="deleted")


SYNCED_MODELS: tuple[type[SyncMixin], ...] = (
    WorkplaceRow,
    InstallationRow,
    SupervisorRow,
    ParticipantRow,
    ErasureRow,
    PlacementRow,
    IntroductionItemRow,
    WorkPlanRow,
    FollowUpRow,
    CatalogueRow,
    BusinessAreaRow,
    ModuleRow,
    OutcomeRow,
    CriterionRow,
    EnrollmentRow,
    EvidenceRow,
    AttachmentRow,
    EvidenceCriterionRow,
    AssessmentRow,
    SignoffRow,
    CertificateRow,
    SignoffReopeningRow,
    QaReviewRow,
    CertificateRevocationRow,
    TombstoneRow,
)


# --- local (never exchanged) ----------------------------------------------------------


class LocalSettingRow(Base):
    __tablename__ = "local_setting"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AuditRow(Base):
    """Append-only; each entry's hash covers the previous one (hash chain).

    The hash covers the header and `content_sha256`, a digest of before/after, not the
    values themselves: an erasure (issue 15) may empty before/after and set `erased` to a
    marker, which is the only change the triggers allow (migration 0007).
    """

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    installation_id: Mapped[str] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    content_sha256: Mapped[str] = mapped_column(String(64), default="")
    erased: Mapped[str | None] = mapped_column(String(80), nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class ImportLogRow(Base):
    __tablename__ = "import_log"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    at: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(20))
    source_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result: Mapped[str] = mapped_column(String(20))


class ConflictRow(Base):
    __tablename__ = "conflict_log"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    at: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(60))
    kept_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    lost_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    lost_hlc: Mapped[str] = mapped_column(String(80))
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)


# --- Coompanion's collection (local, never exchanged; migration 0009) ----------------


class CollectedReportRow(Base):
    """One company's follow-up report for one period, as Coompanion collected it.

    `summary` is the company's signed figures (services/statistics to_dict form);
    `records` the pseudonymised records they were checked against."""

    __tablename__ = "collected_report"
    __table_args__ = (UniqueConstraint("workplace_id", "period_start", "period_end"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the package id
    workplace_id: Mapped[str] = mapped_column(String(36))
    workplace_name: Mapped[str] = mapped_column(String(200))
    municipality: Mapped[str | None] = mapped_column(String(4), nullable=True)
    installation_id: Mapped[str] = mapped_column(String(36))
    signer_key: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(30))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[str] = mapped_column(String(32))
    imported_at: Mapped[str] = mapped_column(String(32))
    file_sha256: Mapped[str] = mapped_column(String(64))
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)
    records: Mapped[dict[str, Any]] = mapped_column(JSON)


class CollectedCertificateRow(Base):
    """A certificate register entry carried by a collected report (no personal data)."""

    __tablename__ = "collected_certificate"
    report_id: Mapped[str] = mapped_column(
        ForeignKey("collected_report.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(16), primary_key=True, index=True)
    workplace_id: Mapped[str] = mapped_column(String(36))
    issued_on: Mapped[dt.date] = mapped_column(Date)
    payload_sha256: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    revoked_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    preliminary: Mapped[bool] = mapped_column(Boolean)


class AuditAnchorRow(Base):
    """One row: the newest audit sequence and hash ever reached (migration 0004)."""

    __tablename__ = "audit_anchor"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class WitnessedHeadRow(Base):
    """The newest audit head seen from another installation in a signed package."""

    __tablename__ = "witnessed_head"
    installation_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    seen_at: Mapped[str] = mapped_column(String(32))
