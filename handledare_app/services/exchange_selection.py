"""Which records go into a package (DESIGN §5): per profile, with what they refer to."""

from __future__ import annotations

from ..domain.errors import UserError
from ..storage import exchange_rows as rows
from ..storage.database import Tx
from .exchange_schema import foreign_keys
from .participant_edit import unconsented_photos

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


def all_entities() -> list[str]:
    return list(rows.MODELS_BY_ENTITY)


def closure_up(tx: Tx, selected: dict[str, set[str]]) -> None:
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


def keep_unconsented_photos_home(tx: Tx, selected: dict[str, set[str]]) -> None:
    """A participant who withdrew photo consent: their photos leave no package (the
    consent itself travels, so every laptop hides the copies it already has)."""
    attachments = selected.get("attachment")
    if attachments:
        attachments -= unconsented_photos(tx, attachments)


def closure_down(tx: Tx, selected: dict[str, set[str]]) -> None:
    """Everything under the selected participants (their journey, evidence, …)."""
    for entity in all_entities():
        if entity in SHARED_ENTITIES:
            continue
        for column, target in foreign_keys(entity):
            if target in SHARED_ENTITIES or not selected.get(target):
                continue
            children = rows.ids_where_in(tx, entity, column, selected[target])
            if children:
                selected.setdefault(entity, set()).update(children)


def closure_up_report(tx: Tx, selected: dict[str, set[str]]) -> None:
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


def select_records(
    tx: Tx, profile: str, participants: list[str], watermark: int
) -> tuple[dict[str, set[str]] | None, int]:
    """Ids per entity to export (None: everything), and the audit head."""
    if profile == "backup":
        _keys, head = rows.changed_record_keys(tx, 2**62)
        return None, head
    selected: dict[str, set[str]] = {}
    if profile == "report":
        for entity in REPORT_ENTITIES:
            selected[entity] = {r["id"] for r in rows.iter_entity(tx, entity)}
        closure_up_report(tx, selected)
        return selected, 0
    if participants:
        found = rows.existing_ids(tx, "participant", participants)
        missing = sorted(set(participants) - found)
        if missing:
            raise UserError(f"Deltagaren med id {missing[0]} finns inte.")
        selected["participant"] = set(participants)
        closure_down(tx, selected)
        # Deletions are records too: send every tombstone (ids only, no content).
        selected["tombstone"] = {r["id"] for r in rows.iter_entity(tx, "tombstone")}
        closure_up(tx, selected)
        keep_unconsented_photos_home(tx, selected)
        return selected, 0
    keys, head = rows.changed_record_keys(tx, watermark)
    for entity, rid in keys:
        if entity in rows.MODELS_BY_ENTITY:
            selected.setdefault(entity, set()).add(rid)
    for entity in list(selected):  # deleted since: their tombstones carry the news
        selected[entity] = rows.existing_ids(tx, entity, selected[entity])
    closure_up(tx, selected)
    keep_unconsented_photos_home(tx, selected)
    return selected, head
