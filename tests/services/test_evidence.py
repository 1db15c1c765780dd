"""Evidence with attachments linked to criteria."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path
from typing import Any

import pytest

from handledare_app.domain.enums import AttachmentKind, EvidenceQuality, EvidenceType
from handledare_app.domain.errors import UserError, ValidationError
from handledare_app.domain.records import EvidenceInfo, ModuleInfo, ParticipantDetail
from handledare_app.services.app import App
from handledare_app.storage.models import (
    AttachmentRow,
    EvidenceCriterionRow,
    EvidenceRow,
    TombstoneRow,
)
from tests.helpers import db_summary, tiny_png

TODAY = dt.date.today()


@pytest.fixture
def module(app: App, admin_id: str, participant: ParticipantDetail) -> ModuleInfo:
    """BUT-01 in the participant's work plan."""
    enrollment_id = app.journey.enroll(admin_id, participant.id, "BUT-01")
    return app.assessment.enrollment(enrollment_id).module


@pytest.fixture
def png(tmp_path: Path) -> Path:
    path = tmp_path / "hylla.png"
    path.write_bytes(tiny_png())
    return path


def _count(app: App) -> int:
    with app.db.reader() as tx:
        return tx.count(EvidenceRow)


def _blob_files(app: App) -> list[Path]:
    return [p for p in app.paths.blobs.rglob("*") if p.is_file()]


def _observation(app: App, admin_id: str, participant_id: str, **kwargs: Any) -> EvidenceInfo:
    args: dict[str, Any] = {
        "type": EvidenceType.OBSERVATION,
        "date": TODAY,
        "title": "Sorterade en kasse",
    }
    args.update(kwargs)
    return app.evidence.add(admin_id, participant_id, **args)


def test_add_evidence_linked_to_several_criteria(
    app: App, admin_id: str, participant: ParticipantDetail, module: ModuleInfo
) -> None:
    ids = {module.criteria[0].id, module.criteria[1].id}
    ev = app.evidence.add(
        admin_id,
        participant.id,
        type=EvidenceType.OBSERVATION,
        date=TODAY,
        title="  Sorterade en kasse  ",
        description="Enligt rutinen.",
        quality=[EvidenceQuality.VALID, EvidenceQuality.AUTHENTIC],
        criterion_ids=ids,
    )
    assert ev.title == "Sorterade en kasse"
    assert ev.criterion_ids == ids
    assert ev.quality == {EvidenceQuality.VALID, EvidenceQuality.AUTHENTIC}
    assert ev.recorded_by == admin_id
    assert app.evidence.list(participant.id) == [ev]
    assert app.evidence.get(ev.id) == ev


def test_links_outside_the_participants_modules_are_refused(
    app: App, admin_id: str, participant: ParticipantDetail, module: ModuleInfo
) -> None:
    foreign = app.catalogue.newest_version("CAF-01").criteria[0].id
    before = db_summary(app)
    with pytest.raises(ValidationError, match="deltagarens moduler"):
        _observation(app, admin_id, participant.id, criterion_ids=[module.criteria[0].id, foreign])
    assert db_summary(app) == before


