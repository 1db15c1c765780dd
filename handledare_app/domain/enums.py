"""Enumerations. Values are stable English codes; `label` is the Swedish UI text."""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    @property
    def label(self) -> str:
        # Keyed by class too: StrEnum members of different enums with the same value
        # (PlacementType.EMPLOYMENT, PlacementOutcome.EMPLOYMENT) are equal as dict keys.
        return _LABELS[(type(self), self.value)]

    @classmethod
    def parse(cls, text: str) -> LabelledEnum:
        """Accept the code or the Swedish label (case-insensitive)."""
        needle = text.strip().casefold()
        for member in cls:
            if needle in (member.value.casefold(), member.label.casefold()):
                return member
        raise ValueError(text)


class Role(LabelledEnum):
    SUPERVISOR = "supervisor"
    QUALITY_ASSURER = "quality_assurer"
    ADMIN = "admin"


class PlacementType(LabelledEnum):
    WORK_TRAINING = "work_training"
    OCCUPATION = "occupation"
    REHABILITATION = "rehabilitation"
    EMPLOYMENT = "employment"
    INTERNSHIP = "internship"


class Referrer(LabelledEnum):
    EMPLOYMENT_SERVICE = "employment_service"
    MUNICIPALITY = "municipality"
    SOCIAL_INSURANCE = "social_insurance"
    REGION = "region"
    OTHER = "other"


class PlacementOutcome(LabelledEnum):
    EMPLOYMENT = "employment"
    SUBSIDISED_EMPLOYMENT = "subsidised_employment"
    STUDIES = "studies"
    OTHER_PROGRAMME = "other_programme"
    JOB_SEEKING = "job_seeking"
    SICK_LEAVE = "sick_leave"
    DISCONTINUED = "discontinued"
    OTHER = "other"


class JourneyStage(LabelledEnum):
    INTRODUCTION = "introduction"
    WORK_PLAN = "work_plan"
    FOLLOW_UP = "follow_up"
    VALIDATION = "validation"
    CLOSURE = "closure"

    @property
    def position(self) -> int:
        return list(JourneyStage).index(self)


class EvidenceType(LabelledEnum):
    OBSERVATION = "observation"
    PRODUCT = "product"
    PHOTO = "photo"
    VIDEO_AUDIO = "video_audio"
    ORAL_QUESTIONS = "oral_questions"
    WRITTEN_QUESTIONS = "written_questions"
    WITNESS_STATEMENT = "witness_statement"
    SELF_ASSESSMENT = "self_assessment"
    CHECKLIST = "checklist"
    PRIOR_DOCUMENT = "prior_document"
    OTHER = "other"

    @property
    def needs_witness(self) -> bool:
        return self is EvidenceType.WITNESS_STATEMENT


class EvidenceQuality(LabelledEnum):
    """The five evidence-quality checks (VARCS without the R/S split)."""

    VALID = "valid"
    AUTHENTIC = "authentic"
    RELIABLE = "reliable"
    CURRENT = "current"
    SUFFICIENT = "sufficient"


