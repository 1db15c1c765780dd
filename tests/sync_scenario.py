"""The three-laptop sync scenario (issue 11), shared by the property test
(tests/services/test_sync_property.py, 30 rounds) and the benchmark
(benchmarks/bench_sync.py, hundreds of rounds, timed).

Three laptops of one workplace make random edits (participants, evidence with photos,
judgements, signing, reopening, deletion) and sync through one folder in random order,
with packages deleted at random before they are read; then everyone syncs until settled.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path

from handledare_app.domain.enums import AssessmentStatus, EvidenceType
from handledare_app.domain.errors import UserError
from handledare_app.services.app import App
from tests.exchange_helpers import rich_participant
from tests.helpers import tiny_png
from tests.signing_helpers import ready_module, sign
from tests.sync_helpers import join

LOSS = 0.35  # chance per round that one package of the others is lost before it is read
Sync = Callable[[App, Path], object]


def edit(rng: random.Random, app: App, me: str, owned: list[str], tmp: Path, step: int) -> str:
    """One random edit; participants' signed work only by the laptop that created them."""
    everyone = [p.id for p in app.participants.list()]
    kinds = ["new", "phone", "follow_up", "evidence", "sign", "reopen", "delete", "judge"]
    kind = rng.choice(kinds)
    if kind == "new" or not everyone:
        owned.append(rich_participant(app, me, f"P{step}", tmp))
        return "new"
    if kind == "phone":
        app.participants.update(
            me, rng.choice(everyone), phone=f"070-{step:03d} {rng.random():.4f}"
        )
    elif kind == "judge":  # any laptop, any participant: may meet a signing elsewhere
        progress = app.assessment.participant_progress(rng.choice(everyone))
        if progress:
            e = rng.choice(progress)
            criterion = rng.choice(e.module.criteria).id
            app.assessment.judge(
                me, e.enrollment_id, criterion, AssessmentStatus.ACHIEVED, f"Bedömt {step}"
            )
    elif kind == "follow_up":
        app.journey.add_follow_up(
            me,
            rng.choice(everyone),
            date=dt.date(2026, 10, 1),
            attendees="Bo",
            notes=f"Möte {step}",
            next_steps="",
        )
    elif kind == "evidence" and owned:
        photo = tmp / f"foto-{step}.png"
        photo.write_bytes(tiny_png() + str(step).encode())
        app.evidence.add(
            me,
            rng.choice(owned),
            type=EvidenceType.PHOTO,
            date=dt.date(2026, 9, 5),
            title=f"Bevis {step}",
            files=[photo],
        )
    elif kind == "sign" and owned:
        enrollment = ready_module(app, me, rng.choice(owned), index=rng.randrange(1, 4))
        sign(app, me, enrollment)
    elif kind == "reopen" and owned:
        standing = [s for p in owned for s in app.signing.for_participant(p)]
        if standing:
            app.signing.reopen(me, rng.choice(standing).id, f"Rättelse {step}")
    elif kind == "delete":
        ups = [f for p in everyone for f in app.journey.follow_ups(p)]
        if ups:
            app.journey.delete_follow_up(me, rng.choice(ups).id)
    return kind


def three_laptops(a: App, tmp: Path) -> list[App]:
    """`a` and two laptops that joined its workplace by invitation."""
    return [a, join(a, tmp, "Butikslaptop"), join(a, tmp, "Kafelaptop")]


def _plain_sync(app: App, folder: Path) -> object:
    return app.sync.run(folder)


def run_rounds(
    rng: random.Random,
    laptops: list[App],
    me: str,
    owned: list[list[str]],
    folder: Path,
    tmp: Path,
    rounds: int,
    *,
    first_round: int = 0,
    sync: Sync = _plain_sync,
) -> None:
    """Each round: one laptop makes one or two edits, maybe a package of the others is
    lost, then that laptop syncs."""
    for round_no in range(first_round, first_round + rounds):
        i = rng.randrange(len(laptops))
        for _ in range(rng.randint(1, 2)):
            # A refusal by a rule (e.g. a locked module) changes nothing.
            with contextlib.suppress(UserError):
                edit(rng, laptops[i], me, owned[i], tmp, round_no)
        if rng.random() < LOSS:  # a package lost on the way
            theirs = [
                f
                for f in folder.glob("hsync-*.hpkg")
                if laptops[i].db.installation_id not in f.name
            ]
            if theirs:
                rng.choice(theirs).unlink()
        sync(laptops[i], folder)


def settle(laptops: list[App], folder: Path, *, sync: Sync = _plain_sync) -> None:
    """Everyone syncs three times over, nothing lost any more."""
    for _ in range(3):
        for laptop in laptops:
            sync(laptop, folder)
