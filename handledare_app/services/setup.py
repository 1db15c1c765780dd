"""First-run set-up: workplace, this installation, first admin, example catalogue."""

from __future__ import annotations

from ..domain.enums import Role
from ..domain.errors import ValidationError
from ..domain.municipalities import find_municipality
from ..domain.records import InstallationInfo, WorkplaceInfo
from ..domain.rules import validate_name, validate_pin
from ..storage.database import Tx
from ..storage.models import InstallationRow, SupervisorRow, WorkplaceRow
from .base import Service
from .pins import hash_pin


def workplace_info(row: WorkplaceRow) -> WorkplaceInfo:
    return WorkplaceInfo(
        row.id,
        row.name,
        row.personnummer_enabled,
        row.qa_sample_rate,
        row.idle_lock_minutes,
        row.municipality,
    )


def validate_setup_input(
    workplace_name: str, installation_name: str, admin_name: str, pin: str
) -> dict[str, str]:
    """Every problem with the set-up answers at once; needs no database."""
    errors: list[str] = []
    values: dict[str, str] = {}
    for key, value, what in (
        ("workplace", workplace_name, "arbetsplatsens namn"),
        ("installation", installation_name, "installationens namn"),
        ("admin", admin_name, "administratörens namn"),
    ):
        try:
            values[key] = validate_name(value, what)
        except ValidationError as exc:
            errors.append(exc.message)
    try:
        validate_pin(pin)
    except ValidationError as exc:
        errors.append(exc.message)
    if errors:
        raise ValidationError("Uppgifterna behöver rättas.", errors)
    return values


class SetupService(Service):
    def is_set_up(self) -> bool:
        with self.db.reader() as tx:
            return self._installation(tx) is not None

    def _installation(self, tx: Tx) -> InstallationRow | None:
        return tx.get(InstallationRow, self.db.installation_id)

    def workplace_row(self, tx: Tx) -> WorkplaceRow:
        """This installation's workplace, read in the caller's transaction."""
        inst = self._installation(tx)
        if inst is None:
            raise ValidationError("Installationen är inte upplagd ännu. Kör först igång-guiden.")
        wp = tx.get(WorkplaceRow, inst.workplace_id)
        assert wp is not None
        return wp

    def workplace(self) -> WorkplaceInfo:
        with self.db.reader() as tx:
            return workplace_info(self.workplace_row(tx))

    def installation(self) -> InstallationInfo:
        with self.db.reader() as tx:
            inst = self._installation(tx)
            if inst is None:
                raise ValidationError("Installationen är inte upplagd ännu.")
            return InstallationInfo(inst.id, inst.name, inst.workplace_id)

    def publish_public_keys(self) -> None:
        """Fill in this installation's public keys where an older version left them empty."""
        with self.db.reader() as tx:
            inst = self._installation(tx)
            if inst is None or (inst.signing_public_key and inst.age_recipient):
                return
        keys = self.app.keys
        with self.db.transaction() as tx:
            inst = self._installation(tx)
            assert inst is not None
            inst.signing_public_key = keys.signing_public_hex
            inst.age_recipient = keys.age_recipient

    def set_up(
        self,
        workplace_name: str,
        installation_name: str,
        admin_name: str,
        pin: str,
        *,
        load_example_catalogue: bool = True,
    ) -> str:
        """Create the workplace, this installation and the first admin. Returns the admin id."""
        values = validate_setup_input(workplace_name, installation_name, admin_name, pin)
        if self.is_set_up():
            raise ValidationError("Den här installationen är redan upplagd.")
        # Read the catalogue first: set-up is all or nothing, never half done.
        catalogue = self.app.catalogue.example_spec() if load_example_catalogue else None
        keys = self.app.keys
        with self.db.transaction() as tx:
            wp = tx.add(WorkplaceRow(name=values["workplace"]))
            tx.flush()
            tx.add(
                InstallationRow(
                    id=self.db.installation_id,
                    workplace_id=wp.id,
                    name=values["installation"],
                    signing_public_key=keys.signing_public_hex,
                    age_recipient=keys.age_recipient,
                )
            )
            admin = tx.add(
                SupervisorRow(
                    workplace_id=wp.id,
                    name=values["admin"],
                    roles=[Role.ADMIN.value, Role.SUPERVISOR.value],
                    pin_hash=hash_pin(pin),
                )
            )
            tx.flush()
            admin_id = admin.id
            tx.set_actor(admin_id)
            if catalogue is not None:
                self.app.catalogue.apply_in(tx, catalogue)
        return admin_id

    def update_workplace(
        self,
        actor_id: str,
        *,
        name: str | None = None,
        personnummer_enabled: bool | None = None,
        qa_sample_rate: float | None = None,
        idle_lock_minutes: int | None = None,
        municipality: str | None = None,
    ) -> WorkplaceInfo:
        self.app.supervisors.require_role(actor_id, Role.ADMIN)
        with self.db.transaction(actor_id) as tx:
            wp = self.workplace_row(tx)
            if name is not None:
                wp.name = validate_name(name, "arbetsplatsens namn")
            if personnummer_enabled is not None:
                wp.personnummer_enabled = personnummer_enabled
            if qa_sample_rate is not None:
                if not 0.0 <= qa_sample_rate <= 1.0:
                    raise ValidationError("Andelen stickprov ska vara mellan 0 och 100 %.")
                wp.qa_sample_rate = qa_sample_rate
            if idle_lock_minutes is not None:
                if not 1 <= idle_lock_minutes <= 240:
                    raise ValidationError("Automatisk låsning ska vara mellan 1 och 240 minuter.")
                wp.idle_lock_minutes = idle_lock_minutes
            if municipality is not None:
                found = find_municipality(municipality)
                if found is None:
                    raise ValidationError(f"Kommunen ”{municipality}” finns inte i listan.")
                wp.municipality = found.code
            return workplace_info(wp)
