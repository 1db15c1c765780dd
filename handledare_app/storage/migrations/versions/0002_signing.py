"""signing: signoff details, reopenings, quality-assurance reviews, certificate register,
locks on signed rows

Revision ID: 0002
Revises: 0001

Rows frozen by a signoff carry `locked_by` (the signoff's id), set in the same
transaction as the signoff. Triggers refuse UPDATE of any content column and DELETE of
such a row unless a `signoff_reopening` exists for that signoff. INSERT is never
blocked: exchange must be able to bring in signed rows from other installations, and
updates that only restamp the sync columns (an identical incoming version) pass.
Signoffs, reopenings, reviews, certificates and revocations are immutable outright.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SYNC = ("id", "created_at", "updated_at", "hlc", "vv", "field_clock", "origin")
# Content columns of each lockable table as of this revision (locked_by included: a
# lock is lifted only by a reopening). A later migration that adds a column to one of
# these tables must recreate its triggers.
LOCKABLE: dict[str, tuple[str, ...]] = {
    "enrollment": ("participant_id", "module_id", "module_code", "enrolled_on", "active"),
    "evidence": (
        "participant_id",
        "type",
        "date",
        "title",
        "description",
        "witness_name",
        "witness_role",
        "quality",
        "recorded_by",
    ),
    "attachment": ("evidence_id", "sha256", "filename", "media_type", "size", "kind"),
    "evidence_criterion": ("evidence_id", "criterion_id"),
    "assessment": (
        "enrollment_id",
        "participant_id",
        "criterion_id",
        "status",
        "comment",
        "assessed_by",
        "assessed_on",
    ),
}
IMMUTABLE = {
    "signoff_reopening": "en återöppning får inte ändras",
    "qa_review": "ett granskningsbeslut får inte ändras",
    "certificate": "ett utfärdat intyg får inte ändras",
    "certificate_revocation": "en återkallelse får inte ändras",
}
LOCK_MESSAGE = "posten är signerad och får inte ändras"


def _sync_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("hlc", sa.String(length=80), nullable=False),
        sa.Column("vv", sa.JSON(), nullable=False),
        sa.Column("field_clock", sa.JSON(), nullable=False),
        sa.Column("origin", sa.String(length=36), nullable=False),
    ]


def _immutable(table: str, message: str) -> None:
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )


def _lock_triggers(table: str, columns: tuple[str, ...]) -> None:
    standing = (
        "OLD.locked_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM signoff_reopening r "
        "WHERE r.signoff_id = OLD.locked_by)"
    )
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in (*columns, "locked_by"))
    op.execute(
        f"CREATE TRIGGER {table}_locked_no_update BEFORE UPDATE ON {table} "
        f"WHEN {standing} AND ({changed}) "
        f"BEGIN SELECT RAISE(ABORT, '{LOCK_MESSAGE}'); END"
    )
    op.execute(
        f"CREATE TRIGGER {table}_locked_no_delete BEFORE DELETE ON {table} "
        f"WHEN {standing} BEGIN SELECT RAISE(ABORT, '{LOCK_MESSAGE}'); END"
    )


def upgrade() -> None:
    for table in LOCKABLE:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("locked_by", sa.String(length=36), nullable=True))
            batch_op.create_index(batch_op.f(f"ix_{table}_locked_by"), ["locked_by"], unique=False)

    # signoff and certificate get NOT NULL columns: recreate them (no release before
    # this one wrote either table). Recreating drops signoff's triggers; made again below.
    op.execute("DROP TRIGGER IF EXISTS signoff_no_update")
    op.execute("DROP TRIGGER IF EXISTS signoff_no_delete")
    with op.batch_alter_table("signoff", schema=None, recreate="always") as batch_op:
        batch_op.add_column(sa.Column("participant_id", sa.String(length=36), nullable=False))
        batch_op.add_column(sa.Column("module_id", sa.String(length=36), nullable=False))
        batch_op.add_column(sa.Column("supervisor_id", sa.String(length=36), nullable=False))
        batch_op.add_column(sa.Column("signed_on", sa.Date(), nullable=False))
        batch_op.add_column(sa.Column("qa_sampled", sa.Boolean(), nullable=False))
        batch_op.add_column(sa.Column("qa_draw", sa.JSON(), nullable=False))
        batch_op.add_column(sa.Column("seal_sha256", sa.String(length=64), nullable=False))
        batch_op.create_index(
            batch_op.f("ix_signoff_participant_id"), ["participant_id"], unique=False
        )
        batch_op.create_foreign_key(
            "fk_signoff_participant", "participant", ["participant_id"], ["id"]
        )
        batch_op.create_foreign_key("fk_signoff_module", "module", ["module_id"], ["id"])
        batch_op.create_foreign_key(
            "fk_signoff_supervisor", "supervisor", ["supervisor_id"], ["id"]
        )
    _immutable("signoff", "en signering får inte ändras")

    with op.batch_alter_table("certificate", schema=None, recreate="always") as batch_op:
        batch_op.add_column(sa.Column("content", sa.Text(), nullable=False))
        batch_op.add_column(sa.Column("payload", sa.Text(), nullable=False))
        batch_op.add_column(sa.Column("signature", sa.String(length=128), nullable=False))
        batch_op.add_column(
            sa.Column("issuer_installation_id", sa.String(length=36), nullable=False)
        )
        batch_op.add_column(sa.Column("preliminary", sa.Boolean(), nullable=False))

    op.create_table(
        "signoff_reopening",
        sa.Column("signoff_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reopened_by", sa.String(length=36), nullable=False),
        sa.Column("reopened_on", sa.Date(), nullable=False),
        *_sync_columns(),
        sa.ForeignKeyConstraint(["signoff_id"], ["signoff.id"]),
        sa.ForeignKeyConstraint(["reopened_by"], ["supervisor.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("signoff_id"),
    )
    op.create_table(
        "qa_review",
        sa.Column("signoff_id", sa.String(length=36), nullable=False),
        sa.Column("reviewer_id", sa.String(length=36), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        *_sync_columns(),
        sa.ForeignKeyConstraint(["signoff_id"], ["signoff.id"]),
        sa.ForeignKeyConstraint(["reviewer_id"], ["supervisor.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("signoff_id"),
    )
    op.create_table(
        "certificate_revocation",
        sa.Column("certificate_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("revoked_by", sa.String(length=36), nullable=True),
        sa.Column("revoked_on", sa.Date(), nullable=False),
        *_sync_columns(),
        sa.ForeignKeyConstraint(["certificate_id"], ["certificate.id"]),
        sa.ForeignKeyConstraint(["revoked_by"], ["supervisor.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("certificate_id"),
    )
    for table in ("signoff_reopening", "qa_review", "certificate_revocation"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_hlc"), ["hlc"], unique=False)

    for table, message in IMMUTABLE.items():
        _immutable(table, message)
    for table, columns in LOCKABLE.items():
        _lock_triggers(table, columns)


def downgrade() -> None:
    raise NotImplementedError(
        "Handledarappen uppgraderar bara framåt; återställ en säkerhetskopia."
    )
