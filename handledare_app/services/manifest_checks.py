"""Checks on a package's manifest that need no database (issue 12 item 5)."""

from __future__ import annotations

from typing import Any

from ..storage.schema_versions import REVISIONS
from .package import PackageError


def check_schema_version(manifest: dict[str, Any]) -> None:
    """Refuse a package written by a newer schema than this code knows, in the same words
    as for a newer database. A package without the field (older writers) passes."""
    version = manifest.get("schema_version")
    if version is None:
        return
    if not isinstance(version, str) or version not in REVISIONS:
        shown = str(version)[:20]
        raise PackageError(
            "Paketet är skapat av en nyare version av Handledarappen än den du kör "
            f"(schemaversion {shown}). Installera den senaste versionen; inget har ändrats."
        )