class AssessmentStatus(LabelledEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"


class ModuleStatus(LabelledEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    READY_FOR_SIGNOFF = "ready_for_signoff"
    SIGNED = "signed"


class AttachmentKind(LabelledEnum):
    PHOTO = "photo"
    FILE = "file"


_LABEL_PAIRS: tuple[tuple[LabelledEnum, str], ...] = (
    (Role.SUPERVISOR, "Handledare"),
    (Role.QUALITY_ASSURER, "Intern kvalitetssäkrare"),
    (Role.ADMIN, "Administratör"),
    (PlacementType.WORK_TRAINING, "Arbetsträning"),
    (PlacementType.OCCUPATION, "Sysselsättning"),
    (PlacementType.REHABILITATION, "Rehabilitering"),
    (PlacementType.EMPLOYMENT, "Anställning"),
    (PlacementType.INTERNSHIP, "Praktik"),
    (Referrer.EMPLOYMENT_SERVICE, "Arbetsförmedlingen"),
    (Referrer.MUNICIPALITY, "Kommun"),
    (Referrer.SOCIAL_INSURANCE, "Försäkringskassan"),
    (Referrer.REGION, "Region"),
    (Referrer.OTHER, "Annan"),
    (PlacementOutcome.EMPLOYMENT, "Arbete"),
    (PlacementOutcome.SUBSIDISED_EMPLOYMENT, "Arbete med stöd"),
    (PlacementOutcome.STUDIES, "Studier"),
    (PlacementOutcome.OTHER_PROGRAMME, "Annan insats"),
    (PlacementOutcome.JOB_SEEKING, "Arbetssökande"),
    (PlacementOutcome.SICK_LEAVE, "Sjukskrivning"),
    (PlacementOutcome.DISCONTINUED, "Avbrott"),
    (PlacementOutcome.OTHER, "Annat"),
    (JourneyStage.INTRODUCTION, "Introduktion"),
    (JourneyStage.WORK_PLAN, "Arbetsplan"),
    (JourneyStage.FOLLOW_UP, "Uppföljning"),
    (JourneyStage.VALIDATION, "Validering"),
    (JourneyStage.CLOSURE, "Avslut"),
    (EvidenceType.OBSERVATION, "Observation"),
    (EvidenceType.PRODUCT, "Produkt/arbetsprov"),
    (EvidenceType.PHOTO, "Foto"),
    (EvidenceType.VIDEO_AUDIO, "Video/ljud"),
    (EvidenceType.ORAL_QUESTIONS, "Muntliga frågor"),
    (EvidenceType.WRITTEN_QUESTIONS, "Skriftliga frågor"),
    (EvidenceType.WITNESS_STATEMENT, "Vittnesutlåtande"),
    (EvidenceType.SELF_ASSESSMENT, "Självskattning"),
    (EvidenceType.CHECKLIST, "Checklista"),
    (EvidenceType.PRIOR_DOCUMENT, "Tidigare dokument"),
    (EvidenceType.OTHER, "Övrigt"),
    (EvidenceQuality.VALID, "Giltigt"),
    (EvidenceQuality.AUTHENTIC, "Äkta"),
    (EvidenceQuality.RELIABLE, "Tillförlitligt"),
    (EvidenceQuality.CURRENT, "Aktuellt"),
    (EvidenceQuality.SUFFICIENT, "Tillräckligt"),
    (AssessmentStatus.NOT_STARTED, "Ej påbörjad"),
    (AssessmentStatus.IN_PROGRESS, "Pågår"),
    (AssessmentStatus.ACHIEVED, "Uppnådd"),
    (ModuleStatus.NOT_STARTED, "Ej påbörjad"),
    (ModuleStatus.IN_PROGRESS, "Pågår"),
    (ModuleStatus.READY_FOR_SIGNOFF, "Klar för signering"),
    (ModuleStatus.SIGNED, "Signerad"),
    (AttachmentKind.PHOTO, "Foto"),
    (AttachmentKind.FILE, "Fil"),
)
_LABELS: dict[tuple[type, str], str] = {(type(m), m.value): t for m, t in _LABEL_PAIRS}

# Default introduction checklist (Framsteg: Introduktion). Keys are stable codes.
INTRODUCTION_CHECKLIST: tuple[tuple[str, str], ...] = (
    ("welcome", "Välkomstsamtal och presentation av arbetsplatsen"),
    ("safety", "Säkerhetsgenomgång: nödutgångar, brandsläckare, första hjälpen"),
    ("hours", "Arbetstider, raster och hur man anmäler frånvaro"),
    ("contacts", "Kontaktuppgifter till handledare och ansvarig handläggare"),
    ("privacy", "Information om personuppgifter och hur de sparas"),
    ("photo_consent", "Frågat om samtycke till foton som bevis"),
    ("self_assessment", "Självskattning och kartläggning av intressen"),
    ("ocn_intro", "Berättat hur validering med OCN går till"),
)
