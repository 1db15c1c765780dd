"""Reading packages (DESIGN §5): decrypt, verify, validate, preview, apply in one transaction.

The checks are in services/import_check.py, the plan and apply in services/import_apply.py,
the report in services/import_report.py; the names other modules use stay importable here.

Order of checks, each before anything is written: the envelope (age), the ZIP's member
names, the manifest and its signature, the signer's trust, every member's size and
hash, then every record against the schema and every reference (in the package or the
database). Only then is the plan computed, and, unless it is a dry run, applied in one
database transaction.

Merge per record (domain/merge.py): new → insert; incoming newer → replace; local newer
or equal → unchanged; concurrent → field by field by the per-field clock, every losing
value written to `conflict_log`. Signed records (signoff, certificate) are never merged:
concurrent different versions are *blocked* and wait for a person (conflict log, field
"*"). Tombstones win over older edits; an erasure tombstone blocks the record for good.
A record missing from a package is never taken as deleted.

How `conflict_log` is filled (one row per losing value):
  id          new UUIDv7
  at          UTC time of the import
  entity      table name of the record (e.g. "participant")
  record_id   id of the record kept in the database
  field       the column whose value lost, or "*" when a whole version lost (a
              blocked signed record, an edit that lost to a deletion, or a record
              whose natural key was already taken by a local record)
  kept_value  the value now in the database ("*": the kept row's fields, or null when
              the record was deleted)
  lost_value  the value that lost ("*": the losing version's fields, with its id)
  lost_hlc    the losing value's per-field clock (or the losing version's hlc)
  resolved    false
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.clock import Hlc, too_far_ahead
from ..domain.errors import UserError
from ..domain.ids import new_id
from ..storage.models import ImportLogRow
from ..storage.sync import utc_now_text
from . import authority, delivery, import_speed, settled_members, witness
from . import package as pkg
from .crypto import fingerprint
from .erasure import erased_ids
from .files import os_error_text
from .import_apply import SIGNED_ENTITIES, RecordApply
from .import_check import BATCH, IMPORT_KIND
from .import_report import EntityCounts, ImportReport
from .package_reader import PackageReader
from .retirement import record_received as record_retirements  # issue 11

if TYPE_CHECKING:
    from .app import App

log = logging.getLogger(__name__)

__all__ = [
    "BATCH",
    "IMPORT_KIND",
    "SIGNED_ENTITIES",
    "EntityCounts",
    "ImportReport",
    "Importer",
    "refuse_future_stamps",
]


class Importer(RecordApply):
    def __init__(self, app: App) -> None:
        self.app = app
        self.db = app.db
        self._participants: set[str] = set()  # participants the import touched (erasure)
        self._auth: authority.Authority | None = None
        self._deferred: list[tuple[str, list[tuple[dict[str, Any], dict[str, Any]]]]] = []
        self._kept = import_speed.KeptRecords()
        self._older_schema = False
        self._settled: dict[str, int] = {}  # records files applied in full before
        self._copy_blobs = False  # new blobs are checked while copied, not before too

    def _sender_id(self, signer_hex: str, manifest: dict[str, Any]) -> str:
        return witness.sender_id(self.app, signer_hex, manifest)

    def _authority(
        self, reader: PackageReader, entities: list[str], signer_hex: str, sender: str
    ) -> authority.Authority | None:
        """The signer may change only what it owns (services/authority.py); checked on
        every batch in `_batch` and `_tombstones`, inside the one transaction."""
        own = self.app.setup.installation()
        is_self = signer_hex == self.app.keys.signing_public_hex
        scope = reader.manifest.get("scope", {})
        ctx = authority.AuthorityContext(
            own.id,
            own.workplace_id,
            authority.Signer(signer_hex, is_self, None, sender),
            participant_move=isinstance(scope, dict) and scope.get("kind") == "participants",
        )
        trust = self.app.exchange.trust.installations()
        network = [(i.signing_public_key, i.id, i.workplace_id) for i in trust if not i.is_self]
        with self.db.reader() as tx:
            return authority.prepare(
                tx, ctx, entities, partial(self._iter_checked, reader), network
            )

    # --- entry points ---------------------------------------------------------------

    def run(
        self,
        path: Path,
        *,
        actor_id: str | None = None,
        dry_run: bool = False,
        passphrase: str | None = None,
        trust_fingerprint: str | None = None,
        progress: pkg.Progress | None = None,
    ) -> ImportReport:
        with import_speed.paused_gc():
            try:
                return self._run_paused(
                    path, actor_id, dry_run, passphrase, trust_fingerprint, progress
                )
            finally:
                # Freed while the collector is still paused: released by reference
                # counting alone, not walked by the first full collection after it.
                self._kept = import_speed.KeptRecords()

    def _run_paused(
        self,
        path: Path,
        actor_id: str | None,
        dry_run: bool,
        passphrase: str | None,
        trust_fingerprint: str | None,
        progress: pkg.Progress | None,
    ) -> ImportReport:
        report = ImportReport(source=path.name)
        self._copy_blobs = not dry_run
        checked = self._open_checked(path, passphrase, trust_fingerprint, progress)
        if checked is None:
            report.already_imported = True
            return report
        try:
            reader = checked.reader
            blobs = reader.blob_hashes()
            present = {h for h in blobs if self.app.blobs.has(h)}
            report.blobs_present = len(present)
            report.blobs_new = len(blobs) - len(present)
            manifest = reader.manifest
            origin = manifest.get("origin", {})
            report.profile = str(manifest.get("profile", ""))
            report.sender = str(origin.get("installation_name", ""))
            report.sender_fingerprint = fingerprint(bytes.fromhex(checked.signer_hex))
            report.created_at = str(manifest.get("created_at", ""))
            entities = self._entities_in_order(reader)
            self._validate_all(reader, entities)
            self._auth = self._authority(reader, entities, checked.signer_hex, report.sender)
            sender_id = self._sender_id(checked.signer_hex, manifest)
            history = witness.check_incoming(self.app, manifest, sender_id, report.sender)
            if dry_run:
                with self.db.reader() as tx:
                    newest = self._run(tx, reader, entities, report, write=False)
                refuse_future_stamps(newest, report.sender)
                return report
            newly_trusted = (
                trust_fingerprint is not None
                and self.app.exchange.trust.signer_status(checked.signer_hex) == "unknown"
            )
            # All written, each file's size and hash checked while it is copied (a
            # mismatch refuses the import, nothing of the file kept), then one fsync pass:
            # durable before the transaction commits.
            self.app.blobs.put_streams(
                (h, partial(reader.copy_blob, h)) for h in blobs if h not in present
            )
            if not self._kept.all_held() or report.blobs_new:  # else nothing can change
                try:
                    self.app.backup_now("import")
                except OSError as exc:  # the import goes on; say why in the log
                    log.warning(
                        "no backup before the import (%s); importing anyway", os_error_text(exc)
                    )
            with self.db.long_write("importen"), self.db.transaction(actor_id) as tx:
                self._participants = set()
                newest = self._run(tx, reader, entities, report, write=True)
                if self._auth is not None:  # new signoffs match what was applied
                    self._auth.check_applied()
                refuse_future_stamps(newest, report.sender)  # rolls the import back
                # Whatever arrived about an erased participant is erased again.
                erased_now = self._participants & erased_ids(tx)
                self.app.erasure.reapply(tx, erased_now)
                witness.record(tx, self.db.installation_id, history, utc_now_text())
                signer = (checked.signer_hex, delivery.network_ids(self.app, checked.signer_hex))
                delivery.record_received(tx, self.db.installation_id, manifest, signer)
                record_retirements(tx, self.db.installation_id, checked.signer_hex, manifest)
                summary = {e: vars(c) for e, c in report.counts.items()}
                tx.add(
                    ImportLogRow(
                        id=new_id(),
                        at=utc_now_text(),
                        kind=IMPORT_KIND,
                        source_name=path.name[:255],
                        sha256=checked.file_sha256,
                        summary={
                            "counts": summary,
                            "manifest_sha256": checked.manifest_sha256,
                            "profile": report.profile,
                            settled_members.KEY: settled_members.to_record(
                                self._member_digests(reader, entities), report.counts
                            ),
                        },
                        result="applied",
                    )
                )
                tx.add(
                    ImportLogRow(
                        id=new_id(),
                        at=utc_now_text(),
                        kind="manifest",
                        source_name=path.name[:255],
                        sha256=checked.manifest_sha256,
                        summary={},
                        result="applied",
                    )
                )
                if newly_trusted:  # the admin's decision, committed with the import
                    self.app.exchange.trust.accept_signer(
                        actor_id,
                        checked.signer_hex,
                        report.sender,
                        str(origin.get("installation_id")),
                        tx,
                    )
            if erased_now:
                self.app.erasure.sweep_orphan_blobs()
                self.app.erasure.compact()
            if newest:
                self.db.clock.observe(newest)
            report.applied = True
            return report
        finally:
            checked.reader.close()
            checked.plain.unlink(missing_ok=True)


def refuse_future_stamps(newest: str, sender: str) -> None:
    if newest and too_far_ahead(newest):
        day = dt.datetime.fromtimestamp(Hlc.decode(newest).wall_ms / 1000, dt.UTC).date()
        raise UserError(
            f"Paketet från {sender or 'en okänd dator'} har ändringar daterade {day}, mer än "
            "ett dygn fram i tiden. Det läses inte in, eftersom de ändringarna annars skulle "
            "vinna över alla senare. Be avsändaren rätta datorns klocka och skicka ett nytt "
            "paket. Inget har ändrats."
        )
