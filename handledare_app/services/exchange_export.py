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
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import os
import secrets
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.errors import UserError
from ..domain.ids import new_id
from ..storage import exchange_rows as rows
from ..storage import settings_rows
from ..storage.database import Tx
from ..storage.schema_versions import HEAD
from . import delivery, retirement, witness
from . import package as pkg
from .exchange_schema import foreign_keys
from .exchange_secrets import redact
from .files import output_path
from .package_reader import PackageReader
from .participant_edit import unconsented_photos

if TYPE_CHECKING:
    from .app import App

PROFILES = ("exchange", "report", "backup")
PROFILE_LABELS = {
    "exchange": "Utbyte (mellan datorer och arbetsplatser)",
    "report": "Rapport till Coompanion (utan namn och fritext)",
    "backup": "Säkerhetskopia (allt, bara till den här datorn)",
}
# Shared by the whole network: never pulled in "downwards" from a participant.
SHARED_ENTITIES = frozenset(
    {
        "workplace",
        "installation",
        "supervisor",
        "catalogue",
        "business_area",
        "module",
        "outcome",
        "criterion",
        "tombstone",
    }
)
# No certificates: their content names the participant. The register travels in the
# follow-up report (services/report.py), as code, date, hash and signed payload only.
REPORT_ENTITIES = ("workplace", "participant", "placement", "enrollment", "erasure")
SALT_KEY = "exchange.report_salt"


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


def _entities() -> list[str]:
    return list(rows.MODELS_BY_ENTITY)


def _closure_up(tx: Tx, selected: dict[str, set[str]]) -> None:
    """Add every row that a selected row refers to, until nothing new appears."""
    pending = {e: set(ids) for e, ids in selected.items() if ids}
    while pending:
        found: dict[str, set[str]] = {}
        for entity, ids in pending.items():
            for column, target in foreign_keys(entity):
                refs = {v for v in rows.column_values(tx, entity, column, ids).values() if v}
                new = refs - selected.setdefault(target, set())
                if new:
                    found.setdefault(target, set()).update(new)
        for entity, ids in found.items():
            selected[entity].update(ids)
        pending = found


def _keep_unconsented_photos_home(tx: Tx, selected: dict[str, set[str]]) -> None:
    """A participant who withdrew photo consent: their photos leave no package (the
    consent itself travels, so every laptop hides the copies it already has)."""
    attachments = selected.get("attachment")
    if attachments:
        attachments -= unconsented_photos(tx, attachments)


def _closure_down(tx: Tx, selected: dict[str, set[str]]) -> None:
    """Everything under the selected participants (their journey, evidence, …)."""
    for entity in _entities():
        if entity in SHARED_ENTITIES:
            continue
        for column, target in foreign_keys(entity):
            if target in SHARED_ENTITIES or not selected.get(target):
                continue
            children = rows.ids_where_in(tx, entity, column, selected[target])
            if children:
                selected.setdefault(entity, set()).update(children)


def _pseudonym(salt: bytes, record_id: str) -> str:
    digest = hmac.new(salt, record_id.encode("utf-8"), hashlib.sha256).digest()
    b = bytearray(digest[:16])
    b[6] = (b[6] & 0x0F) | 0x80  # UUID version 8: custom
    b[8] = (b[8] & 0x3F) | 0x80
    return str(uuid.UUID(bytes=bytes(b)))


def _report_row(entity: str, row: dict[str, Any], salt: bytes) -> dict[str, Any]:
    out = dict(row)
    if entity == "participant":
        out["id"] = _pseudonym(salt, row["id"])
        out.update(
            first_name="",
            last_name="",
            personnummer=None,
            birth_year=None,
            phone="",
            email="",
            responsible_id=None,
        )
    if "participant_id" in out:
        out["participant_id"] = _pseudonym(salt, row["participant_id"])
    if entity == "certificate":
        out["signoff_ids"] = []
    if entity == "erasure":  # issue 15: Coompanion erases too; the reason stays here
        out.update(reason="", erased_by=None)
    return out


