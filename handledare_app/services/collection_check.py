"""Checking one follow-up report package for Coompanion's collection before anything is
stored (see `collection` for the order of the checks): the envelope, manifest and
signature, that it is a report from a workplace and computer in the network file, its
records, and that its signed summary equals the figures computed again from them. The
result is a `CheckedReport`; a refusal is a `CollectionError` whose text ends in
"Inget har ändrats."
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain import followup_records as fr
from ..domain.errors import UserError, ValidationError
from ..domain.followup import Facts, Figures, Period, compute_figures
from . import package as pkg
from .package_reader import PackageReader
from .report import REPORT_KIND, REPORT_PROFILE

if TYPE_CHECKING:
    from .app import App

# Figures that the records cannot prove (no supervisors leave the company).
UNCHECKED = ("active_supervisors",)


class CollectionError(UserError):
    """A report that cannot be collected; nothing has been changed."""


@dataclass
class CheckedReport:
    """A checked package, ready to store."""

    package_id: str
    created_at: str
    workplace_id: str
    workplace_name: str
    municipality: str | None
    installation_id: str
    signer_key: str
    period: Period
    file_sha256: str
    manifest_sha256: str
    summary: dict[str, Any]
    records: dict[str, list[Any]]
    register: list[fr.RegisterEntry]


def refuse(text: str) -> CollectionError:
    return CollectionError(f"{text} Inget har ändrats.")


def parse_facts(records: dict[str, list[Any]], prefix: str = "") -> tuple[Facts, list[Any]]:
    """Parse stored/received records (strict). `prefix` keeps companies' pseudonyms apart."""
    persons = tuple(fr.parse_participant(r, prefix) for r in records.get("participant", []))
    placements = tuple(fr.parse_placement(r, prefix) for r in records.get("placement", []))
    modules = tuple(fr.parse_module(r, prefix) for r in records.get("signed_module", []))
    register = [fr.parse_register_entry(r) for r in records.get("certificate", [])]
    facts = Facts(persons, placements, modules, fr.certificate_facts(register))
    return facts, register


def _comparable(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in UNCHECKED}


def check_package(app: App, path: Path) -> CheckedReport:
    """Check one package; raises CollectionError (a UserError) when it is refused."""
    file_sha = pkg.sha256_file(path) if path.is_file() else ""
    if path.is_file() and pkg.needs_passphrase(path):
        # Reports are encrypted to Coompanion's key, never with a passphrase.
        raise refuse(
            "Paketet är skyddat med en lösenfras, så det är ingen uppföljningsrapport (de "
            "krypteras till Coompanions nyckel). Ett utbytespaket läses in under Utbyte "
            "(eller med ”handledare-app import”)."
        )
    plain = pkg.decrypt_to_file(path, app.paths.root / "tmp", identity=app.keys.age_identity)
    try:
        with PackageReader(plain) as reader:
            reader.check_structure()
            manifest = reader.read_manifest()
            reader.verify_signature()
            _check_kind(manifest)
            origin = manifest["origin"]
            signer = reader.signer_key().hex()
            wp_id, wp_name, installation_id = _check_sender(app, origin, signer)
            period = _period(manifest)
            reader.check_members()
            records = _records(reader)
    finally:
        plain.unlink(missing_ok=True)
    summary = records.pop("summary")
    try:
        facts, register = parse_facts(records)
        received = summary[0]["figures"] if len(summary) == 1 else None
        if not isinstance(received, dict):
            raise ValidationError("sammanfattningen saknas")
        claimed = Figures.from_dict(received)
    except (fr.RecordError, ValidationError, KeyError, TypeError) as exc:
        raise refuse(f"Rapporten från {wp_name} kan inte läsas: {_message(exc)}.") from None
    if claimed.period != period:
        raise refuse(
            f"Rapporten från {wp_name} gäller enligt sammanfattningen en annan period "
            f"({claimed.period.label}) än paketet ({period.label})."
        )
    computed = compute_figures(facts, period)
    if _comparable(computed.to_dict()) != _comparable(claimed.to_dict()):
        raise refuse(
            f"Sammanfattningen i rapporten från {wp_name} för {period.label} stämmer inte "
            "med rapportens poster: siffrorna går inte att räkna fram ur uppgifterna. "
            "Be företaget skicka uppföljningen igen."
        )
    municipality = origin.get("municipality")
    return CheckedReport(
        package_id=str(manifest.get("package_id", ""))[:36],
        created_at=str(manifest.get("created_at", ""))[:32],
        workplace_id=wp_id,
        workplace_name=wp_name,
        municipality=str(municipality)[:4] if municipality else None,
        installation_id=installation_id,
        signer_key=signer,
        period=period,
        file_sha256=file_sha,
        manifest_sha256=hashlib.sha256(reader.manifest_bytes).hexdigest(),
        summary=received,
        records=records,
        register=register,
    )


