"""Opening a data folder: lock, integrity check and recovery, backup, migration.

`App` bundles the services for one data folder; the UI and the command line
both start here.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.errors import DataDirError
from ..storage import backup as backups
from ..storage import migrate, salvage
from ..storage.blobs import BlobStore
from ..storage.database import Database
from ..storage.lock import DataDirLock
from .keys import InstallationKeys, load_or_create
from .paths import DataPaths

log = logging.getLogger(__name__)


@dataclass
class StartupReport:
    notices: list[str] = field(default_factory=list)
    migrated_from: str | None = None
    restored_from: backups.BackupInfo | None = None


def _disk_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < 64 * 1024
    except OSError:
        return False


def _recover_if_corrupt(paths: DataPaths, report: StartupReport, use_backup: bool) -> None:
    """A damaged database is never switched without asking: `use_backup` is the answer."""
    if not paths.db.exists():
        return
    problem: str | None
    if paths.db.stat().st_size == 0 and backups.list_backups(paths.backups):
        # SQLite takes an empty file for a new database, but one with backups beside it
        # was emptied (a crash, a bad USB stick): migrating it would start over, and its
        # start backups would push the good ones out.
        problem = "databasfilen är tom (0 byte)"
    else:
        try:
            problem = backups.quick_check(paths.db)
        except backups.DatabaseUnavailable as exc:
            log.warning("database could not be checked: %s", type(exc).__name__)
            if _disk_full(paths.root):  # SQLite says only "disk I/O error"
                raise DataDirError(
                    f"Disken där datamappen {paths.root} ligger är full, så databasen kan "
                    "inte öppnas. Gör plats på disken och försök igen. Inget har ändrats."
                ) from None
            raise DataDirError(
                "Databasen kunde inte läsas just nu: den används av ett annat program eller "
                "är inte åtkomlig. Stäng andra program som kan ha den öppen och försök igen. "
                "Inget har ändrats."
            ) from None
    if problem is None:
        return
    log.error("database failed quick_check: %s", problem)
    good = [b for b in backups.list_backups(paths.backups) if backups.is_good_backup(b.path)]
    if not good:
        raise DataDirError(
            "Databasen är skadad och det finns ingen fungerande säkerhetskopia att återställa. "
            f"Filen har inte ändrats: {paths.db}. Kontakta support innan du gör något mer."
        )
    found = salvage.changes_after(paths.db, good[0].taken_at)
    newer = None if found is None else [_change_line(*change) for change in found]
    if not use_backup:
        raise DatabaseDamagedError(paths, problem, good[0], newer)
    aside = backups.move_aside(paths.db)
    restored = backups.restore_newest_good(paths.db, paths.backups)
    assert restored is not None
    report.restored_from = restored
    local = restored.taken_at.astimezone()
    listing = ""
    if newer:
        kept = aside.with_name(aside.name + ".nyare-andringar.txt")
        kept.write_text("\n".join(newer) + "\n", encoding="utf-8")
        listing = f" Ändringar som den skadade filen har efter kopian står i {kept.name}."
    report.notices.append(
        "Databasen var skadad och har ersatts med säkerhetskopian från "
        f"{local:%Y-%m-%d kl. %H:%M}. Ändringar gjorda efter det kan saknas. "
        f"Den skadade filen finns kvar som {aside.name}.{listing}"
    )


_CHANGE_WORDS = {"create": "ny post i", "update": "ändring i", "delete": "borttagning i"}


def _change_line(at: str, action: str, entity: str, record_id: str) -> str:
    """One change the damaged file has after the backup, in Swedish for the admin, with the
    codes support looks for: "2027-03-14 10:12:00 UTC: ändring i deltagare (kod: update
    participant <id>)"."""
    from .exchange_schema import entity_label

    what = _CHANGE_WORDS.get(action, f"händelsen ”{action}” i")
    return (
        f"{at[:10]} {at[11:19]} UTC: {what} {entity_label(entity)} "
        f"(kod: {action} {entity} {record_id})"
    )


SHOWN = 8  # changes listed in the question (all of them go to the file beside the damaged one)


def _damage_text(problem: str) -> str:
    """What the check found, in Swedish: SQLite's own words are English (the log has them)."""
    if "not a database" in problem:
        return "filen är ingen databas, eller så är dess början förstörd"
    if problem.isascii():
        return "delar av databasfilen är förstörda"
    return problem[:200]  # our own Swedish reason, e.g. an emptied file


