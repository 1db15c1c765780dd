"""The catalogue by import (DESIGN §5 "Authority", §6): no package changes what a
validation was judged against.

Catalogue records belong to no workplace, so the owner rules of services/authority.py
do not cover them. Two rules instead, for every signer (this laptop's own key too):

1. A module version that a work plan here uses (an enrollment points at it) is frozen:
   its row, outcomes and criteria are never changed or deleted by a package, and no
   outcome or criterion is added to it. A signoff's snapshot, the check and the
   certificate all read that content; a change must be a new version.
2. Rows of a published catalogue file (origin "katalog", content-derived ids, identical
   on every laptop that imported the file) never change by import, used or not.

A local draft made in the app (catalogue_edit.py) that nothing here uses yet may still
change, as the editor allows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..domain.merge import Decision, content_equal, decide
from ..storage import exchange_rows as rows
from ..storage.database import Tx
from ..storage.sync import CATALOGUE_ORIGIN

ENTITIES = frozenset({"catalogue", "business_area", "module", "outcome", "criterion"})
MODULE_COLUMN = {"module": "id", "outcome": "module_id", "criterion": "module_id"}
LABEL = {
    "catalogue": "kriteriebanken",
    "business_area": "verksamhetsområdet",
    "module": "modulen",
    "outcome": "ett läranderesultat i modulen",
    "criterion": "ett bedömningskriterium i modulen",
}
USED = (
    "men den modulversionen används redan i arbetsplaner här och ändras aldrig av ett "
    "paket (en ändring blir en ny version)"
)
PUBLISHED = "men en utgiven kriteriebank är densamma på alla datorer och ändras aldrig av ett paket"


def used_modules(tx: Tx, module_ids: Iterable[str]) -> set[str]:
    """The module versions among `module_ids` that an enrollment here points at."""
    enrolled = rows.ids_where_in(tx, "enrollment", "module_id", module_ids)
    return {str(v) for v in rows.column_values(tx, "enrollment", "module_id", enrolled).values()}


def _modules_of(tx: Tx, entity: str, row: dict[str, Any]) -> set[str]:
    if entity in MODULE_COLUMN:
        return {str(row[MODULE_COLUMN[entity]])}
    column = "catalogue_id" if entity == "catalogue" else "business_area_id"
    return rows.ids_where_in(tx, "module", column, [row["id"]])


def _what(tx: Tx, entity: str, row: dict[str, Any]) -> str:
    mids = sorted(_modules_of(tx, entity, row))
    code = ""
    if entity in MODULE_COLUMN and mids:
        found = rows.rows_by_id(tx, "module", mids[:1])
        module = found.get(mids[0]) or (row if entity == "module" else None)
        if module is not None:
            code = f" {str(module['code'])[:32]} version {module['version']}"
    elif entity in ("catalogue", "business_area"):
        code = f" ”{str(row.get('name', ''))[:60]}”"
    return f"{LABEL[entity]}{code}"


def frozen_change(
    tx: Tx,
    entity: str,
    batch: list[dict[str, Any]],
    local: dict[str, dict[str, Any]],
    arriving: set[str],
) -> tuple[str, str] | None:
    """(what, why) for the first record of `batch` that would change a frozen part of
    the catalogue here; None when every change is allowed. `arriving`: the modules this
    package brings that were not here (their outcomes and criteria come with them);
    filled as the module batches pass."""
    fields = rows.synced_field_names(entity)
    changed: list[tuple[dict[str, Any] | None, dict[str, Any]]] = []
    for inc in batch:
        cur = local.get(inc["id"])
        if entity == "module" and cur is None:
            arriving.add(str(inc["id"]))
        if cur is None and entity in ("outcome", "criterion") and inc["module_id"] in arriving:
            continue
        if cur is not None and (
            decide(cur, inc) is Decision.UNCHANGED or content_equal(cur, inc, fields)
        ):
            continue
        if cur is None and entity not in ("outcome", "criterion"):
            continue  # a new module, area or catalogue changes nothing here
        changed.append((cur, inc))
    if not changed:
        return None
    wanted = {
        m for cur, inc in changed for r in (cur, inc) if r for m in _modules_of(tx, entity, r)
    }
    used = used_modules(tx, wanted)
    published = {
        m
        for m, origin in rows.column_values(tx, "module", "origin", wanted).items()
        if origin == CATALOGUE_ORIGIN
    }
    for cur, inc in changed:
        if cur is not None and cur.get("origin") == CATALOGUE_ORIGIN:
            return _what(tx, entity, cur), PUBLISHED
        for row in (cur, inc):
            if row is None:
                continue
            mids = _modules_of(tx, entity, row)
            if mids & used:
                return _what(tx, entity, row), USED
            if cur is None and mids & published:
                return _what(tx, entity, row), PUBLISHED
    return None


def frozen_deletion(tx: Tx, entity: str, record_id: str) -> tuple[str, str] | None:
    """(what, why) when a tombstone would delete a frozen catalogue record here."""
    if entity not in ENTITIES:
        return None
    row = rows.rows_by_id(tx, entity, [record_id], raw=True).get(record_id)
    if row is None:
        return None
    if row.get("origin") == CATALOGUE_ORIGIN:
        return _what(tx, entity, row), PUBLISHED
    if used_modules(tx, _modules_of(tx, entity, row)):
        return _what(tx, entity, row), USED
    return None
