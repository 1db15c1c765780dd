"""Authority on import as a table: each entity × each kind of signer, a forged package.

The world (built once): A is the receiver (workplace A). S is another laptop of A's
workplace, O a laptop of another workplace whose participant and supervisor A already
holds, C is Coompanion (its own workplace, the network file's signer), U a stranger an
admin accepted by fingerprint, and "self" is A's own key. Each case forges one changed
record, signs it with the signer's key and previews it on A (every check of an import,
nothing written): refused means the authority check named the record.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from handledare_app.domain.canonical import canonical_json
from handledare_app.domain.ids import new_id
from handledare_app.services import crypto
from handledare_app.services.app import App, open_app
from handledare_app.services.authority import OutsideAuthority
from handledare_app.services.keys import InstallationKeys
from handledare_app.services.network_format import NETWORK_FORMAT, NETWORK_VERSION
from handledare_app.storage import exchange_rows as rows
from handledare_app.storage.sync import utc_now_text
from handledare_app.storage.witness_rows import head
from tests.conftest import ADMIN_PIN
from tests.exchange_helpers import open_second, repack, rich_participant, unpack


def _keys() -> InstallationKeys:
    return InstallationKeys(crypto.generate_signing_key(), crypto.generate_identity()[0])


@dataclass
class World:
    a: App
    admin_id: str
    a_participant: str
    o_participant: str
    o_admin: str
    o_installation: str
    signers: dict[str, tuple[InstallationKeys, str]]  # kind → keys, installation id
    template: dict[str, Any]
    folder: Path
    o_head: tuple[int, str]


def _network(path: Path, signer: InstallationKeys, sid: str, insts: list[dict[str, Any]]) -> None:
    body = {
        "format": NETWORK_FORMAT,
        "format_version": NETWORK_VERSION,
        "issued_at": dt.datetime.now(dt.UTC).isoformat(),
        "signer": {
            "installation_id": sid,
            "name": "Coompanion",
            "signing_public_key": signer.signing_public_hex,
        },
        "workplaces": [
            {"id": w, "name": w[:8]} for w in sorted({i["workplace_id"] for i in insts})
        ],
        "installations": insts,
        "revoked_keys": [],
    }
    doc = {"network": body, "signature": signer.sign(canonical_json(body)).hex()}
    path.write_text(json.dumps(doc), encoding="utf-8")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("authority")
    a = open_app(folder / "a")
    admin_id = a.setup.set_up("Framstegs Secondhand", "Kontorsdatorn", "Åsa Öberg", ADMIN_PIN)
    o = open_second(folder / "o", "Caféets dator")
    o_admin = next(s.id for s in o.supervisors.list() if s.is_admin)
    o_part = rich_participant(o, o_admin, "Olle", folder)
    a_part = rich_participant(a, admin_id, "Märta", folder)
    wp_a, wp_o = a.setup.workplace().id, o.setup.workplace().id
    same, coomp, stranger = _keys(), _keys(), _keys()
    ids = {"same": new_id(), "coompanion": new_id(), "unknown": new_id()}

    def entry(keys: InstallationKeys, iid: str, name: str, wp: str) -> dict[str, Any]:
        return {
            "id": iid,
            "name": name,
            "workplace_id": wp,
            "signing_public_key": keys.signing_public_hex,
            "age_recipient": keys.age_recipient,
        }

    net = folder / "net.json"
    _network(
        net,
        coomp,
        ids["coompanion"],
        [
            entry(same, ids["same"], "Lagerdatorn", wp_a),
            entry(o.keys, o.db.installation_id, "Caféets dator", wp_o),
            entry(coomp, ids["coompanion"], "Coompanion", new_id()),
        ],
    )
    a.exchange.trust.import_network(None, net, trust_fingerprint=coomp.fingerprint)
    # A holds O's participant and supervisors (O sent them once).
    p = folder / "o.hpkg"
    o.exchange.export(p, profile="exchange", recipients=[a.keys.age_recipient])
    assert a.exchange.import_file(p).applied
    o_inst = o.db.installation_id
    with o.db.reader() as tx:
        o_head = head(tx)
    o.close()
    own = folder / "own.hpkg"
    a.exchange.export(own, profile="exchange", recipients=[a.keys.age_recipient])
    template = json.loads(unpack(a, own)["manifest.json"])
    signers = {
        "self": (a.keys, a.db.installation_id),  # type: ignore[dict-item]
        "same": (same, ids["same"]),
        "other": (o.keys, o_inst),  # type: ignore[dict-item]
        "coompanion": (coomp, ids["coompanion"]),
        "unknown": (stranger, ids["unknown"]),
    }
    yield World(a, admin_id, a_part, o_part, o_admin, o_inst, signers, template, folder, o_head)
    a.close()


def _row(a: App, entity: str, record_id: str) -> dict[str, Any]:
    with a.db.reader() as tx:
        return next(rows.iter_entity(tx, entity, [record_id]))


def forge(
    w: World,
    kind: str,
    entity: str,
    row: dict[str, Any],
    changes: dict[str, Any],
    scope: dict[str, Any] | None = None,
) -> Path:
    """A package from `kind` holding one record: `row` with `changes`, newer than here."""
    keys, iid = w.signers[kind]
    # An hour ahead: newer than anything here, within the one-day bound on remote clocks.
    stamp = f"{int(time.time() * 1000) + 3_600_000:013d}-00000-{iid}"
    row = {**row, **changes}
    row["vv"] = {**(row.get("vv") or {}), iid: 10**6}
    row["hlc"] = stamp
    row["updated_at"] = utc_now_text()
    row["field_clock"] = {**(row.get("field_clock") or {}), **dict.fromkeys(changes, stamp)}
    member = f"records/{entity}.jsonl"
    origin = {**w.template["origin"], "installation_id": iid, "installation_name": kind}
    origin["signing_public_key"] = keys.signing_public_hex
    manifest = {**w.template, "package_id": new_id(), "origin": origin}
    # O's real audit head (A witnessed it); the others have no history seen here.
    seq, digest = w.o_head
    manifest["history"] = {"head": [seq, digest], "from": seq, "hashes": [digest], "witnessed": {}}
    manifest.update(counts={entity: 1}, blobs=0)
    if scope is not None:
        manifest["scope"] = {**manifest["scope"], **scope}
    out = w.folder / f"{kind}-{entity}-{new_id()}.hpkg"
    return repack(
        out,
        {
            "manifest.json": json.dumps(manifest).encode(),
            "manifest.sig": b"",
            member: (json.dumps(row) + "\n").encode(),
        },
        recipient=w.a.keys.age_recipient,
        sign=keys,
    )


def _tombstone(entity: str, record_id: str) -> dict[str, Any]:
    return {
        "id": new_id(),
        "created_at": "2999-01-01T00:00:00.000000Z",
        "updated_at": "2999-01-01T00:00:00.000000Z",
        "hlc": "",
        "vv": {},
        "field_clock": {},
        "origin": "",
        "entity": entity,
        "record_id": record_id,
        "reason": "deleted",
    }


def _case(w: World, case: str) -> tuple[str, dict[str, Any], dict[str, Any]]:
    a = w.a
    if case == "own installation keys":
        return (
            "installation",
            _row(a, "installation", a.db.installation_id),
            {"signing_public_key": _keys().signing_public_hex},
        )
    if case == "own installation name":
        return "installation", _row(a, "installation", a.db.installation_id), {"name": "X"}
    if case == "other installation keys":
        return (
            "installation",
            _row(a, "installation", w.o_installation),
            {"signing_public_key": _keys().signing_public_hex},
        )
    if case == "new installation of A":
        row = {**_row(a, "installation", a.db.installation_id), "id": new_id()}
        return "installation", row, {"signing_public_key": _keys().signing_public_hex, "vv": {}}
    if case == "A's admin PIN":
        return "supervisor", _row(a, "supervisor", w.admin_id), {"pin_hash": "scrypt$x"}
    if case == "A's admin roles":
        return "supervisor", _row(a, "supervisor", w.admin_id), {"roles": ["supervisor"]}
    if case == "A's workplace":
        wp = a.setup.workplace().id
        return "workplace", _row(a, "workplace", wp), {"qa_required": False}
    if case == "A's participant":
        return "participant", _row(a, "participant", w.a_participant), {"last_name": "Falsk"}
    if case == "A's follow-up deleted":
        with a.db.reader() as tx:
            fid = next(
                iter(rows.ids_where_in(tx, "follow_up", "participant_id", [w.a_participant]))
            )
        return "tombstone", _tombstone("follow_up", fid), {}
    if case == "O's participant":
        return "participant", _row(a, "participant", w.o_participant), {"last_name": "Falsk"}
    if case == "O's admin PIN":
        return "supervisor", _row(a, "supervisor", w.o_admin), {"pin_hash": "scrypt$x"}
    raise AssertionError(case)


SIGNERS = ("self", "same", "other", "coompanion", "unknown")
R, OK = "refused", "applied"
TABLE: dict[str, tuple[str, ...]] = {
    # case                     self same other coompanion unknown
    "own installation keys": (R, R, R, R, R),
    "own installation name": (R, R, R, R, R),
    "other installation keys": (R, R, R, R, R),
    "new installation of A": (OK, OK, R, R, R),
    "A's admin PIN": (OK, OK, R, R, R),
    "A's admin roles": (OK, OK, R, R, R),
    "A's workplace": (OK, OK, R, R, R),
    "A's participant": (OK, OK, R, R, R),
    "A's follow-up deleted": (OK, OK, R, R, R),
    "O's participant": (OK, OK, OK, R, R),
    "O's admin PIN": (R, R, OK, R, R),
}


@pytest.mark.parametrize(
    ("case", "kind", "expected"),
    [(c, k, e) for c, row in TABLE.items() for k, e in zip(SIGNERS, row, strict=True)],
)
def test_authority_table(world: World, case: str, kind: str, expected: str) -> None:
    entity, row, changes = _case(world, case)
    path = forge(world, kind, entity, row, changes)
    fp = world.signers[kind][0].fingerprint if kind == "unknown" else None
    if expected == R:
        with pytest.raises(OutsideAuthority) as info:
            world.a.exchange.preview(path, trust_fingerprint=fp)
        assert "Inget har ändrats" in str(info.value)
        assert "skicka ett nytt paket" in str(info.value)  # says what to do
    else:
        report = world.a.exchange.preview(path, trust_fingerprint=fp)
        assert report.changes >= 1, report.lines()


def test_refusal_changes_nothing_and_names_the_record(world: World) -> None:
    entity, row, changes = _case(world, "A's admin PIN")
    path = forge(world, "other", entity, row, changes)
    before = _row(world.a, "supervisor", world.admin_id)
    with pytest.raises(OutsideAuthority, match="handledaren ”Åsa Öberg”"):
        world.a.exchange.import_file(path)
    assert _row(world.a, "supervisor", world.admin_id) == before
    assert world.a.supervisors.login(world.admin_id, ADMIN_PIN).id == world.admin_id


def test_a_new_laptop_may_introduce_itself_into_its_workplace(world: World) -> None:
    """The join flow: a stranger accepted by fingerprint brings its own installation row
    (with its own key) in A's workplace; after that it is a laptop of A's workplace."""
    joiner = _keys()
    row = {**_row(world.a, "installation", world.a.db.installation_id), "id": new_id()}
    row.update(signing_public_key=joiner.signing_public_hex, age_recipient=joiner.age_recipient)
    world.signers["joiner"] = (joiner, row["id"])
    path = forge(world, "joiner", "installation", row, {"vv": {}})
    report = world.a.exchange.preview(path, trust_fingerprint=joiner.fingerprint)
    assert report.entity("installation").new == 1


def test_a_participant_move_may_bring_a_new_participant_of_another_workplace(
    world: World,
) -> None:
    """Rule 5: a chosen-participant package may add a participant not here yet, even of
    a workplace that is not the signer's; an ordinary package may not, and neither may
    change one that is here."""
    row = {**_row(world.a, "participant", world.o_participant), "id": new_id()}
    move = forge(world, "coompanion", "participant", row, {}, scope={"kind": "participants"})
    assert world.a.exchange.preview(move).entity("participant").new == 1
    plain = forge(world, "coompanion", "participant", row, {})
    with pytest.raises(OutsideAuthority, match="deltagaren"):
        world.a.exchange.preview(plain)
    here = _row(world.a, "participant", world.o_participant)
    changed = forge(
        world, "coompanion", "participant", here, {"last_name": "X"}, {"kind": "participants"}
    )
    with pytest.raises(OutsideAuthority):
        world.a.exchange.preview(changed)
