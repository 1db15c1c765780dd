"""Exchange between installations (DESIGN §5, issue 5): the service the UI and CLI use.

`app.exchange.export(...)` writes a package, `app.exchange.preview(...)` checks one and
says what importing it would do, `app.exchange.import_file(...)` applies it in one
transaction. `app.exchange.trust` holds the network file and admin decisions.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.enums import Role
from ..domain.errors import UserError
from . import package as pkg
from .base import Service
from .exchange_export import PROFILE_LABELS, PROFILES, Exporter, ExportResult
from .exchange_import import Importer, ImportReport
from .trust import TrustService, UnknownSigner

if TYPE_CHECKING:
    from .app import App

__all__ = [
    "PROFILES",
    "PROFILE_LABELS",
    "ExchangeService",
    "ExportResult",
    "ImportReport",
    "UnknownSigner",
]


class ExchangeService(Service):
    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.trust = TrustService(self.app)

    def _require_staff(self, actor_id: str | None) -> None:
        # None: the command line, run by whoever administers this computer.
        if actor_id is not None:
            self.app.supervisors.require_staff(actor_id)

    def export(
        self,
        out: Path,
        *,
        profile: str,
        actor_id: str | None = None,
        recipients: list[str] | None = None,
        passphrase: str | None = None,
        participants: list[str] | None = None,
        progress: pkg.Progress | None = None,
        include_secrets: bool = False,
    ) -> ExportResult:
        """Write a package to `out`. Recipients are installation names or ids from the
        network file, or age keys; the package is always also encrypted to this computer."""
        self._require_staff(actor_id)
        if profile == "backup" and actor_id is not None:
            self.app.supervisors.require_role(actor_id, Role.ADMIN)
        return Exporter(self.app).export(
            out,
            profile=profile,
            recipients=recipients,
            passphrase=passphrase,
            participants=participants,
            progress=progress,
            include_secrets=include_secrets,
        )

    def preview(
        self,
        path: Path,
        *,
        passphrase: str | None = None,
        trust_fingerprint: str | None = None,
        progress: pkg.Progress | None = None,
    ) -> ImportReport:
        """Every check of an import, and what it would change; nothing is written."""
        return Importer(self.app).run(
            path,
            dry_run=True,
            passphrase=passphrase,
            trust_fingerprint=trust_fingerprint,
            progress=progress,
        )

    def import_file(
        self,
        path: Path,
        *,
        actor_id: str | None = None,
        passphrase: str | None = None,
        trust_fingerprint: str | None = None,
        progress: pkg.Progress | None = None,
    ) -> ImportReport:
        """Check and apply a package in one transaction. `trust_fingerprint` is an
        admin's decision to accept an unknown signer with exactly that fingerprint."""
        self._require_staff(actor_id)
        if trust_fingerprint is not None and actor_id is not None:
            self.app.supervisors.require_role(actor_id, Role.ADMIN)
        return Importer(self.app).run(
            path,
            actor_id=actor_id,
            passphrase=passphrase,
            trust_fingerprint=trust_fingerprint,
            progress=progress,
        )

    @staticmethod
    def package_files(target: Path) -> list[Path]:
        """A file, or the `.hpkg` files in a folder (sorted)."""
        if target.is_dir():
            found = sorted(p for p in target.iterdir() if p.suffix == pkg.SUFFIX and p.is_file())
            if not found:
                raise UserError(f"Mappen {target} innehåller inga paket (.hpkg).")
            return found
        return [target]

    @staticmethod
    def needs_passphrase(path: Path) -> bool:
        return pkg.needs_passphrase(path)
