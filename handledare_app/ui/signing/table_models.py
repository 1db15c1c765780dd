"""Table models for the Kvalitetssäkring page."""

from __future__ import annotations

from ...domain.signing import QueueItem, ReadyModule, SignoffInfo
from ..table_models import RecordTableModel


class ReadyTableModel(RecordTableModel[ReadyModule]):
    columns = (
        ("Deltagare", lambda r: r.participant_name),
        ("Modul", lambda r: f"{r.module_title} ({r.module_code})"),
        ("Att veta", lambda r: r.reopen_reason or "Alla kriterier uppnådda"),
    )


class QueueTableModel(RecordTableModel[QueueItem]):
    columns = (
        ("Deltagare", lambda i: i.signoff.participant_name),
        ("Modul", lambda i: i.signoff.module_title),
        ("Signerad", lambda i: i.signoff.signed_on.isoformat()),
        ("Handledare", lambda i: i.signoff.supervisor_name),
        (
            "Granskning",
            lambda i: "Du kan inte granska (egen bedömning)" if i.own_work else "Väntar",
        ),
    )


class SignedTableModel(RecordTableModel[SignoffInfo]):
    columns = (
        ("Deltagare", lambda s: s.participant_name),
        ("Modul", lambda s: s.module_title),
        ("Signerad", lambda s: s.signed_on.isoformat()),
        ("Kvalitetssäkring", lambda s: s.qa_label),
    )
