"""Supervisors (handledare), roles and PIN login."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from ..domain.enums import Role
from ..domain.errors import NotFoundError, PermissionDenied, PinRefused, ValidationError
from ..domain.records import SupervisorInfo
from ..domain.rules import validate_name, validate_pin
from ..storage.database import Tx
from ..storage.models import SupervisorRow
from .base import Service, require
from .pin_guard import PinGuard, too_many
from .pins import hash_pin, verify_pin

if TYPE_CHECKING:
    from .app import App


def supervisor_info(row: SupervisorRow) -> SupervisorInfo:
    return SupervisorInfo(row.id, row.name, frozenset(Role(r) for r in row.roles), row.active)


@cache
def _dummy_hash() -> str:
    return hash_pin("0000-ingen-användare")


def _parse_roles(roles: list[Role] | set[Role] | frozenset[Role]) -> list[str]:
    if not roles:
        raise ValidationError("En handledare måste ha minst en roll.")
    return sorted(r.value for r in roles)


class SupervisorService(Service):
    def __init__(self, app: App) -> None:
        super().__init__(app)
        # The PIN throttle's clock (wall time: it must hold across restarts); tests replace it.
        self.pin_clock: Callable[[], float] = time.time

    def list(self, include_inactive: bool = False) -> list[SupervisorInfo]:
        with self.db.reader() as tx:
            rows = tx.find(SupervisorRow, order_by="name")
        return [supervisor_info(r) for r in rows if include_inactive or r.active]

    def get(self, supervisor_id: str) -> SupervisorInfo:
        with self.db.reader() as tx:
            return supervisor_info(require(tx, SupervisorRow, supervisor_id, "Handledaren"))

    def _active_actor(self, actor_id: str | None) -> SupervisorInfo:
        if actor_id is None:
            raise PermissionDenied("Du måste logga in för att göra det här.")
        try:
            actor = self.get(actor_id)
        except NotFoundError:
            raise PermissionDenied("Okänd användare. Logga in igen.") from None
        if not actor.active:
            raise PermissionDenied("Ditt konto är inaktiverat. Kontakta en administratör.")
        return actor

    def require_role(self, actor_id: str | None, role: Role) -> SupervisorInfo:
        actor = self._active_actor(actor_id)
        if role not in actor.roles:
            raise PermissionDenied(f"Det här kräver rollen {role.label.lower()}.")
        return actor

    def require_staff(self, actor_id: str | None) -> SupervisorInfo:
        """An active supervisor or admin: who may change participants and their records.
        (A quality assurer without the supervisor role only reviews.)"""
        actor = self._active_actor(actor_id)
        if not actor.roles & {Role.SUPERVISOR, Role.ADMIN}:
            raise PermissionDenied("Det här kräver rollen handledare.")
        return actor

    def pin_wait(self, supervisor_id: str) -> float:
        """Seconds this person must wait before the next PIN check (0: may try now). The
        window asks this to show a countdown; `login` enforces it."""
        return PinGuard(self.db, self.pin_clock).remaining(supervisor_id)

    def login(self, supervisor_id: str, pin: str) -> SupervisorInfo:
        """Every PIN check (login, lock screen, signing, PIN change) goes through here, so
        the guessing throttle (kept across restarts) covers them all."""
        if not pin:
            raise PinRefused("Ange din PIN-kod.")
        guard = PinGuard(self.db, self.pin_clock)
        guard.check(supervisor_id)
        with self.db.reader() as tx:
            row = tx.get(SupervisorRow, supervisor_id)
            if row is None or not row.active:
                # Same work as a real check, so timing does not tell which ids exist.
                verify_pin(pin, _dummy_hash())
                raise PermissionDenied("Den handledaren finns inte eller är inaktiverad.")
            ok = verify_pin(pin, row.pin_hash)
            info = supervisor_info(row)
        if not ok:
            wait = guard.failed(supervisor_id)
            if wait > 0:
                raise too_many(wait)
            raise PinRefused("Fel PIN-kod. Försök igen.")
        guard.succeeded(supervisor_id)
        return info

    def add(self, actor_id: str | None, name: str, pin: str, roles: set[Role]) -> SupervisorInfo:
        self.require_role(actor_id, Role.ADMIN)
        clean = validate_name(name, "namnet")
        validate_pin(pin)
        role_values = _parse_roles(roles)
        with self.db.transaction(actor_id) as tx:
            _refuse_same_name(tx, clean, None)
            row = tx.add(
                SupervisorRow(
                    workplace_id=self.app.setup.workplace_row(tx).id,
                    name=clean,
                    roles=role_values,
                    pin_hash=hash_pin(pin),
                    active=True,
                )
            )
            tx.flush()
            return supervisor_info(row)

    def update(
        self,
        actor_id: str | None,
        supervisor_id: str,
        *,
        name: str | None = None,
        roles: set[Role] | None = None,
        active: bool | None = None,
    ) -> SupervisorInfo:
        self.require_role(actor_id, Role.ADMIN)
        with self.db.transaction(actor_id) as tx:
            row = require(tx, SupervisorRow, supervisor_id, "Handledaren")
            if name is not None:
                row.name = validate_name(name, "namnet")
                _refuse_same_name(tx, row.name, row.id)
            if roles is not None:
                row.roles = _parse_roles(roles)
            if active is not None:
                row.active = active
            if Role.ADMIN.value not in row.roles or not row.active:
                others = [
                    r
                    for r in tx.find(SupervisorRow, active=True)
                    if r.id != row.id and Role.ADMIN.value in r.roles
                ]
                if not others:
                    raise ValidationError("Det måste finnas minst en aktiv administratör.")
            return supervisor_info(row)

    def change_pin(
        self, actor_id: str | None, supervisor_id: str, new_pin: str, current_pin: str | None = None
    ) -> None:
        """Own PIN needs the current one; an admin may reset anyone's."""
        validate_pin(new_pin)
        if actor_id == supervisor_id and current_pin is not None:
            self.login(supervisor_id, current_pin)
        elif actor_id == supervisor_id and not self.get(supervisor_id).is_admin:
            raise PermissionDenied("Ange din nuvarande PIN-kod för att byta till en ny.")
        else:
            self.require_role(actor_id, Role.ADMIN)
        with self.db.transaction(actor_id) as tx:
            row = require(tx, SupervisorRow, supervisor_id, "Handledaren")
            row.pin_hash = hash_pin(new_pin)


def _refuse_same_name(tx: Tx, name: str, own_id: str | None) -> None:
    """The login list shows names only: two active supervisors must not share one."""
    for other in tx.find(SupervisorRow, active=True):
        if other.id != own_id and other.name.casefold() == name.casefold():
            raise ValidationError(
                f"Det finns redan en handledare som heter {other.name}. Lägg till något "
                "som skiljer dem åt i inloggningslistan, till exempel efternamnets första "
                "bokstav."
            )
