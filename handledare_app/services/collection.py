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

This module holds `CollectionService` (who collects, reading and storing packages, the
certificate register); the checks of one package are in `collection_check` and the
county view (which `CollectionService` inherits) is in `collection_county`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.errors import UserError
from ..storage import settings_rows
from ..storage.models import CollectedCertificateRow, CollectedReportRow
from ..storage.sync import utc_now_text
from . import package as pkg
from .collection_check import CheckedReport, CollectionError, check_package, refuse
from .collection_county import CompanyStatus, CountyView, CountyViews

COORDINATOR_KEY = "collection.coordinator"


class OlderReport(CollectionError):
    """A report older than the one stored for its company and period: nothing to do
    (refused when read alone; counted as already read in a folder)."""

    @classmethod
    def of(cls, text: str) -> OlderReport:
        return cls(str(refuse(text)))


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


class CollectionService(CountyViews):
    # --- who collects -------------------------------------------------------------------

    def is_coordinator(self) -> bool:
        with self.db.reader() as tx:
            if settings_rows.get_local_setting(tx, COORDINATOR_KEY) == "1":
                return True
        net = self.app.exchange.trust.network()
        return net is not None and (
            net["signer"]["signing_public_key"] == self.app.keys.signing_public_hex
        )

    def mark_coordinator(self) -> None:
        """`init --samordnare`: this installation is Coompanion's."""
        with self.db.transaction() as tx:
            settings_rows.set_local_setting(tx, COORDINATOR_KEY, "1")

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
        checked: list[tuple[Path, CheckedReport | FileOutcome]] = []
        total = len(files) * 2
        for i, path in enumerate(files):
            try:
                checked.append((path, check_package(self.app, path)))
            except UserError as exc:
                checked.append((path, FileOutcome(path.name, "refused", str(exc))))
            if progress is not None and not progress(i + 1, total):
                raise pkg.Cancelled()
        result = CollectResult()
        if any(isinstance(item, CheckedReport) for _p, item in checked):
            with contextlib.suppress(OSError):  # DESIGN §4: a backup before every import
                self.app.backup_now("import")
        ordered = sorted(
            checked,
            key=lambda item: item[1].created_at if isinstance(item[1], CheckedReport) else "",
        )
        for i, (path, item) in enumerate(ordered):
            if isinstance(item, FileOutcome):
                result.outcomes.append(item)
            else:
                try:
                    result.outcomes.append(self._store(path, item))
                except OlderReport as exc:  # superseded, as when a folder is read again
                    result.outcomes.append(
                        FileOutcome(
                            path.name, "unchanged", str(exc), item.workplace_name, item.period.label
                        )
                    )
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
        return self._store(path, check_package(self.app, path))

    def _store(self, path: Path, r: CheckedReport) -> FileOutcome:
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
                other = self._other_computer(old.installation_id, r.installation_id)
                if old.created_at >= r.created_at:
                    raise OlderReport.of(
                        f"{what}: en nyare rapport för samma period är redan inläst "
                        f"(skriven {_when(old.created_at)}{other}). Den här äldre rapporten "
                        "läses inte in."
                    )
                replaced = f"{_when(old.created_at)}{other}"
                if other:
                    replaced += (
                        ". Bara företagets senaste rapport räknas: se till att företagets "
                        "datorer har synkat innan de rapporterar, annars saknas det som bara "
                        "finns på den andra datorn"
                    )
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
        note = _period_note(r)
        if replaced:
            return FileOutcome(
                path.name,
                "replaced",
                f"{what}: ny rapport inläst; den ersätter rapporten skriven {replaced}.{note}",
                r.workplace_name,
                r.period.label,
            )
        return FileOutcome(
            path.name, "new", f"{what}: inläst.{note}", r.workplace_name, r.period.label
        )

    def _other_computer(self, stored: str, incoming: str) -> str:
        """` på datorn ”X”` when the stored report came from another computer of the
        company than the incoming one, else empty."""
        if stored == incoming:
            return ""
        net = self.app.exchange.trust.network() or {}
        names = {str(i.get("id")): str(i.get("name", "")) for i in net.get("installations", [])}
        return f" på en annan dator, ”{names.get(stored) or 'okänd dator'}”"

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


__all__ = [
    "CollectResult",
    "CollectionError",
    "CollectionService",
    "CompanyStatus",
    "CountyView",
    "FileOutcome",
]


def _when(created_at: str) -> str:
    """`2026-12-06 kl. 13.53`: the manifest's UTC time in this computer's time zone."""
    try:
        when = dt.datetime.fromisoformat(created_at).astimezone()
    except ValueError:
        return created_at[:10]
    return f"{when.date().isoformat()} kl. {when:%H.%M}"


def _period_note(r: CheckedReport) -> str:
    """A remark on a report whose period had not ended when it was written, or that is
    not a half-year (the county view shows it only for that very period)."""
    notes = []
    written = r.created_at[:10]
    if written and written < r.period.end.isoformat():
        notes.append(
            f" Observera: rapporten skrevs {written}, innan perioden slutade "
            f"({r.period.end.isoformat()}), så siffrorna gäller som de var då. En rapport "
            "skriven efter periodens slut ersätter den."
        )
    if r.period.half is None:
        notes.append(
            f" Observera: perioden {r.period.label} är inget halvår; den räknas bara när "
            "samma period väljs i den samlade vyn."
        )
    return "".join(notes)
