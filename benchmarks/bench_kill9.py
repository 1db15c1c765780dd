"""Kill trials (issue 14): SIGKILL a child process in the middle of real work, then prove
the data folder is in a known state.

Operations, each in its own child process on a fresh copy of a demo data folder:
edit (participants created and updated through the services), import (a signed,
encrypted package from a second installation, trusted by fingerprint), export,
backup (`backup create`), certificates (`certificate --all`), copy (encrypted
`.hkopia`), restore (`restore --ersatt` of another laptop's copy) and start-up.

Each trial kills the child at a random moment (fixed seed, uniform over the operation's
measured duration) or at an exact point (a named hook in the child that SIGKILLs itself:
after the restore journal, after each rename of the restore, inside the import's
transaction, after a backup's temp file). After each kill the parent checks:

- the folder opens (finishing an interrupted restore, sweeping leftovers) and `check`
  finds nothing wrong;
- every change the child reported as committed is there;
- an import is wholly applied or not at all, and a re-run succeeds;
- no partial file carries a final name (backups pass quick_check, packages and copies
  decrypt, certificate PDFs are complete) and no plain-text leftover remains;
- after a restore, keys and database belong to the same installation.

    python benchmarks/bench_kill9.py [--random 60] [--seed 14]

Prints one line per trial and a summary; exit status 1 if any trial failed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PASS = "korrekt häst batteri häftklammer"
PIN = "2580"
ROOT = Path(__file__).resolve().parents[1]

# --- the child ---------------------------------------------------------------------------


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _die_at(point: str) -> None:
    if os.environ.get("KILL_AT") == point:
        os.kill(os.getpid(), signal.SIGKILL)


def _install_hooks() -> None:
    """Exact kill points: the child SIGKILLs itself when it reaches the named one."""
    point = os.environ.get("KILL_AT")
    if not point:
        return
    from handledare_app.services import exchange_import, restore_journal
    from handledare_app.storage import backup as storage_backup

    if point.startswith("restore-rename-"):
        n = int(point.rsplit("-", 1)[1])
        real_replace = os.replace
        count = [0]

        def replace(src: Any, dst: Any) -> None:
            journal = Path(dst).name.startswith(restore_journal.JOURNAL_NAME)
            real_replace(src, dst)
            if not journal and _journal_exists[0]:
                count[0] += 1
                if count[0] == n:
                    os.kill(os.getpid(), signal.SIGKILL)

        os.replace = replace  # type: ignore[assignment]
        _journal_exists = [False]
        real_begin = restore_journal.begin

        def begin(*a: Any) -> None:
            real_begin(*a)
            _journal_exists[0] = True

        restore_journal.begin = begin  # type: ignore[assignment]
    if point == "restore-after-journal":
        real_begin2 = restore_journal.begin

        def begin2(*a: Any) -> None:
            real_begin2(*a)
            _die_at(point)

        restore_journal.begin = begin2  # type: ignore[assignment]
    if point == "import-in-transaction":
        real_run = exchange_import.Importer._run

        def run(self: Any, tx: Any, *a: Any, **kw: Any) -> Any:
            out = real_run(self, tx, *a, **kw)
            if kw.get("write"):
                _die_at(point)
            return out

        exchange_import.Importer._run = run  # type: ignore[method-assign]
    if point == "backup-before-rename":
        real_publish = storage_backup.publish

        def publish(tmp: Path, final: Path) -> None:
            _die_at(point)
            real_publish(tmp, final)

        storage_backup.publish = publish  # type: ignore[assignment]


def child(op: str, data: Path, work: Path) -> None:
    _install_hooks()
    from handledare_app.cli import main
    from handledare_app.services import installation_copy as ic
    from handledare_app.services.app import open_app

    _say("READY")  # the interpreter and imports are done; the random delay counts from here
    if op == "edit":
        import datetime as dt

        from handledare_app.domain.enums import PlacementType, Referrer

        with open_app(data, backup_at_start=False) as app:
            admin = app.supervisors.list()[0].id
            for i in range(200):
                p = app.participants.create(
                    admin,
                    first_name=f"Kill{i}",
                    last_name="Prov",
                    placement_type=PlacementType.WORK_TRAINING,
                    referrer=Referrer.MUNICIPALITY,
                    start_date=dt.date(2026, 1, 1),
                )
                _say(f"CREATED {p.id}")
                app.participants.update(admin, p.id, phone=f"070-{i}")
                _say(f"UPDATED {p.id} 070-{i}")
    elif op == "import":
        fp = (work / "b.fingerprint").read_text().strip()
        with open_app(data, backup_at_start=False) as app:
            app.exchange.import_file(work / "b.hpkg", trust_fingerprint=fp)
        _say("IMPORTED")
    elif op == "export":
        out = work / "ut.hpkg"
        code = main(["--data-dir", str(data), "export", "--profile", "backup", "--out", str(out)])
        _say(f"EXPORTED {code}")
    elif op == "backup":
        code = main(["--data-dir", str(data), "backup", "create"])
        _say(f"BACKUP {code}")
    elif op == "certificates":
        code = main(["--data-dir", str(data), "certificate", "--all", "--out", str(work / "intyg")])
        _say(f"CERTIFICATES {code}")
    elif op == "copy":
        with open_app(data, backup_at_start=False) as app:
            admin = next(s for s in app.supervisors.list() if s.is_admin).id
            app.backups.write_copy(admin, work / "kopia.hkopia", PASS)
        _say("COPIED")
    elif op == "restore":
        ic.restore_copy(work / "b.hkopia", PASS, data, replace=True)
        _say("RESTORED")
    elif op == "startup":
        with open_app(data):
            pass
        _say("STARTED")
    else:
        raise SystemExit(f"unknown op {op}")


# --- the parent --------------------------------------------------------------------------

OPS = ("edit", "import", "export", "backup", "certificates", "copy", "restore", "startup")
EXACT = [
    ("restore", "restore-after-journal"),
    *[("restore", f"restore-rename-{n}") for n in (1, 2, 3, 4)],
    ("import", "import-in-transaction"),
    ("backup", "backup-before-rename"),
]


@dataclass
class Fixture:
    base: Path  # set-up demo folder A (signed modules, photos)
    work: Path  # b.hpkg, b.fingerprint, b.hkopia
    a_fp: str
    b_fp: str
    b_participants: set[str] = field(default_factory=set)


def build_fixture(root: Path) -> Fixture:
    from handledare_app.services import installation_copy as ic
    from handledare_app.services.app import open_app
    from handledare_app.services.demo import create_demo

    ic.SCRYPT_LOG_N = min(ic.SCRYPT_LOG_N_RANGE)  # the copies here need no slow passphrase
    base, other, work = root / "a", root / "b", root / "work"
    work.mkdir(parents=True)
    with open_app(base) as a:
        create_demo(a, participants=8)
        a_fp = a.keys.fingerprint
        a_recipient = a.keys.age_recipient
    with open_app(other) as b:
        b_admin = b.setup.set_up("Andra verkstan", "Lagerdatorn", "Bo Berg", PIN)
        create_demo_extra(b)
        b.exchange.export(work / "b.hpkg", profile="exchange", recipients=[a_recipient])
        (work / "b.fingerprint").write_text(b.keys.fingerprint)
        b.backups.write_copy(b_admin, work / "b.hkopia", PASS)
        b_fp = b.keys.fingerprint
        b_participants = {p.id for p in b.participants.list()}
    return Fixture(base, work, a_fp, b_fp, b_participants)


def create_demo_extra(app: Any) -> None:
    import datetime as dt

    from handledare_app.domain.enums import PlacementType, Referrer

    admin = app.supervisors.list()[0].id
    for i in range(40):
        app.participants.create(
            admin,
            first_name=f"Från B {i}",
            last_name="Berg",
            placement_type=PlacementType.WORK_TRAINING,
            referrer=Referrer.MUNICIPALITY,
            start_date=dt.date(2026, 2, 1),
        )


@dataclass
class Trial:
    op: str
    kill_at: str | None  # exact point, or None for a random delay
    delay: float = 0.0
    startup: float = 0.0  # measured: seconds until the child said READY


def run_child(fx: Fixture, trial: Trial, data: Path, work: Path) -> tuple[list[str], bool]:
    """Returns the child's committed lines and whether it was killed."""
    env = dict(os.environ, HANDLEDARE_KILL_CHILD="1", QT_QPA_PLATFORM="offscreen")
    env.pop("KILL_AT", None)
    if trial.kill_at:
        env["KILL_AT"] = trial.kill_at
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", trial.op, str(data), str(work)]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT
    )
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in proc.stdout or []:
            lines.append(line)
            if line.startswith("READY"):
                ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    t0 = time.perf_counter()
    if trial.kill_at is None:
        ready.wait(120)
        trial.startup = time.perf_counter() - t0
        try:
            proc.wait(timeout=trial.delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=300)
    reader.join(10)
    killed = proc.returncode == -signal.SIGKILL
    if not killed and proc.returncode != 0:
        err = (proc.stderr.read() if proc.stderr else "")[-2000:]
        raise RuntimeError(f"child failed ({proc.returncode}): {err}")
    return [line.strip() for line in lines if not line.startswith("READY")], killed


