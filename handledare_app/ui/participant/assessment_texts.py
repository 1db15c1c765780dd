"""Bedömning's texts: what the tab says when empty or waiting, its keys, and bare criteria."""

from __future__ import annotations

from ...domain.enums import AssessmentStatus

EMPTY_TEXT = (
    "Deltagaren har inga moduler i arbetsplanen ännu. Lägg till moduler under fliken "
    "Arbetsplan; sedan bedömer du kriterierna här."
)
CHOOSE_TEXT = "Välj ett kriterium i listan för att bedöma det."
JUDGE_WITH_EVIDENCE_TEXT = (
    "Uppnådd kräver minst ett bevis för kriteriet. Beskriv vad du såg (en observation räcker) "
    "och spara: då bedöms kriteriet som uppnått."
)
KEYS_TEXT = "Tangenter i listan: U = uppnådd, P = pågår, E = ej påbörjad."
# (status, button text, shortcut key in the tree)
JUDGEMENTS = (
    (AssessmentStatus.ACHIEVED, "&Uppnådd", "U"),
    (AssessmentStatus.IN_PROGRESS, "&Pågår", "P"),
    (AssessmentStatus.NOT_STARTED, "&Ej påbörjad", "E"),
)


def bare_text(labels: list[str]) -> str:
    if not labels:
        return ""
    one = len(labels) == 1
    which = "Kriteriet" if one else "Kriterierna"
    judged = "bedömt som uppnått" if one else "bedömda som uppnådda"
    return (
        f"{which} {', '.join(labels)} är {judged} men saknar bevis. "
        "Välj kriteriet och lägg till ett bevis (Nytt bevis för kriteriet …) innan modulen "
        "signeras."
    )
