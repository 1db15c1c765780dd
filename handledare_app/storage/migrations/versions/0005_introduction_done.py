"""introduction marked done: the supervisor's reason and date

Revision ID: 0005
Revises: 0002

Issue 13: the journey's Introduktion step gets its ✓ when every checklist item is done,
or when the supervisor has marked the introduction done and said why (for instance
"Gick igenom allt på förra arbetsplatsen"). An empty reason means "not marked done".
The participant table has no locks, so no triggers are touched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (nullable, no default): a batch rebuild of participant would trip
    # the foreign keys that point at it. NULL reads as "not marked done".
    op.add_column("participant", sa.Column("introduction_done_reason", sa.Text(), nullable=True))
    op.add_column("participant", sa.Column("introduction_done_on", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("participant", "introduction_done_on")
    op.drop_column("participant", "introduction_done_reason")
