"""Writing packages (DESIGN §5): choose the records, write the ZIP, sign, encrypt, verify.

Profiles:
- `exchange`: either everything changed after what the recipients have confirmed
  (services/delivery.py: audit-log sequence numbers, so records that arrived by import
  are passed on too), or chosen participants with everything they reference
  (the closure). Parents of every chosen record are always included, so the receiver
  can resolve every reference.
- `report`: for Coompanion's follow-up and certificate register: participants under
  pseudonyms (keyed hash of the id with a secret that never leaves this computer),
  without names, contact details, free text or photos.
- `backup`: everything, encrypted to this installation only.

Which records go in: exchange_selection; the report profile's pseudonyms:
exchange_pseudonyms.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.errors import UserError
from ..domain.ids import new_id
from ..storage import exchange_rows as rows
from ..storage.schema_versions import HEAD
from . import delivery, retirement, witness
from . import package as pkg
from .exchange_pseudonyms import report_row, report_salt
from .exchange_secrets import redact
from .exchange_selection import all_entities, select_records
from .files import output_path
from .package_reader import PackageReader

if TYPE_CHECKING:
    from .app import App

PROFILES = ("exchange", "report", "backup")
PROFILE_LABELS = {
    "exchange": "Utbyte (mellan datorer och arbetsplatser)",
    "report": "Rapport till Coompanion (utan namn och fritext)",
    "backup": "Säkerhetskopia (allt, bara till den här datorn)",
}


@dataclass
class ExportResult:
    path: Path
    size: int
    profile: str
    counts: dict[str, int] = field(default_factory=dict)
    blobs: int = 0
    recipients: list[str] = field(default_factory=list)
    audit_head: int = 0  # the audit sequence this package covers (for "changes since")

    @property
    def records(self) -> int:
        return sum(self.counts.values())


class Exporter:
    def __init__(self, app: App) -> None:
        self.app = app
        self.db = app.db

    def export(
        self,
        out: Path,
        *,
        profile: str,
        recipients: list[str] | None = None,
        passphrase: str | None = None,
        participants: list[str] | None = None,
        progress: pkg.Progress | None = None,
        include_secrets: bool = False,
    ) -> ExportResult:
        if profile not in PROFILES:
            raise UserError(f"Okänd profil ”{profile}”. Välj exchange, report eller backup.")
        trust = self.app.exchange.trust
        keys = self.app.keys
        names: list[str] = []
        age: list[str] = []
        if profile == "backup":
            if recipients or passphrase is not None:
                raise UserError(
                    "En säkerhetskopia krypteras bara till den här datorn; ange ingen mottagare."
                )
        elif passphrase is not None:
            if recipients:
                raise UserError("Välj antingen mottagare eller lösenfras, inte båda.")
            if len(passphrase) < 8:
                raise UserError("Lösenfrasen ska ha minst 8 tecken.")
            names.append("lösenfras")
        else:
            if not recipients:
                raise UserError("Välj minst en mottagare (eller en lösenfras).")
            for r in recipients:
                key, label = trust.resolve_recipient(r)
                if key not in age:
                    age.append(key)
                    names.append(label)
        if passphrase is None and keys.age_recipient not in age:
            age.append(keys.age_recipient)  # the sender can always read its own package
        if participants and profile != "exchange":
            raise UserError("Deltagare kan bara väljas med profilen exchange.")
        out = output_path(out, "paket.hpkg")
        # What the recipients have confirmed, not what was last written (issue 11).
        with self.db.reader() as tx:
            watermark = (
                0
                if passphrase is not None
                else delivery.since_for(tx, self.db.installation_id, age)
            )
        work = self.app.paths.root / "tmp"
        work.mkdir(parents=True, exist_ok=True)
        fd, plain_name = tempfile.mkstemp(dir=work, prefix=".export-", suffix=".zip")
        os.close(fd)
        plain = Path(plain_name)
        writer = pkg.PackageWriter(plain)
        try:
            result = self._write(
                writer,
                plain,
                out,
                profile,
                participants or [],
                watermark,
                age,
                passphrase,
                progress,
                include_secrets,
            )
            result.recipients = names
        except BaseException:
            writer.abort()
            raise
        finally:
            plain.unlink(missing_ok=True)
        return result

    def _write(
        self,
        writer: pkg.PackageWriter,
        plain: Path,
        out: Path,
        profile: str,
        participants: list[str],
        watermark: int,
        age: list[str],
        passphrase: str | None,
        progress: pkg.Progress | None,
        include_secrets: bool = False,
    ) -> ExportResult:
        counts: dict[str, int] = {}
        salt = report_salt(self.db) if profile == "report" else b""
        redact_secrets = (
            profile != "backup"
            and not include_secrets  # an invitation: PIN codes go to the joining laptop
            and not self._all_within_workplace(age, passphrase)
        )
        with self.db.reader() as tx:
            selected, head = select_records(tx, profile, participants, watermark)
            hashes: set[str] = set()
            if profile != "report":
                hashes = rows.blob_hashes(tx, selected)
            missing = sorted(h for h in hashes if not self.app.blobs.has(h))
            if missing:
                raise UserError(
                    f"{len(missing)} bifogade filer saknas i datamappen (till exempel "
                    f"{missing[0][:12]}…). Kör ”handledare-app check”. Inget paket skrevs."
                )
            entities = [e for e in all_entities() if selected is None or selected.get(e)]
            total = len(entities) + len(hashes) + 2
            step = 0
            for entity in entities:
                ids = None if selected is None else sorted(selected[entity])
                source: Iterator[dict[str, Any]] = rows.iter_entity(tx, entity, ids)
                if profile == "report":
                    source = (report_row(entity, r, salt) for r in source)
                if entity == "signoff":
                    source = iter(_supersedes_first(list(source)))
                if redact_secrets:
                    source = (redact(entity, r) for r in source)
                counts[entity] = writer.write_records(entity, source)
                step += 1
                _tick(progress, step, total)
        for digest in sorted(hashes):
            writer.write_blob(digest, self.app.blobs.path_for(digest))
            step += 1
            _tick(progress, step, total)
        origin = self._origin()
        manifest = {
            "format": pkg.FORMAT,
            "format_version": pkg.FORMAT_VERSION,
            "schema_version": HEAD,
            "package_id": new_id(),
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
            "origin": origin,
            "profile": profile,
            "scope": {
                "kind": "all"
                if selected is None
                else (
                    "participants"
                    if participants
                    else ("report" if profile == "report" else "changes")
                ),
                "participants": len(participants),
                "since_audit_seq": watermark if profile == "exchange" else 0,
                "audit_seq": head,
            },
            "counts": counts,
            "blobs": len(hashes),
            "history": witness.manifest_section(self.app, age, watermark),
        }
        if profile == "exchange":
            with self.db.reader() as tx:
                manifest[delivery.VV_KEY] = delivery.version_vector(
                    tx, self.db.installation_id, head or rows.audit_seq_head(tx)
                )
                manifest.update(self.app.joining.manifest_proof(tx))
                manifest.update(retirement.manifest_part(tx))  # issue 11
        manifest_bytes = writer.finish(manifest, self.app.keys.sign)
        pkg.encrypt_to_file(
            plain, out, recipients=age if passphrase is None else None, passphrase=passphrase
        )
        step += 1
        _tick(progress, step, total)
        self._verify_written(out, manifest_bytes, passphrase)
        _tick(progress, total, total)
        return ExportResult(out, out.stat().st_size, profile, counts, len(hashes), audit_head=head)

    def _verify_written(self, out: Path, manifest_bytes: bytes, passphrase: str | None) -> None:
        """Re-read what reached the disk: decrypt, check signature and every hash."""
        work = self.app.paths.root / "tmp"
        try:
            plain = pkg.decrypt_to_file(
                out,
                work,
                identity=None if passphrase is not None else self.app.keys.age_identity,
                passphrase=passphrase,
            )
        except UserError:
            raise UserError(
                f"Paketet {out.name} blev inte rätt skrivet (det gick inte att läsa tillbaka). "
                "Försök igen, gärna till en annan disk."
            ) from None
        try:
            with PackageReader(plain) as reader:
                reader.check_structure()
                reader.read_manifest()
                reader.verify_signature()
                reader.check_members()
                if reader.manifest_bytes != manifest_bytes:
                    raise UserError("Paketets innehållsförteckning blev fel skriven.")
        except UserError:
            with contextlib.suppress(OSError):
                out.unlink()
            raise UserError(
                f"Paketet {out.name} blev inte rätt skrivet och har tagits bort. Försök igen, "
                "gärna till en annan disk."
            ) from None
        finally:
            plain.unlink(missing_ok=True)

    def _all_within_workplace(self, age: list[str], passphrase: str | None) -> bool:
        """True when every recipient is a known installation of this workplace (per the
        trust list). A passphrase or a bare age key could be anyone."""
        if passphrase is not None:
            return False
        own = self.app.setup.installation()
        mine = {
            i.age_recipient
            for i in self.app.exchange.trust.installations()
            if i.workplace_id == own.workplace_id
        }
        mine |= {p[2] for p in self.app.sync.peers()}  # laptops that joined (issue 11)
        return all(r in mine for r in age)

    def _origin(self) -> dict[str, Any]:
        inst = self.app.setup.installation()
        wp = self.app.setup.workplace()
        keys = self.app.keys
        return {
            "installation_id": inst.id,
            "installation_name": inst.name,
            "workplace_id": wp.id,
            "workplace_name": wp.name,
            "signing_public_key": keys.signing_public_hex,
            "age_recipient": keys.age_recipient,
        }


def _supersedes_first(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Signoffs ordered so a superseded one comes before the one replacing it."""
    by_id = {r["id"]: r for r in items}
    done: set[str] = set()
    out: list[dict[str, Any]] = []

    def visit(r: dict[str, Any]) -> None:
        if r["id"] in done:
            return
        done.add(r["id"])
        parent = by_id.get(r.get("supersedes_id") or "")
        if parent is not None:
            visit(parent)
        out.append(r)

    for r in items:
        visit(r)
    return out


def _tick(progress: pkg.Progress | None, done: int, total: int) -> None:
    if progress is not None and not progress(done, total):
        raise pkg.Cancelled()
