"""Two installations for exchange tests: A (the `app` fixture) and a separately set-up B."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from handledare_app.domain.enums import AssessmentStatus, EvidenceType, PlacementType, Referrer
from handledare_app.services.app import App, open_app
from handledare_app.storage import queries

from .helpers import tiny_png

EXCHANGED = (
    "participant",
    "placement",
    "introduction_item",
    "work_plan",
    "follow_up",
    "enrollment",
    "evidence",
    "attachment",
    "evidence_criterion",
    "assessment",
    "catalogue",
    "business_area",
    "module",
    "outcome",
    "criterion",
)


def open_second(path: Path, name: str = "Lagerdatorn") -> App:
    """A separately set-up installation (own installation id and keys)."""
    from .conftest import ADMIN_PIN

    other = open_app(path)
    other.setup.set_up("Framstegs Secondhand", name, "Bo Berg", ADMIN_PIN)
    return other


def digests(app: App) -> dict[str, Any]:
    with app.db.reader() as tx:
        return queries.entity_digests(tx)


def trust_each_other(a: App, b: App, folder: Path) -> None:
    """A signs a network file listing A; B accepts A's fingerprint; and vice versa."""
    for signer, receiver in ((a, b), (b, a)):
        f = folder / f"net-{signer.db.installation_id}.json"
        signer.exchange.trust.export_network(f)
        receiver.exchange.trust.import_network(None, f, trust_fingerprint=signer.keys.fingerprint)


def send(a: App, b: App, out: Path, **kwargs: Any) -> Any:
    kwargs.setdefault("profile", "exchange")
    kwargs.setdefault("recipients", [b.keys.age_recipient])
    a.exchange.export(out, **kwargs)
    return b.exchange.import_file(out)


def rich_participant(app: App, actor: str, first: str, tmp: Path) -> str:
    """A participant with placement, enrollment, judged criteria and evidence with a photo."""
    p = app.participants.create(
        actor,
        first_name=first,
        last_name="Ekström",
        placement_type=PlacementType.WORK_TRAINING,
        referrer=Referrer.EMPLOYMENT_SERVICE,
        start_date=dt.date(2026, 9, 1),
        responsible_id=actor,
    )
    app.participants.set_photo_consent(actor, p.id, True, dt.date(2026, 9, 2))
    enrollment = app.journey.enroll(actor, p.id, "BUT-01")
    progress = app.assessment.enrollment(enrollment)
    criteria = progress.module.criteria
    photo = tmp / f"foto-{first}.png"
    photo.write_bytes(tiny_png() + first.encode("utf-8"))
    app.evidence.add(
        actor,
        p.id,
        type=EvidenceType.PHOTO,
        date=dt.date(2026, 9, 3),
        title="Prismärkning",
        description="Märkte varor",
        criterion_ids=[criteria[0].id],
        files=[photo],
    )
    app.assessment.judge(actor, enrollment, criteria[0].id, AssessmentStatus.ACHIEVED, "Bra")
    app.journey.add_follow_up(
        actor, p.id, date=dt.date(2026, 10, 1), attendees="Bo", notes="Gick bra", next_steps="Mer"
    )
    return p.id


# --- building hand-made (hostile) packages -----------------------------------------


def unpack(b: App, path: Path) -> dict[str, bytes]:
    """The members of a package encrypted to `b`, as name → bytes."""
    import zipfile

    from handledare_app.services import package as pkg

    plain = pkg.decrypt_to_file(path, b.paths.root / "tmp", identity=b.keys.age_identity)
    try:
        with zipfile.ZipFile(plain) as zf:
            return {i.filename: zf.read(i.filename) for i in zf.infolist()}
    finally:
        plain.unlink()


def repack(
    out: Path,
    members: dict[str, bytes] | list[tuple[Any, bytes]],
    *,
    recipient: str,
    sign: Any = None,
    manifest_changes: dict[str, Any] | None = None,
    rehash: bool = True,
) -> Path:
    """Write an encrypted package from raw members. With `sign` (a keys object) the
    manifest's member list is recomputed (unless rehash=False) and re-signed."""
    import hashlib
    import io
    import json
    import zipfile

    from handledare_app.services import crypto

    items = list(members.items()) if isinstance(members, dict) else list(members)
    names = [n.filename if isinstance(n, zipfile.ZipInfo) else n for n, _ in items]
    if sign is not None:
        data = dict(items)
        manifest = json.loads(next(v for n, v in items if n == "manifest.json"))
        if rehash:
            manifest["members"] = {
                n: {"size": len(v), "sha256": hashlib.sha256(v).hexdigest()}
                for n, v in zip(names, [v for _, v in items], strict=True)
                if n not in ("manifest.json", "manifest.sig")
            }
        manifest.update(manifest_changes or {})
        body = json.dumps(manifest, sort_keys=True).encode("utf-8")
        sig = sign.sign(body).hex().encode("ascii")
        items = [
            (n, body if n == "manifest.json" else sig if n == "manifest.sig" else v)
            for n, v in items
        ]
        del data
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, value in items:
            zf.writestr(name, value)
    out.write_bytes(crypto.encrypt(buf.getvalue(), [recipient]))
    return out


def same_workplace(a: App, b: App, folder: Path) -> None:
    """Make B a laptop of A's workplace (a stand-in for the join flow of issue 11):
    B trusts A, takes A's data, moves its own installation into A's workplace, and then
    A trusts B through B's network file (which lists B in A's workplace)."""
    from handledare_app.storage.models import InstallationRow

    net_a = folder / f"net-{a.db.installation_id}.json"
    a.exchange.trust.export_network(net_a)
    b.exchange.trust.import_network(None, net_a, trust_fingerprint=a.keys.fingerprint)
    send(a, b, folder / f"join-{b.db.installation_id}.hpkg")
    wp = a.setup.workplace().id
    with b.db.transaction() as tx:
        row = tx.get(InstallationRow, b.db.installation_id)
        assert row is not None
        row.workplace_id = wp
    net_b = folder / f"net-{b.db.installation_id}.json"
    b.exchange.trust.export_network(net_b)
    a.exchange.trust.import_network(None, net_b, trust_fingerprint=b.keys.fingerprint)
