"""Editing the criteria catalogue in the app (admins only).

Rules (also in README, "Kriteriebank"):

- A module version that is *in use* (any enrollment, active or withdrawn, refers to it)
  or that came from a catalogue file is never changed: saving creates a new version
  (highest version of the code + 1). Participants keep the version they work on; new
  work plans get the newest.
- An unused version made on *this* computer (a local draft) is changed in place, so
  trying things out does not pile up versions.
- Rows made here get random UUIDv7 ids (the flush hook), never the content-derived
  UUIDv5 ids of imported rows, so they cannot collide with any catalogue file's records.
  A later file that carries the same code and version with other content is refused
  by the import check, which says that the version was made in the app.
- The checks are those of a catalogue import (domain/catalogue.py), with Swedish field
  names, and every error is listed with its place.
"""

from __future__ import annotations

from pathlib import Path

from ..domain.catalogue import (
    ModuleDraft,
    validate_business_area,
    validate_module_draft,
)
from ..domain.catalogue_spec import ModuleSpec
from ..domain.enums import Role
from ..domain.errors import NotFoundError, ValidationError
from ..domain.records import (
    BusinessAreaInfo,
    CatalogueImportResult,
    ModuleEditResult,
    ModuleInfo,
)
from ..storage.database import Tx
from ..storage.models import (
    Base,
    BusinessAreaRow,
    CatalogueRow,
    CriterionRow,
    EnrollmentRow,
    ModuleRow,
    OutcomeRow,
)
from .base import Service, require
from .catalogue import Place, insert_module, insert_outcomes, module_info

LOCAL_CATALOGUE_KEY = "lokal"


