"""Join a workplace (issue 11 item 1): an invitation file plus a short one-time code.

The invitation file is a ZIP with two members:
- `invitation.age`: a small JSON, encrypted with the code (age scrypt): the invitation
  id and secret, when it expires, the inviting laptop's workplace and public keys, the
  network file if any, and a throw-away age identity;
- `data.hpkg`: an ordinary exchange package with everything of the workplace (records,
  supervisors with their PIN hashes, catalogue), encrypted to that throw-away identity.

The joining laptop makes its own keys and installation row and keeps a proof: an HMAC
of its signing key and the time it joined under the invitation secret. Its packages
carry the proof under the manifest key `join_proof` until the inviting laptop has
confirmed one of them; the inviting laptop accepts the new key once, for an invitation
it issued that no other installation used, joined before the invitation expired (the
only way a key is trusted without comparing fingerprints). A laptop that joined in time
may sync weeks later (the stick goes round once a week): what counts is the join time
the proof carries, bound to the secret, and held to the remote-clock rule (not more
than a day ahead of the inviting laptop's clock, nor before the invitation was made).
The workplace's other laptops learn the new installation from the inviting laptop's
next package (services/workplace_intro.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.enums import Role
from ..domain.errors import UserError
from ..domain.ids import new_id
from ..storage import settings_rows
from ..storage.database import Tx
from ..storage.fsutil import publish
from ..storage.models import InstallationRow, WorkplaceRow
from . import crypto, delivery, retirement
from . import package as pkg
from .base import Service
from .exchange_pseudonyms import SALT_KEY, report_salt
from .files import os_error_text, output_path
from .join_rules import check_join
from .trust import NETWORK_KEY

FORMAT = "handledarappen-inbjudan"
SUFFIX = ".hinbjudan"
INVITE_PREFIX = "invite."  # local setting per issued invitation (never exchanged)
PROOF_SETTING = "join.proof"  # the joining laptop's proof, until the inviter confirms
PROOF_KEY = "join_proof"  # manifest key
DEFAULT_DAYS = 7
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
MAX_HEADER = 4 * 1024 * 1024


@dataclass(frozen=True)
class Invitation:
    path: Path
    code: str
    expires_at: str


@dataclass(frozen=True)
class JoinResult:
    workplace_name: str
    inviter_name: str
    supervisors: int
    participants: int


def new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _proof(secret_hex: str, signing_public_hex: str, joined_at: str = "") -> str:
    """HMAC of the joining key (and, since the inviting side checks expiry, the join
    time) under the invitation secret; without `joined_at` the first version's proof."""
    message = signing_public_hex + (f"|{joined_at}" if joined_at else "")
    return hmac.new(bytes.fromhex(secret_hex), message.encode("ascii"), hashlib.sha256).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class JoiningService(Service):
    # --- the inviting laptop -----------------------------------------------------------

    def invite(
        self, actor_id: str | None, out: Path, *, days: int = DEFAULT_DAYS, name: str = ""
    ) -> Invitation:
        """Write an invitation file; the code is shown on screen, never written down here."""
        if actor_id is not None:
            self.app.supervisors.require_role(actor_id, Role.ADMIN)
        if not 1 <= days <= 30:
            raise UserError("En inbjudan kan gälla mellan 1 och 30 dagar.")
        out = output_path(out, f"ny{SUFFIX}")
        own = self.app.setup.installation()
        wp = self.app.setup.workplace()
        keys = self.app.keys
        code = new_code()
        secret = secrets.token_hex(32)
        invitation_id = new_id()
        issued = _now()
        expires = (issued + dt.timedelta(days=days)).isoformat(timespec="seconds")
        throwaway, throwaway_recipient = crypto.generate_identity()
        work = self.app.paths.root / "tmp"
        work.mkdir(parents=True, exist_ok=True)
        data = work / f".invite-{secrets.token_hex(6)}.hpkg"
        try:
            self.app.exchange.export(
                data,
                profile="exchange",
                actor_id=actor_id,
                recipients=[throwaway_recipient],
                include_secrets=True,
            )
            header = {
                "format": FORMAT,
                "format_version": 1,
                "invitation_id": invitation_id,
                "secret": secret,
                "expires_at": expires,
                "name": name.strip()[:200],
                "workplace_id": wp.id,
                "workplace_name": wp.name,
                "inviter": {
                    "installation_id": own.id,
                    "name": own.name,
                    "signing_public_key": keys.signing_public_hex,
                    "age_recipient": keys.age_recipient,
                },
                "network": self.app.exchange.trust.network(),
                "retired": self._retired(),  # laptops taken out of the workplace
                "identity": throwaway,
                # The follow-up report's pseudonym key: every laptop of the workplace
                # gives a participant the same pseudonym (services/exchange_pseudonyms).
                "report_salt": report_salt(self.app.db).hex(),
            }
            sealed = crypto.encrypt_with_passphrase(
                json.dumps(header).encode("utf-8"), normalise_code(code)
            )
            self._write_zip(out, sealed, data)
        finally:
            data.unlink(missing_ok=True)
        with self.db.transaction(actor_id) as tx:
            settings_rows.set_local_setting(
                tx,
                INVITE_PREFIX + invitation_id,
                json.dumps(
                    {
                        "secret": secret,
                        "issued_at": issued.isoformat(timespec="seconds"),
                        "expires_at": expires,
                        "used_by": None,
                    }
                ),
            )
        return Invitation(out, code, expires)

    def _retired(self) -> dict[str, Any]:
        with self.db.reader() as tx:
            return retirement.retired(tx)

    @staticmethod
    def _write_zip(out: Path, sealed: bytes, data: Path) -> None:
        tmp = out.with_name(f".{out.name}.tmp")
        try:
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as zf:
                zf.writestr("invitation.age", sealed)
                zf.write(data, "data.hpkg")
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            publish(tmp, out)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            raise UserError(
                f"Inbjudan kunde inte skrivas till {out} ({os_error_text(exc)})."
            ) from None

    def accept_proof(self, signer_hex: str, manifest: dict[str, Any]) -> bool:
        """True (and the key trusted, the invitation used) when a package from an
        unknown key proves it holds the secret of an invitation issued here, joined
        before it expired and used by no other installation. A proof of one of our
        invitations that breaks a rule refuses the whole package (UserError, naming
        the laptop); nothing of it is applied."""
        proof = manifest.get(PROOF_KEY)
        if not isinstance(proof, dict):
            return False
        inv_id, mac = proof.get("invitation_id"), proof.get("hmac")
        joined_at = proof.get("joined_at", "")
        if (
            not isinstance(inv_id, str)
            or not isinstance(mac, str)
            or not isinstance(joined_at, str)
            or len(inv_id) > 40
            or len(joined_at) > 40
            or not joined_at.isascii()
        ):
            return False
        with self.db.reader() as tx:
            raw = settings_rows.get_local_setting(tx, INVITE_PREFIX + inv_id)
        if raw is None:
            return False
        record = json.loads(raw)
        if not hmac.compare_digest(_proof(record["secret"], signer_hex, joined_at), mac):
            return False
        origin = manifest.get("origin", {})
        name = str(origin.get("installation_name", ""))[:200] if isinstance(origin, dict) else ""
        if record.get("used_by") == signer_hex:
            return True  # accepted before (a later package still carrying the proof)
        check_join(record, joined_at, name or "okänd dator", _now())
        record["used_by"] = signer_hex
        record["used_by_name"] = name
        self.app.exchange.trust.accept_signer(None, signer_hex, name)
        with self.db.transaction() as tx:
            settings_rows.set_local_setting(tx, INVITE_PREFIX + inv_id, json.dumps(record))
        return True

    # --- the joining laptop ------------------------------------------------------------

    def read_invitation(self, path: Path, code: str) -> dict[str, Any]:
        """The invitation's header, checked: right code, right format, not expired."""
        try:
            with zipfile.ZipFile(path) as zf:
                info = zf.getinfo("invitation.age")
                if info.file_size > MAX_HEADER:
                    raise KeyError
                sealed = zf.read(info)
                zf.getinfo("data.hpkg")
        except FileNotFoundError:
            raise UserError(f"Filen {path} finns inte.") from None
        except (zipfile.BadZipFile, KeyError, IsADirectoryError):
            raise UserError(
                f"{path.name} är inte en inbjudan från Handledarappen (eller så är den skadad)."
            ) from None
        except OSError as exc:
            raise UserError(f"Filen {path} kunde inte läsas ({os_error_text(exc)}).") from None
        if not normalise_code(code):
            raise UserError("Skriv koden som visades när inbjudan gjordes.")
        try:
            header = json.loads(crypto.decrypt_with_passphrase(sealed, normalise_code(code)))
        except UserError:
            raise UserError(
                "Koden stämmer inte med inbjudan. Kontrollera koden (den visades när "
                "inbjudan gjordes) och försök igen."
            ) from None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise UserError(f"{path.name} är inte en inbjudan från Handledarappen.")
        if str(header.get("expires_at", "")) < _now().isoformat(timespec="seconds"):
            raise UserError(
                f"Inbjudan gick ut {str(header.get('expires_at', ''))[:10]}. Be en "
                "administratör på den andra datorn om en ny inbjudan."
            )
        return header

    def join(self, path: Path, code: str, installation_name: str) -> JoinResult:
        """Join the workplace of an invitation: its records arrive, this laptop gets its
        own installation (and keys) in that workplace."""
        header = self.read_invitation(path, code)
        name = " ".join(installation_name.split())
        if not name or len(name) > 200:
            raise UserError("Ge datorn ett namn, till exempel Butikslaptop.")
        if self.app.setup.is_set_up():
            own = self.app.setup.workplace()
            if own.id == header["workplace_id"]:
                raise UserError(f"Den här datorn hör redan till {own.name}.")
            raise UserError(
                f"Inbjudan gäller arbetsplatsen {header['workplace_name']}, men den här datorn "
                f"är upplagd för {own.name}. En dator kan bara höra till en arbetsplats."
            )
        with self.db.reader() as tx:
            used = settings_rows.get_local_setting(tx, PROOF_SETTING)
        if used and json.loads(used).get("invitation_id") == header["invitation_id"]:
            raise UserError("Inbjudan är redan använd på den här datorn.")
        inviter = header["inviter"]
        work = self.app.paths.root / "tmp"
        work.mkdir(parents=True, exist_ok=True)
        fd, data_name = tempfile.mkstemp(dir=work, prefix=".join-", suffix=".hpkg")
        os.close(fd)
        data = Path(data_name)
        try:
            with zipfile.ZipFile(path) as zf, zf.open("data.hpkg") as src, open(data, "wb") as dst:
                while chunk := src.read(pkg.CHUNK):
                    dst.write(chunk)
            from .joining_import import import_invitation_data

            import_invitation_data(
                self.app, data, header["identity"], inviter["signing_public_key"]
            )
        finally:
            data.unlink(missing_ok=True)
        keys = self.app.keys
        with self.db.transaction() as tx:
            if tx.get(WorkplaceRow, header["workplace_id"]) is None:
                raise UserError("Inbjudan saknar arbetsplatsens uppgifter. Gör en ny inbjudan.")
            tx.add(
                InstallationRow(
                    id=self.db.installation_id,
                    workplace_id=header["workplace_id"],
                    name=name,
                    signing_public_key=keys.signing_public_hex,
                    age_recipient=keys.age_recipient,
                )
            )
            joined_at = _now().isoformat(timespec="seconds")
            proof = {
                "invitation_id": header["invitation_id"],
                "hmac": _proof(header["secret"], keys.signing_public_hex, joined_at),
                "joined_at": joined_at,
                "inviter": inviter["installation_id"],
            }
            settings_rows.set_local_setting(tx, PROOF_SETTING, json.dumps(proof))
            salt = header.get("report_salt")
            if isinstance(salt, str) and len(salt) == 64:
                with contextlib.suppress(ValueError):  # not hex: keep a key of its own
                    settings_rows.set_local_setting(tx, SALT_KEY, bytes.fromhex(salt).hex())
            retirement.take_over(
                tx, header["workplace_id"], header.get("retired"), str(inviter.get("name", ""))
            )
        self.app.exchange.trust.accept_signer(
            None, inviter["signing_public_key"], str(inviter.get("name", ""))
        )
        net = header.get("network")
        if isinstance(net, dict):
            self._store_network(net)
        return self._result(header)

    def _store_network(self, network: dict[str, Any]) -> None:
        with self.db.transaction() as tx:
            settings_rows.set_local_setting(
                tx, NETWORK_KEY, json.dumps({"network": network}, ensure_ascii=False)
            )

    def _result(self, header: dict[str, Any]) -> JoinResult:
        return JoinResult(
            header["workplace_name"],
            str(header["inviter"].get("name", "")),
            len(self.app.supervisors.list()),
            len(self.app.participants.list()),
        )

    # --- the proof in this laptop's packages ----------------------------------------------

    def manifest_proof(self, tx: Tx) -> dict[str, Any]:
        """{join_proof: …} until the inviting laptop has confirmed one of our packages."""
        raw = settings_rows.get_local_setting(tx, PROOF_SETTING)
        if raw is None:
            return {}
        proof = json.loads(raw)
        if delivery.ack(tx, proof.get("inviter", "")) > 0:
            return {}
        carried = {k: proof[k] for k in ("invitation_id", "hmac", "joined_at") if k in proof}
        return {PROOF_KEY: carried}
