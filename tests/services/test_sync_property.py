"""Three laptops of one workplace, random edits, syncing through one folder with
packages lost on the way (issue 11): in the end all hold the same records."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from pathlib import Path

import pytest

from handledare_app.domain.enums import AssessmentStatus, EvidenceType
from handledare_app.domain.errors import UserError
from handledare_app.services.app import App
from handledare_app.storage.models import ConflictRow
from tests.exchange_helpers import digests, rich_participant
from tests.helpers import tiny_png
from tests.signing_helpers import ready_module, sign
from tests.sync_helpers import fast_seal, join

ROUNDS = 30


def _edit(rng: random.Random, app: App, me: str, owned: list[str], tmp: Path, step: int) -> str:
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


def test_three_laptops_converge_through_one_folder(
    app: App, admin_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast_seal(monkeypatch)
    rng = random.Random(11)
    folder = tmp_path / "sticka"
    folder.mkdir()
    laptops = [app, join(app, tmp_path, "Butikslaptop"), join(app, tmp_path, "Kafelaptop")]
    owned: list[list[str]] = [[], [], []]
    try:
        for round_no in range(ROUNDS):
            i = rng.randrange(3)
            for _ in range(rng.randint(1, 2)):
                # A refusal by a rule (e.g. a locked module) changes nothing.
                with contextlib.suppress(UserError):
                    _edit(rng, laptops[i], admin_id, owned[i], tmp_path, round_no)
            if rng.random() < 0.35:  # a package lost on the way
                theirs = [
                    f
                    for f in folder.glob("hsync-*.hpkg")
                    if laptops[i].db.installation_id not in f.name
                ]
                if theirs:
                    rng.choice(theirs).unlink()
            laptops[i].sync.run(folder)
        for _ in range(3):  # settle: everyone syncs, nothing lost any more
            for laptop in laptops:
                laptop.sync.run(folder)
        first = digests(laptops[0])
        for entity in ("signoff", "signoff_reopening", "tombstone", "attachment"):
            assert first[entity]["count"] > 0, entity  # the run did exercise these
        for laptop in laptops[1:]:
            assert digests(laptop) == first
        for laptop in laptops:
            assert laptop.check.run() == []
        # Every losing value is in a conflict log and lost to the value now held.
        for laptop in laptops:
            with laptop.db.reader() as tx:
                for c in tx.find(ConflictRow, field="phone"):
                    assert c.lost_value != laptops[0].participants.get(c.record_id).phone
        # Only this laptop's newest package is left in the folder.
        assert len(list(folder.glob("hsync-*.hpkg"))) == 3
    finally:
        for laptop in laptops[1:]:
            laptop.close()
