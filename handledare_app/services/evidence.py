"""Evidence (bevis) with attachments in the blob store, linked to any number of criteria."""

from __future__ import annotations

import datetime as dt
import mimetypes
from collections.abc import Iterable
from pathlib import Path

from ..domain.enums import AttachmentKind, EvidenceQuality, EvidenceType
from ..domain.errors import UserError, ValidationError
from ..domain.records import AttachmentInfo, EvidenceInfo
from ..storage.database import Tx
from ..storage.models import (
    AttachmentRow,
    CriterionRow,
    EnrollmentRow,
    EvidenceCriterionRow,
    EvidenceRow,
    ParticipantRow,
)
from .base import Service, require
from .files import os_error_text
from .journey import MAX_TEXT
from .pdf_photos import decodes_as_image
from .signoff_locks import ensure_criteria_open, ensure_unlocked

MAX_ATTACHMENT_BYTES = 500 * 1024 * 1024
PHOTO_SUFFIXES = {
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".webp",
    ".heic",
    ".heif",
    ".bmp",
    ".tif",
    ".tiff",
}
UNKNOWN_MEDIA_TYPE = "application/octet-stream"
_MAGIC = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"GIF8": "image/gif",
    b"%PDF": "application/pdf",
}


def _sniff(path: Path) -> tuple[str, AttachmentKind]:
    with open(path, "rb") as fh:
        head = fh.read(16)
    for magic, mime in _MAGIC.items():
        if head.startswith(magic):
            return mime, AttachmentKind.PHOTO if mime.startswith("image/") else AttachmentKind.FILE
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", AttachmentKind.PHOTO
    if head[4:8] == b"ftyp":  # ISO media: HEIC photos and MP4/MOV video, whatever the name
        if head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
            return "image/heic", AttachmentKind.PHOTO
        if head[8:12] in (b"M4A ", b"M4B "):
            return "audio/mp4", AttachmentKind.FILE
        return "video/mp4", AttachmentKind.FILE
    guessed = mimetypes.guess_type(path.name)[0] or UNKNOWN_MEDIA_TYPE
    kind = AttachmentKind.PHOTO if path.suffix.lower() in PHOTO_SUFFIXES else AttachmentKind.FILE
    return guessed, kind


def _shows_people(media_type: str, evidence_type: EvidenceType) -> bool:
    """Photos, video and sound need the participant's consent (identifiable people)."""
    if evidence_type in (EvidenceType.PHOTO, EvidenceType.VIDEO_AUDIO):
        return True
    return media_type.split("/")[0] in ("image", "video", "audio")


CONSENT_MESSAGE = (
    "Deltagaren har inte gett samtycke till foto, film eller ljud. Registrera "
    "samtycket med knappen Ändra uppgifter på deltagarsidan först, eller bifoga inte filen."
)


def _checked_file(
    path: Path, evidence_type: EvidenceType, photo_consent: bool
) -> tuple[str, AttachmentKind]:
    """Refuse what cannot become an attachment: missing, unreadable, empty, too large,
    of a type nobody can open, or showing people without consent."""
    try:
        if not path.is_file():
            raise UserError(f"Filen {path.name} finns inte eller är ingen vanlig fil.")
        size = path.stat().st_size
        if size == 0:
            raise UserError(f"Filen {path.name} är tom.")
        if size > MAX_ATTACHMENT_BYTES:
            raise UserError(f"Filen {path.name} är större än 500 MB.")
        media_type, kind = _sniff(path)
    except PermissionError:
        raise UserError(f"Filen {path.name} går inte att läsa (behörighet saknas).") from None
    except OSError as exc:
        raise UserError(f"Filen {path.name} kunde inte läsas ({os_error_text(exc)}).") from None
    if media_type == UNKNOWN_MEDIA_TYPE:
        raise UserError(
            f"Filen {path.name} har en filtyp som appen inte känner igen. Bifoga bilder, "
            "PDF, dokument, film eller ljud."
        )
    if _shows_people(media_type, evidence_type) and not photo_consent:
        raise UserError(CONSENT_MESSAGE)
    # A photo only when it decodes as one (HEIC needs a codec Pillow lacks; its header
    # was checked above): a text file named kvitto.jpg is refused, not stored.
    if kind is AttachmentKind.PHOTO and media_type != "image/heic" and not decodes_as_image(path):
        raise UserError(
            f"Filen {path.name} har en bildfils namn men går inte att öppna som en bild. "
            "Den kan vara skadad, eller vara en annan sorts fil med fel filändelse."
        )
    return media_type, kind


