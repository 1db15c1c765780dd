"""Test data for signing, built through services."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from handledare_app.domain.enums import AssessmentStatus, EvidenceType, Role
from handledare_app.domain.signing import SignatureInput, SignatureMethod, SignoffInfo
from handledare_app.services.app import App
from tests.conftest import ADMIN_PIN
from tests.helpers import tiny_png

SQUIGGLE = [[(0.1, 0.5), (0.3, 0.2), (0.5, 0.7), (0.7, 0.3), (0.9, 0.6)]]
IK_PIN = "7391"


def drawn() -> SignatureInput:
    return SignatureInput(SignatureMethod.DRAWN, strokes=SQUIGGLE)


def typed(name: str) -> SignatureInput:
    return SignatureInput(SignatureMethod.TYPED, typed_name=name)


def ready_module(
    app: App, actor_id: str, participant_id: str, index: int = 0, photo_dir: Path | None = None
) -> str:
    """Enroll a module, add evidence for every criterion and judge each achieved (OCN
    judges on evidence); the enrollment id."""
    module = app.catalogue.modules()[index]
    enrollment_id = app.journey.enroll(actor_id, participant_id, module.code)
    progress = app.assessment.enrollment(enrollment_id)
    files = []
    if photo_dir is not None:
        photo_dir.mkdir(parents=True, exist_ok=True)
        f = photo_dir / f"foto-{index}.png"
        f.write_bytes(tiny_png())
        files.append(f)
    app.evidence.add(
        actor_id,
        participant_id,
        type=EvidenceType.PHOTO if files else EvidenceType.OBSERVATION,
        date=dt.date.today(),
        title=f"Observation i butiken {index}",
        criterion_ids=[c.id for c in progress.module.criteria],
        files=files,
    )
    for c in progress.module.criteria:
        app.assessment.judge(actor_id, enrollment_id, c.id, AssessmentStatus.ACHIEVED, "Visat.")
    return enrollment_id


def sign(app: App, actor_id: str, enrollment_id: str, pin: str = ADMIN_PIN) -> SignoffInfo:
    return app.signing.sign(
        actor_id, enrollment_id, pin=pin, supervisor=typed("Åsa Öberg"), participant=drawn()
    )


def add_ik(app: App, admin_id: str, name: str = "Birgitta Nordin") -> str:
    return app.supervisors.add(admin_id, name, IK_PIN, {Role.QUALITY_ASSURER}).id
