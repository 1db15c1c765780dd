"""`demo --samordnare`: Coompanion's installation with twelve fictional companies' reports.

Each company is a real, separately set-up installation in a temporary folder (its own
keys), with fictional participants and placements spread over the last two years. The
companies introduce themselves to Coompanion by package, Coompanion signs a network
file listing them, and every company writes its follow-up reports for the last two
half-years, except some that have not sent the latest yet. Coompanion reads the folder
of reports as a user would. Everything is fictional; names never leave the companies.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..domain.enums import Gender, PlacementOutcome, PlacementType, Referrer, StartStatus
from ..domain.errors import UserError
from ..domain.followup import half_year_of, previous_half_years
from .app import App, open_app
from .collection import CollectionService
from .participants import NewParticipant
from .report import ReportService

COMPANIES: tuple[tuple[str, str], ...] = (
    ("Framstegs Secondhand", "2180"),
    ("Café Gläntan", "2180"),
    ("Returbutiken Ljuset", "2181"),
    ("Gröna Händer Trädgård", "2182"),
    ("Städkooperativet Glans", "2183"),
    ("Köket på Torget", "2184"),
    ("Lagret i Hofors", "2104"),
    ("Ovanåkers Återbruk", "2121"),
    ("Nordanstigs Café & Butik", "2132"),
    ("Ljusdals Snickeri", "2161"),
    ("Ockelbo Arbetslag", "2101"),
    ("Sandvikens Cykelverkstad", "2181"),
)
MISSING_LATEST = 3  # the last companies have not sent the latest half-year yet
NAMES = ("Alva", "Bo", "Cia", "Dan", "Eva", "Fredrik", "Gun", "Hassan", "Ida", "Jamal")
EXITS = (
    PlacementOutcome.WORK_UNSUBSIDISED,
    PlacementOutcome.WORK_SUBSIDISED,
    PlacementOutcome.STUDIES,
    PlacementOutcome.JOB_SEEKING,
    PlacementOutcome.OTHER_PROGRAMME,
    PlacementOutcome.DISCONTINUED,
)


@dataclass(frozen=True)
class CoordinatorDemoResult:
    companies: int
    reports: int
    missing_latest: list[str]
    latest_period: str


def _company_data(app: App, admin_id: str, rng: random.Random, today: dt.date, n: int) -> None:
    specs = []
    for i in range(n):
        start = today - dt.timedelta(days=rng.randint(20, 700))
        ptype = rng.choice(list(PlacementType))
        specs.append(
            NewParticipant(
                first_name=NAMES[i % len(NAMES)],
                last_name=f"Demo{i}",
                placement_type=ptype,
                referrer=rng.choice(list(Referrer)),
                start_date=start,
                birth_year=rng.randint(1962, 2007),
                gender=rng.choice(
                    (Gender.WOMAN, Gender.WOMAN, Gender.MAN, Gender.MAN, Gender.OTHER)
                ),
                start_status=rng.choice(list(StartStatus)),
                wage_subsidy=ptype is PlacementType.EMPLOYMENT and rng.random() < 0.6,
            )
        )
    ids = app.participants.create_many(admin_id, specs)
    for pid, spec in zip(ids, specs, strict=True):
        length = rng.randint(30, 400)
        end = spec.start_date + dt.timedelta(days=length)
        if end < today and rng.random() < 0.7:
            app.participants.close(admin_id, pid, end_date=end, outcome=rng.choice(EXITS))


def _validations(app: App, admin_id: str, rng: random.Random, today: dt.date, n: int) -> None:
    """Sign `n` modules for participants still in placement (dated today: signatures are
    never backdated), with evidence for every criterion, and issue their certificates."""
    from ..domain.enums import AssessmentStatus, EvidenceType
    from .demo import DEMO_PIN
    from .demo_signing import sign_demo_module
    from .participant_reads import ParticipantFilter

    active = [p.id for p in app.participants.list(ParticipantFilter(status="active"))]
    modules = app.catalogue.modules()
    for pid in active[:n]:
        module = modules[rng.randrange(min(6, len(modules)))]
        enrollment = app.journey.enroll(admin_id, pid, module.code)
        criteria = app.assessment.enrollment(enrollment).module.criteria
        app.evidence.add(
            admin_id,
            pid,
            type=EvidenceType.OBSERVATION,
            date=today,
            title="Observation i arbetet",
            criterion_ids=[c.id for c in criteria],
        )
        for c in criteria:
            app.assessment.judge(admin_id, enrollment, c.id, AssessmentStatus.ACHIEVED, "")
        sign_demo_module(app, admin_id, DEMO_PIN, enrollment, rng)
        app.certificates.issue(admin_id, pid)


def create_coordinator_demo(
    app: App, *, companies: int = 12, participants: int = 10, validations: int = 2, seed: int = 10
) -> CoordinatorDemoResult:
    """Fill an empty data folder: Coompanion's installation with collected reports."""
    from .demo import DEMO_PIN

    if app.setup.is_set_up():
        raise UserError("Demodata kan bara skapas i en tom, ny datamapp.")
    if not 1 <= companies <= len(COMPANIES):
        raise UserError(f"Antalet företag ska vara mellan 1 och {len(COMPANIES)}.")
    app.setup.set_up(
        "Coompanion Gävleborg",
        "Coompanions dator",
        "Cecilia Holm",
        DEMO_PIN,
        load_example_catalogue=False,
    )
    CollectionService(app).mark_coordinator()
    rng = random.Random(seed)
    today = dt.date.today()
    periods = previous_half_years(half_year_of(today), 2)
    chosen = COMPANIES[:companies]
    missing = [name for name, _m in chosen[-MISSING_LATEST:]] if companies > MISSING_LATEST else []
    with tempfile.TemporaryDirectory(prefix="handledare-demo-foretag-") as tmp:
        root = Path(tmp)
        opened: list[App] = []
        try:
            for i, (name, municipality) in enumerate(chosen):
                company = open_app(root / f"f{i}", backup_at_start=False)
                opened.append(company)
                admin_id = company.setup.set_up(
                    name,
                    f"Kontoret {name}",
                    f"Handledare {NAMES[i % len(NAMES)]}",
                    DEMO_PIN,
                    load_example_catalogue=validations > 0,
                )
                company.setup.update_workplace(admin_id, municipality=municipality)
                # Introduced before it has any participants: only the workplace, the
                # computer and the first admin (without PIN) reach Coompanion.
                hello = root / f"hej-{i}.hpkg"
                company.exchange.export(
                    hello, profile="exchange", recipients=[app.keys.age_recipient]
                )
                app.exchange.import_file(hello, trust_fingerprint=company.keys.fingerprint)
                _company_data(company, admin_id, rng, today, participants)
                if validations:
                    _validations(company, admin_id, rng, today, validations)
            network = root / "natverk.json"
            app.exchange.trust.export_network(network)
            app.exchange.trust.import_network(None, network)
            inbox = root / "inkorg"
            inbox.mkdir()
            reports = 0
            for i, company in enumerate(opened):
                company.exchange.trust.import_network(
                    None, network, trust_fingerprint=app.keys.fingerprint
                )
                name = chosen[i][0]
                for period in periods:
                    if period is periods[-1] and name in missing:
                        continue
                    ReportService(company).write(
                        None, period, "Coompanions dator", inbox / f"f{i}-{period.label}.hpkg"
                    )
                    reports += 1
        finally:
            for company in opened:
                company.close()
        result = CollectionService(app).read_folder(inbox)
    refused = [o for o in result.outcomes if o.status == "refused"]
    if refused:  # pragma: no cover (a bug in the demo, not a user problem)
        raise RuntimeError(refused[0].message)
    return CoordinatorDemoResult(len(chosen), reports, missing, periods[-1].label)
