"""Internal quality assurance: the sample, the queue, approve and return."""

from __future__ import annotations

import pytest

from handledare_app.domain.enums import ModuleStatus, Role
from handledare_app.domain.errors import PermissionDenied, ValidationError
from handledare_app.domain.records import ParticipantDetail
from handledare_app.domain.signing import QaState
from handledare_app.services.app import App
from tests.signing_helpers import add_ik, ready_module, sign


def _sample_everything(app: App, admin_id: str) -> None:
    app.quality.update_settings(admin_id, sample_rate=1.0, required=True)


def test_rate_zero_and_one_decide_the_sample(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    app.quality.update_settings(admin_id, sample_rate=0.0, required=True)
    s0 = sign(app, admin_id, ready_module(app, admin_id, participant.id, 0))
    assert not s0.qa_sampled and s0.qa_state is QaState.NOT_SAMPLED
    _sample_everything(app, admin_id)
    s1 = sign(app, admin_id, ready_module(app, admin_id, participant.id, 1))
    assert s1.qa_sampled and s1.qa_state is QaState.PENDING


def test_settings_need_admin_and_a_valid_rate(app: App, admin_id: str) -> None:
    sup = app.supervisors.add(admin_id, "Jonas Lindqvist", "5173", {Role.SUPERVISOR})
    with pytest.raises(PermissionDenied):
        app.quality.update_settings(sup.id, sample_rate=0.5, required=True)
    with pytest.raises(ValidationError, match="mellan 0 och 100"):
        app.quality.update_settings(admin_id, sample_rate=1.5, required=True)
    assert app.quality.settings().sample_rate == pytest.approx(0.33)


def test_ik_approves_and_certificate_is_no_longer_preliminary(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    _sample_everything(app, admin_id)
    ik = add_ik(app, admin_id)
    s = sign(app, admin_id, ready_module(app, admin_id, participant.id))
    assert app.certificates.issue(admin_id, participant.id).preliminary
    [item] = app.quality.queue(ik)
    assert item.signoff.id == s.id and not item.own_work
    done = app.quality.review(ik, s.id, approve=True)
    assert done.qa_state is QaState.APPROVED
    assert app.quality.queue(ik) == []
    cert = app.certificates.issue(admin_id, participant.id)
    assert not cert.preliminary
    with pytest.raises(ValidationError, match="redan granskad"):
        app.quality.review(ik, s.id, approve=True)


def test_ik_never_reviews_own_work(app: App, admin_id: str, participant: ParticipantDetail) -> None:
    _sample_everything(app, admin_id)
    # The admin is also made IK: they assessed the module themselves.
    app.supervisors.update(
        admin_id, admin_id, roles={Role.ADMIN, Role.SUPERVISOR, Role.QUALITY_ASSURER}
    )
    s = sign(app, admin_id, ready_module(app, admin_id, participant.id))
    [item] = app.quality.queue(admin_id)
    assert item.own_work
    assert "själv bedömt" in item.note and "ingen annan aktiv kvalitetssäkrare" in item.note
    with pytest.raises(PermissionDenied, match="själv bedömt"):
        app.quality.review(admin_id, s.id, approve=True)
    other = add_ik(app, admin_id)
    [item] = app.quality.queue(admin_id)
    assert "ingen annan" not in item.note
    assert app.quality.review(other, s.id, approve=True).qa_state is QaState.APPROVED


def test_return_needs_a_comment_and_reopens_for_correction(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    _sample_everything(app, admin_id)
    ik = add_ik(app, admin_id)
    eid = ready_module(app, admin_id, participant.id)
    s = sign(app, admin_id, eid)
    with pytest.raises(ValidationError, match="vad som behöver rättas"):
        app.quality.review(ik, s.id, approve=False, comment=" ")
    app.quality.review(ik, s.id, approve=False, comment="Komplettera kriterium 1.2.")
    assert app.assessment.enrollment(eid).status is ModuleStatus.READY_FOR_SIGNOFF
    [returned] = app.quality.returned()
    assert returned.qa_state is QaState.RETURNED and returned.qa_comment.startswith("Komplettera")
    with pytest.raises(ValidationError):
        app.certificates.issue(admin_id, participant.id)  # nothing signed any more
    again = sign(app, admin_id, eid)
    assert again.supersedes_id == s.id
    assert again.qa_sampled  # a returned module is always reviewed again
    assert app.quality.returned() == []
    assert app.check.run() == []


def test_supervisor_without_ik_role_cannot_review(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    _sample_everything(app, admin_id)
    s = sign(app, admin_id, ready_module(app, admin_id, participant.id))
    sup = app.supervisors.add(admin_id, "Jonas Lindqvist", "5173", {Role.SUPERVISOR})
    with pytest.raises(PermissionDenied, match="kvalitetssäkrare"):
        app.quality.review(sup.id, s.id, approve=True)
