"""Placeholder: the Utbyte (export/import between installations) page comes in a later version."""

from __future__ import annotations

from .base import PlaceholderPageWidget


class ExchangePageWidget(PlaceholderPageWidget):
    title = "Utbyte"
    description = (
        "Här ska du kunna skicka och ta emot uppgifter mellan datorer och till Coompanion "
        "med en fil, till exempel på ett USB-minne, men den delen kommer i en senare version "
        "av appen."
    )
