"""Registerutdrag (issue 15, right of access): everything held about one participant, as
machine-readable JSON (every row of every table about them, their files, the audit
entries and conflicts about those rows) and a PDF in plain Swedish.

"About them" is found by following foreign keys down from the participant: every table
that points at the participant, or at a row already found, is covered, so a new table
with `participant_id` is included without changes here (a test holds this)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from ..domain.codes import format_code
from ..domain.errors import UserError
from ..storage import exchange_rows as rows
from ..storage.audit_erasure import entries_about
from ..storage.database import Tx
from ..storage.models import AuditRow, ConflictRow, CriterionRow, ParticipantRow
from .base import Service, require
from .code_labels import code_label
from .exchange_schema import entity_label, foreign_keys
from .files import os_error_text, write_file_atomic
from .pdf_common import build_pdf, footer, para, styles

EXTRACT_FORMAT = 1
# Not about the participant even when reached (the shared network and catalogue).
SHARED = frozenset(
    {"workplace", "installation", "supervisor", "catalogue", "business_area", "module"}
)
FIELD_LABELS = {
    "first_name": "Förnamn",
    "last_name": "Efternamn",
    "personnummer": "Personnummer",
    "birth_year": "Födelseår",
    "phone": "Telefon",
    "email": "E-post",
    "stage": "Steg",
    "photo_consent": "Samtycke till foton",
    "photo_consent_date": "Datum för samtycket",
    "type": "Typ",
    "referrer": "Anvisad av",
    "start_date": "Startdatum",
    "planned_end_date": "Planerat slutdatum",
    "end_date": "Slutdatum",
    "outcome": "Resultat",
    "label": "Punkt",
    "done": "Klar",
    "done_on": "Klar den",
    "goals": "Mål",
    "planned_activities": "Planerade aktiviteter",
    "review_date": "Nästa genomgång",
    "date": "Datum",
    "attendees": "Närvarande",
    "notes": "Anteckningar",
    "next_steps": "Nästa steg",
    "module_code": "Modul",
    "enrolled_on": "Påbörjad",
    "active": "Aktiv",
    "title": "Rubrik",
    "description": "Beskrivning",
    "witness_name": "Vittnets namn",
    "witness_role": "Vittnets roll",
    "filename": "Filnamn",
    "media_type": "Filtyp",
    "size": "Storlek (byte)",
    "status": "Status",
    "comment": "Kommentar",
    "assessed_on": "Bedömd den",
    "signed_on": "Signerad den",
    "code": "Kod",
    "issued_on": "Utfärdat",
    "reason": "Skäl",
    "decision": "Beslut",
    "kind": "Sort",
    "erased_on": "Raderad den",
    "gender": "Kön",
    "start_status": "Situation vid start",
    "wage_subsidy": "Lönebidrag eller anställningsstöd",
    "municipality": "Kommun",
}
SIGNER = {"supervisor": "handledare", "participant": "deltagare"}
# media_type: a code for programs (image/png); the file name says enough on paper.
PDF_SKIPPED = frozenset(
    {"snapshot", "signatures", "content", "payload", "signature", "qa_draw", "quality"}
    | {"media_type"}
)


@dataclass(frozen=True)
class ExtractFiles:
    json_path: Path
    pdf_path: Path
    files: int


def _entities() -> list[str]:
    return list(rows.MODELS_BY_ENTITY)


def collect(tx: Tx, participant_id: str) -> dict[str, Any]:
    """The extract as a JSON-ready dict."""
    found: dict[str, set[str]] = {"participant": {participant_id}}
    changed = True
    while changed:
        changed = False
        for entity in _entities():
            if entity in SHARED or entity == "tombstone":
                continue
            for column, target in foreign_keys(entity):
                parents = found.get(target)
                if target in SHARED or not parents:
                    continue
                ids = rows.ids_where_in(tx, entity, column, parents)
                new = ids - found.setdefault(entity, set())
                if new:
                    found[entity] |= new
                    changed = True
    tables: dict[str, list[dict[str, Any]]] = {}
    for entity in _entities():
        if found.get(entity):
            tables[entity] = list(rows.rows_by_id(tx, entity, sorted(found[entity])).values())
    every_id = {rid for group in found.values() for rid in group}
    tombstones = [r for r in rows.iter_entity(tx, "tombstone") if r["record_id"] in every_id]
    if tombstones:
        tables["tombstone"] = tombstones
    # Also the entries of rows deleted since (their before/after may still hold text).
    seqs, about = entries_about(tx, participant_id)
    every_id |= {rid for group in about.values() for rid in group}
    entries = sorted(
        {
            a.seq: a
            for a in [
                *tx.find_in(AuditRow, "record_id", sorted(every_id)),
                *tx.find_in(AuditRow, "seq", seqs),
            ]
        }.values(),
        key=lambda a: a.seq,
    )
    audit: list[dict[str, Any]] = [
        {
            "seq": a.seq,
            "at": a.at,
            "action": a.action,
            "entity": a.entity,
            "record_id": a.record_id,
            "actor_id": a.actor_id,
            "before": a.before,
            "after": a.after,
            "erased": a.erased,
        }
        for a in entries
    ]
    conflicts = [
        {
            "at": c.at,
            "entity": c.entity,
            "record_id": c.record_id,
            "field": c.field,
            "kept_value": c.kept_value,
            "lost_value": c.lost_value,
        }
        for c in tx.find_in(ConflictRow, "record_id", sorted(every_id))
    ]
    files = [
        {
            "sha256": a["sha256"],
            "filename": a["filename"],
            "media_type": a["media_type"],
            "size": a["size"],
        }
        for a in tables.get("attachment", [])
    ]
    for s in tables.get("signoff", []):
        for g in s.get("signatures") or []:
            if isinstance(g, dict) and g.get("blob_sha256"):
                files.append(
                    {
                        "sha256": g["blob_sha256"],
                        "filename": f"signatur-{SIGNER.get(str(g.get('role')), 'okänd')}.json",
                        "media_type": "application/json",
                        "size": None,
                    }
                )
    # The criteria judged or shown by evidence, by number and text: a reader of the
    # extract must see *what* was judged, not an id.
    criterion_ids = sorted(
        {r["criterion_id"] for e in ("assessment", "evidence_criterion") for r in tables.get(e, [])}
    )
    criteria = {c.id: f"{c.number} {c.text}" for c in tx.find_in(CriterionRow, "id", criterion_ids)}
    return {
        "format": EXTRACT_FORMAT,
        "created_on": dt.date.today().isoformat(),
        "participant_id": participant_id,
        "criteria": criteria,
        "tables": tables,
        "files": files,
        "audit": audit,
        "conflicts": conflicts,
    }


def _value(entity: str, key: str, v: Any) -> str:
    if v is None or v == "":
        return "–"
    if isinstance(v, bool):
        return "ja" if v else "nej"
    if (entity, key) == ("certificate", "code"):
        return format_code(str(v))  # as printed on the certificate
    coded = code_label(entity, key, v)
    return coded if coded is not None else str(v)


def render_pdf(data: dict[str, Any], workplace: str) -> bytes:
    st = styles()
    person = data["tables"].get("participant", [{}])[0]
    name = f"{person.get('first_name', '')} {person.get('last_name', '')}".strip()
    story: list[Flowable] = [
        para(workplace, st["small"]),
        para("Registerutdrag", st["title"]),
        para(name, st["h1"]),
        para(
            f"Det här är allt som {workplace} har sparat om dig i Handledarappen, "
            f"utskrivet {data['created_on']}. Samma uppgifter finns i filen "
            "registerutdrag.json, där även filer, foton och signaturer ligger i mappen filer. "
            "Du har rätt att få fel rättade och att begära att uppgifterna raderas.",
            st["body"],
        ),
        Spacer(1, 4 * mm),
    ]
    for entity, table in data["tables"].items():
        label = entity_label(entity)
        story.append(para(f"{label.capitalize()} ({len(table)})", st["h2"]))
        for row in table:
            parts = [
                f"{FIELD_LABELS[k]}: {_value(entity, k, v)}"
                for k, v in row.items()
                if k in FIELD_LABELS and k not in PDF_SKIPPED
            ]
            criterion = data.get("criteria", {}).get(row.get("criterion_id"))
            if criterion:
                parts.insert(0, f"Kriterium: {criterion}")
            if entity in ("signoff", "certificate"):
                parts.append("Det signerade innehållet finns i JSON-filen.")
            story.append(para(" · ".join(parts) or "(inga uppgifter att visa)", st["body"]))
    story.append(para(f"Filer och foton ({len(data['files'])})", st["h2"]))
    for f in data["files"]:
        where = f"sparad som {f['fil']}" if f.get("fil") else "saknas på den här datorn"
        story.append(para(f"{f['filename']} ({where})", st["body"]))
    story.append(para(f"Händelser i granskningsloggen ({len(data['audit'])})", st["h2"]))
    story.append(
        para(
            "Varje ändring av uppgifterna loggas: när, av vilken handledare och vad som "
            "ändrades. Detaljerna finns i JSON-filen.",
            st["small"],
        )
    )
    actions = {"create": "skapade", "update": "ändrade", "delete": "tog bort"}
    for e in data["audit"]:
        what = entity_label(e["entity"])
        story.append(
            para(f"{e['at'][:10]}: {actions.get(e['action'], e['action'])} ({what})", st["small"])
        )
    return build_pdf(story, title="Registerutdrag", on_page=footer("Registerutdrag"))


class RegisterExtractService(Service):
    def data(self, participant_id: str) -> dict[str, Any]:
        with self.db.reader() as tx:
            require(tx, ParticipantRow, participant_id, "Deltagaren")
            return collect(tx, participant_id)

    def write(self, actor_id: str | None, participant_id: str, out_dir: Path) -> ExtractFiles:
        """registerutdrag.json, registerutdrag.pdf and filer/ in a new folder under out_dir
        (named by date and the id's random tail, no name)."""
        self.app.supervisors.require_staff(actor_id)
        return self.write_data(self.data(participant_id), out_dir)

    def write_data(self, data: dict[str, Any], out_dir: Path) -> ExtractFiles:
        """Write an extract from `data` (the command line, which acts as the installation)."""
        participant_id = str(data["participant_id"])
        # The tail: a UUIDv7 starts with its creation time, so participants added in the
        # same minute share their first eight digits (and would share one folder).
        folder = out_dir / f"registerutdrag-{data['created_on']}-{participant_id[-12:]}"
        try:
            (folder / "filer").mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"Mappen {folder} kunde inte skapas ({os_error_text(exc)}).") from None
        copied = 0
        for f in data["files"]:
            src = self.app.blobs.path_for(f["sha256"])
            if not src.is_file():
                f["saknas"] = True
                continue
            suffix = Path(f["filename"]).suffix[:10]
            name = f"{f['sha256'][:16]}{suffix}"
            f["fil"] = f"filer/{name}"
            write_file_atomic(folder / "filer" / name, src.read_bytes(), "Filen")
            copied += 1
        text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
        json_path = folder / "registerutdrag.json"
        write_file_atomic(json_path, text.encode("utf-8"), "JSON-filen")
        pdf_path = folder / "registerutdrag.pdf"
        write_file_atomic(pdf_path, render_pdf(data, self.app.setup.workplace().name), "PDF-filen")
        return ExtractFiles(json_path, pdf_path, copied)
