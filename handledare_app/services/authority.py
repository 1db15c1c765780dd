"""Who may change what by import (DESIGN §5 "Authority"), stated in one place.

A package changes only what its signer owns. Every record belongs to a workplace (its
*owner*): a workplace row to itself; an installation, supervisor or participant to its
`workplace_id`; everything about a participant (placement, journey, evidence,
assessments, signoffs, certificates, reviews, revocations) to that participant's
workplace; a deletion to the owner of the record it deletes. Catalogue records belong to
no one (identical everywhere, content-addressed).

The signer's workplace is that of the installation holding the signing key: from the
network file, else from this database, else (the join flow) from a *new* installation
row in the package carrying that very key. A key accepted by fingerprint with none of
these owns nothing.

The rules, for every record the package would actually change (new here, or different
content; re-sending what is already here is always fine):

1. This installation's own `installation` row never changes by import.
2. An existing installation's keys (`signing_public_key`, `age_recipient`) and its
   workplace never change by import: only a newer network file from its signer does.
3. Otherwise a record may change only when the signer's workplace owns it, both as it is
   here and as it arrives (a package cannot move a record into or out of a workplace).
4. Relay: an installation of *this* laptop's workplace may also pass on records of
   another workplace: new ones (say, a moved participant and the supervisors their
   records name) and changes to participant data, since laptops of one workplace pass
   on what they received. It may not change another workplace's supervisors,
   installations or workplace row here, and another workplace's own laptops refuse
   anything of theirs from it (rule 3).
5. A chosen-participant package (scope "participants", the participant-move export) may
   add participants, and what belongs to them, that are not here yet.

Anything else refuses the whole package with a Swedish message naming the record. The
import checks each batch just before applying it, inside its one transaction (so a
refusal rolls back everything, and a preview runs the same checks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..domain.errors import UserError
from ..domain.merge import Decision, content_equal, decide
from ..storage import exchange_rows as rows
from ..storage.database import Tx
from . import catalogue_authority
from .authority_labels import SINGULAR
from .exchange_secrets import keep_local_secrets
from .signed_intake import SignedIntake

KEY_FIELDS = ("signing_public_key", "age_recipient", "workplace_id")
# entity → (column, parent entity) whose owner is this record's owner.
PARENT: dict[str, tuple[str, str]] = {
    "placement": ("participant_id", "participant"),
    "introduction_item": ("participant_id", "participant"),
    "work_plan": ("participant_id", "participant"),
    "follow_up": ("participant_id", "participant"),
    "enrollment": ("participant_id", "participant"),
    "evidence": ("participant_id", "participant"),
    "assessment": ("participant_id", "participant"),
    "signoff": ("participant_id", "participant"),
    "certificate": ("participant_id", "participant"),
    "attachment": ("evidence_id", "evidence"),
    "evidence_criterion": ("evidence_id", "evidence"),
    "signoff_reopening": ("signoff_id", "signoff"),
    "qa_review": ("signoff_id", "signoff"),
    "certificate_revocation": ("certificate_id", "certificate"),
    # An erasure removes everything about a participant: only their workplace may.
    "erasure": ("participant_id", "participant"),
}
WORKPLACE_COLUMN = {"installation": "workplace_id", "supervisor": "workplace_id"}
WORKPLACE_COLUMN["participant"] = "workplace_id"
PARTICIPANT_DATA = frozenset({"participant", *PARENT})
COLLECTED_PARENTS = ("evidence", "signoff", "certificate")  # parents of other owned records
OWNED = frozenset({"workplace", *WORKPLACE_COLUMN, *PARENT, "tombstone"})


class OutsideAuthority(UserError):
    """The package changes something its signer does not own; nothing was applied."""


@dataclass
class Signer:
    """Who signed the package, as far as this installation knows."""

    key_hex: str
    is_self: bool
    workplace_id: str | None  # None: owns nothing
    name: str = ""


@dataclass
class AuthorityContext:
    own_installation_id: str
    own_workplace_id: str
    signer: Signer
    participant_move: bool = False
    # Owners as the package states them (filled by `collect`), used for records not here.
    pkg_workplace: dict[tuple[str, str], str] = field(default_factory=dict)
    pkg_parent: dict[tuple[str, str], str] = field(default_factory=dict)
    pkg_installation_keys: dict[str, tuple[str, str]] = field(default_factory=dict)
    pkg_workplace_rows: set[str] = field(default_factory=set)
    arriving_modules: set[str] = field(default_factory=set)  # modules new here


def _name(entity: str, row: dict[str, Any] | None, record_id: str) -> str:
    label = SINGULAR.get(entity, entity)
    if row is not None and entity in ("installation", "workplace", "supervisor"):
        return f"{label} ”{str(row.get('name', ''))[:60]}”"
    return f"{label} (id {record_id})"


def refuse(signer: Signer, what: str, why: str) -> OutsideAuthority:
    who = signer.name or "avsändaren"
    return OutsideAuthority(
        f"Paketet läses inte in: det försöker ändra {what}, {why}. Avsändare: {who}. "
        "Be avsändaren skicka ett nytt paket utan den ändringen. Inget har ändrats."
    )


class Authority:
    """Checks one package's records against the rules in the module docstring."""

    def __init__(self, tx: Tx, ctx: AuthorityContext) -> None:
        self.tx = tx
        self.ctx = ctx
        self.intake = SignedIntake(
            ctx.signer.name, ctx.own_workplace_id
        )  # new signoffs and certificates
        self._local_owner: dict[tuple[str, str], str | None] = {}

    # --- owners -------------------------------------------------------------------

    def _owner_local(self, entity: str, record_id: str) -> str | None:
        """The workplace owning the record as stored here (None: not here or ownerless)."""
        key = (entity, record_id)
        if key in self._local_owner:
            return self._local_owner[key]
        owner: str | None = None
        if entity == "workplace":
            owner = record_id if rows.existing_ids(self.tx, entity, [record_id]) else None
        elif entity in WORKPLACE_COLUMN:
            owner = rows.column_values(self.tx, entity, WORKPLACE_COLUMN[entity], [record_id]).get(
                record_id
            )
        elif entity in PARENT:
            column, parent = PARENT[entity]
            pid = rows.column_values(self.tx, entity, column, [record_id]).get(record_id)
            owner = self._owner_any(parent, pid) if pid else None
        self._local_owner[key] = owner
        return owner

    def _prefetch(self, entity: str, ids: set[str]) -> None:
        """Fill the owner cache for many records of `entity` with a few batched queries."""
        wanted = {i for i in ids if (entity, i) not in self._local_owner}
        if not wanted:
            return
        if entity in WORKPLACE_COLUMN:
            found = rows.column_values(self.tx, entity, WORKPLACE_COLUMN[entity], wanted)
            for i in wanted:
                self._local_owner[(entity, i)] = found.get(i)
        elif entity in PARENT:
            column, parent = PARENT[entity]
            found = rows.column_values(self.tx, entity, column, wanted)
            self._prefetch(parent, {v for v in found.values() if v})
            self._prefetch(
                parent,
                {
                    self.ctx.pkg_parent[(entity, i)]
                    for i in wanted
                    if (entity, i) in self.ctx.pkg_parent
                },
            )
            for i in wanted:
                pid = found.get(i)
                self._local_owner[(entity, i)] = self._owner_any(parent, pid) if pid else None

    def _owner_any(self, entity: str, record_id: str) -> str | None:
        """Here if the record is here (a package cannot move it), else as the package says."""
        here = self._owner_local(entity, record_id)
        if here is not None:
            return here
        return self._owner_incoming(entity, record_id)

    def _owner_incoming(self, entity: str, record_id: str) -> str | None:
        if entity == "workplace":
            return record_id
        key = (entity, record_id)
        if entity in WORKPLACE_COLUMN:
            return self.ctx.pkg_workplace.get(key)
        if entity in PARENT:
            pid = self.ctx.pkg_parent.get(key)
            return self._owner_any(PARENT[entity][1], pid) if pid else None
        return None

    def _row_owner(self, entity: str, row: dict[str, Any]) -> str | None:
        if entity == "workplace":
            return str(row["id"])
        if entity in WORKPLACE_COLUMN:
            return str(row[WORKPLACE_COLUMN[entity]])
        if entity in PARENT:
            column, parent = PARENT[entity]
            return self._owner_any(parent, row[column])
        return None

    # --- the rules ----------------------------------------------------------------

    def _may(self, entity: str, owner: str | None, *, new: bool) -> bool:
        if owner is None:
            return True
        signer_wp = self.ctx.signer.workplace_id
        if signer_wp is not None and owner == signer_wp:
            return True
        if owner == self.ctx.own_workplace_id:
            return False
        if signer_wp is not None and signer_wp == self.ctx.own_workplace_id:
            # Relay of another workplace's records: new ones, and participant data.
            return new or entity in PARTICIPANT_DATA
        return new and self.ctx.participant_move

    def check_rows(
        self,
        entity: str,
        batch: list[dict[str, Any]],
        local: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        """Raise OutsideAuthority for the first record of `batch` the signer may not
        change. `local`: the batch's rows as stored here (raw), if already read."""
        if entity in catalogue_authority.ENTITIES:  # no owner, but frozen where used
            if local is None:
                local = rows.rows_by_id(self.tx, entity, [r["id"] for r in batch], raw=True)
            found = catalogue_authority.frozen_change(
                self.tx, entity, batch, local, self.ctx.arriving_modules
            )
            if found is not None:
                raise refuse(self.ctx.signer, *found)
            return
        if entity not in OWNED or entity == "tombstone":
            return
        for row in batch:
            collect(self.ctx, entity, row)
        if local is None:
            local = rows.rows_by_id(self.tx, entity, [r["id"] for r in batch], raw=True)
        fields = rows.synced_field_names(entity)
        if entity in ("signoff", "certificate", "qa_review"):
            self.intake.take(self.tx, entity, [r for r in batch if r["id"] not in local])
        if entity in PARENT:
            column, parent = PARENT[entity]
            self._prefetch(parent, {r[column] for r in (*batch, *local.values())})
        for inc in batch:
            cur = local.get(inc["id"])
            if cur is not None:
                inc = keep_local_secrets(entity, inc, cur)
                if decide(cur, inc) is Decision.UNCHANGED or content_equal(cur, inc, fields):
                    continue
            self._check_one(entity, cur, inc)

    def check_applied(self) -> None:
        """After the rows are applied (same transaction): the new signoffs match them,
        and the new certificates rest on signoffs that are here."""
        self.intake.check_applied(self.tx)

    def _check_one(self, entity: str, cur: dict[str, Any] | None, inc: dict[str, Any]) -> None:
        signer = self.ctx.signer
        if (
            cur is not None
            and entity not in ("installation", "workplace")
            and self._row_owner(entity, cur) != self._row_owner(entity, inc)
        ):  # each end alone may pass (relay, then owner): the move itself never does
            raise refuse(
                signer,
                _name(entity, cur, inc["id"]),
                "men en post flyttas aldrig mellan arbetsplatser av ett paket",
            )
        if (
            entity != "installation"
            and (cur is None or self._may(entity, self._row_owner(entity, cur), new=False))
            and self._may(entity, self._row_owner(entity, inc), new=cur is None)
        ):
            return  # the common case, decided without naming the record
        what = _name(entity, cur or inc, inc["id"])
        if entity == "installation":
            if inc["id"] == self.ctx.own_installation_id:
                raise refuse(
                    signer,
                    what,
                    "och den här installationens egna uppgifter ändras aldrig av ett paket",
                )
            if cur is not None and any(cur[k] != inc[k] for k in KEY_FIELDS):
                raise refuse(
                    signer,
                    what,
                    "men en installations nycklar och arbetsplats ändras bara genom en nyare "
                    "nätverksfil",
                )
        if cur is not None and not self._may(entity, self._row_owner(entity, cur), new=False):
            raise refuse(signer, what, "som tillhör en annan arbetsplats än avsändarens")
        if not self._may(entity, self._row_owner(entity, inc), new=cur is None):
            raise refuse(signer, what, "som tillhör en annan arbetsplats än avsändarens")

    def check_tombstones(self, tombstones: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """Refuse deletions the signer may not make; returns the tombstones to apply.
        A tombstone for a record not here is kept only from a laptop of this workplace:
        from anyone else it would block, for good, a record of ours still on its way
        (its owner cannot be known before it arrives), so it is left out."""
        ours = self.ctx.signer.workplace_id == self.ctx.own_workplace_id
        kept: list[dict[str, Any]] = []
        for t in tombstones:
            entity, record_id = t["entity"], t["record_id"]
            kept.append(t)
            if entity not in rows.MODELS_BY_ENTITY:
                continue
            if entity == "tombstone":  # no laptop makes one: a deletion is for good
                raise refuse(
                    self.ctx.signer,
                    f"{SINGULAR['tombstone']} av {SINGULAR['tombstone']} (id {record_id})",
                    "men en borttagning är slutgiltig och tas aldrig bort av ett paket",
                )
            if entity == "installation" and record_id == self.ctx.own_installation_id:
                raise refuse(
                    self.ctx.signer,
                    "den här installationen",
                    "och den här installationens egna uppgifter ändras aldrig av ett paket",
                )
            if not rows.existing_ids(self.tx, entity, [record_id]):
                if not ours:
                    kept.pop()
                continue  # nothing here to delete
            frozen = catalogue_authority.frozen_deletion(self.tx, entity, record_id)
            if frozen is not None:
                what, why = frozen
                raise refuse(self.ctx.signer, f"{SINGULAR['tombstone']} av {what}", why)
            if not self._may(entity, self._owner_local(entity, record_id), new=False):
                raise refuse(
                    self.ctx.signer,
                    f"{SINGULAR['tombstone']} av {_name(entity, None, record_id)}",
                    "som tillhör en annan arbetsplats än avsändarens",
                )
        return kept


def collect(ctx: AuthorityContext, entity: str, row: dict[str, Any]) -> None:
    """Remember what the package says about owners (first pass, before `check`)."""
    if entity == "workplace":
        ctx.pkg_workplace_rows.add(row["id"])
    if entity in WORKPLACE_COLUMN:
        ctx.pkg_workplace[(entity, row["id"])] = row[WORKPLACE_COLUMN[entity]]
    if entity in COLLECTED_PARENTS:
        ctx.pkg_parent[(entity, row["id"])] = row[PARENT[entity][0]]
    if entity == "installation" and row.get("signing_public_key"):
        ctx.pkg_installation_keys[row["signing_public_key"]] = (row["id"], row["workplace_id"])


def signer_workplace(
    tx: Tx,
    ctx: AuthorityContext,
    network_installations: Iterable[tuple[str, str, str]],
) -> str | None:
    """The signer's workplace: network file (key, installation id, workplace id), this
    database, or a new installation of the signer in the package (the join flow)."""
    key = ctx.signer.key_hex
    if ctx.signer.is_self:
        return ctx.own_workplace_id
    for k, _iid, wid in network_installations:
        if k == key and wid:
            return wid
    for r in rows.iter_entity(tx, "installation"):
        if r["signing_public_key"] == key:
            return str(r["workplace_id"])
    found = ctx.pkg_installation_keys.get(key)
    if found is not None and not rows.existing_ids(tx, "installation", [found[0]]):
        return found[1]  # a new laptop introducing itself
    return None


def prepare(
    tx: Tx,
    ctx: AuthorityContext,
    entities: list[str],
    records: Callable[[str], Iterable[dict[str, Any]]],
    network_installations: Iterable[tuple[str, str, str]],
) -> Authority:
    """Find the signer's workplace (reading the package's installation rows, small) and
    return the checker. The import then calls `check_rows` on every batch before it is
    applied and `check_tombstones` before deletions, in its one transaction: a refusal
    anywhere rolls everything back, and a preview runs the same checks."""
    if "installation" in entities:
        for row in records("installation"):
            collect(ctx, "installation", row)
    ctx.signer.workplace_id = signer_workplace(tx, ctx, network_installations)
    return Authority(tx, ctx)
