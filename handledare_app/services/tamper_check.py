"""`check`'s tamper findings that need no secret (issue 12 item 3), each in Swedish with
the record it concerns: missing or altered protective triggers, newest audit entries cut
off, signed or register records removed, certificates whose signoffs are gone or
replaced without a revocation. `repair_triggers` is `check --repair-triggers`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain.codes import format_code
from ..domain.records import CheckProblem
from ..storage import integrity
from ..storage.models import (
    CertificateRevocationRow,
    CertificateRow,
    SignoffReopeningRow,
    SignoffRow,
)
from . import witness
from .code_labels import FIELD_LABELS

if TYPE_CHECKING:
    from ..storage.database import Tx
    from .app import App

REPAIR_HINT = "Kör ”handledare-app check --repair-triggers” för att sätta tillbaka det."


def problems(app: App) -> list[CheckProblem]:
    out: list[CheckProblem] = []
    with app.db.reader() as tx:
        for name, state in integrity.trigger_problems(tx):
            what = "saknas" if state == "saknas" else "har ändrats"
            out.append(
                CheckProblem(
                    "Skydd",
                    f"Databasskyddet {name} {what}: skyddade poster kan då ändras utan att "
                    f"databasen stoppar det. {REPAIR_HINT}",
                )
            )
        for msg in integrity.anchor_problems(tx):
            out.append(CheckProblem("Granskningslogg", msg))
        for entity, rid, label in integrity.deleted_signed_records(tx):
            area = "Intyg" if entity.startswith("certificate") else "Signering"
            out.append(
                CheckProblem(
                    area,
                    f"{label} (id {rid}) finns i granskningsloggen men har tagits bort ur "
                    "databasen.",
                )
            )
        for entity, rid, label, column in integrity.changed_since_created(tx):
            area = "Intyg" if entity.startswith("certificate") else "Signering"
            out.append(
                CheckProblem(
                    area,
                    f"{label} (id {rid}) har ändrats sedan den skapades (fältet ”{FIELD_LABELS.get(column, column)}” "
                    "stämmer inte med granskningsloggen).",
                )
            )
        out.extend(_certificate_signoffs(tx))
    for msg in witness.own_chain_problems(app):
        out.append(CheckProblem("Granskningslogg", msg))
    return out


def _certificate_signoffs(tx: Tx) -> list[CheckProblem]:
    revoked = {r.certificate_id for r in tx.find(CertificateRevocationRow)}
    signoffs = {s.id: s for s in tx.find(SignoffRow)}
    replaced = {s.supersedes_id for s in signoffs.values() if s.supersedes_id}
    reopened = {r.signoff_id for r in tx.find(SignoffReopeningRow)}
    out = []
    for c in tx.find(CertificateRow, order_by="created_at"):
        if c.id in revoked:
            continue
        code = format_code(c.code)
        for sid in c.signoff_ids:
            if sid not in signoffs:
                why = "som saknas i databasen"
            elif sid in replaced:
                why = "som har ersatts av en ny signering"
            elif sid in reopened:
                why = "som har öppnats igen"
            else:
                continue
            out.append(
                CheckProblem(
                    "Intyg",
                    f"Intyget {code} bygger på en signering (id {sid}) {why}, men intyget "
                    "är inte återkallat.",
                )
            )
    return out


def repair_triggers(app: App, actor_id: str | None = None) -> list[str]:
    """Put back every missing or altered protective trigger (audited). Names repaired."""
    with app.db.transaction(actor_id) as tx:
        return integrity.repair_triggers(tx)
