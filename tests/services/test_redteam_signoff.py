"""Red team: a signoff arriving by package is taken in only if it holds together
(services/signoff_intake.py). A trusted laptop of A's own workplace ("same" in the world
of tests/services/test_authority.py) forges signoffs for A's participant, whose module
BUT-01 has one criterion judged "uppnått" with evidence and the rest not judged."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

import pytest

from handledare_app.domain.canonical import canonical_json, sha256_hex
from handledare_app.domain.ids import new_id
from handledare_app.services.signoff_intake import UnsoundSignoff
from handledare_app.services.signoff_snapshot import build_snapshot, seal_of
from handledare_app.storage import exchange_rows as rows
from handledare_app.storage.models import EnrollmentRow, SignoffRow, SupervisorRow
from handledare_app.storage.sync import utc_now_text
from tests.exchange_helpers import repack
from tests.services import test_authority
from tests.services.test_authority import World

world = test_authority.world  # the same module-scoped world, built once for this file


def forge_many(w: World, kind: str, records: dict[str, list[dict[str, Any]]]) -> Path:
    """A package from `kind` holding these records, each stamped newer than here."""
    keys, iid = w.signers[kind]
    stamp = f"{int(time.time() * 1000) + 3_600_000:013d}-00000-{iid}"
    members: dict[str, bytes] = {"manifest.json": b"", "manifest.sig": b""}
    for entity, recs in records.items():
        lines = []
        for r in recs:
            r = {**r, "hlc": stamp, "updated_at": utc_now_text()}
            r["vv"] = {**(r.get("vv") or {}), iid: 10**6}
            lines.append(json.dumps(r))
        members[f"records/{entity}.jsonl"] = ("\n".join(lines) + "\n").encode()
    origin = {**w.template["origin"], "installation_id": iid, "installation_name": kind}
    origin["signing_public_key"] = keys.signing_public_hex
    manifest = {**w.template, "package_id": new_id(), "origin": origin}
    seq, digest = w.o_head
    manifest["history"] = {"head": [seq, digest], "from": seq, "hashes": [digest], "witnessed": {}}
    manifest.update(counts={e: len(r) for e, r in records.items()}, blobs=0)
    members["manifest.json"] = json.dumps(manifest).encode()
    out = w.folder / f"{kind}-signoff-{new_id()}.hpkg"
    return repack(out, members, recipient=w.a.keys.age_recipient, sign=keys)


def _enrollment(w: World) -> str:
    with w.a.db.reader() as tx:
        return sorted(rows.ids_where_in(tx, "enrollment", "participant_id", [w.a_participant]))[0]


def _signature(role: str, signer_id: str | None) -> dict[str, Any]:
    return {
        "role": role,
        "method": "typed",
        "signer_name": "Någon",
        "signer_id": signer_id,
        "signed_at": utc_now_text(),
        "blob_sha256": None,
        "typed_name": "Någon",
    }


def signoff(
    w: World,
    *,
    supervisor_id: str | None = None,
    all_achieved: bool = True,
    edit: Any = None,
    signatures: list[dict[str, Any]] | None = None,
    reseal: bool = True,
) -> dict[str, Any]:
    """A signoff of A's participant's BUT-01 as the forger would build it, with correct
    hashes (the forger has read the source) unless `reseal` is False."""
    sup_id = supervisor_id or w.admin_id
    with w.a.db.reader() as tx:
        e = tx.get(EnrollmentRow, _enrollment(w))
        sup = tx.get(SupervisorRow, sup_id)
        assert e is not None and sup is not None
        snap = build_snapshot(tx, e, sup, dt.date.today())
    if all_achieved:
        for c in snap["criteria"]:
            c["status"] = "achieved"
    if edit is not None:
        edit(snap)
    text = canonical_json(snap).decode("utf-8")
    now = utc_now_text()
    row: dict[str, Any] = {
        "id": new_id(),
        "created_at": now,
        "updated_at": now,
        "hlc": "",
        "vv": {},
        "field_clock": {},
        "origin": "",
        "enrollment_id": e.id,
        "snapshot": text,
        "snapshot_sha256": sha256_hex(text.encode("utf-8")),
        "supersedes_id": None,
        "status": "signed",
        "signatures": signatures
        if signatures is not None
        else [_signature("supervisor", sup_id), _signature("participant", None)],
        "participant_id": e.participant_id,
        "module_id": e.module_id,
        "supervisor_id": sup_id,
        "signed_on": dt.date.today().isoformat(),
        "qa_sampled": False,
        "qa_draw": {"rate": 0.0, "value": 0.5, "sampled": False, "reason": "draw"},
        "seal_sha256": "",
    }
    fake = type("R", (), {**row, "signed_on": dt.date.today()})
    row["seal_sha256"] = seal_of(fake) if reseal else "0" * 64  # type: ignore[arg-type]
    return row


def _standing(w: World) -> int:
    with w.a.db.reader() as tx:
        return len(tx.find(SignoffRow, participant_id=w.a_participant))


def test_a_signoff_of_criteria_not_judged_here_is_refused_on_import(world: World) -> None:
    """Self-consistent, but the assessments here are not "uppnått": refused, not shown
    as a signed validation."""
    path = forge_many(world, "same", {"signoff": [signoff(world)]})
    with pytest.raises(UnsoundSignoff, match="stämmer inte med det som signerades"):
        world.a.exchange.import_file(path)
    assert _standing(world) == 0


def test_a_signoff_with_a_criterion_not_achieved_is_refused(world: World) -> None:
    path = forge_many(world, "same", {"signoff": [signoff(world, all_achieved=False)]})
    with pytest.raises(UnsoundSignoff, match="alla kriterier är inte bedömda som uppnådda"):
        world.a.exchange.preview(path)


def test_a_signoff_whose_snapshot_does_not_match_its_hash_is_refused(world: World) -> None:
    row = signoff(world)
    row["snapshot"] = row["snapshot"].replace("Märta", "Falska")
    path = forge_many(world, "same", {"signoff": [row]})
    with pytest.raises(UnsoundSignoff, match="kontrollsumma"):
        world.a.exchange.preview(path)


def test_a_signoff_with_a_broken_seal_is_refused(world: World) -> None:
    path = forge_many(world, "same", {"signoff": [signoff(world, reseal=False)]})
    with pytest.raises(UnsoundSignoff, match="sigillet") as refused:
        world.a.exchange.preview(path)
    # the admin is told what to do, in Swedish, and that nothing changed
    assert "skicka ett nytt paket" in str(refused.value)
    assert str(refused.value).endswith("Inget har ändrats.")


def test_a_signoff_by_a_supervisor_of_another_workplace_is_refused(world: World) -> None:
    path = forge_many(world, "same", {"signoff": [signoff(world, supervisor_id=world.o_admin)]})
    with pytest.raises(UnsoundSignoff, match="annan arbetsplats"):
        world.a.exchange.preview(path)


@pytest.mark.parametrize("missing", ["supervisor", "participant"])
def test_a_signoff_without_a_signature_is_refused(world: World, missing: str) -> None:
    sigs = [
        _signature(r, world.admin_id if r == "supervisor" else None)
        for r in ("supervisor", "participant")
        if r != missing
    ]
    path = forge_many(world, "same", {"signoff": [signoff(world, signatures=sigs)]})
    with pytest.raises(UnsoundSignoff, match="signatur saknas"):
        world.a.exchange.preview(path)


def test_a_signoff_for_another_participant_than_its_snapshot_is_refused(world: World) -> None:
    row = signoff(world, edit=lambda s: s["participant"].update(id=world.o_participant))
    path = forge_many(world, "same", {"signoff": [row]})
    with pytest.raises(UnsoundSignoff, match="annan deltagare"):
        world.a.exchange.preview(path)


def test_assessments_achieved_without_evidence_and_their_signoff_are_refused(
    world: World,
) -> None:
    """The forger also sends the assessments ("uppnått", no evidence) so the snapshot
    matches the rows: a criterion without evidence still refuses the package."""
    with world.a.db.reader() as tx:
        held = list(rows.iter_entity(tx, "assessment"))
    template = next(a for a in held if a["participant_id"] == world.a_participant)
    eid = template["enrollment_id"]
    with world.a.db.reader() as tx:
        mid = tx.get(EnrollmentRow, eid).module_id  # type: ignore[union-attr]
        criteria = sorted(rows.ids_where_in(tx, "criterion", "module_id", [mid]))
    forged = []
    for cid in criteria:
        if cid == template["criterion_id"]:
            continue
        forged.append(
            {**template, "id": new_id(), "criterion_id": cid, "vv": {}, "field_clock": {}}
        )

    def fill(snap: dict[str, Any]) -> None:
        by_criterion = {a["criterion_id"]: a for a in forged}
        for c in snap["criteria"]:
            a = by_criterion.get(c["criterion_id"])
            if a is not None:
                c.update(
                    status="achieved",
                    comment=a["comment"],
                    assessed_by=a["assessed_by"],
                    assessed_on=a["assessed_on"],
                    assessment_id=a["id"],
                )

    path = forge_many(world, "same", {"assessment": forged, "signoff": [signoff(world, edit=fill)]})
    with pytest.raises(UnsoundSignoff, match="ett kriterium saknar bevis"):
        world.a.exchange.import_file(path)
    assert _standing(world) == 0


def test_an_emptied_signoff_of_a_participant_not_erased_is_refused(world: World) -> None:
    """An erasure's reduced snapshot cannot be used to dodge the checks."""
    from handledare_app.services.erasure import erased_snapshot

    row = signoff(world)
    row["snapshot"] = erased_snapshot(row["snapshot"], world.a_participant)
    path = forge_many(world, "same", {"signoff": [row]})
    with pytest.raises(UnsoundSignoff, match="inte raderad"):
        world.a.exchange.import_file(path)
    assert _standing(world) == 0


def test_a_moved_in_participant_may_be_signed_by_a_supervisor_of_this_workplace(
    world: World,
) -> None:
    """O's participant held here (a participant move) is validated by our supervisors:
    their signoffs travel between our laptops. A supervisor of a third workplace is
    still refused."""
    from handledare_app.services.signoff_intake import _signature_problem

    row = {
        "signatures": [_signature("supervisor", world.admin_id), _signature("participant", None)],
        "supervisor_id": world.admin_id,
        "participant_id": world.o_participant,
    }
    own = world.a.setup.workplace().id
    with world.a.db.reader() as tx:
        assert _signature_problem(tx, row, "”M”", own) is None
        assert _signature_problem(tx, row, "”M”", new_id()) is not None
