"""trust: an anchor for the audit log's newest entry, and the heads witnessed from others

Revision ID: 0004
Revises: 0002

`audit_anchor` holds one row: the highest sequence number and hash the audit log ever
reached. A trigger on every audit insert moves it forward; triggers refuse moving it
back or deleting it. So cutting off the newest audit entries with a plain DELETE leaves
the anchor pointing past the end of the log, and `check` names it. (Someone who drops
the triggers first is named by `check` for the missing triggers; someone who puts them
back as well is caught by the heads other installations witnessed, issue 12 item 4.)

`certificate_revocation` gets `signature` and `signer_installation_id`: a revocation is
a statement signed by the installation that made it (older revocations stay unsigned).
Plain ADD COLUMN keeps the table's immutability triggers.

`witnessed_head` (local, never exchanged): per other installation, the newest audit head
(sequence, hash) this installation has seen in a signed package from it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0009"
branch_labels = None
depends_on = None

ANCHOR_MESSAGE = "granskningsloggens ankare får inte flyttas bakåt eller tas bort"


def upgrade() -> None:
    op.create_table(
        "audit_anchor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute(
        "INSERT INTO audit_anchor (id, seq, hash) SELECT 1, COALESCE(MAX(seq), 0), "
        "COALESCE((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), "
        "'0000000000000000000000000000000000000000000000000000000000000000') FROM audit_log"
    )
    op.execute(
        "CREATE TRIGGER audit_anchor_follow AFTER INSERT ON audit_log "
        "WHEN NEW.seq > (SELECT seq FROM audit_anchor WHERE id = 1) "
        "BEGIN UPDATE audit_anchor SET seq = NEW.seq, hash = NEW.hash WHERE id = 1; END"
    )
    op.execute(
        "CREATE TRIGGER audit_anchor_no_rewind BEFORE UPDATE ON audit_anchor "
        f"WHEN NEW.seq < OLD.seq BEGIN SELECT RAISE(ABORT, '{ANCHOR_MESSAGE}'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_anchor_no_delete BEFORE DELETE ON audit_anchor "
        f"BEGIN SELECT RAISE(ABORT, '{ANCHOR_MESSAGE}'); END"
    )
    op.add_column(
        "certificate_revocation", sa.Column("signature", sa.String(length=128), nullable=True)
    )
    op.add_column(
        "certificate_revocation",
        sa.Column("signer_installation_id", sa.String(length=36), nullable=True),
    )
    op.create_table(
        "witnessed_head",
        sa.Column("installation_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("seen_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("installation_id"),
    )


def downgrade() -> None:
    raise NotImplementedError(
        "Handledarappen uppgraderar bara framåt; återställ en säkerhetskopia."
    )
