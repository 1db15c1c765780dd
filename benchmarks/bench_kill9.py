"""Kill trials (issue 14): SIGKILL a child process in the middle of real work, then prove
the data folder is in a known state.

Operations, each in its own child process (kill9_child.py) on a fresh copy of a demo
data folder (kill9_fixture.py): edit (participants created and updated through the
services), import (a signed, encrypted package from a second installation, trusted by
fingerprint), export, backup (`backup create`), certificates (`certificate --all`),
copy (encrypted `.hkopia`), restore (`restore --ersatt` of another laptop's copy) and
start-up.

Each trial kills the child at a random moment (fixed seed, uniform over the operation's
measured duration) or at an exact point (kill9_hooks.py: after the restore journal,
after each rename of the restore, inside the import's transaction, after its first
batch, after its commit, after a backup's temp file, half-way through writing a backup,
a package or a certificate). Then the next start runs as its own process (finishing an
interrupted restore, sweeping leftovers), and the parent checks:

- the folder opens and `check` finds nothing wrong;
- no plain-text leftover or temp file remains; key files are owner-only;
- every change the child reported as committed is there;
- an import is wholly applied or not at all (every row of the sender's it adds), with
  the admin's trust decision when applied, and a re-run succeeds;
- no partial file carries a final name (backups pass quick_check and hold the
  installation, packages and copies decrypt, certificate PDFs are complete);
- after a restore, the database is one installation's and the keys are the same one's.

    python benchmarks/bench_kill9.py [--random 60] [--seed 14]
    python benchmarks/bench_kill9.py --mutation NAME [--random 4] [--control]

`--mutation` puts one known fault back in the child and in the next start
(kill9_mutations.py) and runs only the trials aimed at it: the bench must flag it
(exit status 0 when at least one trial failed). `--control` runs the same trials on the
good code too (they must all pass). Prints one line per trial and a summary; without
--mutation the exit status is 1 if any trial failed.
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
from dataclasses import dataclass
from pathlib import Path

import kill9_mutations
from kill9_child import PASS, child
from kill9_fixture import Fixture, build_fixture, row_ids

ROOT = Path(__file__).resolve().parents[1]

# --- the parent --------------------------------------------------------------------------

OPS = ("edit", "import", "export", "backup", "certificates", "copy", "restore", "startup")
EXACT = [
    ("restore", "restore-after-journal"),
    *[("restore", f"restore-rename-{n}") for n in (1, 2, 3, 4)],
    ("import", "import-in-transaction"),
    ("import", "import-mid-batches"),
    ("import", "import-after-commit"),
    ("backup", "backup-before-rename"),
    ("backup", "backup-mid-write"),
    ("export", "export-mid-write"),
    ("certificates", "certificate-mid-write"),
]
# Temp names of the app's operations, looked for independently of services.leftovers.
STRAY = ("*.tmp", ".import-*", ".export-*", ".kopia-*", ".in-*", ".aterstallning*")


@dataclass
class Trial:
    op: str
    kill_at: str | None  # exact point, or None for a random delay
    delay: float = 0.0
    startup: float = 0.0  # measured: seconds until the child said READY


def child_env(mutation: str | None, kill_at: str | None = None) -> dict[str, str]:
    env = dict(os.environ, HANDLEDARE_KILL_CHILD="1", QT_QPA_PLATFORM="offscreen")
    env.pop("KILL_AT", None)
    env.pop("KILL9_MUTATION", None)
    if kill_at:
        env["KILL_AT"] = kill_at
    if mutation:
        env["KILL9_MUTATION"] = mutation
    return env


def child_cmd(op: str, data: Path, work: Path) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--child", op, str(data), str(work)]


def run_child(
    trial: Trial, data: Path, work: Path, mutation: str | None = None
) -> tuple[list[str], bool]:
    """Returns the child's committed lines and whether it was killed."""
    env = child_env(mutation, trial.kill_at)
    proc = subprocess.Popen(
        child_cmd(trial.op, data, work),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
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


def reopen(data: Path, work: Path, mutation: str | None) -> str | None:
    """The next start after the kill, as its own process (with the same fault, if any).
    Returns why it failed, or None."""
    done = subprocess.run(
        child_cmd("reopen", data, work),
        capture_output=True,
        text=True,
        env=child_env(mutation),
        cwd=ROOT,
        timeout=300,
    )
    if done.returncode == 0:
        return None
    tail = [line for line in done.stderr.strip().splitlines() if line.strip()]
    return tail[-1] if tail else f"exit {done.returncode}"


def whole_backup(path: Path) -> bool:
    """Passes quick_check AND holds the installation (an empty file passes quick_check)."""
    from handledare_app.storage import backup as storage_backup

    return storage_backup.is_good_backup(path) and bool(row_ids(path))


def verify(
    fx: Fixture, trial: Trial, data: Path, work: Path, lines: list[str], mutation: str | None
) -> list[str]:
    """Problems found after the kill (empty: the folder is in a known, whole state)."""
    from handledare_app.services import leftovers
    from handledare_app.services.paths import DataPaths
    from handledare_app.storage import backup as storage_backup

    failed = reopen(data, work, mutation)
    if failed:
        return [f"the folder does not open after the kill: {failed}"]
    paths = DataPaths(data)
    left = set(leftovers.leftovers(paths))
    left |= {p for pattern in STRAY for p in data.rglob(pattern)}
    if left:
        names = ", ".join(sorted(str(p.relative_to(data)) for p in left)[:3])
        problems = [f"{len(left)} leftovers after the next start ({names})"]
    else:
        problems = []
    for key in sorted(paths.keys.iterdir()) if paths.keys.is_dir() else []:
        if key.stat().st_mode & 0o077:
            problems.append(f"key file {key.name} is {key.stat().st_mode & 0o777:o}, not 600")
    for b in storage_backup.list_backups(paths.backups):
        if not whole_backup(b.path):
            problems.append(f"backup {b.path.name} under its final name is not whole")
    try:
        problems += verify_open(fx, trial, data, work, lines)
    except Exception as exc:  # a trial that cannot even be checked has failed
        problems.append(f"checking the folder raised {type(exc).__name__}: {exc}")
    return problems


def verify_open(fx: Fixture, trial: Trial, data: Path, work: Path, lines: list[str]) -> list[str]:
    from handledare_app.services.app import open_app

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
            rows = len(fx.import_rows & row_ids(app.paths.db))
            if rows not in (0, len(fx.import_rows)):
                problems.append(f"import half applied: {rows} of {len(fx.import_rows)} rows")
            if "IMPORTED" in lines and got == 0:
                problems.append("import reported done but is not there")
            if rows and app.exchange.trust.signer_status(fx.b_signer) != "trusted":
                problems.append("import applied but the admin's trust decision is lost")
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
        owner = {frozenset(fx.a_participants): fx.a_fp, frozenset(fx.b_participants): fx.b_fp}
        if frozenset(ids) not in owner:
            problems.append(f"the database holds neither installation ({len(ids)} participants)")
        elif owner[frozenset(ids)] != fp:
            problems.append("keys and database belong to different installations")
        if "RESTORED" in lines and fp != fx.b_fp:
            problems.append("restore reported done but the old identity is in place")
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
    return problems


def measure(fx: Fixture, root: Path, op: str) -> float:
    """Seconds from the child's READY to its end (the span random kills are drawn from),
    with the good code. The import's run also tells which rows a whole import adds."""
    data, work = prepare(fx, root / f"measure-{op}")
    trial = Trial(op, None, delay=600)
    t0 = time.perf_counter()
    run_child(trial, data, work)
    if op == "import":
        added = row_ids(data / "handledare.sqlite") - row_ids(fx.base / "handledare.sqlite")
        fx.import_rows = added & row_ids(fx.b_db)  # the sender's own rows
    return max(0.05, time.perf_counter() - t0 - trial.startup)


def prepare(fx: Fixture, where: Path) -> tuple[Path, Path]:
    data, work = where / "data", where / "work"
    shutil.copytree(fx.base, data)
    shutil.copytree(fx.work, work)
    return data, work


def plan(args: argparse.Namespace, durations: dict[str, float]) -> list[Trial]:
    """The exact points, then random moments (fixed seed) over the operations."""
    if args.mutation:
        m = kill9_mutations.MUTATIONS[args.mutation]
        points, ops = list(m.points), m.ops
        rng = random.Random(f"{args.seed}-{args.mutation}")
    else:
        points, ops = EXACT, OPS
        rng = random.Random(args.seed)
    trials = [Trial(op, point) for op, point in points]
    for _ in range(args.random):
        op = rng.choice(ops)
        trials.append(Trial(op, None, delay=rng.uniform(0.0, durations[op])))
    return trials


def run_trials(
    fx: Fixture, root: Path, trials: list[Trial], mutation: str | None, label: str
) -> tuple[int, int]:
    """Runs the trials; returns (failed, killed)."""
    failed = killed_n = 0
    outcome: dict[str, int] = {}
    for n, trial in enumerate(trials):
        data, work = prepare(fx, root / f"t{n}")
        lines, killed = run_child(trial, data, work, mutation)
        problems = verify(fx, trial, data, work, lines, mutation)
        how = trial.kill_at or f"random {trial.delay:.2f}s"
        state = "killed" if killed else "finished"
        key = f"{trial.op} {state}"
        outcome[key] = outcome.get(key, 0) + 1
        verdict = "OK" if not problems else "FAIL: " + "; ".join(problems)
        print(f"{n:3d} {trial.op:12s} {how:24s} {state:8s} {verdict}", flush=True)
        failed += bool(problems)
        killed_n += killed
        shutil.rmtree(root / f"t{n}", ignore_errors=True)
    print(
        f"{label}: {len(trials)} trials, {killed_n} killed mid-work, {failed} failed; by outcome:"
    )
    for key in sorted(outcome):
        print(f"  {key}: {outcome[key]}")
    return failed, killed_n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--random", type=int, default=60, help="random-moment trials")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument(
        "--mutation",
        choices=sorted(kill9_mutations.MUTATIONS),
        help="put one known fault back (kill9_mutations.py) and run the trials aimed at it",
    )
    parser.add_argument(
        "--control",
        action="store_true",
        help="with --mutation: also run the same trials on the good code",
    )
    parser.add_argument("--child", nargs=3, metavar=("OP", "DATA", "WORK"))
    args = parser.parse_args()
    if args.child:
        op, data, work = args.child
        child(op, Path(data), Path(work))
        return 0
    t_start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kill9-") as tmp:
        root = Path(tmp)
        fx = build_fixture(root / "fixture")
        ops = kill9_mutations.MUTATIONS[args.mutation].ops if args.mutation else OPS
        wanted = {*ops, "import"}  # the import's measured run also gives import_rows
        durations = {op: measure(fx, root, op) for op in OPS if op in wanted}
        print("operation durations (s, unkilled, from READY to exit):")
        print("  " + ", ".join(f"{op} {d:.2f}" for op, d in durations.items()))
        print(f"a whole import adds {len(fx.import_rows)} of the sender's rows")
        trials = plan(args, durations)
        if args.mutation:
            print(f"mutation {args.mutation}: {kill9_mutations.MUTATIONS[args.mutation].fault}")
        failed, _ = run_trials(fx, root, trials, args.mutation, args.mutation or "good code")
        if args.mutation and args.control:
            print("control: the same trials on the good code")
            ok_failed, _ = run_trials(fx, root, trials, None, "control (good code)")
            print(f"wall time {time.perf_counter() - t_start:.0f} s")
            return 0 if failed and not ok_failed else 1
    print(f"wall time {time.perf_counter() - t_start:.0f} s")
    if args.mutation:  # the fault must be caught
        return 0 if failed else 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
