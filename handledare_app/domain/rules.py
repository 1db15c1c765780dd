"""Business rules that need no storage."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from .enums import AssessmentStatus, ModuleStatus
from .errors import PersonnummerError, ValidationError

PIN_MIN_LENGTH = 4
PIN_MAX_LENGTH = 12


def module_status(
    statuses: Iterable[AssessmentStatus], criteria_count: int, signed: bool = False
) -> ModuleStatus:
    """OCN: a module counts only when *every* criterion is met; no partial credit."""
    if signed:
        return ModuleStatus.SIGNED
    values = list(statuses)
    achieved = sum(1 for s in values if s is AssessmentStatus.ACHIEVED)
    if criteria_count > 0 and achieved == criteria_count:
        return ModuleStatus.READY_FOR_SIGNOFF
    if any(s is not AssessmentStatus.NOT_STARTED for s in values):
        return ModuleStatus.IN_PROGRESS
    return ModuleStatus.NOT_STARTED


def validate_pin(pin: str) -> None:
    if not pin:
        raise ValidationError("Ange en PIN-kod.")
    if not (pin.isascii() and pin.isdigit()) or not PIN_MIN_LENGTH <= len(pin) <= PIN_MAX_LENGTH:
        raise ValidationError(f"PIN-koden ska vara {PIN_MIN_LENGTH}–{PIN_MAX_LENGTH} siffror.")
    if len(set(pin)) == 1 or pin in "0123456789012" or pin in "9876543210":
        raise ValidationError("PIN-koden är för lätt att gissa. Välj andra siffror.")


def validate_name(value: str, what: str, max_len: int = 120) -> str:
    value = " ".join(value.split())
    if not value:
        raise ValidationError(f"Ange {what}.")
    if len(value) > max_len:
        raise ValidationError(f"{what.capitalize()} är för långt (högst {max_len} tecken).")
    return value


_PNR = re.compile(r"^([0-9]{2})?([0-9]{6})([-+]?)([0-9]{4})$")
# Dashes that look like '-' (word processors turn '-' into '–'); NFKC takes full-width
# digits to 0–9.
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-"})


def normalise_personnummer(text: str) -> str:
    """Return 'YYYYMMDD-NNNN' or raise. Accepts 10 or 12 digits, with or without '-'."""
    plain = unicodedata.normalize("NFKC", text).translate(_DASHES)
    m = _PNR.match("".join(plain.split()))
    if not m:
        raise PersonnummerError("Personnumret ska skrivas ÅÅÅÅMMDD-NNNN.")
    century, short, sep, last4 = m.group(1), m.group(2), m.group(3), m.group(4)
    digits10 = short + last4
    if not _luhn_ok(digits10):
        raise PersonnummerError(
            "Personnumret stämmer inte (kontrollsiffran är fel). Kontrollera siffrorna mot "
            "legitimationen."
        )
    if century is None:
        yy = int(short[:2])
        now = dt.date.today().year
        century_int = (now // 100) if 2000 + yy <= now else (now // 100 - 1)
        if sep == "+":  # "+" marks someone who is 100 or older
            century_int -= 1
        century = f"{century_int:02d}"
    day = int(short[4:6])
    if day > 60:  # samordningsnummer
        day -= 60
    try:
        born = dt.date(int(century + short[:2]), int(short[2:4]), day)
    except ValueError:
        raise PersonnummerError("Personnumret innehåller ett datum som inte finns.") from None
    if not dt.date(1900, 1, 1) <= born <= dt.date.today():
        raise PersonnummerError(
            f"Personnumret ger födelsedatumet {born.isoformat()}, som inte kan stämma. "
            "Kontrollera de första siffrorna."
        )
    return f"{century}{short}-{last4}"


def personnummer_birth_year(clean: str) -> int:
    """The birth year in a personnummer as normalise_personnummer returns it."""
    return int(clean[:4])


def check_birth_year_matches(clean: str | None, birth_year: int | None) -> None:
    """A birth year given together with a personnummer must be the personnummer's year."""
    if clean is None or birth_year is None:
        return
    year = personnummer_birth_year(clean)
    if year != birth_year:
        raise PersonnummerError(
            f"Födelseåret {birth_year} stämmer inte med personnumret, som ger {year}. "
            "Rätta födelseåret eller personnumret."
        )


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


# --- evidence behind a validation (issue 13) -------------------------------------

EVIDENCE_REQUIRED_MESSAGE = (
    "Kriteriet kan bedömas som uppnått först när minst ett bevis är kopplat till det. "
    "Lägg till ett bevis för kriteriet (till exempel en observation) och bedöm sedan."
)


def require_evidence_for(status: AssessmentStatus, evidence_count: int) -> None:
    """OCN judges every criterion on evidence: Uppnådd needs at least one linked item."""
    if status is AssessmentStatus.ACHIEVED and evidence_count < 1:
        raise ValidationError(EVIDENCE_REQUIRED_MESSAGE)
