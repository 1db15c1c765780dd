"""Reading an invitation's data package on a laptop that is not set up yet.

The package is an ordinary exchange package, encrypted to the invitation's throw-away
identity and signed by the inviting laptop, whose key the code-protected invitation
header names: that key, and only that one, is accepted for this import.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.errors import UserError
from . import authority
from .exchange_import import Importer
from .package_reader import PackageReader

if TYPE_CHECKING:
    from .app import App


class InvitationImporter(Importer):
    def __init__(self, app: App, identity: str, inviter_key_hex: str) -> None:
        super().__init__(app)
        self._throwaway = identity
        self._inviter = inviter_key_hex

    def _identity(self) -> str:
        return self._throwaway

    def _check_signer(
        self, signer_hex: str, manifest: dict[str, Any], trust_fingerprint: str | None
    ) -> None:
        if signer_hex != self._inviter:
            raise UserError(
                "Inbjudans innehåll är inte signerat av datorn som gjorde inbjudan. "
                "Inget har ändrats."
            )

    def _authority(
        self, reader: PackageReader, entities: list[str], signer_hex: str, sender: str
    ) -> authority.Authority | None:
        """This laptop owns nothing yet: the inviting laptop's package (its signer checked
        above against the code-protected header) brings the whole workplace."""
        return None

    def _sender_id(self, signer_hex: str, manifest: dict[str, Any]) -> str:
        # Not set up yet, so no trust list: the signer is the inviter the header named.
        return str(manifest.get("origin", {}).get("installation_id", ""))[:36]


def import_invitation_data(app: App, data: Path, identity: str, inviter_key_hex: str) -> None:
    report = InvitationImporter(app, identity, inviter_key_hex).run(data)
    if not report.applied:
        raise UserError("Inbjudans innehåll kunde inte läsas in. Inget har ändrats.")
