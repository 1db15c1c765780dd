"""Kvalitetssäkring → Klar för signering: Signera … with no row chosen. It used to take
the first row of the list (or do nothing at all when the list was empty): with several
participants that is a guess at whose module to sign."""

from __future__ import annotations


def ready_choice_text(count: int) -> str:
    if count == 0:
        return "Ingen modul är klar för signering just nu."
    return "Välj först i listan vilken modul som ska signeras."
