"""Swedish words for the codes stored in records (issue 13: no code words on screen).

Records keep English codes ("work_training", "signed", "returned"); whatever shows a
stored value to a person (conflicts, registerutdrag) asks here first.
"""

from __future__ import annotations

import contextlib
from typing import Any

from ..domain.enums import (
    AssessmentStatus,
    AttachmentKind,
    EvidenceQuality,
    EvidenceType,
    Gender,
    JourneyStage,
    LabelledEnum,
    ModuleStatus,
    PlacementOutcome,
    PlacementType,
    Referrer,
    StartStatus,
)

# Names of records and their fields, as the conflicts view shows them.
ENTITY_LABELS = {
    "workplace": "Arbetsplats",
    "installation": "Dator",
    "supervisor": "Handledare",
    "participant": "Deltagare",
    "placement": "Insats",
    "introduction_item": "Introduktionspunkt",
    "work_plan": "Arbetsplan",
    "follow_up": "Uppföljning",
    "catalogue": "Kriteriebank",
    "business_area": "Verksamhetsområde",
    "module": "Modul",
    "outcome": "Lärandemål",
    "criterion": "Bedömningskriterium",
    "enrollment": "Modulval",
    "evidence": "Bevis",
    "attachment": "Bilaga",
    "evidence_criterion": "Bevis kopplat till kriterium",
    "assessment": "Bedömning",
    "signoff": "Signering",
    "certificate": "Intyg",
    "tombstone": "Borttagning",
    "signoff_reopening": "Återöppnad signering",
    "qa_review": "Kvalitetsgranskning",
    "certificate_revocation": "Återkallelse av intyg",
    "erasure": "Radering",
}

FIELD_LABELS = {
    "name": "namn",
    "first_name": "förnamn",
    "last_name": "efternamn",
    "personnummer": "personnummer",
    "birth_year": "födelseår",
    "phone": "telefon",
    "email": "e-post",
    "responsible_id": "ansvarig handledare",
    "stage": "steg i resan",
    "photo_consent": "samtycke till foton",
    "photo_consent_date": "datum för samtycke",
    "introduction_done_reason": "varför introduktionen räknas som klar",
    "introduction_done_on": "datum då introduktionen markerades som klar",
    "type": "typ",
    "referrer": "remittent",
    "start_date": "startdatum",
    "planned_end_date": "planerat slutdatum",
    "end_date": "slutdatum",
    "outcome": "utfall",
    "label": "text",
    "done": "klar",
    "done_on": "klar datum",
    "goals": "mål",
    "planned_activities": "planerade aktiviteter",
    "review_date": "datum för avstämning",
    "date": "datum",
    "attendees": "deltagare på mötet",
    "notes": "anteckningar",
    "next_steps": "nästa steg",
    "title": "rubrik",
    "description": "beskrivning",
    "witness_name": "vittnets namn",
    "witness_role": "vittnets roll",
    "quality": "kvalitet",
    "recorded_by": "registrerat av",
    "filename": "filnamn",
    "status": "status",
    "comment": "kommentar",
    "assessed_by": "bedömd av",
    "assessed_on": "bedömd datum",
    "active": "aktiv",
    "roles": "roller",
    "enrolled_on": "valt datum",
    "personnummer_enabled": "personnummer påslaget",
    "qa_sample_rate": "andel för kvalitetssäkring",
    "qa_required": "kvalitetssäkring krävs",
    "idle_lock_minutes": "låsning efter minuter",
    "gender": "kön",
    "start_status": "situation vid start",
    "wage_subsidy": "lönebidrag/anställningsstöd",
    "municipality": "kommun",
    "retention_years": "gallringstid i år",
    "file_retention_years": "gallringstid för filer i år",
    "code": "kod",
    "text": "text",
    "number": "nummer",
    "position": "ordning",
    "key": "nyckel",
    "points": "poäng",
    "ocn_level": "OCN-nivå",
    "seqf_level": "SeQF-nivå",
    "hours_per_point": "timmar per poäng",
    "published": "publicerad",
    "publisher": "utgivare",
    "catalogue_key": "kriteriebankens nyckel",
    "content_hash": "innehållets kontrollsumma",
    "module_code": "modul",
    "kind": "sort",
    "media_type": "filtyp",
    "size": "storlek",
    "sha256": "kontrollsumma",
    "reason": "skäl",
    "decision": "beslut",
    "decided_on": "beslutsdatum",
    "issued_on": "utfärdat datum",
    "signed_on": "signerat datum",
    "revoked_on": "återkallat datum",
    "revoked_by": "återkallat av",
    "reopened_on": "återöppnat datum",
    "reopened_by": "återöppnat av",
    "erased_on": "raderat datum",
    "erased_by": "raderat av",
    "preliminary": "preliminärt",
    "qa_sampled": "med i stickprovet",
    "signing_public_key": "signeringsnyckel",
    "age_recipient": "krypteringsnyckel",
    "pin_hash": "PIN-kod",
    "participant_id": "deltagare",
    "supervisor_id": "handledare",
    "reviewer_id": "granskare",
    "module_id": "modul",
    "enrollment_id": "modulval",
    "evidence_id": "bevis",
    "criterion_id": "bedömningskriterium",
    "outcome_id": "lärandemål",
    "business_area_id": "verksamhetsområde",
    "catalogue_id": "kriteriebank",
    "workplace_id": "arbetsplats",
    "certificate_id": "intyg",
    "signoff_id": "signering",
    "supersedes_id": "ersätter",
    "entity": "sorts post",
    "record_id": "post",
}
# Read-only or internal columns never conflict field by field; if one ever does,
# the view says so in Swedish instead of showing the column name.
OTHER_FIELD = "en intern uppgift"


