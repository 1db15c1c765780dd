"""`check`: database integrity, schema, audit chain, catalogue and signature hashes, blobs."""

from __future__ import annotations

from ..domain.records import CheckProblem
from ..storage import migrate, queries
from ..storage.models import AttachmentRow, ModuleRow
from . import tamper_check
from .base import Service
from .catalogue import module_info, module_spec
from .check_privacy import erased_audit_problems, erased_row_problems
from .exchange_schema import entity_label
from .signoff_snapshot import signature_blob_problems, signed_record_problems


class CheckService(Service):
    def run(self) -> list[CheckProblem]:
        problems: list[CheckProblem] = []
        state = migrate.schema_state(self.app.paths.db)
        if not state.up_to_date:
            problems.append(
                CheckProblem("Databas", f"Schemat är {state.current}, väntat {state.head}.")
            )
        with self.db.reader() as tx:
            for msg in queries.quick_check_live(tx):
                problems.append(CheckProblem("Databas", f"Integritetskontrollen: {msg}"))
            for table, rowid, parent in queries.foreign_key_problems(tx):
                problems.append(
                    CheckProblem(
                        "Databas",
                        f"Rad {rowid} bland {entity_label(table)} pekar på en post bland "
                        f"{entity_label(parent)} som saknas.",
                    )
                )
            for msg in queries.verify_audit_chain(tx):
                problems.append(CheckProblem("Granskningslogg", msg))
            for msg in erased_audit_problems(tx):  # issue 15: erased, not tampered
                problems.append(CheckProblem("Granskningslogg", msg))
            for msg in erased_row_problems(tx):
                problems.append(CheckProblem("Radering", msg))
            for m in tx.find(ModuleRow, order_by="code"):
                spec = module_spec(module_info(tx, m))
                if spec.content_hash() != m.content_hash:
                    problems.append(
                        CheckProblem(
                            "Kriteriebank",
                            f"Modul {m.code} version {m.version} har ändrats utanför appen "
                            "(innehållet stämmer inte med kontrollsumman).",
                        )
                    )
            # Signed records (issue 4): snapshot hash, seal, and the rows the signoff locked.
            for msg in signed_record_problems(tx):
                problems.append(CheckProblem("Signering", msg))
            seen: set[str] = set()
            for a in tx.find(AttachmentRow):
                if a.sha256 in seen:
                    continue
                seen.add(a.sha256)
                if not self.app.blobs.has(a.sha256):
                    problems.append(
                        CheckProblem(
                            "Filer", f"Bilagan ”{a.filename}” (bevis {a.evidence_id}) saknas."
                        )
                    )
                elif not self.app.blobs.verify(a.sha256):
                    problems.append(
                        CheckProblem(
                            "Filer", f"Bilagan ”{a.filename}” (bevis {a.evidence_id}) är skadad."
                        )
                    )
        for msg in signature_blob_problems(self.app):
            problems.append(CheckProblem("Filer", msg))
        for msg in self.app.certificates.register_problems():
            problems.append(CheckProblem("Intyg", msg))
        problems.extend(tamper_check.problems(self.app))
        return problems
