"""Ändra uppgifter sets, corrects and removes a personnummer with the rules Ny deltagare
uses (one transaction with the rest; refused → nothing saved); the audit log never
holds the number; signed modules and certificates are untouched by a correction."""

from __future__ import annotations

from typing import Unpack, cast

import pytest

from handledare_app.domain.errors import PersonnummerError, ValidationError
from handledare_app.domain.records import ParticipantDetail
from handledare_app.services import tamper_check
from handledare_app.services.app import App
from handledare_app.services.participant_changes import ParticipantChanges
from handledare_app.storage.models import AuditRow
from tests.helpers import db_summary, new_participant
from tests.signing_helpers import ready_module, sign

# Valid check digits (Luhn) unless said otherwise.
FIRST = "19811218-9876"
SECOND = "19850412-1230"


@pytest.fixture
def on(app: App, admin_id: str) -> None:
    app.setup.update_workplace(admin_id, personnummer_enabled=True)


def _save(
    app: App, admin_id: str, pid: str, number: str, **more: Unpack[ParticipantChanges]
) -> None:
    extra = dict(more)
    changes = cast(ParticipantChanges, {"first_name": "Marta", **extra, "personnummer": number})
    app.participant_edit.save_details(admin_id, pid, changes)


@pytest.mark.usefixtures("on")
def test_set_correct_and_remove(app: App, admin_id: str, participant: ParticipantDetail) -> None:
    # Full-width digits, a long dash, no century: read like Ny deltagare reads them.
    _save(app, admin_id, participant.id, "８１１２１８–９８７６")
    after = app.participants.get(participant.id)
    assert (after.first_name, after.personnummer) == ("Marta", FIRST)
    _save(app, admin_id, participant.id, " 198504121230 ")
    assert app.participants.get(participant.id).personnummer == SECOND
    _save(app, admin_id, participant.id, "  ")
    assert app.participants.get(participant.id).personnummer is None


@pytest.mark.usefixtures("on")
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("19811218-98", "ska skrivas ÅÅÅÅMMDD-NNNN"),
        ("19811218-9875", "kontrollsiffran är fel"),
        ("19810231-1233", "datum som inte finns"),
        ("20990101-1230", "födelsedatumet 2099-01-01"),
    ],
)
def test_a_refused_number_saves_nothing(
    app: App, admin_id: str, participant: ParticipantDetail, typed: str, message: str
) -> None:
    before = db_summary(app)
    with pytest.raises(PersonnummerError, match=message):
        _save(app, admin_id, participant.id, typed, phone="070-111 22 33")
    assert db_summary(app) == before


@pytest.mark.usefixtures("on")
def test_a_number_someone_else_has_is_refused(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    new_participant(app, admin_id, "Nils", personnummer=FIRST)
    before = db_summary(app)
    with pytest.raises(PersonnummerError, match="Nils Testsson har redan det personnumret"):
        _save(app, admin_id, participant.id, "811218-9876")
    assert db_summary(app) == before
    # Saving one's own number again is no duplicate.
    _save(app, admin_id, participant.id, SECOND)
    _save(app, admin_id, participant.id, SECOND)
    assert app.participants.get(participant.id).personnummer == SECOND


def test_setting_off_refuses_a_number(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    before = db_summary(app)
    with pytest.raises(PersonnummerError, match="avstängt"):
        _save(app, admin_id, participant.id, FIRST)
    assert db_summary(app) == before
    # Without a personnummer in the changes (what the dialog sends when it is off)
    # a number saved while it was on stays as it was.
    app.setup.update_workplace(admin_id, personnummer_enabled=True)
    _save(app, admin_id, participant.id, FIRST)
    app.setup.update_workplace(admin_id, personnummer_enabled=False)
    app.participant_edit.save_details(admin_id, participant.id, {"first_name": "Märta"})
    assert app.participants.get(participant.id).personnummer == FIRST


@pytest.mark.usefixtures("on")
def test_birth_year_must_be_the_personnummers(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    app.participants.update(admin_id, participant.id, birth_year=1990)
    before = db_summary(app)
    with pytest.raises(PersonnummerError, match=r"Födelseåret 1990 stämmer inte.*ger 1981"):
        _save(app, admin_id, participant.id, FIRST)
    with pytest.raises(PersonnummerError, match="Födelseåret 1984"):
        _save(app, admin_id, participant.id, FIRST, birth_year=1984)
    assert db_summary(app) == before
    _save(app, admin_id, participant.id, FIRST, birth_year=1981)
    # A correction of the number alone must then match the year already saved.
    with pytest.raises(PersonnummerError, match="Födelseåret 1981"):
        _save(app, admin_id, participant.id, SECOND)
    _save(app, admin_id, participant.id, SECOND, clear_birth_year=True)
    after = app.participants.get(participant.id)
    assert (after.personnummer, after.birth_year) == (SECOND, None)
    # Ny deltagare's path has the same rule.
    with pytest.raises(PersonnummerError, match="Födelseåret 1970"):
        new_participant(app, admin_id, "Nils", personnummer=FIRST, birth_year=1970)


def test_update_and_apply_update_take_the_same_changes(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    with pytest.raises(ValidationError, match="antingen ett födelseår"):
        app.participants.update(admin_id, participant.id, birth_year=1980, clear_birth_year=True)
    detail = app.participants.update(admin_id, participant.id, email=" m@example.se ")
    assert (detail.email, detail.first_name) == ("m@example.se", "Märta")


@pytest.mark.usefixtures("on")
def test_the_audit_log_says_that_it_changed_never_the_number(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    _save(app, admin_id, participant.id, FIRST)
    _save(app, admin_id, participant.id, SECOND)
    _save(app, admin_id, participant.id, "")
    with app.db.reader() as tx:
        rows = [r for r in tx.find(AuditRow, order_by="seq") if r.record_id == participant.id]
    text = repr([(r.before, r.after) for r in rows])
    for digits in ("19811218", "811218", "9876", "19850412", "850412", "1230"):
        assert digits not in text
    updates = [r.after for r in rows if r.action == "update" and r.after]
    changed = [a for a in updates if "personnummer" in a]
    assert [a["personnummer"] for a in changed] == ["[dolt]", "[dolt]", None]


@pytest.mark.usefixtures("on")
def test_a_correction_leaves_signed_modules_and_certificates_intact(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    """The personnummer is in no signed snapshot and no certificate (they name the
    participant by id and name), so a correction is allowed and changes neither."""
    _save(app, admin_id, participant.id, FIRST)
    signoff = sign(app, admin_id, ready_module(app, admin_id, participant.id, 0))
    certificate = app.certificates.issue(admin_id, participant.id)
    snapshot = app.signing.snapshot(signoff.id)
    assert FIRST not in repr(snapshot) and "811218" not in repr(snapshot)
    problems = tamper_check.problems(app)
    _save(app, admin_id, participant.id, SECOND)
    assert app.signing.snapshot(signoff.id) == snapshot
    assert app.signing.standing(signoff.enrollment_id) is not None
    assert tamper_check.problems(app) == problems
    assert app.certificates.issue(admin_id, participant.id).id == certificate.id


def test_a_misspelt_change_is_no_silent_no_op(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    with pytest.raises(TypeError, match="personummer"):
        app.participants.update(admin_id, participant.id, personummer="x")  # type: ignore[call-arg]
