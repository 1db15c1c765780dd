"""Coompanion's collection (Insamling, issue 10 item 5): reading the companies' reports.

An installation is Coompanion's when it signed the network file it holds, or was set
up with `init --samordnare`. It reads a folder of report packages in one action. Each
package is checked before anything is stored, in this order: the envelope and the
ZIP, the manifest and its signature, that it is a follow-up report (not an exchange
package), that its workplace is in the network file and its signer an installation of
that very workplace, every member's hash, every record (services/report.py's format),
and that the signed summary equals the figures computed again from the records.

Stored per company and period (tables `collected_report`, `collected_certificate`):
a newer package for the same company and period replaces the earlier one; the same
package twice changes nothing; an older one than what is stored is refused.

County figures count placements (FOLLOWUP.md §6, C3): they are computed over the union
of the reporting companies' records (each company's pseudonyms are its own), with the
supervisor count (not in the records) summed from the companies' signed summaries.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain import followup_records as fr
from ..domain.errors import UserError, ValidationError
from ..domain.followup import (
    CertificateFact,
    Facts,
    Figures,
    Period,
    PersonFact,
    PlacementFact,
    SignedModuleFact,
    compute_figures,
    previous_half_years,
)
from ..storage import exchange_rows
from ..storage.collection_rows import (
    ReportHead,
    period_summaries,
    report_heads,
    report_records,
)
from ..storage.database import Tx
from ..storage.models import CollectedCertificateRow, CollectedReportRow
from ..storage.sync import utc_now_text
from . import package as pkg
from .base import Service
from .report import REPORT_KIND, REPORT_PROFILE

COORDINATOR_KEY = "collection.coordinator"
# Figures that the records cannot prove (no supervisors leave the company).
UNCHECKED = ("active_supervisors",)


class CollectionError(UserError):
    """A report that cannot be collected; nothing has been changed."""


@dataclass(frozen=True)
class FileOutcome:
    """What reading one file did: 'new', 'replaced', 'unchanged' or 'refused'."""

    name: str
    status: str
    message: str
    workplace_name: str = ""
    period: str = ""


@dataclass
class CollectResult:
    outcomes: list[FileOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def lines(self) -> list[str]:
        return [f"{o.name}: {o.message}" for o in self.outcomes]


@dataclass(frozen=True)
class CompanyStatus:
    workplace_id: str
    name: str
    municipality: str | None
    reported: bool
    latest_package: str | None  # created_at (date) of the company's latest package
    latest_period: str | None


@dataclass(frozen=True)
class CountyView:
    period: Period
    companies: list[CompanyStatus]
    total: Figures | None
    per_company: dict[str, Figures]  # workplace name → figures
    per_municipality: dict[str, Figures]  # municipality code ("" unknown) → figures

    @property
    def reporting(self) -> int:
        return sum(1 for c in self.companies if c.reported)

    @property
    def missing(self) -> list[CompanyStatus]:
        return [c for c in self.companies if not c.reported]


@dataclass
class _Report:
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


def _refuse(text: str) -> CollectionError:
    return CollectionError(f"{text} Inget har ändrats.")


def _facts(records: dict[str, list[Any]], prefix: str = "") -> tuple[Facts, list[Any]]:
    """Parse stored/received records (strict). `prefix` keeps companies' pseudonyms apart."""
    persons = tuple(fr.parse_participant(r, prefix) for r in records.get("participant", []))
    placements = tuple(fr.parse_placement(r, prefix) for r in records.get("placement", []))
    modules = tuple(fr.parse_module(r, prefix) for r in records.get("signed_module", []))
    register = [fr.parse_register_entry(r) for r in records.get("certificate", [])]
    facts = Facts(persons, placements, modules, fr.certificate_facts(register))
    return facts, register


# Parsed facts of stored reports, by (database, report id): a stored report never
# changes (a correction is a new report with a new id), so this never goes stale.
_PARSED: OrderedDict[tuple[str, str], Facts] = OrderedDict()
_PARSED_MAX = 64


