"""`summary --json`: per synced entity a count and a digest of its canonical content.

Two installations that hold the same records print the same digests, which is
how exchange tests (and support) compare databases.
"""

from __future__ import annotations

from typing import Any

from ..storage import queries
from .base import Service


class SummaryService(Service):
    def entity_digests(self) -> dict[str, dict[str, Any]]:
        with self.db.reader() as tx:
            return queries.entity_digests(tx)