def verify(fx: Fixture, trial: Trial, data: Path, work: Path, lines: list[str]) -> list[str]:
    """Problems found after the kill (empty: the folder is in a known, whole state)."""
    from handledare_app.services import leftovers
    from handledare_app.services.app import open_app
    from handledare_app.services.paths import DataPaths
    from handledare_app.storage import backup as storage_backup

    problems: list[str] = []
    with open_app(data, backup_at_start=False) as app:
        problems += [f"check: {p}" for p in app.check.run()]
        ids = {p.id for p in app.participants.list()}
        for line in lines:
            parts = line.split()
            if parts[0] == "CREATED" and parts[1] not in ids:
                problems.append(f"committed participant {parts[1]} is missing")
            if parts[0] == "UPDATED" and app.participants.get(parts[1]).phone != parts[2]:
                problems.append(f"committed phone of {parts[1]} is missing")
        if trial.op == "import":
            got = len(fx.b_participants & ids)
            if got not in (0, len(fx.b_participants)):
                problems.append(f"import half applied: {got} of {len(fx.b_participants)}")
            if "IMPORTED" in lines and got == 0:
                problems.append("import reported done but is not there")
            again = app.exchange.import_file(
                work / "b.hpkg", trust_fingerprint=(work / "b.fingerprint").read_text().strip()
            )
            if not (again.applied or again.already_imported):
                problems.append("import re-run did not succeed")
            ids_after = {p.id for p in app.participants.list()}
            if not fx.b_participants <= ids_after:
                problems.append("import re-run left participants out")
            problems += [f"after re-run check: {p}" for p in app.check.run()]
        fp = app.keys.fingerprint
    if trial.op == "restore":
        want = {fx.a_fp, fx.b_fp}
        if fp not in want:
            problems.append("restored folder has keys of neither installation")
        if "RESTORED" in lines and fp != fx.b_fp:
            problems.append("restore reported done but the old identity is in place")
    paths = DataPaths(data)
    for b in storage_backup.list_backups(paths.backups):
        if not storage_backup.is_good_backup(b.path):
            problems.append(f"backup {b.path.name} under its final name is not whole")
    if (work / "ut.hpkg").exists():
        try:
            from handledare_app.services.exchange_import import Importer

            with open_app(data, backup_at_start=False) as app:  # decrypts, verifies, validates
                Importer(app).run(work / "ut.hpkg", dry_run=True)
        except Exception as exc:
            problems.append(f"package under final name does not open: {exc}")
    if (work / "kopia.hkopia").exists():
        from handledare_app.services import installation_copy as ic

        try:
            ic.restore_copy(work / "kopia.hkopia", PASS, work / "prov-aterstallning")
        except Exception as exc:
            problems.append(f"copy under final name does not restore: {exc}")
    for pdf in (work / "intyg").glob("*.pdf") if (work / "intyg").is_dir() else []:
        body = pdf.read_bytes()
        if not body.startswith(b"%PDF") or b"%%EOF" not in body[-64:]:
            problems.append(f"certificate {pdf.name} under its final name is not whole")
    left = leftovers.leftovers(paths)
    if left:
        problems.append(f"{len(left)} leftovers after start")
    return problems


