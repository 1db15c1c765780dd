"""Skicka uppföljning till Coompanion: the `report` package for one period (issue 10).

The package (package.py's format, profile `report`, scope kind `followup`) carries only
what FOLLOWUP.md §5 allows, as of the period's mätdag: participants under a pseudonym
(keyed hash; the key never leaves this computer) with gender and birth year, their
placements with codes and dates, signed modules with points, the certificate register,
and the company's computed figures as `records/summary.jsonl`. The manifest lists the
SHA-256 of every member and is signed by this installation, so the summary is signed.

Records are cut at the mätdag: nothing that starts later is sent, and an end after the
mätdag is sent as "still going" (the figures of the period are the same either way).
The package is encrypted to one installation from the network file (Coompanion's) and
to this computer, written under a temporary name, then read back and checked.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..domain import followup_records as fr
from ..domain.enums import PlacementOutcome
from ..domain.errors import UserError
from ..domain.followup import (
    Facts,
    Figures,
    Period,
    PersonFact,
    PlacementFact,
    SignedModuleFact,
    compute_figures,
)
from ..domain.ids import new_id
from ..storage.models import (
    CertificateRevocationRow,
    CertificateRow,
    WorkplaceRow,
)
from ..storage.schema_versions import HEAD
from . import package as pkg
from .base import Service
from .exchange_export import Exporter
from .exchange_pseudonyms import pseudonym, report_salt
from .files import output_path
from .import_speed import paused_gc

REPORT_PROFILE = "report"
REPORT_KIND = "followup"


@dataclass
class ReportResult:
    path: Path
    size: int
    period: Period
    recipient: str
    counts: dict[str, int] = field(default_factory=dict)
    figures: Figures | None = None

    written_on: dt.date = field(default_factory=dt.date.today)

    @property
    def empty(self) -> bool:
        return not self.counts.get("placement") and not self.counts.get("signed_module")

    @property
    def before_end(self) -> bool:
        """Written before the period's mätdag: the figures are as of the day written."""
        return self.written_on < self.period.end

    def before_end_note(self) -> str:
        """A Swedish remark when the period has not ended yet, else empty."""
        if not self.before_end:
            return ""
        return (
            f"Observera: perioden {self.period.label} slutar {self.period.end.isoformat()}, "
            f"så siffrorna gäller som de är i dag ({self.written_on.isoformat()}). Skicka "
            "en ny uppföljning efter periodens slut; den ersätter den här hos Coompanion."
        )


def cut_at(facts: Facts, period: Period) -> Facts:
    """The facts as they stood on the mätdag (without supervisors' activity). A
    placement closed as felregistrering is left out: it never happened, it counts in no
    figure, and the person registered by mistake has nothing to do at Coompanion."""
    day = period.end
    placements = tuple(
        x
        if x.end is None or x.end <= day
        else PlacementFact(
            x.id,
            x.participant_id,
            x.type,
            x.referrer,
            x.start,
            None,
            None,
            x.start_status,
            x.wage_subsidy,
        )
        for x in facts.placements
        if x.start <= day and x.exit_code is not PlacementOutcome.REGISTRATION_ERROR
    )
    modules = tuple(m for m in facts.modules if m.signed_on <= day)
    people = {x.participant_id for x in placements} | {m.participant_id for m in modules}
    return Facts(
        persons=tuple(p for p in facts.persons if p.id in people),
        placements=placements,
        modules=modules,
        certificates=tuple(c for c in facts.certificates if c.issued_on <= day),
    )


def pseudonymise(facts: Facts, salt: bytes) -> Facts:
    def ps(record_id: str) -> str:
        return pseudonym(salt, record_id)

    return Facts(
        persons=tuple(PersonFact(ps(p.id), p.gender, p.birth_year) for p in facts.persons),
        placements=tuple(
            PlacementFact(
                ps(x.id),
                ps(x.participant_id),
                x.type,
                x.referrer,
                x.start,
                x.end,
                x.exit_code,
                x.start_status,
                x.wage_subsidy,
            )
            for x in facts.placements
        ),
        modules=tuple(
            SignedModuleFact(
                ps(m.participant_id),
                m.signed_on,
                m.module_code,
                m.module_version,
                m.points,
                m.level,
                m.business_area,
            )
            for m in facts.modules
        ),
        certificates=facts.certificates,
    )


