"""The criteria catalogue: import, export and browsing. Module versions are immutable."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

from ..domain.catalogue import parse_catalogue_bytes
from ..domain.catalogue_spec import (
    BusinessAreaSpec,
    CatalogueSpec,
    CriterionSpec,
    ModuleSpec,
    OutcomeSpec,
)
from ..domain.errors import NotFoundError, UserError, ValidationError
from ..domain.records import (
    BusinessAreaInfo,
    CatalogueImportResult,
    CatalogueInfo,
    CriterionInfo,
    ModuleInfo,
    OutcomeInfo,
)
from ..resources import example_catalogue_path
from ..storage import queries
from ..storage.database import Tx
from ..storage.models import (
    Base,
    BusinessAreaRow,
    CatalogueRow,
    CriterionRow,
    ModuleRow,
    OutcomeRow,
    SyncMixin,
)
from ..storage.sync import CATALOGUE_ORIGIN, stamp_as_published
from .base import Service
from .files import read_user_file, write_file_atomic

MAX_CATALOGUE_BYTES = 20 * 1024 * 1024
# Catalogue rows get ids derived from their place in the catalogue (never personal
# data), so every laptop that imports the same file agrees on them.
S = TypeVar("S", bound=Base)
# Adds one new row and returns it with its id: `parts` name it within its module, so an
# import can derive content ids from them; an edit in the app ignores them.
Place = Callable[[Base, tuple[object, ...]], Base]


def insert_outcomes(module_id: str, key: tuple[object, ...], m: ModuleSpec, place: Place) -> None:
    """A module's learning outcomes and criteria, criteria numbered through the module."""
    position = 0
    for o in m.outcomes:
        outcome = place(
            OutcomeRow(module_id=module_id, number=o.number, text=o.text),
            (*key, "outcome", o.number),
        )
        for c in o.criteria:
            position += 1
            place(
                CriterionRow(
                    outcome_id=outcome.id,  # type: ignore[attr-defined]
                    module_id=module_id,
                    number=c.number,
                    position=position,
                    text=c.text,
                ),
                (*key, "criterion", c.number),
            )


def insert_module(catalogue_id: str, area_id: str, m: ModuleSpec, place: Place) -> ModuleRow:
    """One module version with its outcomes and criteria (import and Kriteriebank edits)."""
    key = ("module", m.code, m.version)
    row = place(
        ModuleRow(
            catalogue_id=catalogue_id,
            business_area_id=area_id,
            code=m.code,
            version=m.version,
            title=m.title,
            description=m.description,
            seqf_level=m.seqf_level,
            ocn_level=m.ocn_level,
            points=m.points,
            content_hash=m.content_hash(),
        ),
        key,
    )
    assert isinstance(row, ModuleRow)
    insert_outcomes(row.id, key, m, place)
    return row


_ID_NAMESPACE = uuid.UUID("6f1c1b1e-6a0e-4b8e-9a57-0c3a1d2e9f40")


def catalogue_row_id(*parts: object) -> str:
    return str(uuid.uuid5(_ID_NAMESPACE, ":".join(str(p) for p in parts)))


def _catalogue_info(tx: Tx, row: CatalogueRow) -> CatalogueInfo:
    return CatalogueInfo(
        row.id,
        row.catalogue_key,
        row.name,
        row.version,
        tx.count(ModuleRow, catalogue_id=row.id),
        dt.datetime.fromisoformat(row.created_at.replace("Z", "+00:00")),
    )


def module_info(tx: Tx, row: ModuleRow, *, with_content: bool = True) -> ModuleInfo:
    area = tx.get(BusinessAreaRow, row.business_area_id)
    assert area is not None
    outcomes: tuple[OutcomeInfo, ...] = ()
    if with_content:
        crit_by_outcome: dict[str, list[CriterionInfo]] = {}
        for c in tx.find(CriterionRow, order_by="position", module_id=row.id):
            crit_by_outcome.setdefault(c.outcome_id, []).append(
                CriterionInfo(c.id, c.number, c.text)
            )
        outcomes = tuple(
            OutcomeInfo(o.id, o.number, o.text, tuple(crit_by_outcome.get(o.id, [])))
            for o in tx.find(OutcomeRow, order_by="number", module_id=row.id)
        )
    return ModuleInfo(
        row.id,
        row.code,
        row.version,
        row.title,
        row.description,
        area.code,
        area.name,
        row.seqf_level,
        row.ocn_level,
        row.points,
        outcomes,
    )


