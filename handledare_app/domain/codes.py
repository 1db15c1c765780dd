"""Certificate verification codes: 10 characters of Crockford base32, shown `XXXXX-XXXXX`.

Crockford's alphabet leaves out I, L, O and U; when reading a code back, I and L mean
1 and O means 0, lower case is fine and dashes and spaces are ignored, so a code read
aloud or typed from paper still matches.
"""

from __future__ import annotations

import secrets

from .errors import ValidationError

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0"})


def new_code() -> str:
    """A random code (50 bits from `secrets`), without the dash."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def normalise_code(text: str) -> str:
    """The 10-character code in `text`, or ValidationError with a Swedish message."""
    cleaned = "".join(text.split()).replace("-", "").upper().translate(_CONFUSABLE)
    if not cleaned:
        raise ValidationError("Skriv intygets kontrollkod, till exempel 7K3QD-M9X2F.")
    bad = sorted({ch for ch in cleaned if ch not in ALPHABET})
    if bad:
        raise ValidationError(
            f"Kontrollkoden innehåller tecken som inte förekommer i koder: {' '.join(bad)}. "
            "Koden består av siffror och bokstäver, till exempel 7K3QD-M9X2F."
        )
    if len(cleaned) != CODE_LENGTH:
        raise ValidationError(
            f"Kontrollkoden ska ha {CODE_LENGTH} tecken (utan bindestreck), men har "
            f"{len(cleaned)}. Kontrollera att du fått med hela koden."
        )
    return cleaned
