"""Synkronisera (issue 11 item 2): keep a workplace's laptops in step through one folder.

One sync: read every package in the folder from the workplace's other laptops that this
laptop has not read yet, then write this laptop's package for them (reading first means
the package written already confirms what was just read), then remove this laptop's
older packages: the new one carries everything any peer has not confirmed
(services/delivery.py), so the older ones are no longer needed by anyone.

Package names hold only ids, never personal data:
    hsync-<workplace id>-<installation id>-<audit seq, 12 digits>.hpkg
written as `.hsync-<installation id>-<random>.tmp.hpkg` first and renamed; a laptop
removes its own temporary files left by a write that was cut off.
A laptop deletes only its own files, so two laptops syncing at once never remove each
other's work. Files that cannot be read (half written, pulled stick, another
workplace's) are skipped with a note and tried again next time.

A folder that fails part-way (full, the stick pulled out) stops the sync with
`SyncIncomplete`: what was read stays (each package is applied in one transaction), no
package is left under a final name, and nothing is marked as delivered (delivery is by
acknowledgement), so the next sync to a folder that works finishes the job. A full
folder is still read: reading needs no space on it (services/sync_faults.py).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import UserError
from ..domain.swedish import count_text
from ..storage.fsutil import publish
from ..storage.models import InstallationRow
from . import delivery, retirement
from . import package as pkg
from .base import Service
from .files import os_error_text
from .sync_faults import folder_gone, is_full, stick_removed, write_failed

if TYPE_CHECKING:
    from .exchange_import import ImportReport

FOLDER_SETTING = "sync.folder"
PREFIX = "hsync-"
_NAME = re.compile(r"^hsync-([0-9a-f-]{36})-([0-9a-f-]{36})-(\d{12})\.hpkg$")


@dataclass
class SyncReport:
    folder: Path
    written: str = ""  # file name of this laptop's new package ("" if none)
    read: int = 0
    counts: dict[str, Counter[str]] = field(default_factory=dict)  # sender → entity → new
    conflicts: int = 0
    blocked: int = 0
    removed: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, report: ImportReport) -> None:
        self.read += 1
        sender = report.sender or "okänd dator"
        per = self.counts.setdefault(sender, Counter())
        for entity, c in report.counts.items():
            per[entity] += c.new + c.updated
        self.conflicts += report.conflicts
        self.blocked += report.blocked

    def summary(self) -> str:
        """One line in Swedish, e.g. "3 nya bevis från Butikslaptop, 1 konflikt att granska"."""
        parts: list[str] = []
        for sender, per in sorted(self.counts.items()):
            what = _describe(per)
            if what:
                parts.append(f"{what} från {sender}")
        issues = self.conflicts + self.blocked
        if issues:
            parts.append(f"{count_text(issues, 'konflikt', 'konflikter')} att granska")
        if not parts:
            parts.append("Inget nytt från de andra datorerna")
        return ", ".join(parts) + "."

    def lines(self) -> list[str]:
        out = [self.summary()]
        if self.written:
            out.append("Den här datorns ändringar är skrivna till mappen.")
        out.extend(self.notes)
        return out


# What the summary names, in this order (the rest is counted as "andra ändringar").
_NAMED = (
    ("participant", "ny eller ändrad deltagare", "nya eller ändrade deltagare"),
    ("evidence", "nytt bevis", "nya bevis"),
    ("assessment", "bedömning", "bedömningar"),
    ("signoff", "signering", "signeringar"),
    ("installation", "ny eller ändrad dator", "nya eller ändrade datorer"),
)


def _describe(per: Counter[str]) -> str:
    bits = []
    named = {e for e, _, _ in _NAMED}
    for entity, one, many in _NAMED:
        n = per.get(entity, 0)
        if n:
            bits.append(count_text(n, one, many))
    rest = sum(n for e, n in per.items() if e not in named)
    if rest:
        bits.append(count_text(rest, "annan ändring", "andra ändringar"))
    return ", ".join(bits)


class SyncService(Service):
    # --- the remembered folder ---------------------------------------------------------

    def folder(self) -> Path | None:
        value = self.app.local_settings.get(FOLDER_SETTING)
        return Path(value) if value else None

    def remember(self, folder: Path) -> None:
        self.app.local_settings.set(FOLDER_SETTING, str(folder))

    # --- peers -------------------------------------------------------------------------

    def peers(self) -> list[tuple[str, str, str]]:
        """(installation id, name, age key) of this workplace's other laptops."""
        own = self.app.setup.installation()
        out: dict[str, tuple[str, str, str]] = {}
        revoked = self.app.exchange.trust.revoked_keys()
        with self.db.reader() as tx:
            gone = set(retirement.retired(tx))  # taken out of the workplace
            for r in tx.find(InstallationRow, workplace_id=own.workplace_id):
                if r.id != own.id and r.age_recipient and r.signing_public_key not in revoked:
                    out[r.id] = (r.id, r.name, r.age_recipient)
        for i in self.app.exchange.trust.installations():  # revoked keys left out there
            if i.workplace_id == own.workplace_id and not i.is_self and i.id not in out:
                out[i.id] = (i.id, i.name, i.age_recipient)
        for installation_id in gone:
            out.pop(installation_id, None)
        return sorted(out.values())

    # --- one sync ----------------------------------------------------------------------

    def run(
        self, folder: Path, *, actor_id: str | None = None, progress: pkg.Progress | None = None
    ) -> SyncReport:
        folder = folder.expanduser()
        if folder.exists() and not folder.is_dir():
            raise UserError(
                f"{folder} är en fil, inte en mapp. Välj mappen som arbetsplatsens datorer "
                "synkroniserar genom (till exempel på USB-minnet)."
            )
        if not folder.is_dir():
            raise UserError(
                f"Mappen {folder} finns inte. Sätt i USB-minnet eller välj en annan mapp."
            )
        retirement.refuse_if_retired(self.app)
        self.remember(folder)  # kept when the sync fails part-way (the stick comes back)
        full = self._check_writable(folder)
        own = self.app.setup.installation()
        report = SyncReport(folder)
        incoming = self._unread(folder, own.workplace_id, own.id, report)
        total = len(incoming) + 1
        for i, path in enumerate(incoming):
            _tick(progress, i, total)
            self._read_one(path, actor_id, report)
        _tick(progress, len(incoming), total)
        retirement.refuse_if_retired(self.app)  # learnt from a package just read
        self._clean_retired(incoming, report)
        peers = self.peers()  # after reading: a package may introduce or retire laptops
        if full is not None and peers:  # nothing to write without peers
            raise write_failed(folder, full, report)
        self._write(folder, own.workplace_id, own.id, peers, actor_id, report)
        _tick(progress, total, total)
        return report

    def _check_writable(self, folder: Path) -> OSError | None:
        """Refuse a folder that cannot be written; a full one is returned (its packages
        are read all the same, then the sync stops with a message)."""
        probe = folder / f".hsync-prov-{secrets.token_hex(4)}"
        try:
            with open(probe, "wb") as fh:
                fh.write(b"0" * 4096)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            if is_full(exc):
                return exc
            raise UserError(
                f"Det går inte att skriva i mappen {folder} ({os_error_text(exc)}). "
                "Är USB-minnet skrivskyddat eller fullt? Inget har ändrats."
            ) from None
        finally:
            with contextlib.suppress(OSError):
                probe.unlink()
        return None

    def _unread(
        self, folder: Path, workplace_id: str, own_id: str, report: SyncReport
    ) -> list[Path]:
        """Other laptops' packages of this workplace, oldest first (by name order)."""
        found: list[Path] = []
        foreign = 0
        try:
            names = sorted(os.listdir(folder))
        except OSError as exc:
            raise UserError(f"Mappen {folder} kunde inte läsas ({os_error_text(exc)}).") from None
        for name in names:
            m = _NAME.match(name)
            if m is None:
                continue
            if m.group(1) != workplace_id:
                foreign += 1
                continue
            if m.group(2) == own_id:
                continue
            found.append(folder / name)
        if foreign:
            report.notes.append(
                f"{foreign} paket från en annan arbetsplats hoppades över (de lämnas kvar)."
            )
        return found

    def _read_one(self, path: Path, actor_id: str | None, report: SyncReport) -> None:
        try:
            result = self.app.exchange.import_file(path, actor_id=actor_id)
        except pkg.Cancelled:
            raise
        except (UserError, OSError) as exc:
            if folder_gone(path.parent):  # the stick was pulled out: stop here
                raise stick_removed(path.parent, report) from None
            if not path.exists():  # removed by its writer meanwhile: a newer one replaces it
                return
            why = exc if isinstance(exc, UserError) else os_error_text(exc)
            report.notes.append(f"{path.name[:60]} lästes inte: {why}")
            return
        if not result.already_imported:
            report.add(result)

    def _clean_retired(self, found: list[Path], report: SyncReport) -> None:
        """Remove the package files of laptops taken out of the workplace whose content
        this laptop holds (services/retirement.py); its own packages carry it on."""
        with self.db.reader() as tx:
            gone = set(retirement.retired(tx))
            held = {i: delivery.have(tx, i) for i in gone}
        cleaned = 0
        for path in found:
            m = _NAME.match(path.name)
            if m is None or m.group(2) not in gone or int(m.group(3)) > held[m.group(2)]:
                continue
            with contextlib.suppress(OSError):
                path.unlink()
                cleaned += 1
        if cleaned:
            report.removed += cleaned
            report.notes.append(
                f"{count_text(cleaned, 'paket', 'paket')} från datorer som tagits bort ur "
                "arbetsplatsen städades bort ur mappen."
            )

    def _write(
        self,
        folder: Path,
        workplace_id: str,
        own_id: str,
        peers: list[tuple[str, str, str]],
        actor_id: str | None,
        report: SyncReport,
    ) -> None:
        if not peers:
            report.notes.append(
                "Arbetsplatsen har inga andra datorer ännu: inget paket skrevs. "
                "En administratör bjuder in en dator under Inställningar (på kommandoraden: "
                "”handledare-app invite”)."
            )
            return
        _sweep_own_temp(folder, own_id)
        tmp = folder / f".{PREFIX}{own_id}-{secrets.token_hex(6)}.tmp.hpkg"
        try:
            result = self.app.exchange.export(
                tmp, profile="exchange", actor_id=actor_id, recipients=[p[2] for p in peers]
            )
            name = f"{PREFIX}{workplace_id}-{own_id}-{result.audit_head:012d}.hpkg"
            publish(tmp, folder / name)  # the rename survives the stick being pulled
        except pkg.Cancelled:
            _discard(tmp)
            raise
        except (UserError, OSError) as exc:
            _discard(tmp)  # never a half package, under any name
            raise write_failed(folder, exc, report) from None
        report.written = name
        for old in folder.glob(f"{PREFIX}{workplace_id}-{own_id}-*.hpkg"):
            if old.name != name:
                with contextlib.suppress(OSError):
                    old.unlink()
                    report.removed += 1


def _sweep_own_temp(folder: Path, own_id: str) -> None:
    """Temporary files this laptop left when it was cut off mid-write (power, kill). Only
    our own: another laptop may be writing its temporary file at this very moment, and
    this laptop writes one package at a time (the data folder is locked)."""
    for tmp in folder.glob(f".{PREFIX}{own_id}-*.tmp.hpkg"):
        _discard(tmp)
    for leftover in folder.glob(f"..{PREFIX}{own_id}-*.tmp.hpkg.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)


def _discard(tmp: Path) -> None:
    for path in (tmp, tmp.with_name(f".{tmp.name}.tmp")):  # ours and encrypt_to_file's
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def _tick(progress: pkg.Progress | None, done: int, total: int) -> None:
    if progress is not None and not progress(done, total):
        raise pkg.Cancelled()
