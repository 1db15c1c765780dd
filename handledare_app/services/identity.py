"""No silent change of identity: this installation's keys must be the ones the database
names (DESIGN §5). A data folder copied without `keys/`, or a restore killed half-way,
must not make the laptop a different installation without a word.
"""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import DataDirError
from ..storage.database import Database
from ..storage.models import InstallationRow
from ..storage.settings_rows import get_local_setting, set_local_setting
from . import crypto
from .keys import AGE_FILE, SIGNING_FILE, InstallationKeys, load_or_create
from .paths import DataPaths

NEW_INSTALLATION_COMMAND = "handledare-app keys new-installation --bekrafta"


# Local setting (never exchanged): the signing key given deliberately after keys/ was lost.
# The installation row keeps the key published at set-up, so certificates signed before
# still verify here (certificates._public_keys).
RENEWED_KEY = "identity.renewed_signing_key"


class KeysMissingError(DataDirError):
    """keys/ is missing or belongs to another installation than the database."""


def _published(db: Database) -> tuple[str, str] | None:
    """The public keys the database has for this installation, or None before set-up."""
    with db.reader() as tx:
        inst = tx.get(InstallationRow, db.installation_id)
        if inst is None or not inst.signing_public_key:
            return None
        return inst.signing_public_key, inst.age_recipient or ""


def _renewed(db: Database) -> str | None:
    with db.reader() as tx:
        return get_local_setting(tx, RENEWED_KEY)


def _way_out(paths: DataPaths) -> list[str]:
    return [
        "Återställ nycklarna: läs tillbaka en krypterad kopia (.hkopia) från den här datorn, "
        f"t.ex. ”handledare-app restore FIL --passphrase-file FIL --ersatt --data-dir "
        f"{paths.root}” (kopian innehåller mappen keys).",
        "Eller gör datorn till en ny installation med avsikt: "
        f"”{NEW_INSTALLATION_COMMAND} --data-dir {paths.root}”. Skicka sedan en ny "
        "nätverksfil till de andra datorerna; förrän de läst in den tar de inte emot "
        "paket härifrån, och intyg som redan skrivits ut går fortfarande att kontrollera.",
    ]


def check_identity(paths: DataPaths, db: Database) -> None:
    """Refuse to start when keys/ does not match what the database says this laptop has."""
    published = _published(db)
    if published is None:
        return  # not set up yet, or an old version that never published keys
    signing_hex, age_recipient = published
    fp = crypto.fingerprint(bytes.fromhex(signing_hex))
    missing = [n for n in (SIGNING_FILE, AGE_FILE) if not (paths.keys / n).exists()]
    if missing:
        raise KeysMissingError(
            f"Nycklarna i {paths.keys} saknas ({', '.join(missing)}), men databasen säger att "
            f"den här datorn redan har nycklar (fingeravtryck {fp}). Handledarappen startar "
            "inte, eftersom nya nycklar i tysthet skulle göra datorn till en annan "
            "installation. Inget har ändrats. Gör så här:",
            _way_out(paths),
        )
    keys = load_or_create(paths.keys)  # both exist: only reads (a damaged file raises)
    if keys.signing_public_hex == _renewed(db):
        return  # given deliberately with `keys new-installation`
    if keys.signing_public_hex != signing_hex or (
        age_recipient and keys.age_recipient != age_recipient
    ):
        raise KeysMissingError(
            f"Nycklarna i {paths.keys} hör till en annan installation (fingeravtryck "
            f"{keys.fingerprint}) än databasen (fingeravtryck {fp}). Handledarappen startar "
            "inte. Inget har ändrats. Gör så här:",
            _way_out(paths),
        )


def make_new_installation(data_dir: Path) -> InstallationKeys:
    """The deliberate way out: new keys for this laptop, recorded as this computer's chosen
    identity. Old key files that are still there are moved aside, never deleted."""
    from .app import open_app

    paths = DataPaths(data_dir)
    if not paths.db.exists():
        raise DataDirError(f"Det finns ingen databas i datamappen {paths.root}.")
    with open_app(data_dir, check_keys=False) as app:
        if _published(app.db) is None:
            raise DataDirError(
                "Den här installationen har inga nycklar i databasen ännu; de skapas när "
                "appen startar. Inget har ändrats."
            )
        for name in (SIGNING_FILE, AGE_FILE):
            old = paths.keys / name
            if old.exists():
                old.replace(paths.keys / f"{name}.gammal-{_stamp()}")
        keys = load_or_create(paths.keys)
        with app.db.transaction() as tx:
            set_local_setting(tx, RENEWED_KEY, keys.signing_public_hex)
        return keys


def _stamp() -> str:
    import datetime as dt

    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
