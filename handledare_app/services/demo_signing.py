"""Demo data for issue 4: signed modules, quality-assurance decisions, certificates."""

from __future__ import annotations

import math
import random

from ..domain.enums import Role
from ..domain.signing import SignatureInput, SignatureMethod, Stroke
from .app import App


def demo_strokes(rng: random.Random) -> list[Stroke]:
    """A fictional hand-written-looking squiggle (never anyone's real signature)."""
    strokes: list[Stroke] = []
    x = 0.06
    for _word in range(rng.randint(1, 2)):
        pts: Stroke = []
        length = rng.uniform(0.3, 0.42)
        loops = rng.randint(4, 7)
        for i in range(60):
            t = i / 59
            px = x + t * length + 0.02 * math.sin(t * loops * 2 * math.pi)
            py = 0.55 - 0.25 * math.sin(t * loops * math.pi) * (1 - 0.4 * t)
            pts.append((round(px, 4), round(py, 4)))
        strokes.append(pts)
        x += length + 0.08
    strokes.append([(0.05, 0.8), (min(0.95, x), 0.76)])
    return strokes


def sign_demo_module(
    app: App, actor_id: str, pin: str, enrollment_id: str, rng: random.Random
) -> None:
    supervisor = app.supervisors.get(actor_id)
    sup_sig = (
        SignatureInput(SignatureMethod.DRAWN, strokes=demo_strokes(rng))
        if rng.random() < 0.6
        else SignatureInput(SignatureMethod.TYPED, typed_name=supervisor.name)
    )
    roll = rng.random()
    if roll < 0.6:
        part_sig = SignatureInput(SignatureMethod.DRAWN, strokes=demo_strokes(rng))
    elif roll < 0.85:
        name = app.participants.get(app.signing.participant_of(enrollment_id)).name
        part_sig = SignatureInput(SignatureMethod.TYPED, typed_name=name)
    else:
        part_sig = SignatureInput(SignatureMethod.PAPER)
    app.signing.sign(actor_id, enrollment_id, pin=pin, supervisor=sup_sig, participant=part_sig)


def demo_quality_and_certificates(app: App, admin_id: str, rng: random.Random) -> tuple[int, int]:
    """IK decisions on part of the sample (some left in the queue), then certificates.
    Returns (decisions, certificates)."""
    reviewers = [s for s in app.supervisors.list() if Role.QUALITY_ASSURER in s.roles]
    decisions = 0
    for reviewer in reviewers:
        items = [i for i in app.quality.queue(reviewer.id) if not i.own_work]
        for n, item in enumerate(items):
            if n % 3 == 2:
                continue  # left in the queue, so the page has something to show
            approve = n != 1
            app.quality.review(
                reviewer.id,
                item.signoff.id,
                approve=approve,
                comment=""
                if approve
                else "Bevisen för kriterium 1.2 behöver kompletteras med en observation.",
            )
            decisions += 1
    participants = app.signing.participants_with_signoffs()
    for pid in participants:
        app.certificates.issue(admin_id, pid)
    return decisions, len(participants)
