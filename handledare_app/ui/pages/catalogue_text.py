"""The Kriteriebank's texts: catalogue and version sentences, import results, a module as HTML."""

from __future__ import annotations

from html import escape

from ...domain.catalogue import format_points
from ...domain.records import CatalogueImportResult, CatalogueInfo, ModuleInfo
from ...domain.swedish import count_text

EMPTY_TEXT = (
    "Kriteriebanken är tom. När en katalog med moduler är inläst kan du bläddra bland "
    "verksamhetsområden, moduler och bedömningskriterier här."
)


def catalogue_sentence(catalogues: list[CatalogueInfo]) -> str:
    if not catalogues:
        return ""
    names = ", ".join(f"{c.name}, version {c.version}" for c in catalogues)
    word = "Katalog" if len(catalogues) == 1 else "Kataloger"
    return f"{word}: {names}"


def versions_sentence(versions: list[tuple[ModuleInfo, int]]) -> str:
    """'Versioner: 1 (i 2 arbetsplaner), 2 (nyaste)': which versions exist and are used."""
    if len(versions) < 2 and not any(n for _m, n in versions):
        return ""
    parts = []
    for i, (m, uses) in enumerate(versions):
        notes = []
        if uses:
            notes.append(f"i {count_text(uses, 'arbetsplan', 'arbetsplaner')}")
        if i == len(versions) - 1:
            notes.append("nyaste")
        parts.append(f"{m.version} ({', '.join(notes)})" if notes else str(m.version))
    return "Versioner: " + ", ".join(parts) + "."


def import_result_sentence(result: CatalogueImportResult) -> str:
    text = (
        f"Katalogfilen är inläst: {count_text(result.modules_added, 'ny modul', 'nya moduler')}"
        f" och {count_text(result.modules_unchanged, 'oförändrad', 'oförändrade')}"
    )
    if result.areas_added:
        text += f", {count_text(result.areas_added, 'nytt verksamhetsområde', 'nya verksamhetsområden')}"
    return text + ". En säkerhetskopia togs före inläsningen."


def module_html(module: ModuleInfo, versions: str = "") -> str:
    """The module as simple HTML: facts, description, numbered outcomes and criteria."""
    facts = [
        f"Verksamhetsområde: {escape(module.business_area_name)}",
        f"SeQF-nivå {module.seqf_level}",
    ]
    if module.ocn_level is not None:
        facts.append(f"OCN-nivå {module.ocn_level}")
    facts += [f"{format_points(module.points)} poäng", f"version {module.version}"]
    criteria = module.criteria
    parts = [
        f"<h2>{escape(module.code)} {escape(module.title)}</h2>",
        f"<p>{' · '.join(facts)}</p>",
    ]
    if versions:
        parts.append(f"<p>{escape(versions)}</p>")
    if module.description:
        parts.append(f"<p>{escape(module.description)}</p>")
    parts.append(
        f"<p>Modulen har {count_text(len(criteria), 'bedömningskriterium', 'bedömningskriterier')}"
        ". Alla måste vara uppfyllda för att modulen ska räknas.</p>"
    )
    parts.append("<h3>Läranderesultat och bedömningskriterier</h3>")
    for outcome in module.outcomes:
        parts.append(f"<p><b>{outcome.number}. {escape(outcome.text)}</b></p>")
        rows = "".join(
            f"<tr><td style='padding-right: 1em'>{escape(c.number)}</td>"
            f"<td>{escape(c.text)}</td></tr>"
            for c in outcome.criteria
        )
        parts.append(f"<table style='margin-left: 1em; margin-bottom: 0.5em'>{rows}</table>")
    return "\n".join(parts)
