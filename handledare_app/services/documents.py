"""PDF documents besides the certificate: the participant's portfolio (evidence per
criterion, with photos where the participant has consented), the work plan, and the
signing sheet for a participant who signs on paper. All in the bundled fonts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, KeepTogether, Spacer, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable

from ..domain.enums import AttachmentKind
from ..domain.records import EnrollmentProgress, EvidenceInfo
from .base import Service
from .files import write_file_atomic
from .pdf_common import CONTENT_W, build_pdf, footer, para, register_fonts, styles
from .pdf_photos import print_ready

# Photo types reportlab draws through Pillow without extra codecs.
DRAWABLE = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/bmp"}
PHOTO_MAX_W = 70 * mm
PHOTO_MAX_H = 55 * mm


def _line(width: float) -> Flowable:
    return HRFlowable(width=width, thickness=0.6, color=colors.HexColor("#1d2a3a"))


class DocumentService(Service):
    def _photo(self, sha256: str) -> Flowable | None:
        """Upright by EXIF and scaled to print size (pdf_photos); unreadable: None."""
        ready = print_ready(self.app.blobs.path_for(sha256), PHOTO_MAX_W, PHOTO_MAX_H)
        if ready is None:  # an unreadable or unsupported picture is listed, not drawn
            return None
        data, w, h = ready
        img = Image(data, width=w, height=h)
        img.hAlign = "LEFT"
        return img

    def portfolio(self, participant_id: str) -> bytes:
        st = styles()
        person = self.app.participants.get(participant_id)
        workplace = self.app.setup.workplace().name
        progress = self.app.assessment.participant_progress(participant_id)
        evidence = self.app.evidence.list(participant_id)
        by_criterion: dict[str, list[EvidenceInfo]] = {}
        for ev in evidence:
            for cid in ev.criterion_ids:
                by_criterion.setdefault(cid, []).append(ev)
        story: list[Flowable] = [
            para(workplace, st["small"]),
            para("Portfölj", st["title"]),
            para(person.name, st["h1"]),
            para(
                f"Bevis per bedömningskriterium, utskrivet {dt.date.today().isoformat()}.",
                st["small"],
            ),
            Spacer(1, 4 * mm),
        ]
        if not person.photo_consent:
            story.append(
                para(
                    "Deltagaren har inte gett samtycke till foton, så inga bilder visas.",
                    st["small"],
                )
            )
        if not progress:
            story.append(para("Arbetsplanen har inga moduler ännu.", st["body"]))
        for prog in progress:
            story.append(para(f"{prog.module.title} ({prog.status.label})", st["h2"]))
            for outcome in prog.module.outcomes:
                story.append(para(f"{outcome.number}. {outcome.text}", st["h3"]))
                for c in outcome.criteria:
                    a = prog.assessments.get(c.id)
                    state = a.status.label if a else "Ej påbörjad"
                    block: list[Flowable] = [para(f"{c.number} {c.text} – {state}", st["body"])]
                    if a and a.comment:
                        block.append(para(f"Kommentar: {a.comment}", st["small"]))
                    items = by_criterion.get(c.id, [])
                    if not items:
                        block.append(para("Inga bevis kopplade ännu.", st["small"]))
                    for ev in items:
                        block.append(
                            para(
                                f"• {ev.date.isoformat()} {ev.type.label}: {ev.title}",
                                st["bullet"],
                            )
                        )
                        if ev.description:
                            block.append(para(ev.description, st["bullet"]))
                        if ev.witness_name:
                            who = ", ".join(x for x in (ev.witness_name, ev.witness_role) if x)
                            block.append(para(f"Vittne: {who}", st["bullet"]))
                        for att in ev.attachments:
                            shown = None
                            if (
                                person.photo_consent
                                and att.kind is AttachmentKind.PHOTO
                                and att.media_type in DRAWABLE
                            ):
                                shown = self._photo(att.sha256)
                            if shown is not None:
                                block.append(shown)
                            else:
                                block.append(para(f"Bilaga: {att.filename}", st["small"]))
                    block.append(Spacer(1, 2 * mm))
                    story.append(KeepTogether(block))
        return build_pdf(story, title="Portfölj", on_page=footer(f"Portfölj – {workplace}"))

    def work_plan(self, participant_id: str) -> bytes:
        st = styles()
        person = self.app.participants.get(participant_id)
        workplace = self.app.setup.workplace().name
        plan = self.app.journey.work_plan(participant_id)
        progress = self.app.assessment.participant_progress(participant_id)
        story: list[Flowable] = [
            para(workplace, st["small"]),
            para("Arbetsplan", st["title"]),
            para(person.name, st["h1"]),
            Spacer(1, 4 * mm),
            para("Mål", st["h2"]),
            para(plan.goals or "Inga mål skrivna ännu.", st["body"]),
            para("Planerade aktiviteter", st["h2"]),
            para(plan.planned_activities or "Inga aktiviteter skrivna ännu.", st["body"]),
            para("Nästa uppföljning", st["h2"]),
            para(plan.review_date.isoformat() if plan.review_date else "Inte bestämd.", st["body"]),
            para("Moduler", st["h2"]),
        ]
        story.append(
            self._module_table(progress) if progress else para("Inga moduler ännu.", st["body"])
        )
        return build_pdf(story, title="Arbetsplan", on_page=footer(f"Arbetsplan – {workplace}"))

    def _module_table(self, progress: list[EnrollmentProgress]) -> Flowable:
        st = styles()
        cell = ParagraphStyle("cell", parent=st["body"], fontSize=9, leading=12)
        rows = [[para(h, st["h3"]) for h in ("Modul", "Område", "Nivå", "Poäng", "Status")]]
        for p in progress:
            m = p.module
            rows.append(
                [
                    para(m.title, cell),
                    para(m.business_area_name, cell),
                    para(f"SeQF {m.seqf_level}", cell),
                    para(f"{m.points:g}".replace(".", ","), cell),
                    para(
                        f"{p.status.label} ({p.criteria_achieved} av {p.criteria_total})",
                        cell,
                    ),
                ]
            )
        width = CONTENT_W
        table = Table(rows, colWidths=[width * f for f in (0.3, 0.27, 0.1, 0.11, 0.22)])
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), register_fonts()[0]),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor("#1f5f8b")),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#c9d1db")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return table

    def signing_sheet(self, enrollment_id: str) -> bytes:
        """A sheet to print, sign by hand and (optionally) scan back into the sign-off."""
        st = styles()
        prog = self.app.assessment.enrollment(enrollment_id)
        title, outcomes, n_evidence = self.app.signing.summary_lines(enrollment_id)
        participant_id = self.app.signing.participant_of(enrollment_id)
        person = self.app.participants.get(participant_id)
        workplace = self.app.setup.workplace().name
        m = prog.module
        width = CONTENT_W
        story: list[Flowable] = [
            para(workplace, st["small"]),
            para("Signering av modul", st["title"]),
            para(f"{person.name} – {title}", st["h1"]),
            para(
                f"Modul {m.code} version {m.version}, {m.business_area_name}, SeQF-nivå "
                f"{m.seqf_level}, {f'{m.points:g}'.replace('.', ',')} poäng. "
                f"{prog.criteria_achieved} av {prog.criteria_total} kriterier uppnådda, "
                f"{n_evidence} bevis.",
                st["small"],
            ),
            Spacer(1, 4 * mm),
            para("Det här har du visat att du kan:", st["h2"]),
        ]
        for i, text in enumerate(outcomes, 1):
            story.append(para(f"{i}. {text}", st["bullet"]))
        story += [
            Spacer(1, 6 * mm),
            para(
                "Genom att skriva under intygar jag att jag har gått igenom bedömningen "
                "tillsammans med min handledare och att den stämmer.",
                st["body"],
            ),
            Spacer(1, 16 * mm),
        ]
        sig_rows = []
        for role, name in (("Deltagare", person.name), ("Handledare", "")):
            sig_rows.append([_line(width * 0.55), _line(width * 0.3)])
            sig_rows.append(
                [
                    para(f"{role}: namnteckning{' (' + name + ')' if name else ''}", st["small"]),
                    para("Datum", st["small"]),
                ]
            )
            sig_rows.append([Spacer(1, 14 * mm), Spacer(1, 14 * mm)])
        table = Table(sig_rows, colWidths=[width * 0.62, width * 0.38], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("FONTNAME", (0, 0), (-1, -1), register_fonts()[0]),
                ]
            )
        )
        story.append(table)
        story.append(
            para(
                "Handledaren signerar också i appen med sin PIN-kod. Blanketten kan skannas "
                f"in och bifogas signeringen. Referens: {enrollment_id}.",
                st["small"],
            )
        )
        return build_pdf(story, title="Signeringsblankett", on_page=footer(workplace))

    def write(self, data: bytes, out: Path) -> None:
        write_file_atomic(out, data, "PDF-filen")
