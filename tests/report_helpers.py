"""Coompanion and companies for the follow-up report and collection tests (issue 10)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from handledare_app.domain.enums import Gender, PlacementOutcome, PlacementType, Referrer
from handledare_app.domain.followup import Period, half_year_of
from handledare_app.services.app import App, open_app
from tests.conftest import ADMIN_PIN


def this_half_year() -> Period:
    """Signing and certificates are dated today, so they fall in this half-year."""
    return half_year_of(dt.date.today())


def coordinator(path: Path) -> App:
    app = open_app(path)
    app.setup.set_up(
        "Coompanion Gävleborg",
        "Coompanions dator",
        "Cecilia Holm",
        ADMIN_PIN,
        load_example_catalogue=False,
    )
    return app


def company(path: Path, name: str, *, catalogue: bool = False) -> App:
    app = open_app(path)
    app.setup.set_up(
        name, f"Kontoret {name}", "Bo Berg", ADMIN_PIN, load_example_catalogue=catalogue
    )
    return app


def admin(app: App) -> str:
    return app.supervisors.list()[0].id


def join_network(coord: App, companies: list[App], folder: Path) -> None:
    """Each company sends Coompanion a package (its workplace and computer come along);
    Coompanion signs a network file listing them all; each company reads it."""
    folder.mkdir(parents=True, exist_ok=True)
    for c in companies:
        f = folder / f"hello-{c.db.installation_id}.hpkg"
        c.exchange.export(f, profile="exchange", recipients=[coord.keys.age_recipient])
        coord.exchange.import_file(f, trust_fingerprint=c.keys.fingerprint)
    final = folder / "natverk.json"
    coord.exchange.trust.export_network(final)
    coord.exchange.trust.import_network(None, final)
    for c in companies:
        c.exchange.trust.import_network(None, final, trust_fingerprint=coord.keys.fingerprint)


def placements(app: App, period: Period) -> list[str]:
    """Three people: an ended arbetsträning (to studies), an anställning with lönebidrag
    still going, and a felregistrering. Returns their participant ids."""
    actor = admin(app)
    s = period.start
    a = app.participants.create(
        actor,
        first_name="Märta",
        last_name="Ekström",
        placement_type=PlacementType.WORK_TRAINING,
        referrer=Referrer.EMPLOYMENT_SERVICE,
        start_date=s - dt.timedelta(days=30),
        birth_year=1990,
        gender=Gender.WOMAN,
        phone="070-123 45 67",
        email="marta@example.se",
    )
    app.participants.close(
        actor, a.id, end_date=s + dt.timedelta(days=40), outcome=PlacementOutcome.STUDIES
    )
    b = app.participants.create(
        actor,
        first_name="Göran",
        last_name="Lind",
        placement_type=PlacementType.EMPLOYMENT,
        referrer=Referrer.MUNICIPALITY,
        start_date=s + dt.timedelta(days=3),
        birth_year=1960,
        gender=Gender.MAN,
        wage_subsidy=True,
    )
    c = app.participants.create(
        actor,
        first_name="Felix",
        last_name="Fel",
        placement_type=PlacementType.INTERNSHIP,
        referrer=Referrer.OTHER,
        start_date=s + dt.timedelta(days=5),
    )
    app.participants.close(
        actor, c.id, end_date=s + dt.timedelta(days=6), outcome=PlacementOutcome.REGISTRATION_ERROR
    )
    return [a.id, b.id, c.id]
