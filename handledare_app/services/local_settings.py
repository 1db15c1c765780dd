"""Settings that belong to this computer only (never exchanged), e.g. the last user."""

from __future__ import annotations

from ..storage.settings_rows import delete_local_setting, get_local_setting, set_local_setting
from .base import Service

# Keys the app uses; one place so they do not collide.
LAST_SUPERVISOR = "ui.last_supervisor_id"
MAX_KEY = 60
MAX_VALUE = 2000


class LocalSettingsService(Service):
    def get(self, key: str) -> str | None:
        with self.db.reader() as tx:
            return get_local_setting(tx, key)

    def set(self, key: str, value: str | None) -> None:
        """Store `value` under `key`; None removes the setting."""
        if not key or len(key) > MAX_KEY:
            raise ValueError(key)
        if value is not None and len(value) > MAX_VALUE:
            raise ValueError("value too long")
        with self.db.transaction() as tx:
            if value is None:
                delete_local_setting(tx, key)
            else:
                set_local_setting(tx, key, value)
