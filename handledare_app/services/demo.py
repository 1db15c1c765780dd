"""`demo`: a realistic, entirely fictional workplace to try the app and take screenshots."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..domain.enums import (
    AssessmentStatus,
    EvidenceQuality,
    EvidenceType,
    JourneyStage,
    PlacementOutcome,
    PlacementType,
    Referrer,
    Role,
)
from ..domain.errors import UserError
from .app import App
from .demo_followup import add_former_participants, person_fields
from .demo_images import demo_photo
from .demo_signing import (
    demo_quality_and_certificates,
    demo_signing_day,
    enrolled_on_day,
    sign_demo_module,
    validate_former_module,
)

DEMO_PIN = "2580"

FIRST_NAMES = [
    "Amina",
    "Bengt",
    "Cecilia",
    "Dragan",
    "Elsa",
    "Farah",
    "Göran",
    "Hamid",
    "Ingrid",
    "Jonas",
    "Karin",
    "Leila",
    "Mats",
    "Nora",
    "Omar",
    "Pia",
    "Rasmus",
    "Sanna",
    "Tove",
    "Ulf",
    "Vera",
    "Yusuf",
    "Åsa",
    "Ölvir",
    "Agnes",
    "Birgitta",
    "Dawit",
    "Emil",
    "Fatima",
    "Hanna",
    "Isak",
    "Jelena",
    "Khalid",
    "Linnea",
    "Mira",
    "Nils",
    "Olga",
    "Petra",
    "Samir",
    "Tiina",
    "Wilma",
    "Zeynep",
]
LAST_NAMES = [
    "Andersson",
    "Bergström",
    "Carlsson",
    "Dahl",
    "Ekström",
    "Forsberg",
    "Gustafsson",
    "Hedlund",
    "Isaksson",
    "Jonsson",
    "Kjellberg",
    "Lindqvist",
    "Mäkinen",
    "Nordin",
    "Öberg",
    "Persson",
    "Rydén",
    "Sandberg",
    "Törnqvist",
    "Wallin",
    "Åkesson",
    "Östlund",
]
EVIDENCE_TITLES = [
    (EvidenceType.OBSERVATION, "Observation under arbetspasset"),
    (EvidenceType.PHOTO, "Foto på utfört arbete"),
    (EvidenceType.ORAL_QUESTIONS, "Muntliga frågor efter arbetet"),
    (EvidenceType.WITNESS_STATEMENT, "Utlåtande från arbetsledaren"),
    (EvidenceType.CHECKLIST, "Checklista för dagens uppgifter"),
    (EvidenceType.PRODUCT, "Arbetsprov"),
    (EvidenceType.SELF_ASSESSMENT, "Deltagarens egen beskrivning"),
]
_I, _W, _F, _V, _C = JourneyStage
# Interleaved so that even a handful of demo participants covers every stage.
STAGE_MIX = (_F, _V, _W, _I, _F, _C, _V, _F, _W, _V, _I, _F, _C, _V)


@dataclass(frozen=True)
class DemoResult:
    supervisors: int
    participants: int
    evidence: int
    photos: int
    modules_complete: int
    modules_signed: int = 0
    qa_decisions: int = 0
    certificates: int = 0


def create_demo(
    app: App,
    participants: int = 42,
    seed: int = 2027,
    photos: bool = True,
    *,
    into_set_up_folder: bool = False,
) -> DemoResult:
    """Fictional data into an empty folder. `into_set_up_folder` is for the self-test's
    own temporary folder only: demo supervisors get a published PIN."""
    if app.setup.is_set_up() and not into_set_up_folder:
        # Never into real data: demo supervisors share a published PIN.
        raise UserError(
            "Datamappen är redan upplagd. Demodata läggs bara in i en tom datamapp; "
            "välj en annan mapp med --data-dir."
        )
    rng = random.Random(seed)
    when = random.Random(seed + 1)  # signing days; leaves rng's sequence as it was
    if app.setup.is_set_up():
        admin = next(s.id for s in app.supervisors.list() if s.is_admin)
    else:
        admin = app.setup.set_up(
            "Framstegs Secondhand & Café (demo)", "Kontorsdatorn", "Åsa Öberg", DEMO_PIN
        )
    sups = [admin]
    for name, roles in (
        ("Jonas Lindqvist", {Role.SUPERVISOR}),
        ("Leila Haddad", {Role.SUPERVISOR}),
        ("Birgitta Nordin", {Role.SUPERVISOR, Role.QUALITY_ASSURER}),
    ):
        sups.append(app.supervisors.add(admin, name, DEMO_PIN, roles).id)

    modules = app.catalogue.modules()
    by_area: dict[str, list[str]] = {}
    area_names: dict[str, str] = {}
    for m in modules:
        by_area.setdefault(m.business_area_code, []).append(m.code)
        area_names[m.business_area_code] = m.business_area_name
    today = dt.date.today()
    consent_photo_dir = Path(tempfile.mkdtemp(prefix="handledare-demo-"))
    n_evidence = n_photos = n_complete = n_signed = n_validation = 0
    names = rng.sample([(f, s) for f in FIRST_NAMES for s in LAST_NAMES], participants)
    # From 20 participants on, a third are former participants spread over two years
    # (the follow-up figures); small demos (tests, self-test) keep everyone current.
    current = participants - participants // 3 if participants >= 20 else participants
    for i in range(current):
        stage = STAGE_MIX[i % len(STAGE_MIX)]
        first, last = names[i]
        actor = sups[i % len(sups)]
        start = today - dt.timedelta(days=rng.randint(20, 300) + stage.position * 30)
        kind = rng.choice(list(PlacementType))
        p = app.participants.create(
            actor,
            first_name=first,
            last_name=last,
            placement_type=kind,
            referrer=rng.choice(list(Referrer)),
            start_date=start,
            planned_end_date=start + dt.timedelta(days=rng.choice([90, 180, 365])),
            responsible_id=actor,
            birth_year=rng.randint(1965, 2004),
            **person_fields(rng, kind),
        )
        consent = rng.random() < 0.7
        if consent:
            app.participants.set_photo_consent(actor, p.id, True, start)
        items = app.journey.checklist(p.id)
        done_items = len(items) if stage.position > 0 else rng.randint(1, len(items) - 1)
        for item in items[:done_items]:
            app.journey.set_checklist_item(actor, item.id, True)
        if stage is JourneyStage.INTRODUCTION:
            continue
        area = rng.choice([a for a in by_area if a != "generella"])
        chosen = [*rng.sample(by_area[area], 2), rng.choice(by_area["generella"])]
        enrollments = [app.journey.enroll(actor, p.id, code) for code in chosen]
        enrolled_on_day(app, actor, enrollments, start)
        app.journey.update_work_plan(
            actor,
            p.id,
            goals=f"Lära sig arbetsuppgifterna inom {area_names[area].lower()} och visa det "
            "med en validering.",
            planned_activities="Arbeta tre dagar i veckan med stöd av handledare. "
            "Uppföljning varannan vecka.",
            review_date=today + dt.timedelta(days=rng.randint(10, 60)),
        )
        if stage is JourneyStage.WORK_PLAN:
            continue
        for k in range(rng.randint(1, 4)):
            app.journey.add_follow_up(
                actor,
                p.id,
                date=start + dt.timedelta(days=14 * (k + 1)),
                attendees="Deltagaren, handledaren",
                notes="Gick igenom hur arbetet fungerar. Deltagaren trivs och vill lära sig mer.",
                next_steps="Fortsätta med modulerna i arbetsplanen.",
            )
        progress = app.assessment.participant_progress(p.id)
        # How far each stage has come: validation and closure have complete modules.
        share = {
            JourneyStage.FOLLOW_UP: 0.4,
            JourneyStage.VALIDATION: 1.0,
            JourneyStage.CLOSURE: 1.0,
        }[stage]
        for j, prog in enumerate(progress):
            criteria = prog.module.criteria
            complete = stage is not JourneyStage.FOLLOW_UP and j == 0
            covered: set[str] = set()
            judged: list[tuple[str, AssessmentStatus]] = []
            for _ in range(rng.randint(1, 3)):
                etype, title = rng.choice(EVIDENCE_TITLES)
                files = []
                if etype is EvidenceType.PHOTO:
                    if not consent or not photos:
                        etype, title = EvidenceType.OBSERVATION, "Observation under arbetspasset"
                    else:
                        f = consent_photo_dir / f"foto-{n_photos + 1}.png"
                        f.write_bytes(demo_photo(seed * 1000 + n_photos))
                        files.append(f)
                        n_photos += 1
                linked = rng.sample([c.id for c in criteria], min(len(criteria), rng.randint(1, 3)))
                app.evidence.add(
                    actor,
                    p.id,
                    type=etype,
                    date=min(today, start + dt.timedelta(days=rng.randint(5, 60))),
                    title=f"{title}: {prog.module.title.lower()}",
                    description="Deltagaren utförde uppgiften självständigt enligt rutinen.",
                    witness_name="Karin Sandberg" if etype.needs_witness else "",
                    witness_role="Arbetsledare" if etype.needs_witness else "",
                    quality={
                        EvidenceQuality.VALID,
                        EvidenceQuality.AUTHENTIC,
                        EvidenceQuality.CURRENT,
                    },
                    criterion_ids=linked,
                    files=files,
                )
                n_evidence += 1
                covered.update(linked)
            for c in criteria:
                if complete or rng.random() < share * 0.6:
                    status = AssessmentStatus.ACHIEVED
                elif rng.random() < 0.5:
                    status = AssessmentStatus.IN_PROGRESS
                else:
                    continue
                judged.append((c.id, status))
            # OCN judges on evidence: an achieved criterion nobody linked evidence to
            # gets an observation of its own before it is judged.
            bare = [
                cid for cid, st in judged if st is AssessmentStatus.ACHIEVED and cid not in covered
            ]
            if bare:
                app.evidence.add(
                    actor,
                    p.id,
                    type=EvidenceType.OBSERVATION,
                    date=min(today, start + dt.timedelta(days=30)),
                    title=f"Observation under arbetspasset: {prog.module.title.lower()}",
                    description="Handledaren såg deltagaren utföra uppgiften.",
                    quality={EvidenceQuality.VALID, EvidenceQuality.AUTHENTIC},
                    criterion_ids=bare,
                )
                n_evidence += 1
            for cid, status in judged:
                app.assessment.judge(
                    actor,
                    enrollments[j],
                    cid,
                    status,
                    "Visat flera gånger i det dagliga arbetet."
                    if status is AssessmentStatus.ACHIEVED
                    else "",
                )
            n_complete += complete
        # Issue 4: complete modules of validation and closure participants are signed.
        # Some validation participants keep a module klar för signering, to try signing.
        n_validation += stage is JourneyStage.VALIDATION
        if stage is JourneyStage.CLOSURE or (
            stage is JourneyStage.VALIDATION and n_validation % 3 != 2
        ):
            ends = start + dt.timedelta(days=200) if stage is JourneyStage.CLOSURE else today
            day = demo_signing_day(when, start, ends, today)
            sign_demo_module(app, actor, DEMO_PIN, enrollments[0], rng, day)
            n_signed += 1
        if stage is JourneyStage.CLOSURE:
            app.participants.close(
                actor,
                p.id,
                min(today, start + dt.timedelta(days=200)),
                rng.choice(
                    [o for o in PlacementOutcome if o is not PlacementOutcome.REGISTRATION_ERROR]
                ),
            )
    general = sorted(by_area["generella"])
    former_signed: list[str] = []

    def validate(actor: str, pid: str, start: dt.date, last: dt.date) -> None:
        code = general[when.randrange(len(general))]
        validate_former_module(app, actor, DEMO_PIN, pid, code, start, last, when)
        former_signed.append(pid)

    # also sets the kommun
    add_former_participants(app, sups, names[current:], rng, validate)
    n_complete += len(former_signed)  # complete and signed during their placements
    n_signed += len(former_signed)
    for f in consent_photo_dir.iterdir():
        f.unlink()
    consent_photo_dir.rmdir()
    decisions, certificates = demo_quality_and_certificates(app, admin, rng)
    return DemoResult(
        len(sups),
        participants,
        n_evidence,
        n_photos,
        n_complete,
        n_signed,
        decisions,
        certificates,
    )
