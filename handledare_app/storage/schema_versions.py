"""The schema revisions this code knows, oldest first.

Kept as data so the start-up check needs neither Alembic nor SQLAlchemy (their
imports cost ~0.5 s); a test keeps this list equal to the Alembic scripts.
"""

from __future__ import annotations

REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0009", "0004", "0005", "0007")
HEAD = REVISIONS[-1]
