"""Witnessed history (issue 12 item 4): a laptop that rewrites its own audit log can fool
itself, not the others.

Every package's manifest (signed by the sender's key) carries a `history` section:

    {"head": [seq, hash],             the sender's audit-chain head when it wrote it
     "from": n, "hashes": [h_n … h_head],   entry hashes (digests only, never content)
     "witnessed": {installation id: [seq, hash], …}}   heads the sender saw from others

The hashes start at the oldest head any recipient is known to hold: what a recipient
confirmed back (its own `witnessed` map in a package to us), else the head at the last
export to the same recipients, else the first entry. The receiver keeps the newest head
it saw from each installation (`witnessed_head`). A package whose list does not contain
the witnessed head at its place, or whose head is older than it, does not extend that
history: it was rewritten or cut, and the package is refused with a message naming the
installation. Receivers' `witnessed` maps come back to the sender, which keeps them as
*confirmed* heads; `check` compares this laptop's own chain with them.

Only the chain's public head and entry hashes are used (storage/witness_rows.py), so the
audit log's entries can be erased for privacy while their hashes stay in the chain.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..domain.errors import UserError
from ..storage import settings_rows, witness_rows
from ..storage.database import Tx

if TYPE_CHECKING:
    from .app import App

CONFIRMED_KEY = "trust.confirmed_heads"  # local_setting: {installation id: [seq, hash]}
MAX_HASHES = 100_000  # a manifest stays far below its 8 MB limit


class HistoryRewritten(UserError):
    """The sender's audit history does not extend the head witnessed here."""


class OlderPackage(UserError):
    """A package written before one already read from the same sender (a lost file
    found, or one sent again): nothing in it is new, and it is no sign of tampering."""


def _written_before_seen(app: App, manifest: dict[str, Any], sender_id: str) -> bool:
    """The package says it was written before this laptop saw the newer head."""
    with app.db.reader() as tx:
        seen_at = witness_rows.witnessed_at(tx, sender_id)
    try:
        written = dt.datetime.fromisoformat(str(manifest.get("created_at", "")))
        seen = dt.datetime.fromisoformat(str(seen_at).replace("Z", "+00:00"))
    except ValueError:
        return False
    if written.tzinfo is None:
        return False
    return written < seen


@dataclass(frozen=True)
class IncomingHistory:
    sender_id: str
    head: tuple[int, str]
    witnessed: dict[str, tuple[int, str]]
    start: int
    hashes: list[str]


def _confirmed(tx: Tx) -> dict[str, list[Any]]:
    raw = settings_rows.get_local_setting(tx, CONFIRMED_KEY)
    return dict(json.loads(raw)) if raw else {}


def sender_id(app: App, signer_hex: str, manifest: dict[str, Any]) -> str:
    """The signer's installation id as this laptop knows it (the key decides, not the
    manifest's claim); for a key known nowhere, the id the manifest gives, unless that
    id is a known installation (with another key): then an id of the key's own, so a
    stranger's history is never taken for that installation's."""
    installations = app.exchange.trust.installations()
    for inst in installations:
        if inst.signing_public_key == signer_hex:
            return inst.id
    claimed = str(manifest.get("origin", {}).get("installation_id", ""))[:36]
    with app.db.reader() as tx:
        found = witness_rows.installation_with_key(tx, signer_hex)
        taken = witness_rows.installation_exists(tx, claimed)
    if found is not None:
        return found
    if taken or any(inst.id == claimed for inst in installations):
        return "k-" + signer_hex[:34]
    return claimed


def manifest_section(app: App, age_recipients: list[str], watermark: int) -> dict[str, Any]:
    """The `history` section of a package being written."""
    by_age = {i.age_recipient: i.id for i in app.exchange.trust.installations() if not i.is_self}
    recipient_ids = [by_age.get(a, a) for a in age_recipients if a != app.keys.age_recipient]
    with app.db.reader() as tx:
        head = witness_rows.head(tx)
        confirmed = _confirmed(tx)
        known = [int(confirmed[r][0]) for r in recipient_ids if r in confirmed]
        start = min(known) if known and len(known) == len(recipient_ids) else watermark
        start = max(1, min(start, head[0]), head[0] - MAX_HASHES + 1)
        hashes = witness_rows.entry_hashes(tx, start, head[0]) if head[0] else []
        witnessed = {r.installation_id: [r.seq, r.hash] for r in witness_rows.witnessed(tx)}
    return {"head": list(head), "from": start, "hashes": hashes, "witnessed": witnessed}


