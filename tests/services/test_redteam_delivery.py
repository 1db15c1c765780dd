"""Red team: delivery by acknowledgement (services/delivery.py) trusted the manifest's
claim of who sent a package. A trusted laptop of another workplace (O) claimed to be
"same", a laptop of A's workplace, and confirmed everything of A's: A stopped sending
its changes (signed validations too) to "same", and told others it held all of
"same"'s, so "same" would stop sending to A."""

from __future__ import annotations

import json

import pytest

from handledare_app.domain.ids import new_id
from handledare_app.services import delivery
from tests.exchange_helpers import repack
from tests.services import test_authority
from tests.services.test_authority import World, _row

world = test_authority.world  # the same module-scoped world, built once for this file


def _package(w: World, kind: str, claimed_id: str) -> object:
    keys, _iid = w.signers[kind]
    origin = {**w.template["origin"], "installation_id": claimed_id, "installation_name": "x"}
    origin["signing_public_key"] = keys.signing_public_hex
    manifest = {**w.template, "package_id": new_id(), "origin": origin}
    seq, digest = w.o_head
    if kind == "unknown":  # a history of its own that extends O's witnessed head
        seq, digest = seq + 1, "f" * 64
        hashes = [w.o_head[1], digest]
        manifest["history"] = {"head": [seq, digest], "from": seq - 1, "hashes": hashes}
        manifest["history"]["witnessed"] = {}
    else:
        manifest["history"] = {"head": [seq, digest], "from": seq, "hashes": [digest]}
        manifest["history"]["witnessed"] = {}
    manifest[delivery.VV_KEY] = {w.a.db.installation_id: 10**9, claimed_id: 10**9}
    manifest["scope"] = {**manifest["scope"], "kind": "changes", "since_audit_seq": 0}
    manifest["scope"]["audit_seq"] = 10**9
    row = _row(w.a, "participant", w.o_participant)  # unchanged: nothing else to apply
    manifest.update(counts={"participant": 1}, blobs=0)
    return repack(
        w.folder / f"claim-{new_id()}.hpkg",
        {
            "manifest.json": json.dumps(manifest).encode(),
            "manifest.sig": b"",
            "records/participant.jsonl": (json.dumps(row) + "\n").encode(),
        },
        recipient=w.a.keys.age_recipient,
        sign=keys,
    )


@pytest.mark.parametrize("kind", ["other", "coompanion"])
def test_a_package_cannot_confirm_on_behalf_of_another_laptop(world: World, kind: str) -> None:
    same_id = world.signers["same"][1]
    report = world.a.exchange.import_file(_package(world, kind, same_id))  # type: ignore[arg-type]
    assert report.applied
    with world.a.db.reader() as tx:
        assert delivery.ack(tx, same_id) == 0
        assert delivery.have(tx, same_id) == 0


def test_the_signer_itself_still_confirms(world: World) -> None:
    o_id = world.o_installation
    report = world.a.exchange.import_file(_package(world, "other", o_id))  # type: ignore[arg-type]
    assert report.applied
    with world.a.db.reader() as tx:
        assert delivery.ack(tx, o_id) == 10**9


def test_a_stranger_cannot_speak_for_a_known_laptop_in_the_witness(world: World) -> None:
    """A key accepted by fingerprint whose manifest names O's installation: before, its
    audit head was recorded as O's, so O's own next package looked rewritten here."""
    from handledare_app.storage.witness_rows import witnessed_head

    o_id = world.o_installation
    with world.a.db.reader() as tx:
        before = witnessed_head(tx, o_id)
    path = _package(world, "unknown", o_id)
    fp = world.signers["unknown"][0].fingerprint
    world.a.exchange.import_file(path, trust_fingerprint=fp)  # type: ignore[arg-type]
    with world.a.db.reader() as tx:
        assert witnessed_head(tx, o_id) == before
