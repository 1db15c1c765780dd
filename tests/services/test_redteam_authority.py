"""Red team: records the authority rules (services/authority.py) did not cover.

Reuses the world of tests/services/test_authority.py: A receives; "same" is another
laptop of A's workplace, "other" a laptop of another workplace (O), "coompanion" the
network file's signer, "unknown" a stranger accepted by fingerprint.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from handledare_app.domain.catalogue import ModuleDraft, OutcomeDraft
from handledare_app.domain.ids import new_id
from handledare_app.services.authority import OutsideAuthority
from handledare_app.storage import exchange_rows as rows
from handledare_app.storage.sync import utc_now_text
from tests.services import test_authority
from tests.services.test_authority import World, _row, _tombstone, forge

world = test_authority.world  # the same module-scoped world, built once for this file


def _erasure(w: World, participant_id: str) -> dict[str, Any]:
    now = utc_now_text()
    return {
        "id": new_id(),
        "created_at": now,
        "updated_at": now,
        "hlc": "",
        "vv": {},
        "field_clock": {},
        "origin": "",
        "participant_id": participant_id,
        "kind": "radering",
        "reason": "Begäran",
        "erased_by": None,
        "erased_on": dt.date.today().isoformat(),
    }


@pytest.mark.parametrize("kind", ["other", "coompanion", "unknown"])
def test_an_erasure_of_a_participant_of_another_workplace_is_refused(
    world: World, kind: str
) -> None:
    path = forge(world, kind, "erasure", _erasure(world, world.a_participant), {})
    fp = world.signers[kind][0].fingerprint if kind == "unknown" else None
    with pytest.raises(OutsideAuthority):
        world.a.exchange.preview(path, trust_fingerprint=fp)


def test_same_workplace_may_erase_its_participant(world: World) -> None:
    path = forge(world, "same", "erasure", _erasure(world, world.a_participant), {})
    assert world.a.exchange.preview(path).entity("erasure").new == 1


# --- the catalogue: a module version work plans use never changes by import ------------


def _criterion_of_used_module(w: World) -> dict[str, Any]:
    with w.a.db.reader() as tx:
        mid = next(
            iter(
                rows.column_values(
                    tx,
                    "enrollment",
                    "module_id",
                    list(rows.ids_where_in(tx, "enrollment", "participant_id", [w.a_participant])),
                ).values()
            )
        )
        cid = sorted(rows.ids_where_in(tx, "criterion", "module_id", [mid]))[0]
    return _row(w.a, "criterion", cid)


@pytest.mark.parametrize("kind", ["self", "same", "other", "coompanion", "unknown"])
def test_a_used_criterion_text_is_never_changed_by_a_package(world: World, kind: str) -> None:
    row = _criterion_of_used_module(world)
    path = forge(world, kind, "criterion", row, {"text": "Kan ingenting alls"})
    fp = world.signers[kind][0].fingerprint if kind == "unknown" else None
    with pytest.raises(OutsideAuthority):
        world.a.exchange.preview(path, trust_fingerprint=fp)


def test_no_criterion_is_added_to_a_used_module(world: World) -> None:
    row = {**_criterion_of_used_module(world), "id": new_id(), "number": "9.9", "vv": {}}
    path = forge(world, "same", "criterion", row, {"text": "Kan något nytt"})
    with pytest.raises(OutsideAuthority, match="används redan i arbetsplaner"):
        world.a.exchange.preview(path)


def test_a_used_criterion_is_never_deleted_by_a_package(world: World) -> None:
    row = _criterion_of_used_module(world)
    path = forge(world, "same", "tombstone", _tombstone("criterion", row["id"]), {})
    with pytest.raises(OutsideAuthority, match="borttagning av ett bedömningskriterium"):
        world.a.exchange.preview(path)


def test_an_unused_local_draft_may_still_change(world: World) -> None:
    """What the module editor allows (an unused draft's content) still travels."""
    a, admin = world.a, world.admin_id
    area = a.catalogue.modules()[0].business_area_code
    draft = ModuleDraft("Utkast", "", 2, None, 1.0, (OutcomeDraft("Kan städa", ("Torkar av",)),))
    info = a.catalogue_edit.add_module(admin, area, "RT-01", draft)
    crit = info.outcomes[0].criteria[0]
    path = forge(world, "same", "criterion", _row(a, "criterion", crit.id), {"text": "Ny text"})
    assert a.exchange.preview(path).entity("criterion").updated == 1


# --- deletions sent ahead: a tombstone for a record not here yet -----------------------


@pytest.mark.parametrize("kind", ["other", "coompanion"])
def test_a_deletion_sent_ahead_by_another_workplace_does_not_block_our_record(
    world: World, kind: str
) -> None:
    """O sends an erasure tombstone for the id of a record of A's workplace that is on
    its way (say a signoff made on "same"): before, A stored it, and when the record
    came it was blocked for good, silently. Only this workplace's laptops may delete
    ahead what they own; another workplace's tombstone for a record not here is
    ignored."""
    with world.a.db.reader() as tx:
        fid = sorted(rows.ids_where_in(tx, "follow_up", "participant_id", [world.a_participant]))[0]
    follow_up = {**_row(world.a, "follow_up", fid), "id": new_id(), "vv": {}, "field_clock": {}}
    ahead = forge(
        world,
        kind,
        "tombstone",
        {**_tombstone("follow_up", follow_up["id"]), "reason": "erasure"},
        {},
    )
    assert world.a.exchange.import_file(ahead).applied
    later = forge(world, "same", "follow_up", follow_up, {"notes": "Visade hela kedjan"})
    report = world.a.exchange.import_file(later)
    assert report.entity("follow_up").new == 1, report.lines()


@pytest.mark.parametrize("kind", ["same", "other", "coompanion", "unknown"])
def test_a_tombstone_is_never_deleted_by_a_package(world: World, kind: str) -> None:
    """A tombstone of a tombstone (no laptop makes one): before, anyone trusted could
    remove our deletion record (an erasure's too), so the deleted record could come
    back by relay."""
    a = world.a
    fid = a.journey.add_follow_up(
        world.admin_id,
        world.a_participant,
        date=dt.date(2026, 10, 2),
        attendees="Bo",
        notes="Borttagen sedan",
        next_steps="",
    )
    fid = getattr(fid, "id", fid)
    a.journey.delete_follow_up(world.admin_id, fid)
    with a.db.reader() as tx:
        tid = next(iter(rows.ids_where_in(tx, "tombstone", "record_id", [fid])))
    path = forge(world, kind, "tombstone", _tombstone("tombstone", tid), {})
    fp = world.signers[kind][0].fingerprint if kind == "unknown" else None
    with pytest.raises(OutsideAuthority):
        a.exchange.preview(path, trust_fingerprint=fp)


@pytest.mark.parametrize("kind", ["self", "same", "other"])
def test_no_package_moves_a_participant_between_workplaces(world: World, kind: str) -> None:
    """The rule "a package cannot move a record into or out of a workplace": before,
    a laptop of ours could move another workplace's participant into ours, since both
    ends passed one at a time (the relay rule, then the owner rule)."""
    own = world.a.setup.workplace().id
    row = _row(world.a, "participant", world.o_participant)
    path = forge(world, kind, "participant", row, {"workplace_id": own})
    with pytest.raises(OutsideAuthority, match="flyttas"):
        world.a.exchange.preview(path)