def _stored_facts(tx: Tx, db_path: str, head: ReportHead) -> Facts:
    key = (db_path, head.id)
    facts = _PARSED.get(key)
    if facts is None:
        records = report_records(tx, head.id)
        facts, _register = _facts(records, prefix=f"{head.workplace_id}:")
        _PARSED[key] = facts
        while len(_PARSED) > _PARSED_MAX:
            _PARSED.popitem(last=False)
    else:
        _PARSED.move_to_end(key)
    return facts


def _comparable(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in UNCHECKED}


class CollectionService(Service):
    # --- who collects -------------------------------------------------------------------

    def is_coordinator(self) -> bool:
        with self.db.reader() as tx:
            if exchange_rows.get_local_setting(tx, COORDINATOR_KEY) == "1":
                return True
        net = self.app.exchange.trust.network()
        return net is not None and (
            net["signer"]["signing_public_key"] == self.app.keys.signing_public_hex
        )

    def mark_coordinator(self) -> None:
        """`init --samordnare`: this installation is Coompanion's."""
        with self.db.transaction() as tx:
            exchange_rows.set_local_setting(tx, COORDINATOR_KEY, "1")

    def _require_coordinator(self) -> None:
        if not self.is_coordinator():
            raise UserError(
                "Bara Coompanions installation samlar in uppföljningar (den som signerar "
                "nätverksfilen, eller som lades upp med ”init --samordnare”). Inget har ändrats."
            )

    # --- reading packages -----------------------------------------------------------------

    def read_folder(
        self,
        target: Path,
        actor_id: str | None = None,
        progress: Callable[[int, int], bool] | None = None,
    ) -> CollectResult:
        """Read every `.hpkg` in a folder (or one file). Each file is its own unit: a bad
        one is refused with its reason and the rest are read. Packages are applied in
        the order they were written, so the newest of one company and period wins."""
        self._require_coordinator()
        if actor_id is not None:
            self.app.supervisors.require_staff(actor_id)
        files = self.app.exchange.package_files(target)
        checked: list[tuple[Path, _Report | FileOutcome]] = []
        total = len(files) * 2
        for i, path in enumerate(files):
            try:
                checked.append((path, self._check(path)))
            except UserError as exc:
                checked.append((path, FileOutcome(path.name, "refused", str(exc))))
            if progress is not None and not progress(i + 1, total):
                raise pkg.Cancelled()
        result = CollectResult()
        if any(isinstance(item, _Report) for _p, item in checked):
            with contextlib.suppress(OSError):  # DESIGN §4: a backup before every import
                self.app.backup_now("import")
        ordered = sorted(
            checked,
            key=lambda item: item[1].created_at if isinstance(item[1], _Report) else "",
        )
        for i, (path, item) in enumerate(ordered):
            if isinstance(item, FileOutcome):
                result.outcomes.append(item)
            else:
                try:
                    result.outcomes.append(self._store(path, item))
                except UserError as exc:
                    result.outcomes.append(
                        FileOutcome(
                            path.name, "refused", str(exc), item.workplace_name, item.period.label
                        )
                    )
            if progress is not None and not progress(len(files) + i + 1, total):
                raise pkg.Cancelled()
        order = {p.name: i for i, p in enumerate(files)}
        result.outcomes.sort(key=lambda o: order.get(o.name, 0))
        return result

    def read_file(self, path: Path) -> FileOutcome:
        """One package; raises CollectionError (a UserError) when it is refused."""
        self._require_coordinator()
        return self._store(path, self._check(path))

    def _check(self, path: Path) -> _Report:
        file_sha = pkg.sha256_file(path) if path.is_file() else ""
        plain = pkg.decrypt_to_file(
            path, self.app.paths.root / "tmp", identity=self.app.keys.age_identity
        )
        try:
            with pkg.PackageReader(plain) as reader:
                reader.check_structure()
                manifest = reader.read_manifest()
                reader.verify_signature()
                self._check_kind(manifest)
                origin = manifest["origin"]
                signer = reader.signer_key().hex()
                wp_id, wp_name, installation_id = self._check_sender(origin, signer)
                period = self._period(manifest)
                reader.check_members()
                records = self._records(reader)
        finally:
            plain.unlink(missing_ok=True)
        summary = records.pop("summary")
        try:
            facts, register = _facts(records)
            received = summary[0]["figures"] if len(summary) == 1 else None
            if not isinstance(received, dict):
                raise ValidationError("sammanfattningen saknas")
            claimed = Figures.from_dict(received)
        except (fr.RecordError, ValidationError, KeyError, TypeError) as exc:
            raise _refuse(f"Rapporten från {wp_name} kan inte läsas: {_message(exc)}.") from None
        if claimed.period != period:
            raise _refuse(
                f"Rapporten från {wp_name} gäller enligt sammanfattningen en annan period "
                f"({claimed.period.label}) än paketet ({period.label})."
            )
        computed = compute_figures(facts, period)
        if _comparable(computed.to_dict()) != _comparable(claimed.to_dict()):
            raise _refuse(
                f"Sammanfattningen i rapporten från {wp_name} för {period.label} stämmer inte "
                "med rapportens poster: siffrorna går inte att räkna fram ur uppgifterna. "
                "Be företaget skicka uppföljningen igen."
            )
        municipality = origin.get("municipality")
        return _Report(
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

    def _check_kind(self, manifest: dict[str, Any]) -> None:
        scope = manifest.get("scope")
        kind = scope.get("kind") if isinstance(scope, dict) else None
        if manifest.get("profile") != REPORT_PROFILE or kind != REPORT_KIND:
            raise _refuse(
                "Paketet är inte en uppföljningsrapport utan ett utbytespaket (profil "
                f"”{str(manifest.get('profile', ''))[:20]}”). Läs in det under Utbyte i "
                "stället; insamlingen läser bara rapporter skrivna med ”Skicka uppföljning "
                "till Coompanion”."
            )

    def _check_sender(self, origin: dict[str, Any], signer: str) -> tuple[str, str, str]:
        net = self.app.exchange.trust.network()
        claimed_wp = str(origin.get("workplace_id", ""))
        claimed_name = str(origin.get("workplace_name", ""))[:200] or "okänt företag"
        if signer in self.app.exchange.trust.revoked_keys():
            raise _refuse(f"Rapporten från {claimed_name} är signerad med en spärrad nyckel.")
        workplaces = {
            str(w["id"]): str(w.get("name", "")) for w in (net or {}).get("workplaces", [])
        }
        if claimed_wp not in workplaces:
            raise _refuse(
                f"Rapporten kommer från {claimed_name}, som inte finns i nätverksfilen. Lägg "
                "till företaget i nätverksfilen först, eller kontrollera varifrån filen kommer."
            )
        inst = next(
            (i for i in (net or {}).get("installations", []) if i["signing_public_key"] == signer),
            None,
        )
        if inst is None:
            raise _refuse(
                f"Rapporten säger sig komma från {workplaces[claimed_wp] or claimed_name}, men "
                "den är signerad av en dator som inte finns i nätverksfilen."
            )
        if str(inst.get("workplace_id", "")) != claimed_wp:
            other = workplaces.get(str(inst.get("workplace_id", "")), "ett annat företag")
            raise _refuse(
                f"Rapporten säger sig komma från {workplaces[claimed_wp] or claimed_name}, men "
                f"den är signerad av datorn ”{inst['name']}”, som hör till {other}. Ett "
                "företag kan bara rapportera för sig självt."
            )
        return claimed_wp, workplaces[claimed_wp] or claimed_name, str(inst["id"])

    def _period(self, manifest: dict[str, Any]) -> Period:
        try:
            return Period.from_dict(manifest["scope"]["period"])
        except (KeyError, TypeError, ValueError):
            raise _refuse("Rapporten anger ingen giltig period.") from None

    def _records(self, reader: pkg.PackageReader) -> dict[str, list[Any]]:
        present = set(reader.record_entities())
        unknown = sorted(present - set(fr.ENTITIES))
        if unknown:
            raise _refuse(
                f"Rapporten innehåller ”{unknown[0][:40]}”, som inte får finnas i en "
                "uppföljningsrapport."
            )
        missing = [e for e in fr.ENTITIES if e not in present]
        if missing:
            raise _refuse(f"Rapporten saknar {fr.ENTITY_LABELS[missing[0]]}.")
        return {e: [raw for _n, raw in reader.iter_records(e)] for e in fr.ENTITIES}

    def _store(self, path: Path, r: _Report) -> FileOutcome:
        what = f"{r.workplace_name}, {r.period.label}"
        with self.db.transaction() as tx:
            if tx.get(CollectedReportRow, r.package_id) is not None:
                return FileOutcome(
                    path.name,
                    "unchanged",
                    f"{what}: rapporten är redan inläst. Inget ändrades.",
                    r.workplace_name,
                    r.period.label,
                )
            old = tx.first(
                CollectedReportRow,
                workplace_id=r.workplace_id,
                period_start=r.period.start,
                period_end=r.period.end,
            )
            replaced = ""
            if old is not None:
                if old.created_at >= r.created_at:
                    raise _refuse(
                        f"{what}: en nyare rapport för samma period är redan inläst "
                        f"(skriven {old.created_at[:10]}). Den här äldre rapporten läses inte in."
                    )
                replaced = old.created_at[:10]
                tx.delete(old)
                tx.flush()
            tx.add(
                CollectedReportRow(
                    id=r.package_id,
                    workplace_id=r.workplace_id,
                    workplace_name=r.workplace_name,
                    municipality=r.municipality,
                    installation_id=r.installation_id,
                    signer_key=r.signer_key,
                    period=r.period.label,
                    period_start=r.period.start,
                    period_end=r.period.end,
                    created_at=r.created_at,
                    imported_at=utc_now_text(),
                    file_sha256=r.file_sha256,
                    manifest_sha256=r.manifest_sha256,
                    summary=r.summary,
                    records=r.records,
                )
            )
            tx.flush()
            for c in r.register:
                tx.add(
                    CollectedCertificateRow(
                        report_id=r.package_id,
                        code=c.code,
                        workplace_id=r.workplace_id,
                        issued_on=c.issued_on,
                        payload_sha256=c.payload_sha256,
                        payload=c.payload,
                        status=c.status,
                        revoked_on=c.revoked_on,
                        preliminary=c.preliminary,
                    )
                )
        if replaced:
            return FileOutcome(
                path.name,
                "replaced",
                f"{what}: rättad rapport inläst; den ersätter rapporten från {replaced}.",
                r.workplace_name,
                r.period.label,
            )
        return FileOutcome(path.name, "new", f"{what}: inläst.", r.workplace_name, r.period.label)

    # --- the county view ------------------------------------------------------------------

    def periods(self) -> list[Period]:
        with self.db.reader() as tx:
            rows = report_heads(tx)
            seen = {(r.period_start, r.period_end, r.period) for r in rows}
        return sorted((Period(s, e, label) for s, e, label in seen), key=lambda p: p.end)

    def companies(self, period: Period) -> list[CompanyStatus]:
        """Every workplace in the network file (but Coompanion's own), reported or not."""
        net = self.app.exchange.trust.network() or {}
        own_wp = self.app.setup.installation().workplace_id
        with self.db.reader() as tx:
            rows = report_heads(tx)
        latest: dict[str, ReportHead] = {}
        reported: dict[str, ReportHead] = {}
        for row in rows:
            if (
                row.workplace_id not in latest
                or row.created_at > latest[row.workplace_id].created_at
            ):
                latest[row.workplace_id] = row
            if (row.period_start, row.period_end) == (period.start, period.end):
                reported[row.workplace_id] = row
        names = {str(w["id"]): str(w.get("name", "")) for w in net.get("workplaces", [])}
        for row in rows:  # a company that left the network file still shows what it sent
            names.setdefault(row.workplace_id, row.workplace_name)
        out = []
        for wp_id, name in names.items():
            if wp_id == own_wp:
                continue
            last = latest.get(wp_id)
            rep = reported.get(wp_id)
            source = rep or last
            out.append(
                CompanyStatus(
                    wp_id,
                    name or (last.workplace_name if last else ""),
                    source.municipality if source is not None else None,
                    rep is not None,
                    last.created_at[:10] if last else None,
                    last.period if last else None,
                )
            )
        return sorted(out, key=lambda c: c.name.casefold())

    def county(self, period: Period, *, breakdowns: bool = True) -> CountyView:
        """The county view; without `breakdowns` only the total (per company and per
        municipality left empty), for the trend."""
        companies = self.companies(period)
        per_company: dict[str, Figures] = {}
        groups: dict[str, list[tuple[Facts, int]]] = {}
        parsed: list[tuple[Facts, int]] = []
        with self.db.reader() as tx:
            rows = period_summaries(tx, period.start, period.end)
            for head, summary in rows:
                per_company[head.workplace_name] = Figures.from_dict(summary)
                facts = _stored_facts(tx, str(self.db.path), head)
                item = (facts, int(summary.get("active_supervisors", 0)))
                parsed.append(item)
                groups.setdefault(head.municipality or "", []).append(item)
        per_municipality = {m: _union(period, g) for m, g in groups.items()} if breakdowns else {}
        total = _union(period, parsed) if rows else None
        return CountyView(period, companies, total, per_company, per_municipality)

    def trend(self, period: Period, n: int = 4) -> list[Figures]:
        """County totals of the last `n` half-years up to the period's, oldest first
        (zeros where nobody reported)."""
        out = []
        for p in previous_half_years(period, n):
            total = self.county(p, breakdowns=False).total
            out.append(total if total is not None else compute_figures(Facts(), p))
        return out

    # --- the register -------------------------------------------------------------------

    def find_certificate(self, code: str) -> tuple[CollectedCertificateRow, str] | None:
        """The newest register entry for a code and the reporting company's name."""
        with self.db.reader() as tx:
            rows = tx.find(CollectedCertificateRow, code=code)
            best: tuple[CollectedCertificateRow, CollectedReportRow] | None = None
            for row in rows:
                report = tx.get(CollectedReportRow, row.report_id)
                if report is not None and (best is None or report.created_at > best[1].created_at):
                    best = (row, report)
        return (best[0], best[1].workplace_name) if best else None


def _union(period: Period, parts: list[tuple[Facts, int]]) -> Figures:
    """Figures over several companies' facts (pseudonyms already kept apart), with the
    supervisor counts of their summaries added up."""
    persons: list[PersonFact] = []
    placements: list[PlacementFact] = []
    modules: list[SignedModuleFact] = []
    certificates: list[CertificateFact] = []
    for facts, _supervisors in parts:
        persons.extend(facts.persons)
        placements.extend(facts.placements)
        modules.extend(facts.modules)
        certificates.extend(facts.certificates)
    figures = compute_figures(
        Facts(tuple(persons), tuple(placements), tuple(modules), tuple(certificates)), period
    )
    return dataclasses.replace(figures, active_supervisors=sum(n for _f, n in parts))


def _message(exc: Exception) -> str:
    if isinstance(exc, UserError):
        return str(exc).rstrip(".")
    return "en uppgift saknas eller har fel form"


__all__ = [
    "CollectResult",
    "CollectionError",
    "CollectionService",
    "CompanyStatus",
    "CountyView",
    "FileOutcome",
]