def module_spec(info: ModuleInfo) -> ModuleSpec:
    """A stored module back in file form: for export and for the integrity check."""
    return ModuleSpec(
        info.code,
        info.version,
        info.title,
        info.description,
        info.seqf_level,
        info.ocn_level,
        info.points,
        tuple(
            OutcomeSpec(
                o.number, o.text, tuple(CriterionSpec(c.number, c.text) for c in o.criteria)
            )
            for o in info.outcomes
        ),
    )


class CatalogueService(Service):
    # --- import ------------------------------------------------------------------

    def import_file(self, path: Path, actor_id: str | None = None) -> CatalogueImportResult:
        data = read_user_file(path, "Katalogfilen", MAX_CATALOGUE_BYTES)
        return self.import_bytes(data, actor_id=actor_id)

    def import_example(self, actor_id: str | None = None) -> CatalogueImportResult:
        return self.import_file(example_catalogue_path(), actor_id=actor_id)

    def example_spec(self) -> CatalogueSpec:
        """The shipped example, validated; a broken install says so in Swedish."""
        data = read_user_file(example_catalogue_path(), "Exempelkatalogen", MAX_CATALOGUE_BYTES)
        return parse_catalogue_bytes(data)

    def apply_in(self, tx: Tx, spec: CatalogueSpec) -> CatalogueImportResult:
        """Import inside a caller's transaction (set-up)."""
        self._check_against_stored(tx, spec)
        return self._apply(tx, spec)

    def validate_bytes(self, data: bytes) -> CatalogueSpec:
        """Full validation, against the file's own rules and the stored versions."""
        spec = parse_catalogue_bytes(data)
        with self.db.reader() as tx:
            self._check_against_stored(tx, spec)
        return spec

    def _check_against_stored(self, tx: Tx, spec: CatalogueSpec) -> None:
        errors = []
        stored = queries.module_hashes(tx)
        for _area, module in spec.modules:
            old = stored.get((module.code, module.version))
            if old is not None and old != module.content_hash():
                row = tx.first(ModuleRow, code=module.code, version=module.version)
                if row is not None and row.origin != CATALOGUE_ORIGIN:
                    # A version made in the app (catalogue_edit.py) took this number first.
                    errors.append(
                        f"Modul {module.code}: version {module.version} finns redan som en "
                        "ändring gjord i appen, med annat innehåll. Be den som gav ut filen "
                        "att ge modulen ett högre versionsnummer."
                    )
                    continue
                errors.append(
                    f"Modul {module.code}: version {module.version} finns redan med annat "
                    f"innehåll. Ge den ändrade modulen ett nytt versionsnummer."
                )
        if errors:
            raise ValidationError(
                f"Kriteriebanken har {len(errors)} fel och lästes inte in. Inget har ändrats.",
                errors,
            )

    def import_bytes(self, data: bytes, actor_id: str | None = None) -> CatalogueImportResult:
        spec = self.validate_bytes(data)
        if self.app.paths.db.exists() and self.app.setup.is_set_up():
            self.app.backup_now("fore-katalogimport")
        with self.db.transaction(actor_id) as tx:
            self._check_against_stored(tx, spec)
            return self._apply(tx, spec)

    def _apply(self, tx: Tx, spec: CatalogueSpec) -> CatalogueImportResult:
        def add(row: S, *id_parts: object) -> S:
            synced = cast(SyncMixin, row)
            synced.id = catalogue_row_id(*id_parts)
            stamp_as_published(synced, spec.published)
            tx.add(row)
            tx.flush()  # no ORM relationships, so the parent goes in before its children
            return row

        cat = tx.first(CatalogueRow, catalogue_key=spec.catalogue_id, version=spec.version)
        if cat is None:
            cat = add(
                CatalogueRow(
                    catalogue_key=spec.catalogue_id,
                    name=spec.name,
                    version=spec.version,
                    published=spec.published,
                    publisher=spec.publisher,
                    description=spec.description,
                    hours_per_point=spec.hours_per_point,
                ),
                "catalogue",
                spec.catalogue_id,
                spec.version,
            )
        areas = {a.code: a for a in tx.find(BusinessAreaRow)}
        stored = queries.module_hashes(tx)
        added = unchanged = areas_added = 0
        for area_spec in spec.business_areas:
            area = areas.get(area_spec.code)
            if area is None:
                area = add(
                    BusinessAreaRow(
                        code=area_spec.code, name=area_spec.name, description=area_spec.description
                    ),
                    "business_area",
                    area_spec.code,
                )
                areas[area.code] = area
                areas_added += 1
            for m in area_spec.modules:
                if (m.code, m.version) in stored:
                    unchanged += 1
                    continue
                insert_module(cat.id, area.id, m, lambda row, parts: add(row, *parts))
                added += 1
        tx.flush()
        return CatalogueImportResult(_catalogue_info(tx, cat), added, unchanged, areas_added)

    # --- export ------------------------------------------------------------------

    def export_spec(self) -> CatalogueSpec:
        """The current catalogue: every business area with the newest version of each module."""
        with self.db.reader() as tx:
            cats = tx.find(CatalogueRow, order_by="created_at")
            if not cats:
                raise UserError("Kriteriebanken är tom; det finns inget att exportera.")
            head = cats[-1]
            areas = []
            for area in tx.find(BusinessAreaRow, order_by="code"):
                modules = []
                for mrow in queries.newest_modules(tx, area.id):
                    modules.append(module_spec(module_info(tx, mrow)))
                if modules:
                    areas.append(
                        BusinessAreaSpec(area.code, area.name, area.description, tuple(modules))
                    )
            return CatalogueSpec(
                head.catalogue_key,
                head.name,
                head.version,
                head.published,
                head.publisher,
                head.description,
                head.hours_per_point,
                tuple(areas),
            )

    def export_file(self, path: Path) -> int:
        spec = self.export_spec()
        text = json.dumps(spec.to_json(), ensure_ascii=False, indent=2) + "\n"
        write_file_atomic(path, text.encode("utf-8"), "katalogfilen")
        return sum(len(a.modules) for a in spec.business_areas)

    # --- browsing ----------------------------------------------------------------

    def catalogues(self) -> list[CatalogueInfo]:
        with self.db.reader() as tx:
            return [_catalogue_info(tx, c) for c in tx.find(CatalogueRow, order_by="created_at")]

    def business_areas(self) -> list[BusinessAreaInfo]:
        with self.db.reader() as tx:
            counts = queries.newest_module_count_by_area(tx)
            return [
                BusinessAreaInfo(a.id, a.code, a.name, a.description, counts.get(a.id, 0))
                for a in tx.find(BusinessAreaRow, order_by="name")
            ]

    def modules(
        self, area_code: str | None = None, *, newest_only: bool = True, with_content: bool = False
    ) -> list[ModuleInfo]:
        with self.db.reader() as tx:
            area_id = None
            if area_code is not None:
                area = tx.first(BusinessAreaRow, code=area_code)
                if area is None:
                    raise NotFoundError(f"Verksamhetsområdet ”{area_code}” finns inte.")
                area_id = area.id
            rows = (
                queries.newest_modules(tx, area_id)
                if newest_only
                else queries.all_modules(tx, area_id)
            )
            return [module_info(tx, r, with_content=with_content) for r in rows]

    def module(self, module_id: str) -> ModuleInfo:
        with self.db.reader() as tx:
            row = tx.get(ModuleRow, module_id)
            if row is None:
                raise NotFoundError("Modulen finns inte.")
            return module_info(tx, row)

    def newest_version(self, code: str) -> ModuleInfo:
        with self.db.reader() as tx:
            rows = tx.find(ModuleRow, order_by="version", code=code)
            if not rows:
                raise NotFoundError(f"Modulen {code} finns inte i kriteriebanken.")
            return module_info(tx, rows[-1])