# (entity, field) → the enum whose members the field holds.
ENUMS: dict[tuple[str, str], type[LabelledEnum]] = {
    ("participant", "stage"): JourneyStage,
    ("participant", "gender"): Gender,
    ("placement", "type"): PlacementType,
    ("placement", "referrer"): Referrer,
    ("placement", "outcome"): PlacementOutcome,
    ("placement", "start_status"): StartStatus,
    ("evidence", "type"): EvidenceType,
    ("evidence", "quality"): EvidenceQuality,
    ("attachment", "kind"): AttachmentKind,
    ("enrollment", "status"): ModuleStatus,
    ("assessment", "status"): AssessmentStatus,
}

# Plain codes of the signing records, which have no LabelledEnum of their own.
CODES: dict[tuple[str, str], dict[str, str]] = {
    ("signoff", "status"): {"signed": "signerad"},
    ("certificate", "status"): {"issued": "utfärdat", "valid": "giltigt", "revoked": "återkallat"},
    ("qa_review", "decision"): {"approved": "godkänd", "returned": "återlämnad för rättelse"},
    ("signoff_reopening", "kind"): {
        "admin": "öppnad av administratör",
        "qa_return": "återlämnad av kvalitetssäkrare",
    },
    ("erasure", "kind"): {"radering": "radering"},
}


def code_label(entity: str, field: str, value: Any) -> str | None:
    """The Swedish text for a coded value, or None when the field holds no code.

    A list of codes (evidence quality) becomes a comma-separated list; an unknown
    code (from a newer version of the app) is shown as it is."""
    enum = ENUMS.get((entity, field))
    codes = CODES.get((entity, field))
    if enum is None and codes is None:
        return None
    values = value if isinstance(value, list) else [value]
    texts = []
    for v in values:
        text = str(v)
        if enum is not None:
            with contextlib.suppress(ValueError):
                text = enum(v).label
        elif codes is not None:
            text = codes.get(str(v), text)
        texts.append(text)
    return ", ".join(texts)
