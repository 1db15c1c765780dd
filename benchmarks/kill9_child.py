"""bench_kill9's child: the work that gets killed. `child(op, data, work)` runs one
operation on a data folder, saying on stdout each change it has committed; before it
starts it puts back a known fault (KILL9_MUTATION, kill9_mutations.py) and installs the
exact kill point (KILL_AT, kill9_hooks.py), if asked."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import kill9_hooks
import kill9_mutations

PASS = "korrekt häst batteri häftklammer"
PIN = "2580"


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def child(op: str, data: Path, work: Path) -> None:
    kill9_mutations.install(os.environ.get("KILL9_MUTATION"))  # a fault put back, if asked
    kill9_hooks.install(os.environ.get("KILL_AT"))
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
    elif op == "reopen":  # the first start after a kill (finishes, sweeps)
        with open_app(data, backup_at_start=False):
            pass
    else:
        raise SystemExit(f"unknown op {op}")