class DatabaseDamagedError(DataDirError):
    """The database failed its check; a good backup exists. Asks before switching."""

    def __init__(
        self,
        paths: DataPaths,
        problem: str,
        backup: backups.BackupInfo,
        newer: list[str] | None,
    ) -> None:
        local = backup.taken_at.astimezone()
        if newer is None:
            found = "Vilka ändringar som gjorts efter kopian gick inte att läsa ur den."
        elif not newer:
            found = "Den skadade filen har inga ändringar efter kopians tid."
        else:
            found = f"Den skadade filen har {len(newer)} ändringar efter kopians tid:"
        super().__init__(
            f"Databasen {paths.db} är skadad ({_damage_text(problem)}). Den senaste "
            f"fungerande säkerhetskopian är från {local:%Y-%m-%d kl. %H:%M}. {found}",
            (newer or [])[:20]
            + ([f"… och {len(newer) - 20} till"] if newer and len(newer) > 20 else []),
        )
        self.backup = backup
        self.newer = newer
        self.question = (
            "Vill du byta till säkerhetskopian? Den skadade filen sparas (raderas inte), "
            "och listan över ändringar efter kopian sparas bredvid den."
        )
        self.cli_hint = (
            f"Kör ”handledare-app recover --bekrafta --data-dir {paths.root}” för att byta."
        )


def _migrate(paths: DataPaths, report: StartupReport) -> None:
    state = migrate.schema_state(paths.db)
    if state.newer_than_code:
        raise DataDirError(
            "Databasen är skapad av en nyare version av Handledarappen än den du kör "
            f"(schemaversion {state.current}). Installera den senaste versionen; "
            "databasen har inte ändrats."
        )
    if state.current is None and state.has_tables:
        raise DataDirError(
            f"Filen {paths.db.name} i datamappen tillhör inte Handledarappen. "
            "Välj en annan datamapp; filen har inte ändrats."
        )
    if state.up_to_date:
        return
    if state.current is not None:
        backups.take_backup(paths.db, paths.backups, backups.UPGRADE_REASON)
        report.migrated_from = state.current
    try:
        migrate.upgrade_to_head(paths.db)
    except Exception as exc:
        log.exception("migration failed")
        if "disk is full" in str(exc) or _disk_full(paths.root):
            raise DataDirError(
                f"Disken där datamappen {paths.root} ligger är full, så databasen kunde inte "
                "göras klar. Gör plats på disken och försök igen."
            ) from None
        raise DataDirError(
            "Databasen kunde inte uppgraderas till den här versionen av Handledarappen. "
            "Den är oförändrad, och det finns en säkerhetskopia i mappen "
            f"{paths.backups}. Kontakta support."
        ) from None
    if report.migrated_from is not None:
        report.notices.append(
            "Handledarappen är uppdaterad och databasen har anpassats till den nya versionen. "
            "En säkerhetskopia från före uppdateringen finns i datamappens mapp backups."
        )


