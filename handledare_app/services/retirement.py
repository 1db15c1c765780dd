"""Ta bort dator ur arbetsplatsen (issue 11): a laptop that is no longer used.

Every laptop of a workplace is a recipient of the others' packages, and what a package
carries starts at the lowest sequence its recipients have confirmed
(services/delivery.py): a laptop that never syncs again would keep every package growing
for good, and its own last package file would stay in the sync folder forever (only its
writer removes a laptop's files). An admin therefore takes such a laptop out of the
workplace: a deliberate decision, written to the audit log, carried in the manifest of
every package this laptop writes (`retired_installations`) and taken over by every laptop
of the workplace that reads one. Then:

- it is no longer a recipient, so it no longer holds back what packages carry;
- its package files in the sync folder are removed by any laptop that holds their
  content (it has read them: `delivery.have` reaches the file's sequence), which that
  laptop's own packages carry on to the others until each has confirmed it;
- its packages are still read (nothing it did before it was taken out is lost);
- the laptop itself, once it learns the decision, stops syncing and says why.

It is not a key revocation: for a lost or stolen laptop, revoke its key in the network
file (README, "Trust").
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from ..domain.enums import Role
from ..domain.errors import UserError
from ..storage import settings_rows
from ..storage.database import Tx
from ..storage.models import InstallationRow
from ..storage.retirement_rows import audit_retirement

if TYPE_CHECKING:
    from .app import App

PREFIX = "retired."
MANIFEST_KEY = "retired_installations"
MAX_ENTRIES = 500


def retired(tx: Tx) -> dict[str, dict[str, Any]]:
    """installation id → {name, at, by, decided_on} of every laptop taken out."""
    out: dict[str, dict[str, Any]] = {}
    for installation_id, text in settings_rows.local_settings_under(tx, PREFIX).items():
        try:
            value = json.loads(text)
        except ValueError:
            continue
        if isinstance(value, dict):
            out[installation_id] = value
    return out


def retired_ids(app: App) -> set[str]:
    with app.db.reader() as tx:
        return set(retired(tx))


def _store(tx: Tx, installation_id: str, entry: dict[str, Any], source: str) -> None:
    settings_rows.set_local_setting(
        tx, PREFIX + installation_id, json.dumps(entry, ensure_ascii=False)
    )
    audit_retirement(tx, installation_id, {**entry, "source": source})


def retire(app: App, actor_id: str | None, which: str) -> str:
    """Take another laptop of this workplace out of it (admins only). `which`: its name
    or id. Returns its name."""
    if actor_id is not None:
        app.supervisors.require_role(actor_id, Role.ADMIN)
    own = app.setup.installation()
    who = app.supervisors.get(actor_id).name if actor_id is not None else "kommandoraden"
    with app.db.transaction(actor_id) as tx:
        mine = [r for r in tx.find(InstallationRow, workplace_id=own.workplace_id)]
        found = [r for r in mine if r.id == which.strip() or r.name == which.strip()]
        if not found:
            names = ", ".join(sorted(r.name for r in mine if r.id != own.id)) or "inga"
            raise UserError(
                f"Arbetsplatsen har ingen annan dator som heter ”{which.strip()}”. "
                f"Datorerna: {names}."
            )
        if len(found) > 1:  # joined laptops are not in the network file: name their ids here
            ids = ", ".join(sorted(r.id for r in found))
            raise UserError(
                f"Flera datorer heter ”{which.strip()}”. Ange en av dem med dess id i stället: "
                f"{ids}."
            )
        row = found[0]
        if row.id == own.id:
            raise UserError(
                "Den här datorn kan inte ta bort sig själv ur arbetsplatsen. Gör det från en "
                "av arbetsplatsens andra datorer."
            )
        if row.id in retired(tx):
            raise UserError(f"{row.name} är redan borttagen ur arbetsplatsen.")
        entry = {
            "name": row.name,
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "by": who,
            "decided_on": own.name,
        }
        _store(tx, row.id, entry, "här")
        return row.name


def manifest_part(tx: Tx) -> dict[str, Any]:
    """{retired_installations: …} for every package this laptop writes (empty: none)."""
    found = retired(tx)
    return {MANIFEST_KEY: found} if found else {}


def record_received(tx: Tx, own_id: str, signer_hex: str, manifest: dict[str, Any]) -> None:
    """After applying a package (same transaction): take over the retirements it carries,
    when its signer is a laptop of this workplace that is not itself taken out, and each
    for a laptop of this workplace."""
    listed = manifest.get(MANIFEST_KEY)
    if not isinstance(listed, dict) or not listed:
        return
    own = tx.get(InstallationRow, own_id)
    if own is None:
        return
    ours = {r.id: r for r in tx.find(InstallationRow, workplace_id=own.workplace_id)}
    known = retired(tx)
    sender = [r for r in ours.values() if r.signing_public_key == signer_hex]
    if not sender or sender[0].id in known or sender[0].id == own_id:
        return
    take_over(tx, own.workplace_id, listed, sender[0].name)


def take_over(tx: Tx, workplace_id: str, listed: Any, source: str) -> None:
    """Store the retirements `listed` (from a package or an invitation) of laptops of
    this workplace that are not known here yet, each with an audit entry."""
    if not isinstance(listed, dict):
        return
    ours = {r.id: r for r in tx.find(InstallationRow, workplace_id=workplace_id)}
    known = retired(tx)
    for installation_id, entry in list(listed.items())[:MAX_ENTRIES]:
        if installation_id in known or installation_id not in ours or not isinstance(entry, dict):
            continue
        clean = {
            "name": ours[installation_id].name,
            "at": str(entry.get("at", ""))[:40],
            "by": str(entry.get("by", ""))[:200],
            "decided_on": str(entry.get("decided_on", ""))[:200],
        }
        _store(tx, installation_id, clean, source[:200])


def refuse_if_retired(app: App) -> None:
    """This laptop was taken out of its workplace: say so (sync refuses)."""
    own_id = app.db.installation_id
    with app.db.reader() as tx:
        entry = retired(tx).get(own_id)
    if entry is None:
        return
    raise UserError(
        f"Den här datorn är borttagen ur arbetsplatsen (av {entry.get('by') or 'en administratör'} "
        f"på {entry.get('decided_on') or 'en annan dator'}, {str(entry.get('at', ''))[:10]}). "
        "Den synkroniserar inte längre. Använd en av arbetsplatsens andra datorer."
    )


def candidates(app: App) -> list[tuple[str, str]]:
    """(id, name) of this workplace's other laptops that are not taken out, by name."""
    own = app.setup.installation()
    with app.db.reader() as tx:
        gone = retired(tx)
        return sorted(
            (
                (r.id, r.name)
                for r in tx.find(InstallationRow, workplace_id=own.workplace_id)
                if r.id != own.id and r.id not in gone
            ),
            key=lambda item: item[1].casefold(),
        )
