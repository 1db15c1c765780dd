"""privacy: an audit chain that can forget, the erasure register, erasure-aware triggers

Revision ID: 0007
Revises: 0002

- audit_log gets `content_sha256` (digest of before/after) and `erased` (a marker). The
  chain now hashes the header and the digest, not the values, so an erasure may empty
  before/after and set `erased`: the only UPDATE the new trigger allows. Every existing
  entry's digest and chain hash are recomputed here (same sequence numbers), and one
  entry records that the chain was recomputed, with the old and new head hashes.
- workplace gets the retention settings (years after the last placement ends that
  personal data, and photos/evidence files, are kept; default 2).
- `erasure`: one immutable row per erased participant (synced to every laptop).
- Signed rows: while an erasure row names the participant, the triggers let the
  erasure delete the participant's locked evidence rows and blank the free-text columns
  of their signed rows (snapshot, signatures, certificate content, comments, reasons);
  every other column stays frozen and nothing changes for anyone not erased.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from handledare_app.domain.canonical import content_hash

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None

LOCK_MESSAGE = "posten är signerad och får inte ändras"
# Sync columns an erasure's update restamps (the rest must stay as they are).
RESTAMPED = ("updated_at", "hlc", "vv", "field_clock")
EVIDENCE_PARTICIPANT = "(SELECT e.participant_id FROM evidence e WHERE e.id = OLD.evidence_id)"
SIGNOFF_PARTICIPANT = "(SELECT s.participant_id FROM signoff s WHERE s.id = OLD.signoff_id)"
CERTIFICATE_PARTICIPANT = (
    "(SELECT c.participant_id FROM certificate c WHERE c.id = OLD.certificate_id)"
)
# Lockable tables (0002) and how a row finds its participant.
LOCKABLE_PARTICIPANT = {
    "enrollment": "OLD.participant_id",
    "evidence": "OLD.participant_id",
    "attachment": EVIDENCE_PARTICIPANT,
    "evidence_criterion": EVIDENCE_PARTICIPANT,
    "assessment": "OLD.participant_id",
}
# Immutable tables: (participant expression, erasable columns, message).
IMMUTABLE = {
    "signoff": ("OLD.participant_id", ("snapshot", "signatures"), "en signering får inte ändras"),
    "certificate": ("OLD.participant_id", ("content",), "ett utfärdat intyg får inte ändras"),
    "qa_review": (SIGNOFF_PARTICIPANT, ("comment",), "ett granskningsbeslut får inte ändras"),
    "signoff_reopening": (SIGNOFF_PARTICIPANT, ("reason",), "en återöppning får inte ändras"),
    "certificate_revocation": (
        CERTIFICATE_PARTICIPANT,
        ("reason",),
        "en återkallelse får inte ändras",
    ),
}


def erased(participant: str) -> str:
    return f"EXISTS (SELECT 1 FROM erasure x WHERE x.participant_id = {participant})"


def _columns(table: str) -> list[str]:
    rows = op.get_bind().exec_driver_sql(f'PRAGMA table_info("{table}")').fetchall()
    return [str(r[1]) for r in rows]


def _unchanged(table: str, free: tuple[str, ...]) -> str:
    kept = [c for c in _columns(table) if c not in free]
    return " AND ".join(f"NEW.{c} IS OLD.{c}" for c in kept)


def _lock_triggers(table: str, participant: str) -> None:
    """0002's lock triggers, with an exception while the participant is erased."""
    standing = (
        "OLD.locked_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM signoff_reopening r "
        f"WHERE r.signoff_id = OLD.locked_by) AND NOT {erased(participant)}"
    )
    content = [c for c in _columns(table) if c not in ("id", "created_at", *RESTAMPED, "origin")]
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in content)
    op.execute(f"DROP TRIGGER IF EXISTS {table}_locked_no_update")
    op.execute(f"DROP TRIGGER IF EXISTS {table}_locked_no_delete")
    op.execute(
        f"CREATE TRIGGER {table}_locked_no_update BEFORE UPDATE ON {table} "
        f"WHEN {standing} AND ({changed}) "
        f"BEGIN SELECT RAISE(ABORT, '{LOCK_MESSAGE}'); END"
    )
    op.execute(
        f"CREATE TRIGGER {table}_locked_no_delete BEFORE DELETE ON {table} "
        f"WHEN {standing} BEGIN SELECT RAISE(ABORT, '{LOCK_MESSAGE}'); END"
    )


def _immutable_but_erasable(table: str, participant: str, free: tuple[str, ...], msg: str) -> None:
    allowed = f"{erased(participant)} AND {_unchanged(table, (*free, *RESTAMPED))}"
    op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
    op.execute(
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
        f"WHEN NOT ({allowed}) BEGIN SELECT RAISE(ABORT, '{msg}'); END"
    )


# The chain format this revision writes, spelled out here (as 0003 does) so the migration
# stays what it is when storage/sync.py changes: the same results as its
# audit_content_hash and audit_entry_hash at this revision.
def _content_digest(before: Any, after: Any) -> str:
    return content_hash({"before": before, "after": after})


