"""Reading packages (DESIGN §5): decrypt, verify, validate, preview, apply in one transaction.

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

import contextlib
import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.clock import Hlc, too_far_ahead
from ..domain.errors import UserError
from ..domain.ids import new_id
from ..domain.merge import Decision, content_equal, decide, merge_concurrent
from ..storage import exchange_rows as rows
from ..storage.conflicts import conflict_row
from ..storage.database import Tx
from ..storage.models import ConflictRow, ImportLogRow
from ..storage.schema_versions import HEAD
from ..storage.sync import utc_now_text
from . import apply_order, authority, delivery, import_speed, settled_members, witness
from . import package as pkg
from .crypto import fingerprint
from .erasure import erased_ids, participants_in
from .exchange_schema import (
    RecordProblem,
    convert_checked,
    entity_label,
    foreign_keys,
    known_entity,
    validate_record,
)
from .exchange_secrets import keep_local_secrets
from .manifest_checks import check_schema_version
from .retirement import record_received as record_retirements  # issue 11
from .trust import UnknownSigner
from .workplace_intro import introduced

if TYPE_CHECKING:
    from .app import App

SIGNED_ENTITIES = frozenset({"signoff", "certificate"})
BATCH = 1000
IMPORT_KIND = "package"


@dataclass
class EntityCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    blocked: int = 0
    deleted: int = 0

    def total_changes(self) -> int:
        return self.new + self.updated + self.conflicts + self.deleted


@dataclass
class ImportReport:
    """What an import did (or, for a preview, would do)."""

    source: str
    profile: str = ""
    sender: str = ""
    sender_fingerprint: str = ""
    created_at: str = ""
    counts: dict[str, EntityCounts] = field(default_factory=dict)
    blobs_new: int = 0
    blobs_present: int = 0
    already_imported: bool = False
    applied: bool = False

    def entity(self, name: str) -> EntityCounts:
        return self.counts.setdefault(name, EntityCounts())

    @property
    def changes(self) -> int:
        return sum(c.total_changes() for c in self.counts.values())

    @property
    def blocked(self) -> int:
        return sum(c.blocked for c in self.counts.values())

    @property
    def conflicts(self) -> int:
        return sum(c.conflicts for c in self.counts.values())

    def lines(self) -> list[str]:
        """Plain Swedish, one line per entity that has anything to say."""
        if self.already_imported:
            return ["Paketet är redan inläst. Inget ändrades."]
        out: list[str] = []
        for entity, c in self.counts.items():
            parts = [
                _n(count, one, many)
                for count, one, many in (
                    (c.new, "ny", "nya"),
                    (c.updated, "uppdaterad", "uppdaterade"),
                    (
                        c.conflicts,
                        "sammanslagen (konflikt sparad)",
                        "sammanslagna (konflikter sparade)",
                    ),
                    (c.deleted, "borttagen", "borttagna"),
                    (c.blocked, "spärrad, behöver granskas", "spärrade, behöver granskas"),
                    (c.unchanged, "oförändrad", "oförändrade"),
                )
                if count
            ]
            if parts:
                out.append(f"{entity_label(entity).capitalize()}: {', '.join(parts)}.")
        if self.blobs_new or self.blobs_present:
            out.append(f"Bifogade filer: {self.blobs_new} nya, {self.blobs_present} fanns redan.")
        if not self.changes and not self.blocked and not self.blobs_new:
            out.append("Inget nytt i paketet. Inget ändrades.")
        return out


@dataclass
class _Checked:
    reader: pkg.PackageReader
    plain: Path
    file_sha256: str
    manifest_sha256: str
    signer_hex: str


class Importer:
    def __init__(self, app: App) -> None:
        self.app = app
        self.db = app.db
        self._participants: set[str] = set()  # participants the import touched (erasure)
        self._auth: authority.Authority | None = None
        self._deferred: list[tuple[str, list[tuple[dict[str, Any], dict[str, Any]]]]] = []
        self._kept = import_speed.KeptRecords()
        self._older_schema = False
        self._settled: dict[str, int] = {}  # records files applied in full before

    # --- the checks ------------------------------------------------------------------

    def _already(self, *hashes: str) -> bool:
        with self.db.reader() as tx:
            return any(tx.first(ImportLogRow, sha256=h) is not None for h in hashes)

    def _open_checked(
        self,
        path: Path,
        passphrase: str | None,
        trust_fingerprint: str | None,
        progress: pkg.Progress | None,
    ) -> _Checked | None:
        """Decrypt and verify everything but the records. None: imported before."""
        file_sha = _file_sha256(path)
        if self._already(file_sha):
            return None
        plain = pkg.decrypt_to_file(
            path,
            self.app.paths.root / "tmp",
            identity=self._identity(),
            passphrase=passphrase,
        )
        reader: pkg.PackageReader | None = None
        try:
            reader = pkg.PackageReader(plain)
            reader.check_structure()
            manifest = reader.read_manifest()
            reader.verify_signature()
            check_schema_version(manifest)
            self._older_schema = manifest.get("schema_version") != HEAD
            scope = manifest.get("scope")
            if isinstance(scope, dict) and scope.get("kind") == "followup":  # issue 10
                raise pkg.PackageError(
                    "Paketet är en uppföljningsrapport till Coompanion, inget utbytespaket. "
                    "Läs in den under Statistik › Insamling (eller med ”handledare-app "
                    "collect”). Inget har ändrats."
                )
            signer_hex = reader.signer_key().hex()
            self._check_signer(signer_hex, manifest, trust_fingerprint)
            manifest_sha = hashlib.sha256(reader.manifest_bytes).hexdigest()
            if self._already(manifest_sha):
                reader.close()
                plain.unlink(missing_ok=True)
                return None
            reader.check_members(progress, held=self.app.blobs.has)
            return _Checked(reader, plain, file_sha, manifest_sha, signer_hex)
        except BaseException:
            if reader is not None:
                reader.close()
            plain.unlink(missing_ok=True)
            raise

    def _identity(self) -> str:
        """The age identity that decrypts packages (a joining laptop uses another)."""
        return self.app.keys.age_identity

    def _check_signer(
        self, signer_hex: str, manifest: dict[str, Any], trust_fingerprint: str | None
    ) -> None:
        trust = self.app.exchange.trust
        status = trust.signer_status(signer_hex)
        if status == "revoked":
            raise UserError(
                "Paketet är signerat med en spärrad nyckel och läses inte in. Inget har ändrats."
            )
        if status in ("self", "trusted"):
            return
        # Issue 11: a laptop that joined by invitation, or one introduced by a trusted
        # laptop of this workplace (services/workplace_intro.py).
        if self.app.joining.accept_proof(signer_hex, manifest) or introduced(self.app, signer_hex):
            return
        origin = manifest.get("origin", {})
        name = f"{origin.get('installation_name', '')}, {origin.get('workplace_name', '')}"
        unknown = UnknownSigner("Paketet", signer_hex, name.strip(", "))
        if trust_fingerprint is None or (
            "".join(trust_fingerprint.split()).upper() != "".join(unknown.fingerprint.split())
        ):
            raise unknown

    # --- records -------------------------------------------------------------------

    def _entities_in_order(self, reader: pkg.PackageReader) -> list[str]:
        present = set(reader.record_entities())
        unknown = sorted(e for e in present if not known_entity(e))
        if unknown:
            raise pkg.PackageError(
                f"Paketet innehåller posttypen ”{unknown[0][:40]}” som den här versionen av "
                "appen inte känner till. Uppdatera appen. Inget har ändrats."
            )
        return [e for e in rows.MODELS_BY_ENTITY if e in present]

    def _iter_checked(self, reader: pkg.PackageReader, entity: str) -> Iterator[dict[str, Any]]:
        """Second pass over records `_validate_all` accepted: the rows kept from the
        first pass (within a memory budget, services/import_speed.py), else only
        conversion of a re-read."""
        kept = self._kept.take(entity)
        if kept is not None:
            yield from kept
            return
        held = self._kept.held_ids(entity)
        for _lineno, raw in reader.iter_records(entity):
            if raw["id"] not in held:
                yield convert_checked(entity, self._upgraded(entity, raw))

    def _upgraded(self, entity: str, raw: Any) -> Any:
        """A record from an older schema gets the defaults of the columns added since
        (a laptop not yet updated can still send its work)."""
        if not self._older_schema or not isinstance(raw, dict):
            return raw
        return {**rows.column_defaults(entity), **raw}

    def _iter_valid(self, reader: pkg.PackageReader, entity: str) -> Iterator[dict[str, Any]]:
        chunk: list[tuple[int, Any]] = []
        for item in reader.iter_records(entity):
            chunk.append(item)
            if len(chunk) >= BATCH:
                yield from self._valid_chunk(entity, chunk)
                chunk = []
        yield from self._valid_chunk(entity, chunk)

    def _valid_chunk(self, entity: str, chunk: list[tuple[int, Any]]) -> Iterator[dict[str, Any]]:
        """Records held here in exactly that version are counted unchanged without
        being checked further (they are never written); the rest are validated."""
        ids = [raw["id"] for _n, raw in chunk if isinstance(raw, dict) and "id" in raw]
        with self.db.reader() as tx:
            held = import_speed.held_versions(tx, entity, ids)
        for lineno, raw in chunk:
            if import_speed.same_version(raw, held):
                self._kept.skip(entity, raw["id"])
                continue
            try:
                yield validate_record(entity, self._upgraded(entity, raw))
            except RecordProblem as exc:
                raise pkg.PackageError(
                    f"Paketet kan inte läsas in: post {lineno} bland "
                    f"{entity_label(entity)} är ogiltig ({exc.message}). Inget har ändrats."
                ) from None

    def _validate_all(self, reader: pkg.PackageReader, entities: list[str]) -> None:
        """Pass 1: every record valid, ids unique, every reference resolvable."""
        ids: dict[str, set[str]] = {}
        refs: dict[str, set[str]] = {}
        hashes: set[str] = set()
        for entity in entities:
            count = self._settled_count(reader, entity)
            if count is not None:  # this very file was applied here in full before
                self._kept.settle(entity, count)
                continue
            seen = ids.setdefault(entity, set())
            fks = foreign_keys(entity)
            for row in self._iter_valid(reader, entity):
                self._kept.offer(entity, row)
                if row["id"] in seen:
                    raise pkg.PackageError(
                        f"Paketet kan inte läsas in: en post bland {entity_label(entity)} "
                        "finns två gånger. Inget har ändrats."
                    )
                seen.add(row["id"])
                for column, target in fks:
                    value = row[column]
                    if value is not None:
                        refs.setdefault(target, set()).add(value)
                if entity in rows.BLOB_COLUMNS:
                    hashes |= rows.blob_refs(entity, row[rows.BLOB_COLUMNS[entity]])
        with self.db.reader() as tx:
            for target, wanted in refs.items():
                missing = wanted - ids.get(target, set())
                if missing:
                    missing -= rows.existing_ids(tx, target, missing)
                if missing:
                    raise pkg.PackageError(
                        f"Paketet kan inte läsas in: det hänvisar till {entity_label(target)} "
                        "som varken finns i paketet eller här. Inget har ändrats."
                    )
        in_package = set(reader.blob_hashes())
        absent = [h for h in hashes if h not in in_package and not self.app.blobs.has(h)]
        if absent:
            raise pkg.PackageError(
                "Paketet kan inte läsas in: en bifogad fil saknas i paketet. Inget har ändrats."
            )

    def _settled_count(self, reader: pkg.PackageReader, entity: str) -> int | None:
        if entity in settled_members.NEVER:
            return None
        return self._settled.get(reader.members[settled_members.member_name(entity)].sha256)

    def _member_digests(self, reader: pkg.PackageReader, entities: list[str]) -> dict[str, str]:
        return {e: reader.members[settled_members.member_name(e)].sha256 for e in entities}

    def _sender_id(self, signer_hex: str, manifest: dict[str, Any]) -> str:
        return witness.sender_id(self.app, signer_hex, manifest)

    def _authority(
        self, reader: pkg.PackageReader, entities: list[str], signer_hex: str, sender: str
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

    # --- plan and apply ---------------------------------------------------------------

    def _run(
        self,
        tx: Tx,
        reader: pkg.PackageReader,
        entities: list[str],
        report: ImportReport,
        write: bool,
    ) -> str:
        """Compute (and, with write, apply) every decision. Returns the newest hlc seen."""
        newest = ""
        conflicts: list[ConflictRow] = []
        now = utc_now_text()
        if self._auth is not None:
            self._auth.tx = tx
        self._deferred = []
        for entity in entities:
            if entity == "tombstone":
                continue
            counts = report.entity(entity)
            counts.unchanged += self._kept.held_count(entity)  # skipped in pass 1
            fields = rows.synced_field_names(entity)
            unique_keys = rows.entity_unique_keys(entity)
            batch: list[dict[str, Any]] = []
            for row in self._iter_checked(reader, entity):
                newest = max(newest, row["hlc"])
                batch.append(row)
                if len(batch) >= BATCH:
                    self._batch(
                        tx, entity, batch, fields, unique_keys, counts, conflicts, now, write
                    )
                    batch = []
            self._batch(tx, entity, batch, fields, unique_keys, counts, conflicts, now, write)
        if write:  # signed rows' changes after the reopenings that unlock them (issue 11)
            for entity, updates in self._deferred:
                allowed, refused = apply_order.split_locked(tx, entity, updates)
                rows.update_incoming(tx, entity, allowed)
                fields = rows.synced_field_names(entity)
                for before, after in refused:  # still signed here: the signed one wins
                    report.entity(entity).updated -= 1
                    report.entity(entity).conflicts += 1
                    conflicts.append(
                        _conflict(
                            now,
                            entity,
                            before["id"],
                            "*",
                            _content(before, fields),
                            _content(after, fields),
                            after["hlc"],
                        )
                    )
        if "tombstone" in entities:
            report.entity("tombstone").unchanged += self._kept.held_count("tombstone")
            tombstones = list(self._iter_checked(reader, "tombstone"))
            for t in tombstones:
                newest = max(newest, t["hlc"])
            self._tombstones(tx, tombstones, report, conflicts, now, write)
        if write and conflicts:
            for c in conflicts:
                tx.add(c)
            tx.flush()
        return newest

    def _batch(
        self,
        tx: Tx,
        entity: str,
        batch: list[dict[str, Any]],
        fields: list[str],
        unique_keys: list[tuple[str, ...]],
        counts: EntityCounts,
        conflicts: list[ConflictRow],
        now: str,
        write: bool,
    ) -> None:
        if not batch:
            return
        self._participants |= participants_in(entity, batch)
        local = rows.rows_by_id(tx, entity, [r["id"] for r in batch], raw=True)
        if self._auth is not None:
            self._auth.check_rows(entity, batch, local)
        gone = rows.tombstones_for(tx, [(entity, r["id"]) for r in batch])
        taken = self._natural_keys(tx, entity, batch, local, unique_keys)
        inserts: list[dict[str, Any]] = []
        updates: list[tuple[dict[str, Any], dict[str, Any]]] = []
        for inc in batch:
            tomb = gone.get((entity, inc["id"]))
            if tomb is not None:
                counts.blocked += tomb["reason"] == "erasure"
                if tomb["reason"] != "erasure":
                    if inc["hlc"] > tomb["hlc"]:  # an edit the deleter had not seen
                        counts.conflicts += 1
                        conflicts.append(
                            _conflict(
                                now, entity, inc["id"], "*", None, _content(inc, fields), inc["hlc"]
                            )
                        )
                    else:
                        counts.unchanged += 1
                continue
            cur = local.get(inc["id"])
            if cur is not None:
                inc = keep_local_secrets(entity, inc, cur)
            decision = decide(cur, inc)
            if decision is Decision.INSERT:
                clash = next((k for k in unique_keys if taken.get((k, _key(inc, k)))), None)
                if clash is not None:
                    kept_id = taken[(clash, _key(inc, clash))]
                    counts.conflicts += 1
                    conflicts.append(
                        _conflict(
                            now,
                            entity,
                            kept_id,
                            "*",
                            None,
                            {**_content(inc, fields), "id": inc["id"]},
                            inc["hlc"],
                        )
                    )
                    continue
                for k in unique_keys:
                    taken[(k, _key(inc, k))] = inc["id"]
                counts.new += 1
                inserts.append(inc)
            elif decision is Decision.UNCHANGED:
                counts.unchanged += 1
            elif entity in SIGNED_ENTITIES:  # immutable: a differing version waits for a person
                assert cur is not None
                if content_equal(cur, inc, fields):
                    counts.unchanged += 1
                    continue
                counts.blocked += 1
                conflicts.append(
                    _conflict(
                        now,
                        entity,
                        cur["id"],
                        "*",
                        _content(cur, fields),
                        _content(inc, fields),
                        inc["hlc"],
                    )
                )
            elif decision is Decision.REPLACE:
                assert cur is not None
                counts.updated += 1
                updates.append((cur, _db_row(inc)))
            elif entity in apply_order.DEFERRED_UPDATES and inc.get("locked_by"):
                # A concurrent edit met a signed (locked) version: the signed one wins
                # whole on every laptop; ours is kept in the conflict log.
                assert cur is not None
                counts.conflicts += 1
                conflicts.append(
                    _conflict(
                        now,
                        entity,
                        cur["id"],
                        "*",
                        _content(inc, fields),
                        _content(cur, fields),
                        cur["hlc"],
                    )
                )
                updates.append((cur, _db_row(inc)))
            else:
                assert cur is not None
                merged = merge_concurrent(cur, inc, fields)
                assert merged.row is not None
                if merged.lost:
                    counts.conflicts += 1
                    for lost in merged.lost:
                        conflicts.append(
                            _conflict(
                                now,
                                entity,
                                cur["id"],
                                lost.field,
                                lost.kept_value,
                                lost.lost_value,
                                lost.lost_hlc,
                            )
                        )
                else:
                    counts.updated += 1
                updates.append((cur, _db_row(merged.row)))
        if write:
            rows.insert_incoming(tx, entity, inserts)
            if entity in apply_order.DEFERRED_UPDATES:
                self._deferred.append((entity, updates))
            else:
                rows.update_incoming(tx, entity, updates)

    def _natural_keys(
        self,
        tx: Tx,
        entity: str,
        batch: list[dict[str, Any]],
        local: dict[str, dict[str, Any]],
        unique_keys: list[tuple[str, ...]],
    ) -> dict[tuple[tuple[str, ...], tuple[Any, ...]], str]:
        """Local rows already holding a natural key that a new incoming row wants."""
        taken: dict[tuple[tuple[str, ...], tuple[Any, ...]], str] = {}
        for key in unique_keys:
            for inc in batch:
                if inc["id"] in local:
                    continue
                values = _key(inc, key)
                found = rows.find_by_natural_key(tx, entity, key, values)
                if found is not None and found != inc["id"]:
                    taken[(key, values)] = found
        return taken

    def _tombstones(
        self,
        tx: Tx,
        tombstones: list[dict[str, Any]],
        report: ImportReport,
        conflicts: list[ConflictRow],
        now: str,
        write: bool,
    ) -> None:
        if self._auth is not None:
            self._auth.check_tombstones(tombstones)
        counts = report.entity("tombstone")
        order = {e: i for i, e in enumerate(rows.MODELS_BY_ENTITY)}
        # Children before parents, so nothing is left pointing at a removed row.
        tombstones.sort(key=lambda t: -order.get(t["entity"], 0))
        local_t = rows.tombstones_for(tx, [(t["entity"], t["record_id"]) for t in tombstones])
        dying = {(t["entity"], t["record_id"]) for t in tombstones}
        by_id = rows.existing_ids(tx, "tombstone", [t["id"] for t in tombstones])
        for t in tombstones:
            key = (t["entity"], t["record_id"])
            if t["id"] in by_id or key in local_t:
                if t["id"] not in by_id and write:  # deleted on two laptops at once
                    apply_order.settle_tombstone(tx, local_t[key], t)
                counts.unchanged += 1
                continue
            target = rows.rows_by_id(tx, t["entity"], [t["record_id"]], raw=True).get(
                t["record_id"]
            )
            if target is not None:
                if t["entity"] in SIGNED_ENTITIES or self._has_living_children(
                    tx, t["entity"], t["record_id"], dying
                ):
                    counts.blocked += 1
                    conflicts.append(
                        _conflict(
                            now,
                            "tombstone",
                            t["record_id"],
                            "*",
                            None,
                            _content(t, ["entity", "reason"]),
                            t["hlc"],
                        )
                    )
                    continue
                if target["hlc"] > t["hlc"]:  # edited here after the deletion elsewhere
                    fields = rows.synced_field_names(t["entity"])
                    conflicts.append(
                        _conflict(
                            now,
                            t["entity"],
                            t["record_id"],
                            "*",
                            None,
                            _content(target, fields),
                            target["hlc"],
                        )
                    )
                report.entity(t["entity"]).deleted += 1
                if write:
                    rows.delete_incoming(tx, t["entity"], _db_row(target))
            counts.new += 1
            if write:
                rows.insert_incoming(tx, "tombstone", [t])

    def _has_living_children(
        self, tx: Tx, entity: str, record_id: str, dying: set[tuple[str, str]]
    ) -> bool:
        for child in rows.MODELS_BY_ENTITY:
            for column, target in foreign_keys(child):
                if target != entity:
                    continue
                for cid in rows.ids_where_in(tx, child, column, [record_id]):
                    if (child, cid) not in dying:
                        return True
        return False

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
            return self._run_paused(
                path, actor_id, dry_run, passphrase, trust_fingerprint, progress
            )

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
        checked = self._open_checked(path, passphrase, trust_fingerprint, progress)
        if checked is None:
            report.already_imported = True
            return report
        try:
            reader = checked.reader
            manifest = reader.manifest
            origin = manifest.get("origin", {})
            report.profile = str(manifest.get("profile", ""))
            report.sender = str(origin.get("installation_name", ""))
            report.sender_fingerprint = fingerprint(bytes.fromhex(checked.signer_hex))
            report.created_at = str(manifest.get("created_at", ""))
            entities = self._entities_in_order(reader)
            with self.db.reader() as tx:
                self._settled = settled_members.settled(tx, IMPORT_KIND)
            self._validate_all(reader, entities)
            self._auth = self._authority(reader, entities, checked.signer_hex, report.sender)
            sender_id = self._sender_id(checked.signer_hex, manifest)
            history = witness.check_incoming(self.app, manifest, sender_id, report.sender)
            blobs = reader.blob_hashes()
            present = {h for h in blobs if self.app.blobs.has(h)}
            report.blobs_present = len(present)
            report.blobs_new = len(blobs) - len(present)
            if dry_run:
                with self.db.reader() as tx:
                    newest = self._run(tx, reader, entities, report, write=False)
                refuse_future_stamps(newest, report.sender)
                return report
            newly_trusted = (
                trust_fingerprint is not None
                and self.app.exchange.trust.signer_status(checked.signer_hex) == "unknown"
            )
            # All written, then one fsync pass: durable before the transaction commits.
            self.app.blobs.put_streams(
                (h, partial(reader.copy_blob, h)) for h in blobs if h not in present
            )
            if not self._kept.all_held() or report.blobs_new:  # else nothing can change
                with contextlib.suppress(OSError):
                    self.app.backup_now("import")
            with self.db.long_write("importen"), self.db.transaction(actor_id) as tx:
                self._participants = set()
                newest = self._run(tx, reader, entities, report, write=True)
                refuse_future_stamps(newest, report.sender)  # rolls the import back
                # Whatever arrived about an erased participant is erased again.
                erased_now = self._participants & erased_ids(tx)
                self.app.erasure.reapply(tx, erased_now)
                witness.record(tx, self.db.installation_id, history, utc_now_text())
                delivery.record_received(tx, self.db.installation_id, manifest)
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


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _file_sha256(path: Path) -> str:
    try:
        return pkg.sha256_file(path)
    except IsADirectoryError:
        raise pkg.PackageError(f"{path} är en mapp, inte ett paket.") from None
    except FileNotFoundError:
        raise pkg.PackageError(f"Filen {path} finns inte.") from None
    except OSError as exc:
        from .files import os_error_text

        raise pkg.PackageError(f"Filen {path} kunde inte läsas ({os_error_text(exc)}).") from None


def _key(row: dict[str, Any], key: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(row[k] for k in key)


def _content(row: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    return {k: _json(row.get(k)) for k in fields}


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _db_row(row: dict[str, Any]) -> dict[str, Any]:
    """Only the table's columns (rows here hold database values: dates as dates)."""
    return dict(row)


def _conflict(
    now: str, entity: str, record_id: str, field_name: str, kept: Any, lost: Any, lost_hlc: str
) -> ConflictRow:
    return conflict_row(
        entity=entity,
        record_id=record_id,
        field=field_name,
        kept_value=kept,
        lost_value=lost,
        lost_hlc=lost_hlc,
        at=now,
    )
