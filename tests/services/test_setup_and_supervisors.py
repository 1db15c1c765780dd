"""First-run set-up, supervisors, roles and PIN login."""

from __future__ import annotations

import pytest

from handledare_app.domain.enums import Role
from handledare_app.domain.errors import PermissionDenied, ValidationError
from handledare_app.services.app import App
from handledare_app.storage.models import AuditRow, SupervisorRow
from tests.conftest import ADMIN_PIN
from tests.helpers import db_summary

# --- set-up ------------------------------------------------------------------------------


def test_set_up_creates_workplace_installation_admin_and_catalogue(empty_app: App) -> None:
    admin_id = empty_app.setup.set_up("Framsteg", "Laptop 1", "Åsa Öberg", "4821")
    assert empty_app.setup.is_set_up()
    assert empty_app.setup.workplace().name == "Framsteg"
    assert empty_app.setup.workplace().personnummer_enabled is False
    assert empty_app.setup.installation().name == "Laptop 1"
    admin = empty_app.supervisors.get(admin_id)
    assert admin.roles == {Role.ADMIN, Role.SUPERVISOR}
    assert admin.is_admin
    assert len(empty_app.catalogue.modules()) == 36


def test_set_up_lists_every_problem_and_creates_nothing(empty_app: App) -> None:
    with pytest.raises(ValidationError) as info:
        empty_app.setup.set_up("", "   ", "", "12")
    assert info.value.message == "Uppgifterna behöver rättas."
    assert info.value.details == [
        "Ange arbetsplatsens namn.",
        "Ange installationens namn.",
        "Ange administratörens namn.",
        "PIN-koden ska vara 4–12 siffror.",
    ]
    assert not empty_app.setup.is_set_up()
    with empty_app.db.reader() as tx:
        assert tx.count(AuditRow) == 0


def test_set_up_with_only_a_weak_pin_names_that_problem(empty_app: App) -> None:
    with pytest.raises(ValidationError) as info:
        empty_app.setup.set_up("Framsteg", "Laptop", "Åsa", "1234")
    assert info.value.details == ["PIN-koden är för lätt att gissa. Välj andra siffror."]
    assert not empty_app.setup.is_set_up()


def test_set_up_twice_is_refused(app: App) -> None:
    before = db_summary(app)
    with pytest.raises(ValidationError, match="redan upplagd"):
        app.setup.set_up("Annan", "Annan", "Bo", "5937")
    assert db_summary(app) == before


def test_set_up_without_example_catalogue(empty_app: App) -> None:
    empty_app.setup.set_up("Framsteg", "Laptop", "Åsa", "4821", load_example_catalogue=False)
    assert empty_app.catalogue.modules() == []


def test_workplace_before_set_up_says_so(empty_app: App) -> None:
    with pytest.raises(ValidationError, match="inte upplagd"):
        empty_app.setup.workplace()


def test_update_workplace_needs_an_admin(app: App, admin_id: str) -> None:
    plain = app.supervisors.add(admin_id, "Bo Berg", "5937", {Role.SUPERVISOR})
    with pytest.raises(PermissionDenied, match="administratör"):
        app.setup.update_workplace(plain.id, personnummer_enabled=True)
    assert app.setup.workplace().personnummer_enabled is False


def test_update_workplace_validates_and_keeps_old_values(app: App, admin_id: str) -> None:
    with pytest.raises(ValidationError, match="mellan 0 och 100"):
        app.setup.update_workplace(admin_id, name="Nytt namn", qa_sample_rate=1.5)
    wp = app.setup.workplace()
    assert (wp.name, wp.qa_sample_rate) == ("Framstegs Secondhand", 0.33)
    with pytest.raises(ValidationError, match="mellan 1 och 240"):
        app.setup.update_workplace(admin_id, idle_lock_minutes=0)
    updated = app.setup.update_workplace(admin_id, name="Nytt namn", idle_lock_minutes=15)
    assert (updated.name, updated.idle_lock_minutes) == ("Nytt namn", 15)


# --- supervisors --------------------------------------------------------------------------


def test_admin_adds_a_supervisor(app: App, admin_id: str) -> None:
    bo = app.supervisors.add(admin_id, "  Bo   Berg ", "5937", {Role.SUPERVISOR})
    assert bo.name == "Bo Berg"
    assert bo.roles == {Role.SUPERVISOR}
    assert [s.name for s in app.supervisors.list()] == ["Bo Berg", "Åsa Öberg"]


def test_two_active_supervisors_cannot_share_a_name(app: App, admin_id: str) -> None:
    """The login list shows names only: a second "Bo Berg" (any case, any spacing) is
    refused when added or renamed to; a former supervisor's name may be used again."""
    bo = app.supervisors.add(admin_id, "Bo Berg", "5937", {Role.SUPERVISOR})
    with pytest.raises(ValidationError, match="redan en handledare som heter Bo Berg"):
        app.supervisors.add(admin_id, " bo  BERG", "6048", {Role.SUPERVISOR})
    cia = app.supervisors.add(admin_id, "Cia", "6048", {Role.SUPERVISOR})
    with pytest.raises(ValidationError, match="redan en handledare"):
        app.supervisors.update(admin_id, cia.id, name="Bo Berg")
    assert app.supervisors.update(admin_id, bo.id, name="Bo berg").name == "Bo berg"
    app.supervisors.update(admin_id, bo.id, active=False)
    assert app.supervisors.add(admin_id, "Bo Berg", "7159", {Role.SUPERVISOR}).active