def measure(fx: Fixture, root: Path, op: str) -> float:
    """Seconds from the child's READY to its end (the span random kills are drawn from)."""
    data, work = prepare(fx, root / f"measure-{op}")
    trial = Trial(op, None, delay=600)
    t0 = time.perf_counter()
    run_child(fx, trial, data, work)
    return max(0.05, time.perf_counter() - t0 - trial.startup)


def prepare(fx: Fixture, where: Path) -> tuple[Path, Path]:
    data, work = where / "data", where / "work"
    shutil.copytree(fx.base, data)
    shutil.copytree(fx.work, work)
    return data, work


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--random", type=int, default=60, help="random-moment trials")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--child", nargs=3, metavar=("OP", "DATA", "WORK"))
    args = parser.parse_args()
    if args.child:
        op, data, work = args.child
        child(op, Path(data), Path(work))
        return 0
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="kill9-") as tmp:
        root = Path(tmp)
        fx = build_fixture(root / "fixture")
        durations = {op: measure(fx, root, op) for op in OPS}
        print("operation durations (s, unkilled, from READY to exit):")
        print("  " + ", ".join(f"{op} {d:.2f}" for op, d in durations.items()))
        trials = [Trial(op, point) for op, point in EXACT]
        for _ in range(args.random):
            op = rng.choice(OPS)
            trials.append(Trial(op, None, delay=rng.uniform(0.0, durations[op])))
        failed = 0
        outcome: dict[str, int] = {}
        for n, trial in enumerate(trials):
            data, work = prepare(fx, root / f"t{n}")
            lines, killed = run_child(fx, trial, data, work)
            problems = verify(fx, trial, data, work, lines)
            how = trial.kill_at or f"random {trial.delay:.2f}s"
            state = "killed" if killed else "finished"
            key = f"{trial.op} {state}"
            outcome[key] = outcome.get(key, 0) + 1
            verdict = "OK" if not problems else "FAIL: " + "; ".join(problems)
            print(f"{n:3d} {trial.op:12s} {how:24s} {state:8s} {verdict}", flush=True)
            failed += bool(problems)
            shutil.rmtree(root / f"t{n}", ignore_errors=True)
        print(f"\n{len(trials)} trials, {failed} failed; by outcome:")
        for key in sorted(outcome):
            print(f"  {key}: {outcome[key]}")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
