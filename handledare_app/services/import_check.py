"""The checks of an import (services/exchange_import.py), each before anything is written:
the envelope (age), the ZIP's member names, the manifest and its signature, the signer's
trust, every member's size and hash, then every record against the schema and every
reference (in the package or the database). Records checked here are kept for the apply
pass (services/import_speed.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.errors import UserError
from ..storage import exchange_rows as rows
from ..storage.database import Database
from ..storage.models import ImportLogRow
from ..storage.schema_versions import HEAD
from . import import_speed, settled_members
from . import package as pkg
from .exchange_schema import (
    RecordProblem,
    convert_checked,
    entity_label,
    foreign_keys,
    known_entity,
    validate_record,
)
from .manifest_checks import check_schema_version
from .package_reader import PackageReader
from .trust import UnknownSigner
from .workplace_intro import introduced

if TYPE_CHECKING:
    from .app import App

BATCH = 1000
IMPORT_KIND = "package"


@dataclass
class _Checked:
    reader: PackageReader
    plain: Path
    file_sha256: str
    manifest_sha256: str
    signer_hex: str


class RecordChecks:
    """The check pass of `Importer` (state set up by its __init__)."""

    app: App
    db: Database
    _kept: import_speed.KeptRecords
    _older_schema: bool
    _settled: dict[str, int]  # records files applied in full before
    _copy_blobs: bool  # new blobs are checked while copied (PackageReader.copy_blob)

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
        reader: PackageReader | None = None
        try:
            reader = PackageReader(plain)
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
            with self.db.reader() as tx:
                self._settled = settled_members.settled(tx, IMPORT_KIND)
            reader.check_members(
                progress, held=self.app.blobs.has, copied=self._copy_blobs, unread=self._unread
            )
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
        unknown = UnknownSigner("Paketet", signer_hex, name.strip(", "), trust_fingerprint)
        if trust_fingerprint is None or (
            "".join(trust_fingerprint.split()).upper() != "".join(unknown.fingerprint.split())
        ):
            raise unknown

    # --- records -------------------------------------------------------------------

    def _entities_in_order(self, reader: PackageReader) -> list[str]:
        present = set(reader.record_entities())
        unknown = sorted(e for e in present if not known_entity(e))
        if unknown:
            raise pkg.PackageError(
                f"Paketet innehåller posttypen ”{unknown[0][:40]}” som den här versionen av "
                "appen inte känner till. Uppdatera appen. Inget har ändrats."
            )
        return [e for e in rows.MODELS_BY_ENTITY if e in present]

    def _iter_checked(self, reader: PackageReader, entity: str) -> Iterator[dict[str, Any]]:
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

    def _iter_valid(self, reader: PackageReader, entity: str) -> Iterator[dict[str, Any]]:
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
        older = self._older_schema
        for lineno, raw in chunk:
            if held and import_speed.same_version(raw, held):
                self._kept.skip(entity, raw["id"])
                continue
            try:
                yield validate_record(entity, self._upgraded(entity, raw) if older else raw)
            except RecordProblem as exc:
                raise pkg.PackageError(
                    f"Paketet kan inte läsas in: post {lineno} bland "
                    f"{entity_label(entity)} är ogiltig ({exc.message}). Inget har ändrats."
                ) from None

    def _validate_all(self, reader: PackageReader, entities: list[str]) -> None:
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

    def _unread(self, name: str, sha256: str) -> bool:
        """A records file applied here in full before (`_settled_count` will skip it)."""
        return settled_members.unread(name, sha256, self._settled)

    def _settled_count(self, reader: PackageReader, entity: str) -> int | None:
        if entity in settled_members.NEVER:
            return None
        return self._settled.get(reader.members[settled_members.member_name(entity)].sha256)

    def _member_digests(self, reader: PackageReader, entities: list[str]) -> dict[str, str]:
        return {e: reader.members[settled_members.member_name(e)].sha256 for e in entities}


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