def _recompute_chain() -> tuple[int, str, str]:
    """New digests and chain hashes for every entry, in order. Returns (count, old head
    hash, new head hash)."""
    bind = op.get_bind()
    rows = bind.exec_driver_sql(
        "SELECT seq, at, actor_id, installation_id, action, entity, record_id, before, after, "
        "hash FROM audit_log ORDER BY seq"
    ).fetchall()
    prev = "0" * 64
    old_head = prev
    updates: list[tuple[str, str, str, int]] = []
    for r in rows:
        before = None if r[7] is None else json.loads(r[7])
        after = None if r[8] is None else json.loads(r[8])
        entry: dict[str, Any] = {
            "seq": r[0],
            "at": r[1],
            "actor_id": r[2],
            "installation_id": r[3],
            "action": r[4],
            "entity": r[5],
            "record_id": r[6],
            "content_sha256": _content_digest(before, after),
            "prev_hash": prev,
        }
        digest = content_hash(entry)
        updates.append((entry["content_sha256"], prev, digest, r[0]))
        prev = digest
        old_head = r[9]
    if updates:
        bind.exec_driver_sql(
            "UPDATE audit_log SET content_sha256 = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            updates,
        )
    return len(rows), old_head, prev


def _record_recompute(count: int, old_head: str, new_head: str) -> None:
    bind = op.get_bind()
    found = bind.exec_driver_sql(
        "SELECT value FROM local_setting WHERE key = 'installation_id'"
    ).fetchone()
    installation_id = str(found[0]) if found else ""
    before = {"head_hash": old_head, "entries": count}
    after = {
        "head_hash": new_head,
        "entries": count,
        "note": "Kontrollsummorna räknades om: kedjan täcker nu en kontrollsumma av "
        "innehållet, så att innehållet kan raderas (migrering 0007).",
    }
    entry: dict[str, Any] = {
        "seq": count + 1,
        "at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor_id": None,
        "installation_id": installation_id,
        "action": "migrate",
        "entity": "audit_log",
        "record_id": "0007",
        "content_sha256": _content_digest(before, after),
        "prev_hash": new_head,
    }
    bind.exec_driver_sql(
        "INSERT INTO audit_log (seq, at, actor_id, installation_id, action, entity, record_id, "
        "before, after, content_sha256, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            entry["seq"],
            entry["at"],
            None,
            installation_id,
            "migrate",
            "audit_log",
            "0007",
            json.dumps(before),
            json.dumps(after),
            entry["content_sha256"],
            new_head,
            content_hash(entry),
        ),
    )


def upgrade() -> None:
    op.add_column(
        "audit_log",
        sa.Column("content_sha256", sa.String(length=64), nullable=False, server_default=""),
    )
    op.add_column("audit_log", sa.Column("erased", sa.String(length=80), nullable=True))
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    count, old_head, new_head = _recompute_chain()
    if count:
        _record_recompute(count, old_head, new_head)
    # The table rebuild drops every trigger on audit_log: keep the others' (the audit
    # anchor's, 0004) and put them back.
    others = (
        op.get_bind()
        .exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
        )
        .fetchall()
    )
    with op.batch_alter_table("audit_log", schema=None, recreate="always") as batch_op:
        batch_op.alter_column("content_sha256", server_default=None)
    for (sql,) in others:
        op.execute(sql)
    op.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'granskningsloggen får inte ändras'); END"
    )
    # Append-only, except that an erasure may replace an entry's content with a marker
    # (once; the header, digest and hashes stay).
    op.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN NOT ("
        "OLD.erased IS NULL AND NEW.erased IS NOT NULL AND NEW.before IS NULL "
        f"AND NEW.after IS NULL AND {_unchanged('audit_log', ('before', 'after', 'erased'))}) "
        "BEGIN SELECT RAISE(ABORT, 'granskningsloggen får inte ändras'); END"
    )

    for column in ("retention_years", "file_retention_years"):
        op.add_column(
            "workplace",
            sa.Column(column, sa.Integer(), nullable=False, server_default=sa.text("2")),
        )

    op.create_table(
        "erasure",
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("erased_by", sa.String(length=36), nullable=True),
        sa.Column("erased_on", sa.Date(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("hlc", sa.String(length=80), nullable=False),
        sa.Column("vv", sa.JSON(), nullable=False),
        sa.Column("field_clock", sa.JSON(), nullable=False),
        sa.Column("origin", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"]),
        sa.ForeignKeyConstraint(["erased_by"], ["supervisor.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("participant_id"),
    )
    with op.batch_alter_table("erasure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_erasure_hlc"), ["hlc"], unique=False)
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER erasure_no_{verb.lower()} BEFORE {verb} ON erasure "
            "BEGIN SELECT RAISE(ABORT, 'en radering får inte ändras'); END"
        )

    for table, participant in LOCKABLE_PARTICIPANT.items():
        _lock_triggers(table, participant)
    for table, (participant, free, message) in IMMUTABLE.items():
        _immutable_but_erasable(table, participant, free, message)


def downgrade() -> None:
    raise NotImplementedError(
        "Handledarappen uppgraderar bara framåt; återställ en säkerhetskopia."
    )
