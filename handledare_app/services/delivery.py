"""Delivery by acknowledgement (DESIGN §5, issue 11 item 3).

What an exchange package carries is decided by what its receivers have *confirmed*,
never by what was last written, so a lost or never-imported file is simply sent again.

Every installation numbers its own changes by its audit log's sequence numbers. Two
kinds of local settings (never exchanged) record what is known:

- `delivery.have.<origin>`: this laptop holds every change `origin` had made or
  received up to that origin's audit sequence number (advanced when a "changes"
  package from `origin` that starts at or below it is imported);
- `delivery.ack.<peer>`: `peer` has confirmed it holds this laptop's changes up to that
  audit sequence number (learnt from the `sender_version_vector` of `peer`'s packages).

Every package carries its sender's version vector under the manifest key
`sender_version_vector`: {sender: its audit head, origin: have[origin] …}. A package for
a set of peers carries every change after the lowest of their acknowledgements.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..storage import settings_rows
from ..storage.database import Tx
from ..storage.models import InstallationRow

if TYPE_CHECKING:
    from .app import App

VV_KEY = "sender_version_vector"
HAVE_PREFIX = "delivery.have."
ACK_PREFIX = "delivery.ack."


def _int(tx: Tx, key: str) -> int:
    value = settings_rows.get_local_setting(tx, key)
    try:
        return int(value) if value is not None else 0
    except ValueError:
        return 0


def _raise_to(tx: Tx, key: str, value: int) -> None:
    if value > _int(tx, key):
        settings_rows.set_local_setting(tx, key, str(value))


def have(tx: Tx, origin_id: str) -> int:
    return _int(tx, HAVE_PREFIX + origin_id)


def ack(tx: Tx, peer_id: str) -> int:
    return _int(tx, ACK_PREFIX + peer_id)


def version_vector(tx: Tx, own_id: str, head: int) -> dict[str, int]:
    """This laptop's version vector: its own audit head and what it holds of others."""
    out: dict[str, int] = {}
    for origin, value in settings_rows.local_settings_under(tx, HAVE_PREFIX).items():
        try:
            out[origin] = int(value)
        except ValueError:
            continue
    out[own_id] = head
    return out


def installation_ids_for(tx: Tx, age_recipients: Iterable[str]) -> list[str | None]:
    """The installation id behind each age key (None: not a known installation)."""
    by_key = {
        r.age_recipient: r.id for r in tx.find(InstallationRow) if r.age_recipient is not None
    }
    return [by_key.get(k) for k in age_recipients]


def since_for(tx: Tx, own_id: str, age_recipients: Iterable[str]) -> int:
    """The audit sequence after which a package for these recipients must carry every
    change: the lowest acknowledgement among them (0 if any is unknown)."""
    peers = [i for i in installation_ids_for(tx, age_recipients) if i != own_id]
    if not peers:
        return 0
    if any(p is None for p in peers):
        return 0
    return min(ack(tx, p) for p in peers if p is not None)


def record_received(
    tx: Tx,
    own_id: str,
    manifest: dict[str, Any],
    signer: tuple[str, frozenset[str]] | None = None,
) -> None:
    """After applying a package (same transaction): what the sender confirmed of ours,
    and how far we now hold the sender's changes.

    `signer`: (the signing key, the installations the network file gives it). The
    manifest's own claim counts only when it names that installation: a package signed
    by one laptop cannot confirm or claim on behalf of another (else it could stop this
    laptop from sending its changes to that one, or that one to this)."""
    origin = manifest.get("origin")
    sender = origin.get("installation_id") if isinstance(origin, dict) else None
    if not isinstance(sender, str) or sender == own_id or len(sender) > 40:
        return
    if signer is not None and not _is_signer(tx, sender, *signer):
        return
    vv = manifest.get(VV_KEY)
    if isinstance(vv, dict):
        confirmed = vv.get(own_id)
        if isinstance(confirmed, int) and confirmed > 0:
            _raise_to(tx, ACK_PREFIX + sender, confirmed)
    scope = manifest.get("scope")
    if not isinstance(scope, dict) or scope.get("kind") not in ("changes", "all"):
        return
    since = scope.get("since_audit_seq")
    head = scope.get("audit_seq")
    if not (isinstance(since, int) and isinstance(head, int)):
        return
    # Contiguous only: a package starting above what we hold leaves a gap to be re-sent.
    if since <= have(tx, sender):
        _raise_to(tx, HAVE_PREFIX + sender, head)


def _is_signer(tx: Tx, claimed: str, signer_key: str, network_ids: frozenset[str]) -> bool:
    """The manifest's installation is the one holding the signing key: by the network
    file, or by its installation row here (a joining laptop's arrives in its package)."""
    if claimed in network_ids:
        return True
    row = tx.get(InstallationRow, claimed)
    return row is not None and row.signing_public_key == signer_key


def network_ids(app: App, signer_key: str) -> frozenset[str]:
    """The installations the network file (or this laptop itself) gives this key."""
    if not app.setup.is_set_up():  # a joining laptop's first import: the rows decide
        return frozenset()
    return frozenset(
        i.id for i in app.exchange.trust.installations() if i.signing_public_key == signer_key
    )