def test_witness_statement_needs_a_name(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    with pytest.raises(ValidationError) as info:
        _observation(app, admin_id, participant.id, type=EvidenceType.WITNESS_STATEMENT)
    assert info.value.details == ["Ett vittnesutlåtande behöver vittnets namn."]
    assert _count(app) == 0
    ev = app.evidence.add(
        admin_id,
        participant.id,
        type=EvidenceType.WITNESS_STATEMENT,
        date=TODAY,
        title="Butikschefen intygar",
        witness_name="Karin Lund",
        witness_role="Butikschef",
    )
    assert (ev.witness_name, ev.witness_role) == ("Karin Lund", "Butikschef")


def test_witness_texts_longer_than_their_columns_are_refused(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    """Longer values would be saved here and refused by every computer reading the
    exchange package; both problems are listed and nothing is saved."""
    from handledare_app.services.evidence import WITNESS_MAX
    from handledare_app.storage.exchange_rows import entity_columns

    lengths = {c.name: c.max_length for c in entity_columns("evidence")}
    assert lengths["witness_name"] == lengths["witness_role"] == WITNESS_MAX
    with pytest.raises(ValidationError) as info:
        _observation(
            app,
            admin_id,
            participant.id,
            type=EvidenceType.WITNESS_STATEMENT,
            witness_name="K" * 300,
            witness_role="B" * 300,
        )
    assert info.value.details == [
        "Vittnets namn är för långt (högst 200 tecken).",
        "Vittnets roll är för lång (högst 200 tecken).",
    ]
    assert _count(app) == 0


def test_a_description_of_20_000_characters_is_kept_and_a_longer_one_refused(
    app: App, admin_id: str, participant: ParticipantDetail
) -> None:
    """The same limit as the follow-up texts: an accidental paste of a whole document is
    refused in words, nothing saved."""
    text = "Sorterade\tvaror, å ä ö.\n" * 800  # 19 199 characters with tabs and lines
    assert len(text.strip()) <= 20_000
    assert _observation(app, admin_id, participant.id, description=text).description
    with pytest.raises(ValidationError) as info:
        _observation(app, admin_id, participant.id, description="x" * 20_001)
    assert info.value.details == [
        "Beskrivningen har 20001 tecken, men högst 20000 får plats. Korta texten."
    ]
    assert _count(app) == 1


def test_future_date_is_refused(app: App, admin_id: str, participant: ParticipantDetail) -> None:
    with pytest.raises(ValidationError) as info:
        _observation(app, admin_id, participant.id, date=TODAY + dt.timedelta(days=1))
    assert info.value.details == ["Datumet ligger i framtiden."]
    assert _count(app) == 0


def test_every_problem_is_listed(app: App, admin_id: str, participant: ParticipantDetail) -> None:
    with pytest.raises(ValidationError) as info:
        _observation(
            app,
            admin_id,
            participant.id,
            type=EvidenceType.WITNESS_STATEMENT,
            title=" ",
            date=TODAY + dt.timedelta(days=3),
        )
    assert len(info.value.details) == 3


def test_photo_without_consent_is_refused_and_nothing_saved(
    app: App, admin_id: str, participant: ParticipantDetail, png: Path
) -> None:
    before = db_summary(app)
    with pytest.raises(UserError, match="inte gett samtycke till foto"):
        _observation(app, admin_id, participant.id, type=EvidenceType.PHOTO, files=[png])
    assert db_summary(app) == before
    assert _blob_files(app) == []


def test_photo_with_consent_is_stored_by_hash(
    app: App, admin_id: str, participant: ParticipantDetail, module: ModuleInfo, png: Path
) -> None:
    app.participants.set_photo_consent(admin_id, participant.id, True)
    ev = app.evidence.add(
        admin_id,
        participant.id,
        type=EvidenceType.PHOTO,
        date=TODAY,
        title="Sorterad hylla",
        criterion_ids=[module.criteria[0].id],
        files=[png],
    )
    [att] = ev.attachments
    digest = hashlib.sha256(tiny_png()).hexdigest()
    assert att.sha256 == digest
    assert (att.kind, att.media_type) == (AttachmentKind.PHOTO, "image/png")
    assert (att.filename, att.size) == ("hylla.png", len(tiny_png()))
    stored = app.paths.blobs / digest[:2] / digest
    assert app.evidence.attachment_path(digest) == stored
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == digest
    assert _blob_files(app) == [stored]


def test_pdf_attachment_needs_no_photo_consent(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    pdf = tmp_path / "intyg.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% test\n")
    ev = _observation(app, admin_id, participant.id, type=EvidenceType.PRIOR_DOCUMENT, files=[pdf])
    [att] = ev.attachments
    assert (att.kind, att.media_type) == (AttachmentKind.FILE, "application/pdf")


@pytest.mark.parametrize("kind", ["directory", "missing", "empty"])
def test_attachment_that_is_not_a_readable_file_saves_nothing(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "bilaga.pdf"
    if kind == "directory":
        path.mkdir()
    elif kind == "empty":
        path.write_bytes(b"")
    before = db_summary(app)
    with pytest.raises(UserError, match=r"bilaga\.pdf"):
        _observation(app, admin_id, participant.id, files=[path])
    assert _count(app) == 0
    assert db_summary(app) == before


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file"
)
def test_attachment_without_read_permission_saves_nothing(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    path = tmp_path / "hemlig.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    path.chmod(0)
    try:
        with pytest.raises(UserError, match="går inte att läsa"):
            _observation(app, admin_id, participant.id, files=[path])
    finally:
        path.chmod(0o600)
    assert _count(app) == 0


def test_one_bad_file_among_good_ones_saves_no_evidence(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    good = tmp_path / "ok.pdf"
    good.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(UserError, match=r"saknas\.pdf"):
        _observation(app, admin_id, participant.id, files=[good, tmp_path / "saknas.pdf"])
    assert _count(app) == 0
    with app.db.reader() as tx:
        assert tx.count(AttachmentRow) == 0


def test_add_attachment_later(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    ev = _observation(app, admin_id, participant.id)
    pdf = tmp_path / "lista.pdf"
    pdf.write_bytes(b"%PDF-1.4\nlista")
    after = app.evidence.add_attachment(admin_id, ev.id, pdf)
    assert [a.filename for a in after.attachments] == ["lista.pdf"]
    with pytest.raises(UserError):
        app.evidence.add_attachment(admin_id, ev.id, tmp_path)
    assert len(app.evidence.get(ev.id).attachments) == 1


def test_update_changes_links_and_tombstones_removed_ones(
    app: App, admin_id: str, participant: ParticipantDetail, module: ModuleInfo
) -> None:
    c1, c2, c3 = (c.id for c in module.criteria[:3])
    ev = _observation(app, admin_id, participant.id, criterion_ids=[c1, c2])
    updated = app.evidence.update(
        admin_id,
        ev.id,
        type=EvidenceType.OBSERVATION,
        date=TODAY,
        title="Sorterade två kassar",
        description="",
        criterion_ids=[c2, c3],
    )
    assert updated.criterion_ids == {c2, c3}
    assert updated.title == "Sorterade två kassar"
    with app.db.reader() as tx:
        assert len(tx.find(TombstoneRow, entity="evidence_criterion")) == 1


def test_delete_evidence_leaves_tombstones_for_it_and_its_links(
    app: App, admin_id: str, participant: ParticipantDetail, module: ModuleInfo, png: Path
) -> None:
    app.participants.set_photo_consent(admin_id, participant.id, True)
    ev = app.evidence.add(
        admin_id,
        participant.id,
        type=EvidenceType.PHOTO,
        date=TODAY,
        title="Hyllan",
        criterion_ids=[c.id for c in module.criteria[:2]],
        files=[png],
    )
    with app.db.reader() as tx:
        link_ids = {link.id for link in tx.find(EvidenceCriterionRow, evidence_id=ev.id)}
    app.evidence.delete(admin_id, ev.id)
    assert app.evidence.list(participant.id) == []
    with app.db.reader() as tx:
        stones = {(t.entity, t.record_id) for t in tx.find(TombstoneRow)}
        assert tx.count(EvidenceCriterionRow) == 0
        assert tx.count(AttachmentRow) == 0
    assert ("evidence", ev.id) in stones
    assert {("evidence_criterion", i) for i in link_ids} <= stones
    assert ("attachment", ev.attachments[0].id) in stones
    progress = app.assessment.participant_progress(participant.id)[0]
    assert set(progress.evidence_counts.values()) == {0}


def test_video_needs_consent_whatever_its_name(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    clip = tmp_path / "arbetsprov.dat"
    clip.write_bytes(b"\x00\x00\x00\x18ftypisom" + b"\x00" * 200)
    sound = tmp_path / "intervju.m4a"
    sound.write_bytes(b"\x00\x00\x00\x18ftypM4A " + b"\x00" * 200)
    for f in (clip, sound):
        with pytest.raises(UserError, match="samtycke till foto, film eller ljud"):
            app.evidence.add(
                admin_id,
                participant.id,
                type=EvidenceType.OBSERVATION,
                date=dt.date(2026, 10, 1),
                title="Film",
                files=[f],
            )
    assert app.evidence.list(participant.id) == []
    app.participants.set_photo_consent(admin_id, participant.id, True)
    ev = app.evidence.add(
        admin_id,
        participant.id,
        type=EvidenceType.VIDEO_AUDIO,
        date=dt.date(2026, 10, 1),
        title="Film",
        files=[clip],
    )
    assert ev.attachments[0].media_type == "video/mp4"


def test_remove_attachment_keeps_the_evidence_and_writes_a_tombstone(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    app.participants.set_photo_consent(admin_id, participant.id, True)
    photo = tmp_path / "foto.png"
    photo.write_bytes(tiny_png())
    ev = app.evidence.add(
        admin_id,
        participant.id,
        type=EvidenceType.PHOTO,
        date=dt.date(2026, 10, 1),
        title="Foto på hyllan",
        files=[photo],
    )
    [att] = ev.attachments
    app.evidence.remove_attachment(admin_id, att.id)
    assert app.evidence.get(ev.id).attachments == ()
    with app.db.reader() as tx:
        assert tx.first(TombstoneRow, entity="attachment", record_id=att.id) is not None


# --- editing from the evidence dialog (issue 3) --------------------------------------


def _update_args(ev: EvidenceInfo, **kwargs: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "type": ev.type,
        "date": ev.date,
        "title": ev.title,
        "description": ev.description,
        "witness_name": ev.witness_name,
        "witness_role": ev.witness_role,
        "quality": ev.quality,
        "criterion_ids": ev.criterion_ids,
    }
    args.update(kwargs)
    return args


def test_update_adds_and_removes_attachments_and_quality_in_one_go(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path, png: Path
) -> None:
    app.participants.set_photo_consent(admin_id, participant.id, True)
    ev = _observation(app, admin_id, participant.id, files=[png])
    pdf = tmp_path / "lista.pdf"
    pdf.write_bytes(b"%PDF-1.4\nlista")
    updated = app.evidence.update(
        admin_id,
        ev.id,
        **_update_args(
            ev,
            quality=[EvidenceQuality.CURRENT, EvidenceQuality.SUFFICIENT],
            add_files=[pdf],
            remove_attachment_ids=[ev.attachments[0].id],
        ),
    )
    assert [a.filename for a in updated.attachments] == ["lista.pdf"]
    assert updated.quality == {EvidenceQuality.CURRENT, EvidenceQuality.SUFFICIENT}
    assert app.evidence.get(ev.id) == updated


def test_update_with_a_bad_file_changes_nothing(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path, png: Path
) -> None:
    app.participants.set_photo_consent(admin_id, participant.id, True)
    ev = _observation(app, admin_id, participant.id, files=[png])
    before = db_summary(app)
    with pytest.raises(UserError, match=r"saknas\.pdf"):
        app.evidence.update(
            admin_id,
            ev.id,
            **_update_args(
                ev,
                title="Ny rubrik",
                add_files=[tmp_path / "saknas.pdf"],
                remove_attachment_ids=[ev.attachments[0].id],
            ),
        )
    assert db_summary(app) == before
    assert app.evidence.get(ev.id) == ev


def test_update_refuses_an_attachment_of_another_evidence(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4\na")
    other = _observation(app, admin_id, participant.id, files=[pdf])
    ev = _observation(app, admin_id, participant.id)
    with pytest.raises(ValidationError, match="annat bevis"):
        app.evidence.update(
            admin_id, ev.id, **_update_args(ev, remove_attachment_ids=[other.attachments[0].id])
        )
    assert len(app.evidence.get(other.id).attachments) == 1


def test_links_to_a_withdrawn_module_survive_an_edit(
    app: App, admin_id: str, participant: ParticipantDetail, module: ModuleInfo
) -> None:
    enrollment_id = app.assessment.participant_progress(participant.id)[0].enrollment_id
    kept = module.criteria[0].id
    ev = _observation(app, admin_id, participant.id, criterion_ids=[kept])
    app.journey.withdraw(admin_id, enrollment_id)
    updated = app.evidence.update(admin_id, ev.id, **_update_args(ev, title="Ändrad"))
    assert updated.criterion_ids == {kept}
    # ... but no new link to a criterion outside the work plan.
    with pytest.raises(ValidationError, match="deltagarens moduler"):
        app.evidence.update(
            admin_id, ev.id, **_update_args(ev, criterion_ids=[kept, module.criteria[1].id])
        )


def test_check_file_accepts_a_pdf_and_refuses_what_add_would(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path, png: Path
) -> None:
    pdf = tmp_path / "intyg.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    check = app.evidence.check_file
    assert check(participant.id, pdf, EvidenceType.OBSERVATION) == (
        "application/pdf",
        AttachmentKind.FILE,
    )
    with pytest.raises(UserError, match="samtycke"):
        check(participant.id, png, EvidenceType.OBSERVATION)
    with pytest.raises(UserError, match="samtycke"):  # a photo-type evidence shows people
        check(participant.id, pdf, EvidenceType.PHOTO)
    app.participants.set_photo_consent(admin_id, participant.id, True)
    assert check(participant.id, png, EvidenceType.PHOTO) == ("image/png", AttachmentKind.PHOTO)


def test_unknown_file_type_is_refused(
    app: App, admin_id: str, participant: ParticipantDetail, tmp_path: Path
) -> None:
    odd = tmp_path / "data.zzq"
    odd.write_bytes(b"\x01\x02\x03 no known header")
    with pytest.raises(UserError, match="filtyp som appen inte känner igen"):
        app.evidence.check_file(participant.id, odd, EvidenceType.OBSERVATION)
    before = db_summary(app)
    with pytest.raises(UserError, match="filtyp"):
        _observation(app, admin_id, participant.id, files=[odd])
    assert db_summary(app) == before


def test_too_large_file_is_refused_before_reading(
    app: App, participant: ParticipantDetail, tmp_path: Path
) -> None:
    from handledare_app.services.evidence import MAX_ATTACHMENT_BYTES

    big = tmp_path / "stor.pdf"
    with open(big, "wb") as fh:  # sparse: no disk used
        fh.truncate(MAX_ATTACHMENT_BYTES + 1)
    with pytest.raises(UserError, match="större än 500 MB"):
        app.evidence.check_file(participant.id, big, EvidenceType.OBSERVATION)
