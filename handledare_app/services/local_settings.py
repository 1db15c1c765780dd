"""Settings that belong to this computer only (never exchanged), e.g. the last user."""

from __future__ import annotations

from ..storage.models import LocalSettingRow
from .base import Service

# Keys the app uses; one place so they do not collide.
LAST_SUPERVISOR = "ui.last_supervisor_id"
MAX_KEY = 60
MAX_VALUE = 2000


class LocalSettingsService(Service):
    def get(self, key: str) -> str | None:
        with self.db.reader() as tx:
            row = tx.get(LocalSettingRow, key)
            return row.value if row is not None else None

    def set(self, key: str, value: str | None) -> None:
        """Store `value` under `key`; None removes the setting."""
        if not key or len(key) > MAX_KEY:
            raise ValueError(key)
        if value is not None and len(value) > MAX_VALUE:
            raise ValueError("value too long")
        with self.db.transaction() as tx:
            row = tx.get(LocalSettingRow, key)
            if value is None:
                if row is not None:
                    tx.delete(row)
            elif row is None:
                tx.add(LocalSettingRow(key=key, value=value))
            else:
                row.value = value
