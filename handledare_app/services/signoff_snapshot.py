"""The frozen snapshot of a signed module, its seal, and the `check` that compares
them with the rows in the database (issue 4)."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from ..domain.canonical import content_hash, sha256_hex
from ..domain.enums import AssessmentStatus
from ..domain.signing import SignatureMethod, SignerRole
from ..storage.database import Tx
from ..storage.models import (
    AssessmentRow,
    AttachmentRow,
    CriterionRow,
    EnrollmentRow,
    EvidenceCriterionRow,
    EvidenceRow,
    ModuleRow,
    ParticipantRow,
    SignoffRow,
    SupervisorRow,
)
from .catalogue import module_info
from .erasure import erased_ids, is_erased_content
from .signoff_locks import evidence_rows_for, is_standing

if TYPE_CHECKING:
    from .app import App

SNAPSHOT_FORMAT = 1


def _evidence_entry(ev: EvidenceRow, atts: list[AttachmentRow], links: list[str]) -> dict[str, Any]:
    """`atts` sorted by id, `links` (criterion ids) sorted."""
    body = {
        "id": ev.id,
        "type": ev.type,
        "date": ev.date.isoformat(),
        "title": ev.title,
        "description": ev.description,
        "witness_name": ev.witness_name,
        "witness_role": ev.witness_role,
        "quality": sorted(ev.quality),
        "recorded_by": ev.recorded_by,
        "criterion_ids": links,
        "attachments": [
            {"id": a.id, "sha256": a.sha256, "filename": a.filename, "size": a.size} for a in atts
        ],
    }
    return {
        "id": ev.id,
        "title": ev.title,
        "content_sha256": content_hash(body),
        "attachment_sha256": [a.sha256 for a in atts],
    }


def frozen_part(tx: Tx, e: EnrollmentRow) -> dict[str, Any]:
    """What the signoff locks, rebuilt from the current rows (the check compares it)."""
    return frozen_with_gaps(tx, e)[0]


def frozen_with_gaps(tx: Tx, e: EnrollmentRow) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """`frozen_part`, and its criteria with no evidence of the participant linked to
    them (a signed module has evidence behind every criterion, DESIGN §8), from the
    same reads."""
    criteria = tx.find(CriterionRow, order_by="position", module_id=e.module_id)
    assessments = {a.criterion_id: a for a in tx.find(AssessmentRow, enrollment_id=e.id)}
    judged = []
    for c in criteria:
        a = assessments.get(c.id)
        judged.append(
            {
                "criterion_id": c.id,
                "number": c.number,
                "text": c.text,
                "status": a.status if a else AssessmentStatus.NOT_STARTED.value,
                "comment": a.comment if a else "",
                "assessed_by": a.assessed_by if a else None,
                "assessed_on": a.assessed_on.isoformat() if a and a.assessed_on else None,
                "assessment_id": a.id if a else None,
            }
        )
    rows = evidence_rows_for(tx, e.participant_id, {c.id for c in criteria})
    ids = sorted(ev.id for ev in rows)
    atts: dict[str, list[AttachmentRow]] = {}
    for att in sorted(tx.find_in(AttachmentRow, "evidence_id", ids), key=lambda r: r.id):
        atts.setdefault(att.evidence_id, []).append(att)
    links: dict[str, list[str]] = {}
    for link in tx.find_in(EvidenceCriterionRow, "evidence_id", ids):
        links.setdefault(link.evidence_id, []).append(link.criterion_id)
    evidence = [
        _evidence_entry(ev, atts.get(ev.id, []), sorted(links.get(ev.id, []))) for ev in rows
    ]
    covered = {cid for ev_links in links.values() for cid in ev_links}
    frozen = {
        "enrollment": {
            "id": e.id,
            "module_id": e.module_id,
            "enrolled_on": e.enrolled_on.isoformat(),
        },
        "criteria": judged,
        "evidence": evidence,
    }
    return frozen, [c for c in judged if c["criterion_id"] not in covered]


def build_snapshot(
    tx: Tx, e: EnrollmentRow, supervisor: SupervisorRow, signed_on: dt.date
) -> dict[str, Any]:
    p = tx.get(ParticipantRow, e.participant_id)
    m = tx.get(ModuleRow, e.module_id)
    assert p is not None and m is not None
    info = module_info(tx, m)
    return {
        "format": SNAPSHOT_FORMAT,
        "participant": {"id": p.id, "name": f"{p.first_name} {p.last_name}".strip()},
        "module": {
            "id": m.id,
            "code": m.code,
            "version": m.version,
            "title": m.title,
            "business_area": info.business_area_name,
            "seqf_level": m.seqf_level,
            "ocn_level": m.ocn_level,
            "points": m.points,
            "content_hash": m.content_hash,
            "outcomes": [{"number": o.number, "text": o.text} for o in info.outcomes],
        },
        "supervisor": {"id": supervisor.id, "name": supervisor.name},
        "signed_on": signed_on.isoformat(),
        **frozen_part(tx, e),
    }


def seal_of(row: SignoffRow) -> str:
    return content_hash(
        {
            "snapshot_sha256": row.snapshot_sha256,
            "signatures": row.signatures,
            "qa_sampled": row.qa_sampled,
            "qa_draw": row.qa_draw,
            "supersedes_id": row.supersedes_id,
            "enrollment_id": row.enrollment_id,
            "participant_id": row.participant_id,
            "module_id": row.module_id,
            "supervisor_id": row.supervisor_id,
            "signed_on": row.signed_on.isoformat(),
        }
    )


def _describe_changes(stored: dict[str, Any], current: dict[str, Any], title: str) -> list[str]:
    out = []
    if stored.get("enrollment") != current["enrollment"]:
        out.append(f"Modulen {title} i arbetsplanen har ändrats efter signeringen.")
    old_c = {c["criterion_id"]: c for c in stored.get("criteria", [])}
    for c in current["criteria"]:
        if old_c.get(c["criterion_id"]) != c:
            out.append(
                f"Bedömningen av kriterium {c['number']} i modulen {title} har ändrats "
                "efter signeringen."
            )
    old_e = {e["id"]: e for e in stored.get("evidence", [])}
    new_e = {e["id"]: e for e in current["evidence"]}
    for eid, e in old_e.items():
        if eid not in new_e:
            out.append(f"Beviset ”{e['title']}” i modulen {title} saknas sedan signeringen.")
        elif new_e[eid] != e:
            out.append(f"Beviset ”{e['title']}” i modulen {title} har ändrats efter signeringen.")
    for eid, e in new_e.items():
        if eid not in old_e:
            out.append(f"Beviset ”{e['title']}” har kopplats till den signerade modulen {title}.")
    return out


def signature_blob_problems(app: App) -> list[str]:
    """For `check`: drawn signatures and scanned signing sheets missing or damaged."""
    out = []
    with app.db.reader() as tx:
        rows = tx.find(SignoffRow, order_by="created_at")
        refs = [(s.id, g) for s in rows for g in s.signatures if g.get("blob_sha256")]
    for signoff_id, g in refs:
        role = "handledarens" if g["role"] == SignerRole.SUPERVISOR.value else "deltagarens"
        what = "inskannade blankett" if g["method"] == SignatureMethod.PAPER.value else "signatur"
        label = f"Den {what} ({role}) i signeringen {signoff_id}"
        if not app.blobs.has(g["blob_sha256"]):
            out.append(f"{label} saknas.")
        elif not app.blobs.verify(g["blob_sha256"]):
            out.append(f"{label} är skadad.")
    return out


def signed_record_problems(tx: Tx) -> list[str]:
    """For `check`: signoffs whose snapshot, seal or locked rows no longer match."""
    problems: list[str] = []
    erased = erased_ids(tx)
    for s in tx.find(SignoffRow, order_by="created_at"):
        if s.participant_id in erased and is_erased_content(s.snapshot):
            continue  # emptied by an erasure (issue 15); check_privacy checks the marker
        try:
            snap = json.loads(s.snapshot)
            title = f"”{snap['module']['title']}”"
        except (ValueError, KeyError, TypeError):
            snap, title = {}, "(okänd)"
        label = f"Signeringen {s.id} (modul {title})"
        if sha256_hex(s.snapshot.encode("utf-8")) != s.snapshot_sha256:
            problems.append(
                f"{label} har ändrats efter att den signerades: kontrollsumman stämmer inte."
            )
            continue
        if seal_of(s) != s.seal_sha256:
            problems.append(
                f"{label}: signaturerna eller stickprovsdragningen har ändrats i databasen."
            )
        if not is_standing(tx, s.id):
            continue
        e = tx.get(EnrollmentRow, s.enrollment_id)
        if e is None:
            problems.append(f"{label}: modulen i arbetsplanen saknas.")
            continue
        current, gaps = frozen_with_gaps(tx, e)
        problems.extend(_describe_changes(snap, current, title))
        for c in gaps:
            problems.append(
                f"{label}: kriterium {c['number']} saknar bevis. En validering ska ha bevis för "
                "varje kriterium: öppna signeringen igen under Kvalitetssäkring, koppla bevis "
                "och signera på nytt."
            )
    return problems
