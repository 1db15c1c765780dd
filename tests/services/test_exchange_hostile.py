"""Hostile and broken packages: each is refused with a Swedish message and the
receiving database is exactly as before (digests of every synced table and the
audit log length)."""

from __future__ import annotations

import json
import os
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from handledare_app.domain.errors import UserError
from handledare_app.services import crypto
from handledare_app.services.app import App
from handledare_app.services.keys import InstallationKeys
from handledare_app.services.trust import UnknownSigner
from tests.exchange_helpers import open_second, repack, rich_participant, trust_each_other, unpack
from tests.helpers import db_summary


@pytest.fixture
def b_app(tmp_path: Path) -> Iterator[App]:
    other = open_second(tmp_path / "b")
    yield other
    other.close()


@pytest.fixture
def good(app: App, b_app: App, admin_id: str, tmp_path: Path) -> Path:
    """A valid package from A to B (not imported)."""
    trust_each_other(app, b_app, tmp_path)
    rich_participant(app, admin_id, "Märta", tmp_path)
    out = tmp_path / "good.hpkg"
    app.exchange.export(out, profile="exchange", recipients=[b_app.keys.age_recipient])
    return out


def refused(b: App, path: Path, *words: str, **kwargs: object) -> UserError:
    before = db_summary(b)
    with pytest.raises(UserError) as info:
        b.exchange.import_file(path, **kwargs)  # type: ignore[arg-type]
    assert db_summary(b) == before
    text = info.value.full_text()
    for w in words:
        assert w in text, text
    assert "Traceback" not in text
    return info.value


def test_the_good_package_is_accepted(good: Path, b_app: App) -> None:
    # Guards the tests below: they fail for the reason they name, not by accident.
    assert b_app.exchange.import_file(good).applied


def test_random_bytes(b_app: App, tmp_path: Path) -> None:
    f = tmp_path / "slump.hpkg"
    f.write_bytes(os.urandom(5000))
    refused(b_app, f, "inte krypterad med age")


def test_empty_file(b_app: App, tmp_path: Path) -> None:
    f = tmp_path / "tom.hpkg"
    f.write_bytes(b"")
    refused(b_app, f, "tom")


def test_truncated(good: Path, b_app: App, tmp_path: Path) -> None:
    f = tmp_path / "kort.hpkg"
    f.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    refused(b_app, f, "skadat eller ofullständigt")


def test_wrong_key(app: App, b_app: App, tmp_path: Path) -> None:
    f = tmp_path / "annan.hpkg"
    _secret, other = crypto.generate_identity()
    app.exchange.export(f, profile="exchange", recipients=[other])
    refused(b_app, f, "inte krypterat till den här datorn")


def test_wrong_passphrase(app: App, b_app: App, tmp_path: Path) -> None:
    f = tmp_path / "fras.hpkg"
    app.exchange.export(f, profile="exchange", passphrase="rätt lösenfras")
    refused(b_app, f, "Fel lösenfras", passphrase="fel lösenfras")
    refused(b_app, f, "lösenfras")


def test_tampered_manifest(good: Path, b_app: App, tmp_path: Path) -> None:
    m = unpack(b_app, good)
    manifest = json.loads(m["manifest.json"])
    manifest["profile"] = "backup"
    m["manifest.json"] = json.dumps(manifest).encode()
    refused(
        b_app,
        repack(tmp_path / "t.hpkg", m, recipient=b_app.keys.age_recipient),
        "signaturen stämmer inte",
    )


def test_member_hash_differs(good: Path, app: App, b_app: App, tmp_path: Path) -> None:
    m = unpack(b_app, good)
    data = m["records/participant.jsonl"]
    m["records/participant.jsonl"] = data.replace("Märta".encode(), "Mårta".encode())
    # Signed by A, but the member list not recomputed: the hash no longer matches.
    f = repack(
        tmp_path / "h.hpkg", m, recipient=b_app.keys.age_recipient, sign=app.keys, rehash=False
    )
    refused(b_app, f, "kontrollsumman stämmer inte")