def test_adding_needs_a_logged_in_admin(app: App, admin_id: str) -> None:
    with pytest.raises(PermissionDenied, match="logga in"):
        app.supervisors.add(None, "Bo", "5937", {Role.SUPERVISOR})
    plain = app.supervisors.add(admin_id, "Bo", "5937", {Role.SUPERVISOR})
    with pytest.raises(PermissionDenied, match="kräver rollen administratör"):
        app.supervisors.add(plain.id, "Cia", "6048", {Role.SUPERVISOR})
    with pytest.raises(PermissionDenied, match="Okänd användare"):
        app.supervisors.add("0" * 36, "Cia", "6048", {Role.SUPERVISOR})
    assert len(app.supervisors.list()) == 2


def test_add_refuses_bad_pin_empty_name_and_no_roles(app: App, admin_id: str) -> None:
    with pytest.raises(ValidationError, match="4–12 siffror"):
        app.supervisors.add(admin_id, "Bo", "12", {Role.SUPERVISOR})
    with pytest.raises(ValidationError, match="Ange namnet"):
        app.supervisors.add(admin_id, "  ", "5937", {Role.SUPERVISOR})
    with pytest.raises(ValidationError, match="minst en roll"):
        app.supervisors.add(admin_id, "Bo", "5937", set())
    assert len(app.supervisors.list()) == 1


def test_login_with_right_pin(app: App, admin_id: str) -> None:
    assert app.supervisors.login(admin_id, ADMIN_PIN).id == admin_id


def test_login_with_wrong_pin_is_denied_in_swedish(app: App, admin_id: str) -> None:
    with pytest.raises(PermissionDenied) as info:
        app.supervisors.login(admin_id, "9731")
    assert info.value.message == "Fel PIN-kod. Försök igen."


def test_login_without_pin_is_denied_in_swedish(app: App, admin_id: str) -> None:
    with pytest.raises(PermissionDenied) as info:
        app.supervisors.login(admin_id, "")
    assert info.value.message == "Ange din PIN-kod."


def test_login_of_unknown_or_inactive_supervisor_is_denied(app: App, admin_id: str) -> None:
    with pytest.raises(PermissionDenied, match="finns inte eller är inaktiverad"):
        app.supervisors.login("0" * 36, ADMIN_PIN)
    bo = app.supervisors.add(admin_id, "Bo", "5937", {Role.SUPERVISOR})
    app.supervisors.update(admin_id, bo.id, active=False)
    with pytest.raises(PermissionDenied, match="inaktiverad"):
        app.supervisors.login(bo.id, "5937")
    assert [s.name for s in app.supervisors.list()] == ["Åsa Öberg"]
    assert len(app.supervisors.list(include_inactive=True)) == 2


def test_pin_is_stored_only_as_salted_slow_hash(app: App, admin_id: str) -> None:
    pin = "58203916"
    a = app.supervisors.add(admin_id, "Bo", pin, {Role.SUPERVISOR})
    b = app.supervisors.add(admin_id, "Cia", pin, {Role.SUPERVISOR})
    with app.db.reader() as tx:
        ha = tx.get(SupervisorRow, a.id)
        hb = tx.get(SupervisorRow, b.id)
        assert ha is not None and hb is not None
        hashes = (ha.pin_hash, hb.pin_hash)
        audit_text = " ".join(str(r.after) for r in tx.find(AuditRow) if r.after)
    assert all(h.startswith("scrypt$") for h in hashes)
    assert all(pin not in h for h in hashes)
    assert hashes[0] != hashes[1]  # salted
    assert pin not in audit_text
    assert app.supervisors.login(a.id, pin).id == a.id


def test_last_admin_cannot_be_demoted_or_deactivated(app: App, admin_id: str) -> None:
    with pytest.raises(ValidationError, match="minst en aktiv administratör"):
        app.supervisors.update(admin_id, admin_id, roles={Role.SUPERVISOR})
    with pytest.raises(ValidationError, match="minst en aktiv administratör"):
        app.supervisors.update(admin_id, admin_id, active=False)
    me = app.supervisors.get(admin_id)
    assert me.is_admin and me.active


def test_an_admin_can_step_down_when_another_admin_exists(app: App, admin_id: str) -> None:
    other = app.supervisors.add(admin_id, "Bo", "5937", {Role.ADMIN, Role.SUPERVISOR})
    app.supervisors.update(admin_id, admin_id, roles={Role.SUPERVISOR})
    assert not app.supervisors.get(admin_id).is_admin
    with pytest.raises(ValidationError, match="minst en aktiv administratör"):
        app.supervisors.update(other.id, other.id, active=False)


def test_change_own_pin_needs_the_current_one(app: App, admin_id: str) -> None:
    bo = app.supervisors.add(admin_id, "Bo", "5937", {Role.SUPERVISOR})
    with pytest.raises(PermissionDenied, match="Fel PIN-kod"):
        app.supervisors.change_pin(bo.id, bo.id, "6048", current_pin="1357")
    app.supervisors.change_pin(bo.id, bo.id, "6048", current_pin="5937")
    assert app.supervisors.login(bo.id, "6048").id == bo.id
    with pytest.raises(PermissionDenied):
        app.supervisors.login(bo.id, "5937")


def test_admin_resets_someone_elses_pin_but_others_cannot(app: App, admin_id: str) -> None:
    bo = app.supervisors.add(admin_id, "Bo", "5937", {Role.SUPERVISOR})
    with pytest.raises(PermissionDenied):
        app.supervisors.change_pin(bo.id, admin_id, "6048")
    app.supervisors.change_pin(admin_id, bo.id, "7159")
    assert app.supervisors.login(bo.id, "7159").id == bo.id
    assert app.supervisors.login(admin_id, ADMIN_PIN).id == admin_id
