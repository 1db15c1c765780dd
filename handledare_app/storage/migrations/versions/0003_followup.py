"""followup: participant gender, placement start status / wage subsidy / exit codes,
workplace municipality

Revision ID: 0003
Revises: 0002

Exit codes follow FOLLOWUP.md §2. Values written before this revision are mapped:
employment → work_unsubsidised, subsidised_employment → work_subsidised, and
sick_leave → discontinued (sick leave is health data and is no longer stored). Each
sick_leave row changed gets an entry in the hash-chained audit log, so the change is
visible; the sync columns are left alone because every installation makes the same
change when it upgrades. participant and placement are not lockable tables (0002), so
no triggers need recreating.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from handledare_app.domain.canonical import content_hash
from handledare_app.storage.sync import GENESIS_HASH, utc_now_text

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

RENAMED = {"employment": "work_unsubsidised", "subsidised_employment": "work_subsidised"}


def _audit_sick_leave(conn: sa.Connection, ids: list[str]) -> None:
    if not ids:
        return
    row = conn.exec_driver_sql(
        "SELECT value FROM local_setting WHERE key = 'installation_id'"
    ).first()
    installation_id = row[0] if row else ""
    head = conn.exec_driver_sql("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").first()
    seq, prev = (head[0], head[1]) if head else (0, GENESIS_HASH)
    at = utc_now_text()
    for record_id in ids:
        seq += 1
        entry = {
            "seq": seq,
            "at": at,
            "actor_id": None,
            "installation_id": installation_id,
            "action": "update",
            "entity": "placement",
            "record_id": record_id,
            "before": {"outcome": "sick_leave"},
            "after": {"outcome": "discontinued", "reason": "uppgradering 0003"},
            "prev_hash": prev,
        }
        # The chain format of this revision (the whole entry hashed); 0007 re-hashes it.
        digest = content_hash(entry)
        conn.exec_driver_sql(
            "INSERT INTO audit_log (seq, at, actor_id, installation_id, action, entity, "
            "record_id, before, after, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                seq,
                at,
                None,
                installation_id,
                "update",
                "placement",
                record_id,
                json.dumps(entry["before"]),
                json.dumps(entry["after"]),
                prev,
                digest,
            ),
        )
        prev = digest


def upgrade() -> None:
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("gender", sa.String(length=20), server_default="not_stated", nullable=False)
        )
    with op.batch_alter_table("placement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("start_status", sa.String(length=30), nullable=True))
        batch_op.add_column(
            sa.Column("wage_subsidy", sa.Boolean(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("workplace", schema=None) as batch_op:
        batch_op.add_column(sa.Column("municipality", sa.String(length=4), nullable=True))

    conn = op.get_bind()
    for old, new in RENAMED.items():
        conn.exec_driver_sql("UPDATE placement SET outcome = ? WHERE outcome = ?", (new, old))
    sick = [
        r[0]
        for r in conn.exec_driver_sql(
            "SELECT id FROM placement WHERE outcome = 'sick_leave' ORDER BY id"
        )
    ]
    conn.exec_driver_sql(
        "UPDATE placement SET outcome = 'discontinued' WHERE outcome = 'sick_leave'"
    )
    _audit_sick_leave(conn, sick)


def downgrade() -> None:
    raise NotImplementedError(
        "Handledarappen uppgraderar bara framåt; återställ en säkerhetskopia."
    )