class ReportService(Service):
    """Writes the follow-up report package for a period."""

    def _read(self, day: dt.date) -> tuple[Facts, list[fr.RegisterEntry]]:
        """This company's facts (statistics.facts: what its computers recorded, so the
        report says what `stats` says) with the certificates from its own register: those
        its computers issued up to `day`. One read."""
        with paused_gc(), self.db.reader() as tx:
            facts, ownership = self.app.statistics.facts_in(tx)
            revoked = {r.certificate_id: r.revoked_on for r in tx.find(CertificateRevocationRow)}
            register = [
                fr.RegisterEntry(
                    c.code,
                    c.issued_on,
                    c.payload_sha256,
                    c.payload,
                    revoked.get(c.id),
                    bool(c.preliminary),
                )
                for c in tx.find(CertificateRow, order_by="issued_on")
                if c.issued_on <= day and ownership.ours(c.origin, c.participant_id)
            ]
        return replace(facts, certificates=fr.certificate_facts(register)), register

    def _recipient(self, text: str) -> tuple[str, str]:
        if text.strip().startswith("age1"):
            raise UserError(
                "Uppföljningen skickas till en installation i nätverksfilen (Coompanions), "
                "inte till en lös nyckel. Ange installationens namn eller id."
            )
        age_key, label = self.app.exchange.trust.resolve_recipient(text, keys=False)
        self._require_coompanion(age_key, label)
        return age_key, label

    def _require_coompanion(self, age_key: str, label: str) -> None:
        """The recipient must be a computer of Coompanion's workplace (that of the network
        file's signer): another company's computer must never get this company's report."""
        trust = self.app.exchange.trust
        net = trust.network()
        signer = str((net or {}).get("signer", {}).get("installation_id", ""))
        known = trust.installations()
        coompanion = next((i.workplace_id for i in known if i.id == signer), None)
        chosen = next((i for i in known if i.age_recipient == age_key), None)
        if coompanion is None or chosen is None or chosen.workplace_id == coompanion:
            return
        raise UserError(
            f"Uppföljningen skickas bara till Coompanion, men ”{label}” är en dator hos "
            f"{chosen.workplace_name or 'ett annat företag'}. Välj Coompanions dator (den som "
            "signerade nätverksfilen), eller lämna mottagaren tom. Inget har skrivits."
        )

    def default_file_name(self, period: Period) -> str:
        """`uppfoljning-2026H1-alfa-aterbruk.hpkg`: the period and the company (never a
        person), so Coompanion's folder of attachments does not get twelve files of one
        name that overwrite each other."""
        return f"uppfoljning-{period.label}-{file_slug(self.app.setup.workplace().name)}.hpkg"

    def default_recipient(self) -> str | None:
        """The installation that signed the network file (Coompanion's), if any."""
        net = self.app.exchange.trust.network()
        if net is None:
            return None
        signer = net["signer"].get("installation_id")
        return str(signer) if signer else None

    def write(
        self,
        actor_id: str | None,
        period: Period,
        recipient: str,
        out: Path,
        progress: pkg.Progress | None = None,
    ) -> ReportResult:
        if actor_id is not None:
            self.app.supervisors.require_staff(actor_id)
        age_key, label = self._recipient(recipient)
        out = output_path(out, self.default_file_name(period))
        own, register = self._read(period.end)
        figures = compute_figures(own, period)
        exporter = Exporter(self.app)
        facts = pseudonymise(cut_at(own, period), report_salt(self.app.db))
        work = self.app.paths.root / "tmp"
        work.mkdir(parents=True, exist_ok=True)
        fd, plain_name = tempfile.mkstemp(dir=work, prefix=".report-", suffix=".zip")
        os.close(fd)
        plain = Path(plain_name)
        writer = pkg.PackageWriter(plain)
        counts: dict[str, int] = {}
        try:
            counts["participant"] = writer.write_records(
                "participant", fr.participant_lines(facts.persons)
            )
            counts["placement"] = writer.write_records(
                "placement", fr.placement_lines(facts.placements)
            )
            counts["signed_module"] = writer.write_records(
                "signed_module", fr.module_lines(facts.modules)
            )
            counts["certificate"] = writer.write_records("certificate", fr.register_lines(register))
            writer.write_records("summary", iter([{"figures": figures.to_dict()}]))
            _tick(progress, 1, 3)
            manifest = self._manifest(period, counts, exporter._origin())
            manifest_bytes = writer.finish(manifest, self.app.keys.sign)
            recipients = [age_key]
            if self.app.keys.age_recipient not in recipients:
                recipients.append(self.app.keys.age_recipient)
            pkg.encrypt_to_file(plain, out, recipients=recipients)
            _tick(progress, 2, 3)
            exporter._verify_written(out, manifest_bytes, None)
            _tick(progress, 3, 3)
        except BaseException:
            writer.abort()
            raise
        finally:
            plain.unlink(missing_ok=True)
        return ReportResult(out, out.stat().st_size, period, label, counts, figures)

    def _manifest(
        self, period: Period, counts: dict[str, int], origin: dict[str, Any]
    ) -> dict[str, Any]:
        with self.db.reader() as tx:
            wp = tx.get(WorkplaceRow, origin["workplace_id"])
            municipality = getattr(wp, "municipality", None) if wp is not None else None
        return {
            "format": pkg.FORMAT,
            "format_version": pkg.FORMAT_VERSION,
            "schema_version": HEAD,
            "package_id": new_id(),
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
            "origin": {**origin, "municipality": municipality},
            "profile": REPORT_PROFILE,
            "scope": {"kind": REPORT_KIND, "period": period.to_dict()},
            "counts": counts,
            "blobs": 0,
        }


def file_slug(text: str, limit: int = 40) -> str:
    """Lower-case ASCII letters and digits joined by `-` (å, ä, ö → a, a, o)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return slug[:limit].rstrip("-") or "foretag"


def _tick(progress: pkg.Progress | None, done: int, total: int) -> None:
    if progress is not None and not progress(done, total):
        raise pkg.Cancelled()
