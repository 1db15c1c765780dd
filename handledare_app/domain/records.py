"""Read models returned by services: plain frozen dataclasses, safe to pass to the UI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .enums import (
    AssessmentStatus,
    AttachmentKind,
    EvidenceQuality,
    EvidenceType,
    Gender,
    JourneyStage,
    ModuleStatus,
    PlacementOutcome,
    PlacementType,
    Referrer,
    Role,
    StartStatus,
)


@dataclass(frozen=True)
class WorkplaceInfo:
    id: str
    name: str
    personnummer_enabled: bool
    qa_sample_rate: float
    idle_lock_minutes: int
    municipality: str | None = None  # kommunkod (domain.municipalities)


@dataclass(frozen=True)
class InstallationInfo:
    id: str
    name: str
    workplace_id: str


@dataclass(frozen=True)
class SupervisorInfo:
    id: str
    name: str
    roles: frozenset[Role]
    active: bool

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles


@dataclass(frozen=True)
class PlacementInfo:
    id: str
    type: PlacementType
    referrer: Referrer
    start_date: dt.date
    planned_end_date: dt.date | None
    end_date: dt.date | None
    outcome: PlacementOutcome | None
    start_status: StartStatus | None = None
    wage_subsidy: bool = False


@dataclass(frozen=True)
class ParticipantSummary:
    """One row of the participant list."""

    id: str
    name: str
    placement_type: PlacementType | None
    start_date: dt.date | None
    responsible_id: str | None
    responsible_name: str
    stage: JourneyStage
    active: bool
    business_areas: tuple[str, ...]
    criteria_total: int
    criteria_achieved: int

    @property
    def progress(self) -> float:
        return self.criteria_achieved / self.criteria_total if self.criteria_total else 0.0


@dataclass(frozen=True)
class ParticipantDetail:
    id: str
    first_name: str
    last_name: str
    personnummer: str | None
    birth_year: int | None
    phone: str
    email: str
    responsible_id: str | None
    stage: JourneyStage
    photo_consent: bool
    photo_consent_date: dt.date | None
    placements: tuple[PlacementInfo, ...]
    gender: Gender = Gender.NOT_STATED

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def current_placement(self) -> PlacementInfo | None:
        return self.placements[-1] if self.placements else None


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    key: str
    label: str
    done: bool
    done_on: dt.date | None


@dataclass(frozen=True)
class CriterionInfo:
    id: str
    number: str
    text: str


@dataclass(frozen=True)
class OutcomeInfo:
    id: str
    number: int
    text: str
    criteria: tuple[CriterionInfo, ...]


@dataclass(frozen=True)
class ModuleInfo:
    id: str
    code: str
    version: int
    title: str
    description: str
    business_area_code: str
    business_area_name: str
    seqf_level: int
    ocn_level: int | None
    points: float
    outcomes: tuple[OutcomeInfo, ...] = ()

    @property
    def criteria(self) -> list[CriterionInfo]:
        return [c for o in self.outcomes for c in o.criteria]


@dataclass(frozen=True)
class BusinessAreaInfo:
    id: str
    code: str
    name: str
    description: str
    module_count: int


@dataclass(frozen=True)
class CatalogueInfo:
    id: str
    catalogue_id: str
    name: str
    version: str
    module_count: int
    imported_at: dt.datetime


@dataclass(frozen=True)
class CatalogueImportResult:
    catalogue: CatalogueInfo
    modules_added: int
    modules_unchanged: int
    areas_added: int


@dataclass(frozen=True)
class WorkPlanInfo:
    goals: str
    planned_activities: str
    review_date: dt.date | None


@dataclass(frozen=True)
class FollowUpInfo:
    id: str
    date: dt.date
    attendees: str
    notes: str
    next_steps: str


@dataclass(frozen=True)
class AttachmentInfo:
    id: str
    sha256: str
    filename: str
    media_type: str
    size: int
    kind: AttachmentKind


@dataclass(frozen=True)
class EvidenceInfo:
    id: str
    participant_id: str
    type: EvidenceType
    date: dt.date
    title: str
    description: str
    witness_name: str
    witness_role: str
    quality: frozenset[EvidenceQuality]
    criterion_ids: frozenset[str]
    attachments: tuple[AttachmentInfo, ...]
    recorded_by: str | None


@dataclass(frozen=True)
class AssessmentInfo:
    criterion_id: str
    status: AssessmentStatus
    comment: str
    assessed_by: str | None
    assessed_on: dt.date | None


@dataclass(frozen=True)
class EnrollmentProgress:
    enrollment_id: str
    module: ModuleInfo
    status: ModuleStatus
    criteria_total: int
    criteria_achieved: int
    assessments: dict[str, AssessmentInfo] = field(default_factory=dict)
    evidence_counts: dict[str, int] = field(default_factory=dict)

    @property
    def fraction(self) -> float:
        return self.criteria_achieved / self.criteria_total if self.criteria_total else 0.0

    @property
    def achieved_without_evidence(self) -> list[CriterionInfo]:
        """Criteria judged Uppnådd with no linked evidence (issue 13: listed, not changed)."""
        return [
            c
            for c in self.module.criteria
            if c.id in self.assessments
            and self.assessments[c.id].status is AssessmentStatus.ACHIEVED
            and self.evidence_counts.get(c.id, 0) < 1
        ]


@dataclass(frozen=True)
class CheckProblem:
    area: str
    message: str


# --- Kriteriebank editing -------------------------------------------------------------


@dataclass(frozen=True)
class ModuleEditResult:
    """What saving a module did: `new_version` when the edited version was in use or
    published (it stays as it was); `changed` False when nothing differed."""

    module: ModuleInfo
    new_version: bool
    changed: bool


# --- Deltagarvy: what a participant is shown about themselves ------------------------


@dataclass(frozen=True)
class OwnModuleProgress:
    title: str
    steps_done: int
    steps_total: int
    status: ModuleStatus


@dataclass(frozen=True)
class OwnEvidenceItem:
    title: str
    date: dt.date
    photo_sha256: str | None  # only with the participant's photo consent


@dataclass(frozen=True)
class ParticipantOwnView:
    """Exactly what the Deltagarvy shows: first name, journey stage, module bars, what
    was shown lately, latest evidence. No personnummer, contact details, notes,
    comments or anyone else's data."""

    first_name: str
    stage: JourneyStage
    ended: bool
    modules: tuple[OwnModuleProgress, ...]
    shown_recently: tuple[str, ...]
    latest_evidence: tuple[OwnEvidenceItem, ...]
