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
    """Exit code of an ended placement (FOLLOWUP.md §2). No code records *why* someone
    stopped: a reason such as illness is health data and is never stored."""

    WORK_UNSUBSIDISED = "work_unsubsidised"
    WORK_SUBSIDISED = "work_subsidised"
    EMPLOYED_HERE = "employed_here"
    STUDIES = "studies"
    JOB_SEEKING = "job_seeking"
    OTHER_PROGRAMME = "other_programme"
    DISCONTINUED = "discontinued"
    OTHER = "other"
    UNKNOWN = "unknown"
    REGISTRATION_ERROR = "registration_error"
    # Names used before schema 0003 (aliases: not iterated, same members).
    EMPLOYMENT = "work_unsubsidised"
    SUBSIDISED_EMPLOYMENT = "work_subsidised"

    @property
    def to_work_or_studies(self) -> bool:
        return self in _TO_WORK_OR_STUDIES


ExitCode = PlacementOutcome

_TO_WORK_OR_STUDIES = frozenset(
    {
        PlacementOutcome.WORK_UNSUBSIDISED,
        PlacementOutcome.WORK_SUBSIDISED,
        PlacementOutcome.EMPLOYED_HERE,
        PlacementOutcome.STUDIES,
    }
)
# Exit values written before schema 0003, mapped by migration 0003 (and accepted from
# older packages): sick_leave is health data and becomes discontinued.
LEGACY_OUTCOMES: dict[str, str] = {
    "employment": "work_unsubsidised",
    "subsidised_employment": "work_subsidised",
    "sick_leave": "discontinued",
}


class Gender(LabelledEnum):
    WOMAN = "woman"
    MAN = "man"
    OTHER = "other"
    NOT_STATED = "not_stated"


class StartStatus(LabelledEnum):
    """A participant's situation when a placement starts (optional, FOLLOWUP.md §2)."""

    WORK = "work"
    STUDIES = "studies"
    JOB_SEEKING = "job_seeking"
    OTHER_PROGRAMME = "other_programme"
    NONE_OR_UNKNOWN = "none_or_unknown"


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
    (PlacementOutcome.WORK_UNSUBSIDISED, "Arbete utan stöd"),
    (PlacementOutcome.WORK_SUBSIDISED, "Arbete med stöd (lönebidrag, nystartsjobb …)"),
    (PlacementOutcome.EMPLOYED_HERE, "Anställd här"),
    (PlacementOutcome.STUDIES, "Studier"),
    (PlacementOutcome.JOB_SEEKING, "Arbetssökande"),
    (PlacementOutcome.OTHER_PROGRAMME, "Annan insats eller placering"),
    (PlacementOutcome.DISCONTINUED, "Avbrutet"),
    (PlacementOutcome.OTHER, "Annat"),
    (PlacementOutcome.UNKNOWN, "Okänt"),
    (PlacementOutcome.REGISTRATION_ERROR, "Felregistrering"),
    (Gender.WOMAN, "Kvinna"),
    (Gender.MAN, "Man"),
    (Gender.OTHER, "Annat"),
    (Gender.NOT_STATED, "Ej angivet"),
    (StartStatus.WORK, "Arbete"),
    (StartStatus.STUDIES, "Studier"),
    (StartStatus.JOB_SEEKING, "Arbetssökande"),
    (StartStatus.OTHER_PROGRAMME, "I annan insats"),
    (StartStatus.NONE_OR_UNKNOWN, "Ingen sysselsättning eller okänd"),
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