class Exporter:
    def __init__(self, app: App) -> None:
        self.app = app
        self.db = app.db

    def _select(
        self, tx: Tx, profile: str, participants: list[str], watermark: int
    ) -> tuple[dict[str, set[str]] | None, int]:
        """Ids per entity to export (None: everything), and the audit head."""
        if profile == "backup":
            _keys, head = rows.changed_record_keys(tx, 2**62)
            return None, head
        selected: dict[str, set[str]] = {}
        if profile == "report":
            for entity in REPORT_ENTITIES:
                selected[entity] = {r["id"] for r in rows.iter_entity(tx, entity)}
            _closure_up_report(tx, selected)
            return selected, 0
        if participants:
            found = rows.existing_ids(tx, "participant", participants)
            missing = sorted(set(participants) - found)
            if missing:
                raise UserError(f"Deltagaren med id {missing[0]} finns inte.")
            selected["participant"] = set(participants)
            _closure_down(tx, selected)
            # Deletions are records too: send every tombstone (ids only, no content).
            selected["tombstone"] = {r["id"] for r in rows.iter_entity(tx, "tombstone")}
            _closure_up(tx, selected)
            _keep_unconsented_photos_home(tx, selected)
            return selected, 0
        keys, head = rows.changed_record_keys(tx, watermark)
        for entity, rid in keys:
            if entity in rows.MODELS_BY_ENTITY:
                selected.setdefault(entity, set()).add(rid)
        for entity in list(selected):  # deleted since: their tombstones carry the news
            selected[entity] = rows.existing_ids(tx, entity, selected[entity])
        _closure_up(tx, selected)
        _keep_unconsented_photos_home(tx, selected)
        return selected, head

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
        salt = self._report_salt() if profile == "report" else b""
        redact_secrets = (
            profile != "backup"
            and not include_secrets  # an invitation: PIN codes go to the joining laptop
            and not self._all_within_workplace(age, passphrase)
        )
        with self.db.reader() as tx:
            selected, head = self._select(tx, profile, participants, watermark)
            hashes: set[str] = set()
            if profile != "report":
                hashes = rows.blob_hashes(tx, selected)
            missing = sorted(h for h in hashes if not self.app.blobs.has(h))
            if missing:
                raise UserError(
                    f"{len(missing)} bifogade filer saknas i datamappen (till exempel "
                    f"{missing[0][:12]}…). Kör ”handledare-app check”. Inget paket skrevs."
                )
            entities = [e for e in _entities() if selected is None or selected.get(e)]
            total = len(entities) + len(hashes) + 2
            step = 0
            for entity in entities:
                ids = None if selected is None else sorted(selected[entity])
                source: Iterator[dict[str, Any]] = rows.iter_entity(tx, entity, ids)
                if profile == "report":
                    source = (_report_row(entity, r, salt) for r in source)
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
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
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

    def _report_salt(self) -> bytes:
        with self.db.reader() as tx:
            existing = settings_rows.get_local_setting(tx, SALT_KEY)
        if existing:
            return bytes.fromhex(existing)
        salt = secrets.token_hex(32)
        with self.db.transaction() as tx:
            settings_rows.set_local_setting(tx, SALT_KEY, salt)
        return bytes.fromhex(salt)


def _closure_up_report(tx: Tx, selected: dict[str, set[str]]) -> None:
    """Report parents: modules (with catalogue and area) for enrollments; no people."""
    module_ids = set(
        rows.column_values(
            tx, "enrollment", "module_id", selected.get("enrollment", set())
        ).values()
    )
    selected["module"] = module_ids
    selected["catalogue"] = set(
        rows.column_values(tx, "module", "catalogue_id", module_ids).values()
    )
    selected["business_area"] = set(
        rows.column_values(tx, "module", "business_area_id", module_ids).values()
    )


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
