"""Swedish without code words: enum values, record and field names never reach the user
as English codes (issue 13)."""

from __future__ import annotations

import datetime as dt
import inspect

from handledare_app.domain import enums
from handledare_app.domain.enums import EvidenceQuality, EvidenceType, Gender, LabelledEnum
from handledare_app.domain.records import ParticipantDetail
from handledare_app.services import code_labels, exchange_schema
from handledare_app.services.app import App
from handledare_app.services.register_extract import _value
from handledare_app.storage.conflicts import record_conflict
from handledare_app.storage.models import SYNCED_MODELS

# Columns that are never edited field by field (ids, clocks, signed payloads).
INTERNAL = {
    "id", "hlc", "vv", "field_clock", "origin", "created_at", "updated_at", "version",
    "locked_by", "content", "payload", "payload_sha256", "signature", "signatures",
    "snapshot", "snapshot_sha256", "seal_sha256", "qa_draw", "signoff_ids",
    "issuer_installation_id", "signer_installation_id",
}  # fmt: skip


def _labelled_enums() -> list[type[LabelledEnum]]:
    return [
        cls
        for _n, cls in inspect.getmembers(enums, inspect.isclass)
        if issubclass(cls, LabelledEnum) and cls is not LabelledEnum
    ]


def test_every_enum_member_has_a_swedish_label_unlike_its_code() -> None:
    members = [m for cls in _labelled_enums() for m in cls]
    assert len(members) > 40
    for m in members:
        assert m.label and m.label != m.value and "_" not in m.label, (type(m).__name__, m)


def test_every_synced_record_and_field_has_a_swedish_name() -> None:
    for model in SYNCED_MODELS:
        entity = model.__tablename__  # type: ignore[attr-defined]
        assert entity in code_labels.ENTITY_LABELS, entity
        assert exchange_schema.entity_label(entity) != entity, entity
        for column in model.__table__.columns:  # type: ignore[attr-defined]
            if column.name not in INTERNAL:
                label = code_labels.FIELD_LABELS.get(column.name)
                assert label and "_" not in label, (entity, column.name)


def test_coded_values_are_shown_in_swedish() -> None:
    assert code_labels.code_label("placement", "type", "work_training") == "Arbetsträning"
    assert (
        code_labels.code_label("participant", "gender", "not_stated") == Gender("not_stated").label
    )
    quality = code_labels.code_label("evidence", "quality", ["valid", "authentic"])
    assert quality == f"{EvidenceQuality.VALID.label}, {EvidenceQuality.AUTHENTIC.label}"
    assert code_labels.code_label("qa_review", "decision", "returned") == "återlämnad för rättelse"
    assert code_labels.code_label("participant", "phone", "070") is None
    assert _value("participant", "gender", "not_stated") == Gender.NOT_STATED.label
    assert _value("signoff", "status", "signed") == "signerad"


def _conflict(
    app: App, entity: str, record_id: str, field: str, kept: object, lost: object
) -> None:
    with app.db.transaction(None) as tx:
        record_conflict(
            tx,
            entity=entity,
            record_id=record_id,
            field=field,
            kept_value=kept,
            lost_value=lost,
            lost_hlc=f"1790000000000-00000-{'01a20000-0000-7000-8000-00000000beef'}",
        )


def test_conflicts_show_swedish_field_names_and_values(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    ev = app.evidence.add(
        admin_id,
        participant.id,
        type=EvidenceType.OBSERVATION,
        date=dt.date(2026, 10, 1),
        title="Sorterade kläder",
    )
    _conflict(app, "participant", participant.id, "gender", "woman", "not_stated")
    _conflict(app, "evidence", ev.id, "quality", ["valid"], ["valid", "current"])
    _conflict(app, "participant", participant.id, "version", 2, 3)
    texts = {(c.field_label, c.kept_text, c.lost_text, c.description) for c in app.conflicts.list()}
    shown = " ".join(" ".join(t) for t in texts)
    for code in ("not_stated", "woman", "current", "quality", "gender", "version", "_"):
        assert code not in shown, code
    assert "kön" in shown and Gender.NOT_STATED.label in shown
    assert EvidenceQuality.CURRENT.label in shown
    assert code_labels.OTHER_FIELD in shown
