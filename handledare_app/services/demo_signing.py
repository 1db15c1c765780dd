"""Demo data for issue 4: signed modules, quality-assurance decisions, certificates.

The demo spreads its validations over the time its participants have been placed, so
the follow-up figures 12–16 have data in earlier half-years too. The app never
backdates a signature or a certificate: `sign_demo_module` and the certificates here go
through the same signing and issuing code (`SigningService._sign_on`,
`CertificateService._issue_on`) with an earlier date, producing the same snapshot, seal,
signatures and signed certificate payload as on that day; nothing else calls them with
a date. Only the rows' sync metadata (created_at, hlc) tell when the demo was made.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from ..domain.enums import AssessmentStatus, EvidenceQuality, EvidenceType, Role
from ..domain.signing import SignatureInput, SignatureMethod, Stroke
from ..storage.models import EnrollmentRow
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


def enrolled_on_day(app: App, actor_id: str, enrollment_ids: list[str], day: dt.date) -> None:
    """Dates demo enrollments `day` (the placement's start) instead of today, so the
    certificate's "Påbörjad" and the credential's start come before the signing.
    Before any signing: the snapshot then carries this date like any other."""
    with app.db.transaction(actor_id) as tx:
        for row in tx.find_in(EnrollmentRow, "id", enrollment_ids):
            row.enrolled_on = day


def demo_signing_day(rng: random.Random, start: dt.date, last: dt.date, today: dt.date) -> dt.date:
    """A day between two months into the placement (after the demo's evidence, which is
    dated at most 60 days in) and `last` (today, or the day the placement ended)."""
    first = start + dt.timedelta(days=61)
    last = min(last, today)
    if first >= last:
        return last
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def sign_demo_module(
    app: App,
    actor_id: str,
    pin: str,
    enrollment_id: str,
    rng: random.Random,
    day: dt.date | None = None,
) -> None:
    """Signs as the signing dialog would, dated `day` (default today)."""
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
    on = day or dt.date.today()
    app.signing._sign_on(
        actor_id,
        enrollment_id,
        pin=pin,
        supervisor=sup_sig,
        participant=part_sig,
        day=on,
        now=f"{on.isoformat()}T10:00:00.000000Z",  # a working day's hour, UTC
    )


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
    today = dt.date.today()
    for pid in participants:
        # Issued within two weeks of the participant's last signed module.
        latest = max(s.signed_on for s in app.signing.for_participant(pid))
        day = min(today, latest + dt.timedelta(days=rng.randint(0, 14)))
        app.certificates._issue_on(admin_id, pid, day)
    return decisions, len(participants)


def validate_former_module(
    app: App,
    actor_id: str,
    pin: str,
    participant_id: str,
    module_code: str,
    start: dt.date,
    end: dt.date,
    rng: random.Random,
) -> None:
    """A former participant's module, validated during the placement (start..end): the
    introduction checklist done, one observation covering every criterion, every
    criterion achieved, signed on a day after the observation and before `end`."""
    for item in app.journey.checklist(participant_id):
        app.journey.set_checklist_item(actor_id, item.id, True)
    enrollment = app.journey.enroll(actor_id, participant_id, module_code)
    enrolled_on_day(app, actor_id, [enrollment], start)
    prog = app.assessment.enrollment(enrollment)
    criteria = [c.id for c in prog.module.criteria]
    seen = start + dt.timedelta(days=min(20, max(0, (end - start).days - 2)))
    app.evidence.add(
        actor_id,
        participant_id,
        type=EvidenceType.OBSERVATION,
        date=seen,
        title=f"Observation under arbetspasset: {prog.module.title.lower()}",
        description="Handledaren såg deltagaren utföra uppgiften.",
        quality={EvidenceQuality.VALID, EvidenceQuality.AUTHENTIC},
        criterion_ids=criteria,
    )
    for cid in criteria:
        app.assessment.judge(
            actor_id, enrollment, cid, AssessmentStatus.ACHIEVED, "Visat i det dagliga arbetet."
        )
    span = max(0, (end - seen).days - 1)
    day = seen + dt.timedelta(days=rng.randint(min(span, 1), span))
    sign_demo_module(app, actor_id, pin, enrollment, rng, day)