class App:
    """One open data folder with its services. Close it to release the lock."""

    def __init__(
        self, paths: DataPaths, db: Database, lock: DataDirLock, report: StartupReport
    ) -> None:
        from .assessment import AssessmentService
        from .catalogue import CatalogueService
        from .catalogue_edit import CatalogueEditService
        from .check import CheckService
        from .evidence import EvidenceService
        from .exchange import ExchangeService
        from .journey import JourneyService
        from .journey_status import JourneyStatusService
        from .local_settings import LocalSettingsService
        from .participant_edit import ParticipantEditService
        from .participant_view import ParticipantViewService
        from .participants import ParticipantService
        from .setup import SetupService
        from .summary import SummaryService
        from .supervisors import SupervisorService

        self.paths = paths
        self.db = db
        self.blobs = BlobStore(paths.blobs)
        self.startup = report
        self._lock = lock
        self.closed = False  # close() ran: nothing may use this App any more
        self.setup = SetupService(self)
        self.supervisors = SupervisorService(self)
        self.catalogue = CatalogueService(self)
        self.participants = ParticipantService(self)
        self.journey = JourneyService(self)
        self.journey_status = JourneyStatusService(self)
        self.participant_edit = ParticipantEditService(self)
        self.evidence = EvidenceService(self)
        self.assessment = AssessmentService(self)
        self.summary = SummaryService(self)
        self.check = CheckService(self)
        self.catalogue_edit = CatalogueEditService(self)
        self.participant_view = ParticipantViewService(self)
        self.exchange = ExchangeService(self)
        # Signing, quality assurance, certificates and PDFs (issue 4).
        from .certificates import CertificateService
        from .documents import DocumentService
        from .quality import QualityService
        from .signing import SigningService

        self.signing = SigningService(self)
        self.quality = QualityService(self)
        self.certificates = CertificateService(self)
        self.documents = DocumentService(self)
        self._keys: InstallationKeys | None = None
        # Open Badges 3.0 credentials (issue 16).
        from .openbadges import OpenBadgeService
        from .openbadges_verify import OpenBadgeVerifier

        self.open_badges = OpenBadgeService(self)
        self.badge_verifier = OpenBadgeVerifier(self)
        # Backups and conflicts (issue 5).
        from .backups import BackupService
        from .conflicts import ConflictService

        self.backups = BackupService(self)
        self.conflicts = ConflictService(self)
        # ui-list: per-computer settings (last user at login)
        self.local_settings = LocalSettingsService(self)
        # Half-year follow-up figures (issue 10).
        from .statistics import StatisticsService

        self.statistics = StatisticsService(self)
        from .erasure import ErasureService

        self.erasure = ErasureService(self)
        from .register_extract import RegisterExtractService

        self.register_extract = RegisterExtractService(self)
        from .retention import RetentionService

        self.retention = RetentionService(self)
        # Synkronisera through a folder (issue 11).
        from .sync import SyncService

        self.sync = SyncService(self)
        from .joining import JoiningService

        self.joining = JoiningService(self)

    @property
    def keys(self) -> InstallationKeys:
        """This installation's Ed25519 and age keys, created on first use."""
        if self._keys is None:
            self._keys = load_or_create(self.paths.keys)
        return self._keys

    def backup_now(self, reason: str) -> backups.BackupInfo:
        return backups.take_backup(self.paths.db, self.paths.backups, reason)

    def close(self) -> None:
        self.closed = True
        self.db.dispose()
        self._lock.release()

    def hand_over_lock(self) -> DataDirLock:
        """Give the held data-folder lock to the caller (a restore that reopens the
        folder); closing this App afterwards no longer releases it."""
        lock, self._lock = self._lock, DataDirLock(self.paths.root)
        return lock

    def __enter__(self) -> App:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_app(
    data_dir: Path,
    *,
    backup_at_start: bool = True,
    check_keys: bool = True,
    use_backup: bool = False,
) -> App:
    paths = DataPaths(data_dir)
    paths.prepare()
    lock = DataDirLock(paths.root)
    lock.acquire()
    try:
        return open_locked(
            paths,
            lock,
            backup_at_start=backup_at_start,
            check_keys=check_keys,
            use_backup=use_backup,
        )
    except BaseException:
        lock.release()
        raise


def open_locked(
    paths: DataPaths,
    lock: DataDirLock,
    *,
    backup_at_start: bool = True,
    check_keys: bool = True,
    use_backup: bool = False,
) -> App:
    """Open a data folder whose lock the caller already holds (also after a restore).
    `check_keys` False only for the deliberate new-installation command."""
    report = StartupReport()
    from . import leftovers, restore_journal

    finished = restore_journal.finish_interrupted(paths)  # a restore killed half-way
    if finished is not None:
        report.notices.append(finished)
    leftovers.sweep(paths)
    _recover_if_corrupt(paths, report, use_backup)
    existed = paths.db.exists()
    _migrate(paths, report)
    db = Database(paths.db)
    if check_keys:
        from .identity import check_identity

        try:
            check_identity(paths, db)
        except BaseException:
            db.dispose()
            raise
    if existed and backup_at_start and report.restored_from is None:
        try:
            backups.take_backup(paths.db, paths.backups, "start")
        except OSError as exc:
            log.warning("backup at start failed: %s", type(exc).__name__)
            report.notices.append(
                "Säkerhetskopian vid start kunde inte göras. Kontrollera diskutrymmet."
            )
    app = App(paths, db, lock, report)
    app.setup.publish_public_keys()
    return app