class CatalogueEditService(Service):
    def _require_admin(self, actor_id: str | None) -> None:
        self.app.supervisors.require_role(actor_id, Role.ADMIN)

    # --- reading ---------------------------------------------------------------------

    def usage(self, module_id: str) -> int:
        """How many work plans (enrollments, also withdrawn ones) use this module version."""
        with self.db.reader() as tx:
            return tx.count(EnrollmentRow, module_id=module_id)

    def is_local_draft(self, module_id: str) -> bool:
        """Made on this computer and not used yet: saving changes it in place."""
        with self.db.reader() as tx:
            row = require(tx, ModuleRow, module_id, "Modulen")
            return self._is_local_draft(tx, row)

    def _is_local_draft(self, tx: Tx, row: ModuleRow) -> bool:
        return (
            row.origin == self.db.installation_id and tx.count(EnrollmentRow, module_id=row.id) == 0
        )

    # --- modules ---------------------------------------------------------------------

    def save_module(
        self, actor_id: str | None, module_id: str, draft: ModuleDraft
    ) -> ModuleEditResult:
        """Save an edited module: a new version unless it is an unused local draft."""
        self._require_admin(actor_id)
        with self.db.transaction(actor_id) as tx:
            row = require(tx, ModuleRow, module_id, "Modulen")
            newest = tx.find(ModuleRow, order_by="version", code=row.code)[-1]
            if newest.id != row.id:
                raise ValidationError(
                    f"Modul {row.code} har en nyare version (version {newest.version}). "
                    "Ändra den nyaste versionen i stället."
                )
            in_place = self._is_local_draft(tx, row)
            version = row.version if in_place else row.version + 1
            spec = validate_module_draft(row.code, version, draft)
            same = validate_module_draft(row.code, row.version, draft)
            if same.content_hash() == row.content_hash:
                return ModuleEditResult(module_info(tx, row), new_version=False, changed=False)
            if in_place:
                self._replace_content(tx, row, spec)
                tx.flush()
                return ModuleEditResult(module_info(tx, row), new_version=False, changed=True)
            new = self._insert(tx, row.catalogue_id, row.business_area_id, spec)
            return ModuleEditResult(module_info(tx, new), new_version=True, changed=True)

    def add_module(
        self, actor_id: str | None, area_code: str, code: str, draft: ModuleDraft
    ) -> ModuleInfo:
        """A new module (version 1) in a business area."""
        self._require_admin(actor_id)
        code = code.strip()
        spec = validate_module_draft(code, 1, draft)
        with self.db.transaction(actor_id) as tx:
            area = tx.first(BusinessAreaRow, code=area_code)
            if area is None:
                raise NotFoundError(f"Verksamhetsområdet ”{area_code}” finns inte.")
            existing = tx.first(ModuleRow, code=code)
            if existing is not None:
                owner = tx.get(BusinessAreaRow, existing.business_area_id)
                raise ValidationError(
                    f"Modulkoden {code} finns redan"
                    + (f" (under ”{owner.name}”)." if owner is not None else ".")
                    + " Välj en annan kod."
                )
            catalogue_id = self._catalogue_for_new_module(tx)
            return module_info(tx, self._insert(tx, catalogue_id, area.id, spec))

    def _catalogue_for_new_module(self, tx: Tx) -> str:
        catalogues = tx.find(CatalogueRow, order_by="created_at")
        if catalogues:
            return catalogues[-1].id
        row = tx.add(
            CatalogueRow(
                catalogue_key=LOCAL_CATALOGUE_KEY,
                name="Lokal kriteriebank",
                version="1",
                published=None,
                publisher="",
                description="Moduler som lagts till i appen.",
                hours_per_point=10,
            )
        )
        tx.flush()
        return row.id

    def _insert(self, tx: Tx, catalogue_id: str, area_id: str, spec: ModuleSpec) -> ModuleRow:
        # Rows made in the app get UUIDv7 ids from the flush hook, never content ids.
        return insert_module(catalogue_id, area_id, spec, _placer(tx))

    def _replace_content(self, tx: Tx, row: ModuleRow, spec: ModuleSpec) -> None:
        """An unused local draft: nothing refers to its outcomes or criteria yet."""
        row.title = spec.title
        row.description = spec.description
        row.seqf_level = spec.seqf_level
        row.ocn_level = spec.ocn_level
        row.points = spec.points
        row.content_hash = spec.content_hash()
        for c in tx.find(CriterionRow, module_id=row.id):
            tx.delete(c)
        tx.flush()
        for o in tx.find(OutcomeRow, module_id=row.id):
            tx.delete(o)
        tx.flush()
        insert_outcomes(row.id, ("module", row.code, row.version), spec, _placer(tx))

    # --- business areas ----------------------------------------------------------------

    def add_business_area(
        self, actor_id: str | None, code: str, name: str, description: str = ""
    ) -> BusinessAreaInfo:
        self._require_admin(actor_id)
        spec = validate_business_area(code, name, description)
        with self.db.transaction(actor_id) as tx:
            if tx.first(BusinessAreaRow, code=spec.code) is not None:
                raise ValidationError(
                    f"Verksamhetsområdet med koden ”{spec.code}” finns redan. Välj en annan kod."
                )
            if any(a.name.casefold() == spec.name.casefold() for a in tx.find(BusinessAreaRow)):
                raise ValidationError(
                    f"Det finns redan ett verksamhetsområde som heter ”{spec.name}”."
                )
            row = tx.add(
                BusinessAreaRow(code=spec.code, name=spec.name, description=spec.description)
            )
            tx.flush()
            return BusinessAreaInfo(row.id, row.code, row.name, row.description, 0)

    # --- files -------------------------------------------------------------------------

    def import_file(self, actor_id: str | None, path: Path) -> CatalogueImportResult:
        """Import from the window: admins only; validates fully and backs up first."""
        self._require_admin(actor_id)
        return self.app.catalogue.import_file(path, actor_id=actor_id)

    def export_file(self, actor_id: str | None, path: Path) -> int:
        """Write the current catalogue (newest versions) atomically; returns module count."""
        self._require_admin(actor_id)
        return self.app.catalogue.export_file(path)

    def module_versions(self, code: str) -> list[tuple[ModuleInfo, int]]:
        """Every stored version of a module code with how many work plans use it."""
        with self.db.reader() as tx:
            rows = tx.find(ModuleRow, order_by="version", code=code)
            if not rows:
                raise NotFoundError(f"Modulen {code} finns inte i kriteriebanken.")
            return [
                (module_info(tx, r, with_content=False), tx.count(EnrollmentRow, module_id=r.id))
                for r in rows
            ]


def _placer(tx: Tx) -> Place:
    def place(row: Base, _parts: tuple[object, ...]) -> Base:
        tx.add(row)
        tx.flush()  # the id comes from the flush hook; children need it
        return row

    return place
