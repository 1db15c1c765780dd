"""Who this installation trusts (DESIGN §5): the signed network file and admin decisions.

A *network file* lists workplaces and installations with their Ed25519 public keys and
age recipients, and revoked keys. It is signed by an admin installation (Coompanion's).
Importing it the first time needs the signer's fingerprint to be confirmed (the admin
compares it by phone or on paper); later versions must come from the same signer and
be newer. A package is accepted when its signer is this installation, an installation
in the network file, or a key an admin accepted by fingerprint; a revoked key is
refused whatever else is said.

Stored locally (never exchanged) in `local_setting`: `trust.network` (the verified
network file) and `trust.accepted` (keys accepted by an admin's decision).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.canonical import canonical_json
from ..domain.enums import Role
from ..domain.errors import UserError
from ..storage import settings_rows
from ..storage.database import Tx
from ..storage.models import InstallationRow, WorkplaceRow
from .base import Service
from .crypto import fingerprint, recipient_key, verify
from .files import read_user_file, write_file_atomic
from .network_format import (
    MAX_NETWORK_BYTES,
    NETWORK_FORMAT,
    NETWORK_VERSION,
    is_hex_key,
    validate_network,
)

NETWORK_KEY = "trust.network"
ACCEPTED_KEY = "trust.accepted"


class UnknownSigner(UserError):
    """The signer is not in the trust list; an admin must confirm the fingerprint."""

    def __init__(self, what: str, public_key_hex: str, name: str, given: str | None = None) -> None:
        self.public_key_hex = public_key_hex
        self.fingerprint = fingerprint(bytes.fromhex(public_key_hex))
        self.signer_name = name
        then = (
            f"Fingeravtrycket du angav ({given}) stämmer inte med avsändarens. Kontrollera "
            "det med avsändaren igen."
            if given is not None
            else "En administratör kan sedan godkänna det (på kommandoraden med "
            "--trust-fingerprint)."
        )
        super().__init__(
            f"{what} är {'signerat' if what.endswith('et') else 'signerad'} av en okänd avsändare ({name or 'namn saknas'}) med "
            f"fingeravtrycket {self.fingerprint}. Kontrollera fingeravtrycket med avsändaren "
            f"(till exempel på telefon). {then} Inget har ändrats."
        )


@dataclass(frozen=True)
class TrustedInstallation:
    id: str
    name: str
    workplace_id: str
    workplace_name: str
    signing_public_key: str
    age_recipient: str
    is_self: bool

    @property
    def fingerprint(self) -> str:
        return fingerprint(bytes.fromhex(self.signing_public_key))

    @property
    def label(self) -> str:
        where = f" ({self.workplace_name})" if self.workplace_name else ""
        return f"{self.name}{where}"


@dataclass(frozen=True)
class NetworkInfo:
    signer_name: str
    signer_fingerprint: str
    issued_at: str
    installations: int
    workplaces: int
    revoked: int


def normalise_fingerprint(text: str) -> str:
    return "".join(text.split()).upper()


class TrustService(Service):
    # --- reading the trust state -----------------------------------------------------

    def _setting(self, key: str) -> Any:
        with self.db.reader() as tx:
            raw = settings_rows.get_local_setting(tx, key)
        return json.loads(raw) if raw else None

    def network(self) -> dict[str, Any] | None:
        stored = self._setting(NETWORK_KEY)
        return stored["network"] if stored else None

    def network_info(self) -> NetworkInfo | None:
        net = self.network()
        if net is None:
            return None
        signer = net["signer"]
        return NetworkInfo(
            signer.get("name", ""),
            fingerprint(bytes.fromhex(signer["signing_public_key"])),
            net["issued_at"],
            len(net["installations"]),
            len(net["workplaces"]),
            len(net["revoked_keys"]),
        )

    def accepted_keys(self) -> list[dict[str, Any]]:
        return list(self._setting(ACCEPTED_KEY) or [])

    def revoked_keys(self) -> set[str]:
        net = self.network()
        return set(net["revoked_keys"]) if net else set()

    def installations(self) -> list[TrustedInstallation]:
        """This installation first, then the network file's installations (not revoked)."""
        out: list[TrustedInstallation] = []
        own = self.app.setup.installation()
        wp_name = self.app.setup.workplace().name
        keys = self.app.keys
        out.append(
            TrustedInstallation(
                own.id,
                own.name,
                own.workplace_id,
                wp_name,
                keys.signing_public_hex,
                keys.age_recipient,
                True,
            )
        )
        net = self.network()
        if net is None:
            return out
        wps = {w["id"]: str(w.get("name", "")) for w in net["workplaces"]}
        revoked = set(net["revoked_keys"])
        for inst in net["installations"]:
            if inst["id"] == own.id or inst["signing_public_key"] in revoked:
                continue
            wid = str(inst.get("workplace_id", ""))
            out.append(
                TrustedInstallation(
                    inst["id"],
                    inst["name"],
                    wid,
                    wps.get(wid, ""),
                    inst["signing_public_key"],
                    inst["age_recipient"],
                    False,
                )
            )
        return out

    def signer_status(self, public_key_hex: str) -> str:
        """'self', 'trusted', 'revoked' or 'unknown'."""
        if public_key_hex in self.revoked_keys():
            return "revoked"
        if public_key_hex == self.app.keys.signing_public_hex:
            return "self"
        if any(i.signing_public_key == public_key_hex for i in self.installations()):
            return "trusted"
        if any(a.get("key") == public_key_hex for a in self.accepted_keys()):
            return "trusted"
        return "unknown"

    def signer_name(self, public_key_hex: str) -> str:
        for inst in self.installations():
            if inst.signing_public_key == public_key_hex:
                return inst.label
        for a in self.accepted_keys():
            if a.get("key") == public_key_hex:
                return str(a.get("name", ""))
        return ""

    def resolve_recipient(self, text: str, *, keys: bool = True) -> tuple[str, str]:
        """(age recipient, display name) for an installation name or id, or (with `keys`)
        an age1 key."""
        needle = text.strip()
        if keys and needle.startswith("age1"):
            recipient_key(needle)  # a mistyped key: said now, not after the packing
            return needle, needle[:16] + "…"
        matches = [
            i
            for i in self.installations()
            if needle in (i.id, i.name) or needle.casefold() == i.name.casefold()
        ]
        if not matches:
            raise UserError(
                f"Mottagaren ”{needle}” finns inte i nätverksfilen. Ange en installations "
                "namn eller id från nätverksfilen"
                + (", eller en age-nyckel (age1…)." if keys else ".")
            )
        if len(matches) > 1:
            raise UserError(f"Flera installationer heter ”{needle}”. Ange installationens id.")
        return matches[0].age_recipient, matches[0].label

    # --- admin decisions -------------------------------------------------------------

    def _require_admin(self, actor_id: str | None) -> None:
        if actor_id is not None:
            self.app.supervisors.require_role(actor_id, Role.ADMIN)

    def accept_signer(
        self,
        actor_id: str | None,
        public_key_hex: str,
        name: str,
        installation_id: str = "",
        tx: Tx | None = None,
    ) -> None:
        """An admin's decision to trust this key (after comparing its fingerprint).
        `actor_id` None means the command line, run by whoever administers the computer.
        `installation_id` (the id the signed package names) lets this laptop verify that
        installation's certificates with the key too, unless the network file knows it.
        With `tx` the decision is saved in that transaction (an import's own)."""
        self._require_admin(actor_id)
        if public_key_hex in self.revoked_keys():
            raise UserError("Nyckeln är spärrad i nätverksfilen och kan inte godkännas.")
        accepted = [a for a in self.accepted_keys() if a.get("key") != public_key_hex]
        accepted.append(
            {
                "key": public_key_hex,
                "name": name[:200],
                "installation_id": installation_id[:36],
                "accepted_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "accepted_by": actor_id,
            }
        )
        if tx is not None:
            settings_rows.set_local_setting(tx, ACCEPTED_KEY, json.dumps(accepted))
            return
        with self.db.transaction(actor_id) as own:
            settings_rows.set_local_setting(own, ACCEPTED_KEY, json.dumps(accepted))

    # --- network file ----------------------------------------------------------------

    def read_network_file(self, path: Path) -> dict[str, Any]:
        raw = read_user_file(path, "Nätverksfilen", MAX_NETWORK_BYTES)
        try:
            doc = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise UserError("Nätverksfilen är inte giltig JSON. Inget har ändrats.") from None
        if not isinstance(doc, dict) or not isinstance(doc.get("signature"), str):
            raise UserError("Filen är inte en nätverksfil från Handledarappen. Inget har ändrats.")
        body = validate_network(doc.get("network"))
        try:
            signature = bytes.fromhex(doc["signature"])
        except ValueError:
            raise UserError("Nätverksfilens signatur är skadad. Inget har ändrats.") from None
        key = bytes.fromhex(body["signer"]["signing_public_key"])
        if not verify(key, canonical_json(body), signature):
            raise UserError(
                "Nätverksfilens signatur stämmer inte: filen har ändrats efter att den "
                "signerades. Inget har ändrats."
            )
        return body

    def import_network(
        self, actor_id: str | None, path: Path, *, trust_fingerprint: str | None = None
    ) -> NetworkInfo:
        """Verify and store a network file. An unknown signer raises UnknownSigner unless
        `trust_fingerprint` equals its fingerprint (an admin's decision)."""
        self._require_admin(actor_id)
        body = self.read_network_file(path)
        signer_hex = body["signer"]["signing_public_key"]
        current = self.network()
        if signer_hex in (current or {}).get("revoked_keys", []):
            raise UserError("Nätverksfilen är signerad med en spärrad nyckel. Inget har ändrats.")
        known = signer_hex == self.app.keys.signing_public_hex or (
            current is not None and current["signer"]["signing_public_key"] == signer_hex
        )
        if not known:
            fp = fingerprint(bytes.fromhex(signer_hex))
            if trust_fingerprint is None or normalise_fingerprint(
                trust_fingerprint
            ) != normalise_fingerprint(fp):
                raise UnknownSigner(
                    "Nätverksfilen",
                    signer_hex,
                    str(body["signer"].get("name", "")),
                    trust_fingerprint,
                )
        if current is not None and body["issued_at"] < current["issued_at"]:
            raise UserError(
                f"Nätverksfilen är från {body['issued_at'][:10]}, äldre än den som redan är "
                f"inläst ({current['issued_at'][:10]}). Inget har ändrats."
            )
        with self.db.transaction(actor_id) as tx:
            settings_rows.set_local_setting(
                tx, NETWORK_KEY, json.dumps({"network": body}, ensure_ascii=False)
            )
        info = self.network_info()
        assert info is not None
        return info

    def export_network(self, path: Path, *, revoke: list[str] | None = None) -> NetworkInfo:
        """Sign and write a network file from this installation: every workplace and
        installation it knows (database and current network file), plus revocations.
        Revocations are public keys (hex) or fingerprints of known installations."""
        keys = self.app.keys
        own = self.app.setup.installation()
        workplaces: dict[str, dict[str, Any]] = {}
        installations: dict[str, dict[str, Any]] = {}
        current = self.network()
        revoked: set[str] = set(current["revoked_keys"]) if current else set()
        if current:
            for w in current["workplaces"]:
                workplaces[w["id"]] = w
            for i in current["installations"]:
                installations[i["id"]] = i
        with self.db.reader() as tx:
            for w in tx.find(WorkplaceRow):
                workplaces[w.id] = {"id": w.id, "name": w.name}
            for i in tx.find(InstallationRow):
                if i.signing_public_key and i.age_recipient:
                    installations[i.id] = {
                        "id": i.id,
                        "name": i.name,
                        "workplace_id": i.workplace_id,
                        "signing_public_key": i.signing_public_key,
                        "age_recipient": i.age_recipient,
                    }
        for item in revoke or []:
            revoked.add(self._revocation_key(item, installations))
        issued_at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
        body: dict[str, Any] = {
            "format": NETWORK_FORMAT,
            "format_version": NETWORK_VERSION,
            "issued_at": issued_at,
            "signer": {
                "installation_id": own.id,
                "name": own.name,
                "signing_public_key": keys.signing_public_hex,
            },
            "workplaces": sorted(workplaces.values(), key=lambda w: w["id"]),
            "installations": sorted(installations.values(), key=lambda i: i["id"]),
            "revoked_keys": sorted(revoked),
        }
        doc = {"network": body, "signature": keys.sign(canonical_json(body)).hex()}
        write_file_atomic(
            path, json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"), "nätverksfilen"
        )
        return NetworkInfo(
            own.name,
            keys.fingerprint,
            issued_at,
            len(installations),
            len(workplaces),
            len(revoked),
        )

    def _revocation_key(self, item: str, installations: dict[str, dict[str, Any]]) -> str:
        text = item.strip()
        if is_hex_key(text.lower()):
            return text.lower()
        wanted = normalise_fingerprint(text)
        for inst in installations.values():
            key = inst["signing_public_key"]
            if normalise_fingerprint(fingerprint(bytes.fromhex(key))) == wanted:
                return str(key)
            if text in (inst["id"], inst["name"]):
                return str(key)
        raise UserError(f"Hittar ingen installation eller nyckel som heter ”{text}”.")
