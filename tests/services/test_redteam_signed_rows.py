"""Red team: a trusted laptop of A's own workplace ("same" in the world of
tests/services/test_authority.py) sends deletions and changes of A's immutable signed
records: the import refuses in Swedish (or keeps them for a person), never crashes,
and nothing changes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from handledare_app.domain.enums import PlacementType, Referrer
from handledare_app.storage import exchange_rows as rows
from tests.services import test_authority
from tests.services.test_authority import World, _row, _tombstone, forge
from tests.signing_helpers import ready_module, sign

world = test_authority.world  # the same module-scoped world, built once for this file


@dataclass
class Signed:
    participant_id: str
    signoff_id: str
    certificate_id: str
    enrollment_id: str


@pytest.fixture(scope="module")
def signed(world: World) -> Iterator[Signed]:
    import datetime as dt

    a, admin = world.a, world.admin_id
    p = a.participants.create(
        admin,
        first_name="Signe",
        last_name="Sundin",
        placement_type=PlacementType.WORK_TRAINING,
        referrer=Referrer.EMPLOYMENT_SERVICE,
        start_date=dt.date(2026, 9, 1),
        responsible_id=admin,
    )
    enrollment = ready_module(a, admin, p.id, index=1)
    s = sign(a, admin, enrollment)
    cert = a.certificates.issue(admin, p.id)
    a.certificates.revoke(admin, cert.id, "Fel namn")
    yield Signed(p.id, s.id, cert.id, enrollment)


def _dump(w: World) -> dict[str, Any]:
    with w.a.db.reader() as tx:
        return {
            e: sorted((r["id"], r["hlc"]) for r in rows.iter_entity(tx, e))
            for e in (
                "signoff",
                "certificate",
                "certificate_revocation",
                "evidence",
                "evidence_criterion",
                "assessment",
            )
        }


def _ids(w: World, entity: str, column: str, value: str) -> list[str]:
    with w.a.db.reader() as tx:
        return sorted(rows.ids_where_in(tx, entity, column, [value]))


CASES = (
    "revocation deleted",
    "revocation changed",
    "signoff deleted",
    "assessment deleted",
    "evidence link deleted",
)


def _case(w: World, s: Signed, case: str) -> tuple[str, dict[str, Any], dict[str, Any]]:
    if case == "revocation deleted":
        rid = _ids(w, "certificate_revocation", "certificate_id", s.certificate_id)[0]
        return "tombstone", _tombstone("certificate_revocation", rid), {}
    if case == "evidence link deleted":
        ev = _ids(w, "evidence", "participant_id", s.participant_id)[0]
        link = _ids(w, "evidence_criterion", "evidence_id", ev)[0]
        return "tombstone", _tombstone("evidence_criterion", link), {}
    if case == "signoff deleted":
        return "tombstone", _tombstone("signoff", s.signoff_id), {}
    if case == "assessment deleted":
        aid = _ids(w, "assessment", "enrollment_id", s.enrollment_id)[0]
        return "tombstone", _tombstone("assessment", aid), {}
    if case == "revocation changed":
        rid = _ids(w, "certificate_revocation", "certificate_id", s.certificate_id)[0]
        return "certificate_revocation", _row(w.a, "certificate_revocation", rid), {"reason": "X"}
    raise AssertionError(case)


@pytest.mark.parametrize("case", CASES)
def test_signed_rows_are_not_deleted_or_changed_by_a_package(
    world: World, signed: Signed, case: str
) -> None:
    """Before: the database's triggers stopped the change, and the import failed with
    a bare "krockar med befintliga uppgifter". Now the record is kept, the import goes
    on, and the deletion or change waits for a person in the conflict log."""
    entity, row, changes = _case(world, signed, case)
    path = forge(world, "same", entity, row, changes)
    before = _dump(world)
    report = world.a.exchange.import_file(path)
    assert report.applied
    assert sum(c.blocked for c in report.counts.values()) == 1, report.lines()
    assert _dump(world) == before
    assert world.a.check.run() == []


# --- certificates: a trusted laptop signs a certificate for a module never signed ------


def _forged_certificate(w: World, s: Signed, change: Any) -> dict[str, Any]:
    """A new certificate for Signe signed with "same"'s key, with `change` applied to
    its content (a forger who has read the source recomputes every hash)."""
    from handledare_app.domain.canonical import canonical_json, sha256_hex
    from handledare_app.domain.ids import new_id
    from handledare_app.services.certificate_payload import Payload

    keys, iid = w.signers["same"]
    real = _row(w.a, "certificate", s.certificate_id)
    content = json.loads(real["content"])
    cid, code = new_id(), "RTFAKE0000"
    content.update(id=cid, code=code, issuer_installation_id=iid)
    change(content)
    text = canonical_json(content).decode("utf-8")
    digest = sha256_hex(text.encode("utf-8"))
    unsigned = Payload(cid, code, real["issued_on"], iid, content["workplace"]["id"], digest, b"")
    signature = keys.sign(unsigned.signed_text.encode("ascii"))
    payload = Payload(**{**unsigned.__dict__, "signature": signature})
    return {
        **real,
        "id": cid,
        "code": code,
        "content": text,
        "payload_sha256": digest,
        "payload": payload.text,
        "signature": signature.hex(),
        "issuer_installation_id": iid,
        "signoff_ids": [m["signoff_id"] for m in content["modules"]],
        "vv": {},
        "field_clock": {},
    }


def _never_signed(content: dict[str, Any]) -> None:
    from handledare_app.domain.ids import new_id

    content["modules"][0]["signoff_id"] = new_id()
    content["modules"][0]["title"] = "Kassahantering"


def _other_hash(content: dict[str, Any]) -> None:
    content["modules"][0]["snapshot_sha256"] = "0" * 64


@pytest.mark.parametrize(
    ("change", "why"),
    [(_never_signed, "finns varken i paketet eller här"), (_other_hash, "inte den som")],
)
def test_a_certificate_resting_on_no_signoff_here_is_refused(
    world: World, signed: Signed, change: Any, why: str
) -> None:
    from handledare_app.services.signoff_intake import UnsoundSignoff

    row = _forged_certificate(world, signed, change)
    path = forge(world, "same", "certificate", row, {})
    with pytest.raises(UnsoundSignoff, match=why):
        world.a.exchange.import_file(path)
    assert world.a.certificates.verify("RTFAKE0000").verdict.value == "unknown"


def test_a_certificate_whose_register_columns_differ_from_its_content_is_refused(
    world: World, signed: Signed
) -> None:
    from handledare_app.services.signoff_intake import UnsoundSignoff

    row = _forged_certificate(world, signed, lambda c: None)
    row["signoff_ids"] = []
    path = forge(world, "same", "certificate", row, {})
    with pytest.raises(UnsoundSignoff, match="listan över signeringar"):
        world.a.exchange.preview(path)


def test_a_quality_review_by_the_one_who_signed_is_refused(world: World, signed: Signed) -> None:
    """An IK never reviews their own work: a review arriving by package whose reviewer
    signed the module is refused, as the review service refuses it here."""
    from handledare_app.domain.ids import new_id
    from handledare_app.services.signoff_intake import UnsoundSignoff
    from handledare_app.storage.sync import utc_now_text

    now = utc_now_text()
    review = {
        "id": new_id(),
        "created_at": now,
        "updated_at": now,
        "hlc": "",
        "vv": {},
        "field_clock": {},
        "origin": "",
        "signoff_id": signed.signoff_id,
        "reviewer_id": world.admin_id,
        "decision": "approved",
        "comment": "",
        "decided_on": now[:10],
    }
    path = forge(world, "same", "qa_review", review, {})
    with pytest.raises(UnsoundSignoff, match="sin egen bedömning"):
        world.a.exchange.import_file(path)