def _parse(manifest: dict[str, Any], sender_id: str) -> IncomingHistory | None:
    section = manifest.get("history")
    if section is None:
        return None  # a package from a version before witnessed history
    bad = UserError("Paketets historikuppgifter är skadade. Inget har ändrats.")
    try:
        seq, digest = int(section["head"][0]), str(section["head"][1])
        start = int(section["from"])
        hashes = [str(h) for h in section["hashes"]]
        witnessed = {str(k): (int(v[0]), str(v[1])) for k, v in section["witnessed"].items()}
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        raise bad from None
    if seq and (not hashes or hashes[-1] != digest or start + len(hashes) - 1 != seq):
        raise bad
    return IncomingHistory(sender_id, (seq, digest), witnessed, start, hashes)


def check_incoming(
    app: App, manifest: dict[str, Any], sender_id: str, sender_name: str
) -> IncomingHistory | None:
    """Refuse a package whose history does not extend the head witnessed from its sender."""
    if sender_id == app.db.installation_id:
        return None
    incoming = _parse(manifest, sender_id)
    with app.db.reader() as tx:
        seen = witness_rows.witnessed_head(tx, sender_id)
    who = sender_name or "avsändaren"
    if incoming is None:
        if seen is not None:  # leaving the section out must not dodge the comparison
            raise HistoryRewritten(
                f"Paketet läses inte in: installationen {who} har tidigare visat sin "
                "granskningslogg här, men det här paketet saknar den. Visa detta för en "
                "administratör. Inget har ändrats."
            )
        return None
    start, hashes = incoming.start, incoming.hashes
    if seen is None:
        return incoming
    w_seq, w_hash = seen
    if incoming.head[0] < w_seq and _written_before_seen(app, manifest, sender_id):
        raise OlderPackage(
            f"Paketet läses inte in: det skrevs av {who} innan ett paket som redan har lästs "
            f"in härifrån (dess granskningslogg slutar vid post {incoming.head[0]}, här har "
            f"redan post {w_seq} från den setts). Allt det innehåller finns därför redan här. "
            "Har paketet just skrivits är historiken kortad: visa det då för en "
            "administratör. Inget har ändrats."
        )
    if incoming.head[0] < w_seq:
        raise HistoryRewritten(
            f"Paketet läses inte in: installationen {who} visar en granskningslogg som slutar "
            f"vid post {incoming.head[0]}, men här har redan post {w_seq} från den setts. "
            "Historiken har kortats eller skrivits om. Visa detta för en administratör. "
            "Inget har ändrats."
        )
    if w_seq < start:
        raise HistoryRewritten(
            f"Paketet läses inte in: installationen {who} visar bara sin granskningslogg från "
            f"post {start}, men här sågs senast post {w_seq}, så det går inte att se att "
            "historiken hänger ihop. Be avsändaren skicka ett nytt paket till den här datorn. "
            "Inget har ändrats."
        )
    if hashes[w_seq - start] != w_hash:
        raise HistoryRewritten(
            f"Paketet läses inte in: installationen {who} har skrivit om sin granskningslogg "
            f"(post {w_seq} är inte densamma som när den sågs här). Visa detta för en "
            "administratör. Inget har ändrats."
        )
    return incoming


def record(tx: Tx, own_id: str, incoming: IncomingHistory | None, now: str) -> None:
    """After an applied import: the sender's head is witnessed; its confirmation of ours
    is kept for `check`."""
    if incoming is None:
        return
    witness_rows.set_witnessed(tx, incoming.sender_id, incoming.head, now)
    mine = incoming.witnessed.get(own_id)
    if mine is not None:
        confirmed = _confirmed(tx)
        old = confirmed.get(incoming.sender_id)
        if old is None or int(old[0]) <= mine[0]:
            confirmed[incoming.sender_id] = [mine[0], mine[1]]
            settings_rows.set_local_setting(tx, CONFIRMED_KEY, json.dumps(confirmed))


def own_chain_problems(app: App) -> list[str]:
    """`check`: this laptop's chain against the heads other installations confirmed."""
    out = []
    with app.db.reader() as tx:
        confirmed = _confirmed(tx)
        names = witness_rows.installation_names(tx)
        for inst, (seq, digest) in sorted(confirmed.items()):
            now = witness_rows.entry_hashes(tx, int(seq), int(seq))
            who = names.get(inst, inst)
            if not now:
                out.append(
                    f"Granskningsloggen saknar post {seq}, som installationen {who} har sett "
                    "och bekräftat: loggen har kortats."
                )
            elif now[0] != digest:
                out.append(
                    f"Granskningsloggens post {seq} skiljer sig från den som installationen "
                    f"{who} har sett och bekräftat: historiken har skrivits om."
                )
    return out
