"""collection: Coompanion's collected follow-up reports and certificate register

Revision ID: 0009
Revises: 0003

Local tables (never exchanged): one row per company and period with the company's
signed figures and pseudonymised records, and the certificate register each report
carried (for `verify` at Coompanion). A corrected report replaces the earlier one of
the same company and period (the register rows go with it: ON DELETE CASCADE).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "collected_report",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("workplace_id", sa.String(length=36), nullable=False),
        sa.Column("workplace_name", sa.String(length=200), nullable=False),
        sa.Column("municipality", sa.String(length=4), nullable=True),
        sa.Column("installation_id", sa.String(length=36), nullable=False),
        sa.Column("signer_key", sa.String(length=64), nullable=False),
        sa.Column("period", sa.String(length=30), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("imported_at", sa.String(length=32), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("manifest_sha256", sa.String(length=64), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("records", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workplace_id", "period_start", "period_end"),
    )
    op.create_table(
        "collected_certificate",
        sa.Column("report_id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("workplace_id", sa.String(length=36), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("payload_sha256", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("revoked_on", sa.Date(), nullable=True),
        sa.Column("preliminary", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["collected_report.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("report_id", "code"),
    )
    with op.batch_alter_table("collected_certificate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_collected_certificate_code"), ["code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("collected_certificate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_collected_certificate_code"))
    op.drop_table("collected_certificate")
    op.drop_table("collected_report")
