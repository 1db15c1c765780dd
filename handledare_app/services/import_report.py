"""What an import did, or for a preview would do (services/exchange_import.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain.swedish import count_text
from .exchange_schema import entity_label


@dataclass
class EntityCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    blocked: int = 0
    deleted: int = 0

    def total_changes(self) -> int:
        return self.new + self.updated + self.conflicts + self.deleted


@dataclass
class ImportReport:
    """What an import did (or, for a preview, would do)."""

    source: str
    profile: str = ""
    sender: str = ""
    sender_fingerprint: str = ""
    created_at: str = ""
    counts: dict[str, EntityCounts] = field(default_factory=dict)
    blobs_new: int = 0
    blobs_present: int = 0
    already_imported: bool = False
    applied: bool = False

    def entity(self, name: str) -> EntityCounts:
        return self.counts.setdefault(name, EntityCounts())

    @property
    def changes(self) -> int:
        return sum(c.total_changes() for c in self.counts.values())

    @property
    def blocked(self) -> int:
        return sum(c.blocked for c in self.counts.values())

    @property
    def conflicts(self) -> int:
        return sum(c.conflicts for c in self.counts.values())

    def lines(self) -> list[str]:
        """Plain Swedish, one line per entity that has anything to say."""
        if self.already_imported:
            return ["Paketet är redan inläst. Inget ändrades."]
        out: list[str] = []
        for entity, c in self.counts.items():
            parts = [
                count_text(count, one, many)
                for count, one, many in (
                    (c.new, "ny", "nya"),
                    (c.updated, "uppdaterad", "uppdaterade"),
                    (
                        c.conflicts,
                        "sammanslagen (konflikt sparad)",
                        "sammanslagna (konflikter sparade)",
                    ),
                    (c.deleted, "borttagen", "borttagna"),
                    (c.blocked, "spärrad, behöver granskas", "spärrade, behöver granskas"),
                    (c.unchanged, "oförändrad", "oförändrade"),
                )
                if count
            ]
            if parts:
                out.append(f"{entity_label(entity).capitalize()}: {', '.join(parts)}.")
        if self.blobs_new or self.blobs_present:
            out.append(f"Bifogade filer: {self.blobs_new} nya, {self.blobs_present} fanns redan.")
        if not self.changes and not self.blocked and not self.blobs_new:
            out.append("Inget nytt i paketet. Inget ändrades.")
        return out