def _check_kind(manifest: dict[str, Any]) -> None:
    scope = manifest.get("scope")
    kind = scope.get("kind") if isinstance(scope, dict) else None
    if manifest.get("profile") == REPORT_PROFILE and kind != REPORT_KIND:
        raise refuse(
            "Paketet är en export med profilen ”report” (Exportera), inte uppföljningen för "
            "en period: den har ingen period och inga beräknade siffror. Be företaget skicka "
            "uppföljningen med ”Skicka uppföljning till Coompanion” på sidan Statistik (eller "
            "”handledare-app report --period 2027H1”)."
        )
    if manifest.get("profile") != REPORT_PROFILE or kind != REPORT_KIND:
        raise refuse(
            "Paketet är inte en uppföljningsrapport utan ett utbytespaket (profil "
            f"”{str(manifest.get('profile', ''))[:20]}”). Läs in det under Utbyte i "
            "stället; insamlingen läser bara rapporter skrivna med ”Skicka uppföljning "
            "till Coompanion”."
        )


def _check_sender(app: App, origin: dict[str, Any], signer: str) -> tuple[str, str, str]:
    net = app.exchange.trust.network()
    claimed_wp = str(origin.get("workplace_id", ""))
    claimed_name = str(origin.get("workplace_name", ""))[:200] or "okänt företag"
    if signer in app.exchange.trust.revoked_keys():
        raise refuse(
            f"Rapporten från {claimed_name} är signerad av en dator vars nyckel är spärrad i "
            "nätverksfilen (till exempel en förlorad eller stulen dator), så det går inte att "
            "lita på den. Be företaget skicka uppföljningen från en av sina andra datorer."
        )
    workplaces = {str(w["id"]): str(w.get("name", "")) for w in (net or {}).get("workplaces", [])}
    if claimed_wp not in workplaces:
        raise refuse(
            f"Rapporten kommer från {claimed_name}, som inte finns i nätverksfilen. Lägg "
            "till företaget i nätverksfilen först, eller kontrollera varifrån filen kommer."
        )
    inst = next(
        (i for i in (net or {}).get("installations", []) if i["signing_public_key"] == signer),
        None,
    )
    if inst is None:
        raise refuse(
            f"Rapporten säger sig komma från {workplaces[claimed_wp] or claimed_name}, men "
            "den är signerad av en dator som inte finns i nätverksfilen."
        )
    if str(inst.get("workplace_id", "")) != claimed_wp:
        other = workplaces.get(str(inst.get("workplace_id", "")), "ett annat företag")
        raise refuse(
            f"Rapporten säger sig komma från {workplaces[claimed_wp] or claimed_name}, men "
            f"den är signerad av datorn ”{inst['name']}”, som hör till {other}. Ett "
            "företag kan bara rapportera för sig självt."
        )
    return claimed_wp, workplaces[claimed_wp] or claimed_name, str(inst["id"])


def _period(manifest: dict[str, Any]) -> Period:
    try:
        return Period.from_dict(manifest["scope"]["period"])
    except (KeyError, TypeError, ValueError):
        raise refuse("Rapporten anger ingen giltig period.") from None


def _records(reader: PackageReader) -> dict[str, list[Any]]:
    present = set(reader.record_entities())
    unknown = sorted(present - set(fr.ENTITIES))
    if unknown:
        raise refuse(
            f"Rapporten innehåller ”{unknown[0][:40]}”, som inte får finnas i en "
            "uppföljningsrapport."
        )
    missing = [e for e in fr.ENTITIES if e not in present]
    if missing:
        raise refuse(f"Rapporten saknar {fr.ENTITY_LABELS[missing[0]]}.")
    return {e: [raw for _n, raw in reader.iter_records(e)] for e in fr.ENTITIES}


def _message(exc: Exception) -> str:
    if isinstance(exc, UserError):
        return str(exc).rstrip(".")
    return "en uppgift saknas eller har fel form"
