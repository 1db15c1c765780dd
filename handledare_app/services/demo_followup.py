"""Demo data for the half-year follow-up: genders, start situations, lönebidrag, the
workplace's municipality, and former participants whose placements, type changes and
exits spread over the last two years, so every figure and the four-half-year trend
have something to show.

Validations (figures 12–16) are spread by services/demo_signing: current participants'
modules are signed and certified on days during their placements.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from ..domain.enums import Gender, PlacementOutcome, PlacementType, Referrer, StartStatus
from .app import App

GENDERS = ((Gender.WOMAN, 46), (Gender.MAN, 44), (Gender.OTHER, 3), (Gender.NOT_STATED, 7))
TYPES = (
    (PlacementType.WORK_TRAINING, 40),
    (PlacementType.OCCUPATION, 15),
    (PlacementType.REHABILITATION, 10),
    (PlacementType.INTERNSHIP, 20),
    (PlacementType.EMPLOYMENT, 15),
)
EXITS = (
    (PlacementOutcome.WORK_UNSUBSIDISED, 14),
    (PlacementOutcome.WORK_SUBSIDISED, 10),
    (PlacementOutcome.STUDIES, 12),
    (PlacementOutcome.JOB_SEEKING, 16),
    (PlacementOutcome.OTHER_PROGRAMME, 12),
    (PlacementOutcome.DISCONTINUED, 12),
    (PlacementOutcome.OTHER, 5),
    (PlacementOutcome.UNKNOWN, 5),
)
DEMO_MUNICIPALITY = "2180"  # Gävle


# (actor, participant_id, placement start, last day of the placement)
Validate = Callable[[str, str, dt.date, dt.date], None]


def _pick(rng: random.Random, weighted: tuple[tuple[Any, int], ...]) -> Any:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def person_fields(rng: random.Random, placement_type: PlacementType) -> dict[str, Any]:
    """Gender, start situation and lönebidrag for one new demo participant."""
    return {
        "gender": _pick(rng, GENDERS),
        "start_status": rng.choice(list(StartStatus)) if rng.random() < 0.8 else None,
        "wage_subsidy": placement_type is PlacementType.EMPLOYMENT and rng.random() < 0.5,
    }


def add_former_participants(
    app: App,
    actors: list[str],
    names: list[tuple[str, str]],
    rng: random.Random,
    validate: Validate | None = None,
) -> int:
    """Participants who started during the last two years; most have left (with an exit
    code), some changed from arbetsträning to anställning and stayed, one placement is
    a felregistrering. `validate(actor, participant_id, start, last_day)` (the demo:
    services/demo_signing) is called for two in three, before the exit, so figures
    12–16 have validations in earlier half-years. Returns how many were added."""
    today = dt.date.today()
    app.setup.update_workplace(actors[0], municipality=DEMO_MUNICIPALITY)
    for i, (first, last) in enumerate(names):
        actor = actors[i % len(actors)]
        kind = _pick(rng, TYPES)
        # Spread evenly over the last four half-years (newest first, then older).
        back = (i % 4) * 182 + rng.randint(40, 180)
        start = today - dt.timedelta(days=back)
        fields = person_fields(rng, kind)
        p = app.participants.create(
            actor,
            first_name=first,
            last_name=last,
            placement_type=kind,
            referrer=rng.choice(list(Referrer)),
            start_date=start,
            responsible_id=actor,
            birth_year=rng.randint(1962, 2009) if rng.random() < 0.9 else None,
            **fields,
        )
        change_on = start + dt.timedelta(days=rng.randint(60, 240))
        if kind is PlacementType.WORK_TRAINING and rng.random() < 0.3 and change_on < today:
            app.participants.change_placement_type(
                actor,
                p.id,
                PlacementType.EMPLOYMENT,
                change_on,
                wage_subsidy=rng.random() < 0.6,
            )
            start = change_on
        end = start + dt.timedelta(days=rng.randint(30, 300))
        if validate is not None and i % 3 != 2:
            validate(actor, p.id, start, min(end, today))
        if end >= today:
            continue  # still here
        exit_code = PlacementOutcome.REGISTRATION_ERROR if i == 3 else _pick(rng, EXITS)
        app.participants.close(actor, p.id, end, exit_code)
    return len(names)