def _info(tx: Tx, row: EvidenceRow) -> EvidenceInfo:
    links = tx.find(EvidenceCriterionRow, evidence_id=row.id)
    atts = tx.find(AttachmentRow, order_by="created_at", evidence_id=row.id)
    return EvidenceInfo(
        row.id,
        row.participant_id,
        EvidenceType(row.type),
        row.date,
        row.title,
        row.description,
        row.witness_name,
        row.witness_role,
        frozenset(EvidenceQuality(q) for q in row.quality),
        frozenset(link.criterion_id for link in links),
        tuple(
            AttachmentInfo(a.id, a.sha256, a.filename, a.media_type, a.size, AttachmentKind(a.kind))
            for a in atts
        ),
        row.recorded_by,
    )


WITNESS_MAX = 200
DESCRIPTION_MAX = MAX_TEXT


class EvidenceService(Service):
    def _validate(
        self,
        type_: EvidenceType,
        date: dt.date,
        title: str,
        description: str,
        witness_name: str,
        witness_role: str,
    ) -> list[str]:
        errors = []
        if not title.strip():
            errors.append("Ge beviset en kort rubrik.")
        elif len(title.strip()) > 200:
            errors.append("Rubriken är för lång (högst 200 tecken).")
        if len(description.strip()) > DESCRIPTION_MAX:  # as the follow-up texts
            errors.append(
                f"Beskrivningen har {len(description.strip())} tecken, men högst "
                f"{DESCRIPTION_MAX} får plats. Korta texten."
            )
        if date > dt.date.today():
            errors.append("Datumet ligger i framtiden.")
        if type_.needs_witness and not witness_name.strip():
            errors.append("Ett vittnesutlåtande behöver vittnets namn.")
        # the columns' lengths: a longer value would stop the exchange package elsewhere
        if len(witness_name.strip()) > WITNESS_MAX:
            errors.append(f"Vittnets namn är för långt (högst {WITNESS_MAX} tecken).")
        if len(witness_role.strip()) > WITNESS_MAX:
            errors.append(f"Vittnets roll är för lång (högst {WITNESS_MAX} tecken).")
        return errors

    def _allowed_criteria(self, tx: Tx, participant_id: str) -> set[str]:
        module_ids = [
            e.module_id for e in tx.find(EnrollmentRow, participant_id=participant_id, active=True)
        ]
        return {c.id for c in tx.find_in(CriterionRow, "module_id", module_ids)}

    def _set_links(self, tx: Tx, ev: EvidenceRow, criterion_ids: Iterable[str]) -> None:
        wanted = set(criterion_ids)
        allowed = self._allowed_criteria(tx, ev.participant_id)
        existing = {
            link.criterion_id: link for link in tx.find(EvidenceCriterionRow, evidence_id=ev.id)
        }
        # Signed modules are frozen: no new evidence links into them (issue 4).
        ensure_criteria_open(tx, ev.participant_id, wanted - set(existing))
        # A link made before its module left the work plan may stay; new ones may not.
        if wanted - allowed - set(existing):
            raise ValidationError(
                "Beviset kan bara kopplas till kriterier i deltagarens moduler i arbetsplanen."
            )
        for cid in wanted - set(existing):
            tx.add(EvidenceCriterionRow(evidence_id=ev.id, criterion_id=cid))
        for cid in set(existing) - wanted:
            tx.delete(existing[cid])

    def add(
        self,
        actor_id: str | None,
        participant_id: str,
        *,
        type: EvidenceType,
        date: dt.date,
        title: str,
        description: str = "",
        witness_name: str = "",
        witness_role: str = "",
        quality: Iterable[EvidenceQuality] = (),
        criterion_ids: Iterable[str] = (),
        files: Iterable[Path] = (),
    ) -> EvidenceInfo:
        self.app.supervisors.require_staff(actor_id)
        errors = self._validate(type, date, title, description, witness_name, witness_role)
        if errors:
            raise ValidationError("Beviset kunde inte sparas.", errors)
        files = list(files)
        with self.db.transaction(actor_id) as tx:
            p = require(tx, ParticipantRow, participant_id, "Deltagaren")
            ev = tx.add(
                EvidenceRow(
                    participant_id=participant_id,
                    type=type.value,
                    date=date,
                    title=title.strip(),
                    description=description.strip(),
                    witness_name=witness_name.strip(),
                    witness_role=witness_role.strip(),
                    quality=sorted(q.value for q in quality),
                    recorded_by=actor_id,
                )
            )
            tx.flush()
            self._set_links(tx, ev, criterion_ids)
            for f in files:
                self._attach(tx, ev, p, f)
            tx.flush()
            return _info(tx, ev)

    def update(
        self,
        actor_id: str | None,
        evidence_id: str,
        *,
        type: EvidenceType,
        date: dt.date,
        title: str,
        description: str,
        witness_name: str = "",
        witness_role: str = "",
        quality: Iterable[EvidenceQuality] = (),
        criterion_ids: Iterable[str],  # required: leaving it out must not drop links
        add_files: Iterable[Path] = (),
        remove_attachment_ids: Iterable[str] = (),
    ) -> EvidenceInfo:
        """Change everything the evidence dialog edits, in one transaction: a refused
        file or link leaves the evidence exactly as it was."""
        self.app.supervisors.require_staff(actor_id)
        errors = self._validate(type, date, title, description, witness_name, witness_role)
        if errors:
            raise ValidationError("Ändringen kunde inte sparas.", errors)
        add_files = list(add_files)
        with self.db.transaction(actor_id) as tx:
            ev = require(tx, EvidenceRow, evidence_id, "Beviset")
            ensure_unlocked(tx, ev)
            for attachment_id in set(remove_attachment_ids):
                att = require(tx, AttachmentRow, attachment_id, "Bilagan")
                if att.evidence_id != ev.id:
                    raise ValidationError("Bilagan hör till ett annat bevis.")
                tx.delete(att)
            ev.type = type.value
            ev.date = date
            ev.title = title.strip()
            ev.description = description.strip()
            ev.witness_name = witness_name.strip()
            ev.witness_role = witness_role.strip()
            ev.quality = sorted(q.value for q in quality)
            self._set_links(tx, ev, criterion_ids)
            if add_files:
                p = require(tx, ParticipantRow, ev.participant_id, "Deltagaren")
                for f in add_files:
                    self._attach(tx, ev, p, f)
            tx.flush()
            return _info(tx, ev)

    def check_file(
        self, participant_id: str, path: Path, evidence_type: EvidenceType
    ) -> tuple[str, AttachmentKind]:
        """The checks `add` and `update` make on a file, without storing it, so a dialog
        can refuse it at once. Returns (media type, kind); raises UserError in Swedish."""
        with self.db.reader() as tx:
            consent = require(tx, ParticipantRow, participant_id, "Deltagaren").photo_consent
        return _checked_file(path, evidence_type, consent)

    def _attach(self, tx: Tx, ev: EvidenceRow, p: ParticipantRow, path: Path) -> None:
        media_type, kind = _checked_file(path, EvidenceType(ev.type), p.photo_consent)
        try:
            digest, size = self.app.blobs.put_file(path)
        except PermissionError:
            raise UserError(f"Filen {path.name} går inte att läsa (behörighet saknas).") from None
        except OSError as exc:
            raise UserError(f"Filen {path.name} kunde inte läsas ({os_error_text(exc)}).") from None
        tx.add(
            AttachmentRow(
                evidence_id=ev.id,
                sha256=digest,
                filename=path.name[:255],
                media_type=media_type,
                size=size,
                kind=kind.value,
            )
        )

    def add_attachment(self, actor_id: str | None, evidence_id: str, path: Path) -> EvidenceInfo:
        self.app.supervisors.require_staff(actor_id)
        with self.db.transaction(actor_id) as tx:
            ev = require(tx, EvidenceRow, evidence_id, "Beviset")
            ensure_unlocked(tx, ev)
            p = require(tx, ParticipantRow, ev.participant_id, "Deltagaren")
            self._attach(tx, ev, p, path)
            tx.flush()
            return _info(tx, ev)

    def remove_attachment(self, actor_id: str | None, attachment_id: str) -> None:
        self.app.supervisors.require_staff(actor_id)
        # The blob stays: other records or backups may share it; gallring cleans blobs.
        with self.db.transaction(actor_id) as tx:
            att = require(tx, AttachmentRow, attachment_id, "Bilagan")
            ensure_unlocked(tx, att)
            tx.delete(att)

    def delete(self, actor_id: str | None, evidence_id: str) -> None:
        self.app.supervisors.require_staff(actor_id)
        with self.db.transaction(actor_id) as tx:
            ev = require(tx, EvidenceRow, evidence_id, "Beviset")
            ensure_unlocked(tx, ev)
            for link in tx.find(EvidenceCriterionRow, evidence_id=ev.id):
                tx.delete(link)
            for att in tx.find(AttachmentRow, evidence_id=ev.id):
                tx.delete(att)
            tx.flush()
            tx.delete(ev)

    def get(self, evidence_id: str) -> EvidenceInfo:
        with self.db.reader() as tx:
            return _info(tx, require(tx, EvidenceRow, evidence_id, "Beviset"))

    def list(self, participant_id: str) -> list[EvidenceInfo]:
        with self.db.reader() as tx:
            rows = tx.find(EvidenceRow, order_by="date", participant_id=participant_id)
            return [_info(tx, r) for r in reversed(rows)]

    def attachment_path(self, sha256: str) -> Path:
        return self.app.blobs.path_for(sha256)
