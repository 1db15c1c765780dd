"""An installation taken out of its workplace (issue 11): an entry in the audit chain.

The decision itself is a local setting per installation (`retired.<id>`, kept by
services/retirement.py and carried in every package's manifest); each laptop that takes
it, by hand or from a package, also writes one audit entry (action "retire").
"""

from __future__ import annotations

from typing import Any

from .database import Tx
from .sync import TxContext, append_audit

ACTION = "retire"


def audit_retirement(tx: Tx, installation_id: str, after: dict[str, Any]) -> None:
    ctx: TxContext = tx.session.info["ctx"]
    tx.session.flush()
    append_audit(tx.session, ctx, ACTION, "installation", installation_id[:36], None, after)