def test_member_size_differs(good: Path, app: App, b_app: App, tmp_path: Path) -> None:
    m = unpack(b_app, good)
    manifest = json.loads(m["manifest.json"])
    manifest["members"]["records/participant.jsonl"]["size"] += 1
    f = repack(
        tmp_path / "s.hpkg",
        m,
        recipient=b_app.keys.age_recipient,
        sign=app.keys,
        rehash=False,
        manifest_changes={"members": manifest["members"]},
    )
    refused(b_app, f, "annan storlek")


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("records/../../etc.jsonl", "utanför paketet"),
        ("/etc/passwd", "absolut sökväg"),
        ("records\\participant.jsonl", "bakåtsnedstreck"),
        ("C:/x.jsonl", "absolut sökväg"),
        ("extra.txt", "hör inte hemma"),
    ],
)
def test_bad_member_names(
    good: Path, app: App, b_app: App, tmp_path: Path, name: str, words: str
) -> None:
    m = unpack(b_app, good)
    m[name] = b"{}\n"
    f = repack(tmp_path / "n.hpkg", m, recipient=b_app.keys.age_recipient, sign=app.keys)
    refused(b_app, f, words)


def test_duplicate_member(good: Path, app: App, b_app: App, tmp_path: Path) -> None:
    m = list(unpack(b_app, good).items())
    m.append(("records/participant.jsonl", b""))
    with pytest.warns(UserWarning):
        f = repack(tmp_path / "d.hpkg", m, recipient=b_app.keys.age_recipient)
    refused(b_app, f, "två gånger")


def test_symlink_member(good: Path, app: App, b_app: App, tmp_path: Path) -> None:
    items: list[tuple[object, bytes]] = list(unpack(b_app, good).items())
    info = zipfile.ZipInfo("records/follow_up.jsonl")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    items = [(info if n == "records/follow_up.jsonl" else n, v) for n, v in items]
    f = repack(tmp_path / "l.hpkg", items, recipient=b_app.keys.age_recipient)  # type: ignore[arg-type]
    refused(b_app, f, "länk")


def test_compression_bomb(good: Path, app: App, b_app: App, tmp_path: Path) -> None:
    """A member that inflates far beyond any real one is refused before it is read."""
    m = unpack(b_app, good)
    plain = tmp_path / "bomb.zip"
    with zipfile.ZipFile(plain, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, v in m.items():
            if n != "records/evidence.jsonl":
                zf.writestr(n, v)
        with zf.open("records/evidence.jsonl", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1 << 24)
            for _ in range(40):  # 640 MB of zeros, a few hundred KB compressed
                fh.write(chunk)
    out = tmp_path / "bomb.hpkg"
    out.write_bytes(crypto.encrypt(plain.read_bytes(), [b_app.keys.age_recipient]))
    assert out.stat().st_size < 5 * 1024 * 1024
    refused(b_app, out, "för stor")


def test_bomb_declared_in_manifest_is_read_only_to_its_size(
    good: Path, app: App, b_app: App, tmp_path: Path
) -> None:
    """A member larger than the manifest says stops at the declared size plus one byte."""
    m = unpack(b_app, good)
    m["records/evidence.jsonl"] = b"\0" * (8 << 20)
    manifest = json.loads(m["manifest.json"])
    manifest["members"]["records/evidence.jsonl"] = {"size": 10, "sha256": "0" * 64}
    f = repack(
        tmp_path / "b2.hpkg",
        m,
        recipient=b_app.keys.age_recipient,
        sign=app.keys,
        rehash=False,
        manifest_changes={"members": manifest["members"]},
    )
    refused(b_app, f, "annan storlek")


def test_oversized_json_line(good: Path, app: App, b_app: App, tmp_path: Path) -> None:
    m = unpack(b_app, good)
    line = json.loads(m["records/participant.jsonl"].splitlines()[0])
    line["email"] = "x" * (5 * 1024 * 1024)
    m["records/participant.jsonl"] = json.dumps(line).encode() + b"\n"
    f = repack(tmp_path / "o.hpkg", m, recipient=b_app.keys.age_recipient, sign=app.keys)
    refused(b_app, f, "för lång")


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"stage": "hemligt"}, "okända värdet"),
        ({"first_name": 17}, "ska vara text"),
        ({"vv": {"x": -1}}, "vv är ogiltigt"),
        ({"photo_consent_date": "2026-13-40"}, "giltigt datum"),
        ({"workplace_id": "finns-inte"}, "varken finns i paketet"),
        ({"okänt": 1}, "okänt fält"),
    ],
)
def test_record_failing_schema(
    good: Path, app: App, b_app: App, tmp_path: Path, change: dict[str, object], words: str
) -> None:
    m = unpack(b_app, good)
    line = json.loads(m["records/participant.jsonl"].splitlines()[0])
    line.update(change)
    m["records/participant.jsonl"] = json.dumps(line).encode() + b"\n"
    f = repack(tmp_path / "r.hpkg", m, recipient=b_app.keys.age_recipient, sign=app.keys)
    refused(b_app, f, words)


