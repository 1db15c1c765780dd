"""A laptop introduced to this workplace by another one (issue 11 item 1).

A new laptop's key reaches the workplace's other laptops as its `installation` row,
passed on in the inviting laptop's packages. A key is taken as introduced when an
installation row of *this* workplace holds it. That row could only have arrived
through a package that passed the trust check, and the authority rules (trust issue,
services/authority.py at merge) decide who may add such a row: a laptop may introduce
a NEW installation of its own workplace, never change an existing one's keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..storage.models import InstallationRow

if TYPE_CHECKING:
    from .app import App


def introduced(app: App, signer_hex: str) -> bool:
    if not app.setup.is_set_up():
        return False
    own = app.setup.installation()
    with app.db.reader() as tx:
        return any(
            r.signing_public_key == signer_hex and r.id != own.id
            for r in tx.find(InstallationRow, workplace_id=own.workplace_id)
        )
