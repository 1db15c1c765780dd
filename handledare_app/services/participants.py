"""Participants and their placements."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Unpack

from ..domain.enums import (
    INTRODUCTION_CHECKLIST,
    Gender,
    JourneyStage,
    PlacementOutcome,
    PlacementType,
    Referrer,
    StartStatus,
)
from ..domain.errors import PersonnummerError, ValidationError
from ..domain.ids import new_id
from ..domain.records import ParticipantDetail
from ..domain.rules import check_birth_year_matches, normalise_personnummer, validate_name
from ..storage.database import Tx
from ..storage.models import (
    IntroductionItemRow,
    ParticipantRow,
    PlacementRow,
    SupervisorRow,
    WorkplaceRow,
    WorkPlanRow,
)
from .base import require
from .participant_changes import ParticipantChanges
from .participant_reads import ParticipantReads
from .placements import (
    PlacementChanges,
    check_after_previous,
    check_end_date,
    check_wage_subsidy,
)
from .placements import check_dates as _check_dates


@dataclass(frozen=True)
class NewParticipant:
    """What `create` and `create_many` need for one new participant."""

    first_name: str
    last_name: str
    placement_type: PlacementType
    referrer: Referrer
    start_date: dt.date
    planned_end_date: dt.date | None = None
    responsible_id: str | None = None
    personnummer: str | None = None
    birth_year: int | None = None
    phone: str = ""
    email: str = ""
    photo_consent: bool = False
    gender: Gender = Gender.NOT_STATED
    start_status: StartStatus | None = None
    wage_subsidy: bool = False


# The longest text each one-line field takes (the columns' lengths: longer values would
# be refused when another computer reads the exchange package).
LAST_NAME_MAX = 120
PHONE_MAX = 40
EMAIL_MAX = 200


def _line(value: str, subject: str, max_len: int) -> str:
    """One line of optional text: spaces, tabs and line breaks collapsed to single spaces."""
    value = " ".join(value.split())
    if len(value) > max_len:
        raise ValidationError(
            f"{subject} har {len(value)} tecken, men högst {max_len} får plats. "
            "Korta texten och spara igen."
        )
    return value


class ParticipantService(ParticipantReads, PlacementChanges):
    """Registering participants and changing them (the reads: ParticipantReads)."""

    def _workplace(self, tx: Tx) -> WorkplaceRow:
        return self.app.setup.workplace_row(tx)

    def _clean_personnummer(
        self, tx: Tx, value: str | None, own_id: str | None = None
    ) -> str | None:
        """Ny deltagare's and Ändra uppgifter's one check. Empty (or only spaces) means
        no personnummer: removing one is allowed even with the setting off."""
        if not value or not value.strip():
            return None
        if not self._workplace(tx).personnummer_enabled:
            raise PersonnummerError(
                "Personnummer är avstängt för arbetsplatsen. En administratör kan slå på "
                "fältet under Inställningar om det verkligen behövs."
            )
        clean = normalise_personnummer(value)
        for other in tx.find(ParticipantRow, personnummer=clean):
            if other.id != own_id:
                name = " ".join(filter(None, (other.first_name, other.last_name)))
                raise PersonnummerError(
                    f"{name} har redan det personnumret. Kommer personen tillbaka, öppna "
                    f"{name} och starta en ny placering under fliken Avslut i stället."
                )
        return clean

    def create(
        self,
        actor_id: str | None,
        *,
        first_name: str,
        last_name: str = "",
        placement_type: PlacementType,
        referrer: Referrer,
        start_date: dt.date,
        planned_end_date: dt.date | None = None,
        responsible_id: str | None = None,
        personnummer: str | None = None,
        birth_year: int | None = None,
        phone: str = "",
        email: str = "",
        photo_consent: bool = False,
        gender: Gender = Gender.NOT_STATED,
        start_status: StartStatus | None = None,
        wage_subsidy: bool = False,
    ) -> ParticipantDetail:
        self.app.supervisors.require_staff(actor_id)
        spec = NewParticipant(
            first_name,
            last_name,
            placement_type,
            referrer,
            start_date,
            planned_end_date,
            responsible_id,
            personnummer,
            birth_year,
            phone,
            email,
            photo_consent,
            gender,
            start_status,
            wage_subsidy,
        )
        with self.db.transaction(actor_id) as tx:
            return self._detail(tx, self._create_in(tx, spec))

    def create_many(self, actor_id: str | None, specs: list[NewParticipant]) -> list[str]:
        """Several participants in one transaction (imports, benchmarks): all or none.
        Returns their ids in the order given."""
        self.app.supervisors.require_staff(actor_id)
        with self.db.transaction(actor_id) as tx:
            workplace_id = self._workplace(tx).id
            rows = [self._participant_row(tx, spec, workplace_id) for spec in specs]
            tx.flush()  # parents first: inserts are not ordered by foreign key
            for row, spec in zip(rows, specs, strict=True):
                self._add_placement_and_plan(tx, row, spec)
            tx.flush()
            return [row.id for row in rows]

    def _create_in(self, tx: Tx, spec: NewParticipant) -> ParticipantRow:
        p = self._participant_row(tx, spec, self._workplace(tx).id)
        tx.flush()
        self._add_placement_and_plan(tx, p, spec)
        tx.flush()
        return p

    def _participant_row(self, tx: Tx, spec: NewParticipant, workplace_id: str) -> ParticipantRow:
        first = validate_name(spec.first_name, "förnamn")
        last = _line(spec.last_name, "Efternamnet", LAST_NAME_MAX)
        phone = _line(spec.phone, "Telefonnumret", PHONE_MAX)
        email = _line(spec.email, "E-postadressen", EMAIL_MAX)
        _check_dates(spec.start_date, spec.planned_end_date)
        check_wage_subsidy(spec.placement_type, spec.wage_subsidy)
        birth_year = _checked_birth_year(spec.birth_year)
        personnummer = self._clean_personnummer(tx, spec.personnummer)
        check_birth_year_matches(personnummer, birth_year)
        if spec.responsible_id is not None:
            require(tx, SupervisorRow, spec.responsible_id, "Ansvarig handledare")
        p = tx.add(
            ParticipantRow(
                id=new_id(),  # known before the flush: create_many links rows in bulk
                workplace_id=workplace_id,
                first_name=first,
                last_name=last,
                personnummer=personnummer,
                birth_year=birth_year,
                phone=phone,
                email=email,
                responsible_id=spec.responsible_id,
                stage=JourneyStage.INTRODUCTION.value,
                photo_consent=spec.photo_consent,
                photo_consent_date=dt.date.today() if spec.photo_consent else None,
                gender=Gender(spec.gender).value,
            )
        )
        return p

    def _add_placement_and_plan(self, tx: Tx, p: ParticipantRow, spec: NewParticipant) -> None:
        tx.add(
            PlacementRow(
                participant_id=p.id,
                type=spec.placement_type.value,
                referrer=spec.referrer.value,
                start_date=spec.start_date,
                planned_end_date=spec.planned_end_date,
                start_status=spec.start_status.value if spec.start_status else None,
                wage_subsidy=spec.wage_subsidy,
            )
        )
        for pos, (key, label) in enumerate(INTRODUCTION_CHECKLIST):
            tx.add(
                IntroductionItemRow(
                    participant_id=p.id, key=key, label=label, position=pos, done=False
                )
            )
        tx.add(WorkPlanRow(participant_id=p.id))

    def update(
        self, actor_id: str | None, participant_id: str, **changes: Unpack[ParticipantChanges]
    ) -> ParticipantDetail:
        """Change the given fields (ParticipantChanges says how)."""
        self.app.supervisors.require_staff(actor_id)
        with self.db.transaction(actor_id) as tx:
            p = require(tx, ParticipantRow, participant_id, "Deltagaren")
            self.apply_update(tx, p, **changes)
            return self._detail(tx, p)

    def apply_update(
        self, tx: Tx, p: ParticipantRow, **changes: Unpack[ParticipantChanges]
    ) -> None:
        """`update` inside a caller's transaction (Ändra uppgifter saves all in one).

        A personnummer given is checked as Ny deltagare checks it; when it or the birth
        year changes, a birth year must be the personnummer's."""
        if unknown := changes.keys() - ParticipantChanges.__optional_keys__:
            raise TypeError(f"unknown participant fields: {sorted(unknown)}")
        birth_year = changes.get("birth_year")
        clear_birth_year = changes.get("clear_birth_year", False)
        if clear_birth_year and birth_year is not None:
            raise ValidationError("Ange antingen ett födelseår eller att det ska tas bort.")
        before = (p.personnummer, p.birth_year)
        if (gender := changes.get("gender")) is not None:
            p.gender = Gender(gender).value
        if (first_name := changes.get("first_name")) is not None:
            p.first_name = validate_name(first_name, "förnamn")
        if (last_name := changes.get("last_name")) is not None:
            p.last_name = _line(last_name, "Efternamnet", LAST_NAME_MAX)
        personnummer = changes.get("personnummer")
        if personnummer is not None:
            p.personnummer = self._clean_personnummer(tx, personnummer, p.id)
        if clear_birth_year:
            p.birth_year = None
        elif birth_year is not None:
            p.birth_year = _checked_birth_year(birth_year)
        if personnummer is not None and (p.personnummer, p.birth_year) != before:
            check_birth_year_matches(p.personnummer, p.birth_year)
        if (phone := changes.get("phone")) is not None:
            p.phone = _line(phone, "Telefonnumret", PHONE_MAX)
        if (email := changes.get("email")) is not None:
            p.email = _line(email, "E-postadressen", EMAIL_MAX)
        if (responsible_id := changes.get("responsible_id")) is not None:
            require(tx, SupervisorRow, responsible_id, "Ansvarig handledare")
            p.responsible_id = responsible_id

    def set_photo_consent(
        self, actor_id: str | None, participant_id: str, consent: bool, on: dt.date | None = None
    ) -> None:
        self.app.supervisors.require_staff(actor_id)
        with self.db.transaction(actor_id) as tx:
            apply_consent(require(tx, ParticipantRow, participant_id, "Deltagaren"), consent, on)

    def set_stage(self, actor_id: str | None, participant_id: str, stage: JourneyStage) -> None:
        self.app.supervisors.require_staff(actor_id)
        with self.db.transaction(actor_id) as tx:
            p = require(tx, ParticipantRow, participant_id, "Deltagaren")
            if stage is JourneyStage.CLOSURE:
                raise ValidationError("Använd Avslut för att avsluta en placering.")
            p.stage = stage.value

    def advance_stage(self, tx: Tx, participant_id: str, at_least: JourneyStage) -> None:
        """Move forward when work shows it (e.g. first module chosen); never backwards."""
        p = tx.get(ParticipantRow, participant_id)
        if p is not None and JourneyStage(p.stage).position < at_least.position:
            p.stage = at_least.value

    def close(
        self,
        actor_id: str | None,
        participant_id: str,
        end_date: dt.date,
        outcome: PlacementOutcome,
    ) -> ParticipantDetail:
        self.app.supervisors.require_staff(actor_id)
        check_end_date(end_date)
        with self.db.transaction(actor_id) as tx:
            p = require(tx, ParticipantRow, participant_id, "Deltagaren")
            placements = tx.find(PlacementRow, order_by="start_date", participant_id=p.id)
            open_ = [x for x in placements if x.end_date is None]
            if not open_:
                raise ValidationError("Deltagaren har ingen pågående placering att avsluta.")
            current = open_[-1]
            if end_date < current.start_date:
                raise ValidationError("Slutdatum kan inte vara före placeringens startdatum.")
            current.end_date = end_date
            current.outcome = outcome.value
            p.stage = JourneyStage.CLOSURE.value
            return self._detail(tx, p)

    def start_new_placement(
        self,
        actor_id: str | None,
        participant_id: str,
        placement_type: PlacementType,
        referrer: Referrer,
        start_date: dt.date,
        planned_end_date: dt.date | None = None,
        *,
        start_status: StartStatus | None = None,
        wage_subsidy: bool = False,
    ) -> ParticipantDetail:
        self.app.supervisors.require_staff(actor_id)
        _check_dates(start_date, planned_end_date)
        check_wage_subsidy(placement_type, wage_subsidy)
        with self.db.transaction(actor_id) as tx:
            p = require(tx, ParticipantRow, participant_id, "Deltagaren")
            placements = tx.find(PlacementRow, participant_id=p.id)
            if any(x.end_date is None for x in placements):
                raise ValidationError("Avsluta den pågående placeringen först.")
            check_after_previous(
                start_date, max((x.end_date for x in placements if x.end_date), default=None)
            )
            tx.add(
                PlacementRow(
                    participant_id=p.id,
                    type=placement_type.value,
                    referrer=referrer.value,
                    start_date=start_date,
                    planned_end_date=planned_end_date,
                    start_status=start_status.value if start_status else None,
                    wage_subsidy=wage_subsidy,
                )
            )
            p.stage = JourneyStage.INTRODUCTION.value
            tx.flush()
            return self._detail(tx, p)


def apply_consent(p: ParticipantRow, consent: bool, on: dt.date | None) -> None:
    p.photo_consent = consent
    p.photo_consent_date = (on or dt.date.today()) if consent else None


def _checked_birth_year(year: int | None) -> int | None:
    if year is not None and not 1900 <= year <= dt.date.today().year - 14:
        raise ValidationError("Födelseåret verkar inte stämma.")
    return year
