"""Swedish alphabetical order (issue 13): Å before Ä before Ö after Z, É with E, Ü with Y,
case ignored. Pure Python (no locale, no Qt), so services and worker threads can sort."""

from __future__ import annotations

import unicodedata

# Letters of their own at the end of the alphabet, after z (code points { | }).
_OWN = {"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}"}
_AS = {"ü": "y", "ß": "ss"}


def sort_key(text: str) -> tuple[str, str]:
    """Primary: letters in Swedish order, accents on other letters ignored (é = e);
    secondary: the case-folded text, so distinct names never compare equal."""
    folded = text.casefold()
    out = []
    for ch in folded:
        if ch in _OWN:
            out.append(_OWN[ch])
        elif ch in _AS:
            out.append(_AS[ch])
        else:
            base = unicodedata.normalize("NFD", ch)
            out.append("".join(c for c in base if not unicodedata.combining(c)))
    return "".join(out), folded


def after_hen_kan(outcome: str) -> str:
    """An outcome printed after "Deltagaren har visat att hen kan:" without repeating
    "Deltagaren kan": "Deltagaren kan packa en order." → "packa en order."."""
    for lead in ("Deltagaren kan ", "deltagaren kan "):
        if outcome.startswith(lead):
            return outcome[len(lead) :]
    return outcome


def count_text(n: int, singular: str, plural: str) -> str:
    """`count_text(1, "modul", "moduler")` → '1 modul'; 5 → '5 moduler'."""
    return f"{n} {singular if n == 1 else plural}"