def test_record_missing_field(good: Path, app: App, b_app: App, tmp_path: Path) -> None:
    m = unpack(b_app, good)
    line = json.loads(m["records/participant.jsonl"].splitlines()[0])
    del line["stage"]
    m["records/participant.jsonl"] = json.dumps(line).encode() + b"\n"
    f = repack(tmp_path / "r.hpkg", m, recipient=b_app.keys.age_recipient, sign=app.keys)
    refused(b_app, f, "saknas")


def test_newer_format_version(good: Path, app: App, b_app: App, tmp_path: Path) -> None:
    m = unpack(b_app, good)
    f = repack(
        tmp_path / "v.hpkg",
        m,
        recipient=b_app.keys.age_recipient,
        sign=app.keys,
        manifest_changes={"format_version": 2},
    )
    refused(b_app, f, "formatversion 2", "Uppdatera")


def test_unknown_signer(good: Path, b_app: App, tmp_path: Path) -> None:
    stranger = InstallationKeys(crypto.generate_signing_key(), crypto.generate_identity()[0])
    m = unpack(b_app, good)
    manifest = json.loads(m["manifest.json"])
    origin = dict(manifest["origin"], signing_public_key=stranger.signing_public_hex)
    full = repack(
        tmp_path / "full.hpkg",
        m,
        recipient=b_app.keys.age_recipient,
        sign=stranger,
        manifest_changes={"origin": origin},
    )
    # The stranger belongs to no known workplace: it may bring only what no one owns
    # (the catalogue), not A's workplace, supervisors or participants.
    catalogue = ("catalogue", "business_area", "module", "outcome", "criterion")
    keep = {"manifest.json", "manifest.sig", *(f"records/{e}.jsonl" for e in catalogue)}
    counts = {e: n for e, n in manifest["counts"].items() if e in catalogue}
    f = repack(
        tmp_path / "u.hpkg",
        {n: v for n, v in m.items() if n in keep},
        recipient=b_app.keys.age_recipient,
        sign=stranger,
        manifest_changes={"origin": origin, "counts": counts, "blobs": 0},
    )
    err = refused(b_app, f, "okänd avsändare", stranger.fingerprint)
    assert isinstance(err, UnknownSigner)
    # A wrong fingerprint is no decision either.
    refused(b_app, f, "okänd avsändare", trust_fingerprint="0000 1111")
    refused(b_app, full, "arbetsplatsen", trust_fingerprint=stranger.fingerprint)
    assert b_app.exchange.trust.signer_status(stranger.signing_public_hex) == "unknown"
    # An admin's decision with the right fingerprint lets it in, and is remembered.
    assert b_app.exchange.import_file(f, trust_fingerprint=stranger.fingerprint).applied
    assert b_app.exchange.trust.signer_status(stranger.signing_public_hex) == "trusted"


def test_revoked_signer(good: Path, app: App, b_app: App, tmp_path: Path) -> None:
    net = tmp_path / "spärr.json"
    b_app.exchange.trust.export_network(net, revoke=[app.keys.fingerprint])
    b_app.exchange.trust.import_network(None, net)
    refused(b_app, good, "spärrad")


def test_unknown_entity_file(good: Path, app: App, b_app: App, tmp_path: Path) -> None:
    m = unpack(b_app, good)
    m["records/hemlig_tabell.jsonl"] = b"{}\n"
    f = repack(tmp_path / "e.hpkg", m, recipient=b_app.keys.age_recipient, sign=app.keys)
    refused(b_app, f, "känner till")
