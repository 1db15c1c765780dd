"""What Ändra uppgifter may change on a participant: the keywords of
ParticipantService.update and apply_update, written once."""

from __future__ import annotations

from typing import TypedDict

from ..domain.enums import Gender


class ParticipantChanges(TypedDict, total=False):
    """A missing key or None leaves the field as it is. An empty personnummer removes
    it; the birth year is removed with ``clear_birth_year=True`` (a year given at the
    same time is an error)."""

    first_name: str | None
    last_name: str | None
    personnummer: str | None
    birth_year: int | None
    phone: str | None
    email: str | None
    responsible_id: str | None
    gender: Gender | None
    clear_birth_year: bool
