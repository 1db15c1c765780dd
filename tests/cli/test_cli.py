"""The command line as Coompanion's scripts and support use it."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from handledare_app.cli import main
from handledare_app.domain.enums import JourneyStage
from handledare_app.services.app import open_app
from handledare_app.services.participant_reads import ParticipantFilter
from handledare_app.storage.backup import list_backups


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def init(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    data: Path,
    pin: str = "4821",
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(pin + "\n"))
    return run(
        capsys,
        "--data-dir",
        str(data),
        "init",
        "--workplace",
        "Verkstan Ekonomisk Förening",
        "--installation",
        "Bärbar 1",
        "--admin",
        "Örjan Åberg",
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert "Handledarappen 0." in capsys.readouterr().out


def test_init_reads_pin_from_stdin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = init(capsys, monkeypatch, tmp_path / "d")
    assert code == 0 and "Verkstan Ekonomisk Förening" in out
    with open_app(tmp_path / "d") as app:
        admin = app.supervisors.list()[0]
        assert admin.name == "Örjan Åberg" and admin.is_admin
        assert app.supervisors.login(admin.id, "4821").id == admin.id
        assert len(app.catalogue.modules()) >= 24


def test_init_bad_pin_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = init(capsys, monkeypatch, tmp_path / "d", pin="12")
    assert code == 1 and "PIN-koden ska vara 4–12 siffror" in err
    assert "Traceback" not in err
    with open_app(tmp_path / "d") as app:
        assert not app.setup.is_set_up()


def test_init_missing_pin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = init(capsys, monkeypatch, tmp_path / "d", pin="")
    assert code == 1 and "Ange en PIN-kod" in err


def test_missing_argument_is_swedish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--data-dir", str(tmp_path), "init", "--workplace", "X"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "följande argument saknas" in err and "användning" in err


def test_unknown_command_is_swedish(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["exportera-allt"])
    assert "ogiltigt val" in capsys.readouterr().err


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("demo") / "data"
    assert main(["--data-dir", str(d), "demo"]) == 0
    return d


def test_demo_spreads_over_every_stage(demo_dir: Path) -> None:
    with open_app(demo_dir) as app:
        people = app.participants.list(ParticipantFilter(status="all"))
        assert len(people) >= 40
        assert {p.stage for p in people} == set(JourneyStage)
        assert len(app.supervisors.list()) == 4
        ready = [
            p
            for p in people
            if p.criteria_total and p.criteria_achieved and p.stage is JourneyStage.VALIDATION
        ]
        assert len(ready) >= 5
        photos = [a for p in people for e in app.evidence.list(p.id) for a in e.attachments]
        assert photos and all(app.blobs.verify(a.sha256) for a in photos)


def test_demo_refuses_a_folder_with_participants(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--data-dir", str(demo_dir), "demo")
    assert code == 1 and "tom datamapp" in err


def test_check_passes_on_demo(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--data-dir", str(demo_dir), "check")
    assert code == 0 and "inga problem" in out


def test_summary_json_is_keyed_by_entity(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--data-dir", str(demo_dir), "summary", "--json")
    assert code == 0
    data = json.loads(out)
    for entity in (
        "workplace",
        "installation",
        "supervisor",
        "participant",
        "placement",
        "business_area",
        "catalogue",
        "module",
        "outcome",
        "criterion",
        "enrollment",
        "evidence",
        "assessment",
        "signoff",
        "certificate",
        "follow_up",
    ):
        assert entity in data, entity
        assert len(data[entity]["sha256"]) == 64
    assert data["participant"]["count"] >= 40
    # Stable: the same database gives the same digests.
    code, out2, _ = run(capsys, "--data-dir", str(demo_dir), "summary", "--json")
    assert json.loads(out2) == data


def test_summary_digest_changes_with_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    d = tmp_path / "d"
    init(capsys, monkeypatch, d)
    run(capsys, "--data-dir", str(d), "summary", "--json")
    _, before, _ = run(capsys, "--data-dir", str(d), "summary", "--json")
    with open_app(d) as app:
        admin = app.supervisors.list()[0].id
        app.setup.update_workplace(admin, name="Nytt namn")
    _, after, _ = run(capsys, "--data-dir", str(d), "summary", "--json")
    b, a = json.loads(before), json.loads(after)
    assert b["workplace"]["sha256"] != a["workplace"]["sha256"]
    assert b["module"] == a["module"]


def test_commands_need_an_existing_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for cmd in (["check"], ["summary", "--json"], ["catalogue", "export", "x.json"]):
        code, _, err = run(capsys, "--data-dir", str(tmp_path / "tom"), *cmd)
        assert code == 1 and "ingen databas" in err


def test_env_var_sets_data_dir(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HANDLEDARE_DATA_DIR", str(tmp_path / "env"))
    monkeypatch.setattr(sys, "stdin", io.StringIO("4821\n"))
    assert main(["init", "--workplace", "A", "--installation", "B", "--admin", "C"]) == 0
    assert (tmp_path / "env" / "handledare.sqlite").exists()


def _tamper(db: Path, sql: str) -> None:
    con = sqlite3.connect(db)
    con.executescript(sql)
    con.commit()
    con.close()


def test_check_finds_edited_catalogue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    d = tmp_path / "d"
    init(capsys, monkeypatch, d)
    _tamper(
        d / "handledare.sqlite",
        "UPDATE criterion SET text = 'Ändrad' WHERE number = '1.1' AND module_id = "
        "(SELECT id FROM module WHERE code = 'BUT-01');",
    )
    code, _, err = run(capsys, "--data-dir", str(d), "check")
    assert code == 1 and "Modul BUT-01" in err


def test_check_finds_broken_audit_chain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    d = tmp_path / "d"
    init(capsys, monkeypatch, d)
    _tamper(
        d / "handledare.sqlite",
        "DROP TRIGGER audit_log_no_update;"
        "UPDATE audit_log SET actor_id = 'någon annan' WHERE seq = 3;",
    )
    code, _, err = run(capsys, "--data-dir", str(d), "check")
    assert code == 1 and "post 3 har ändrats" in err


def test_check_finds_missing_photo(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    d = tmp_path / "kopia"
    shutil.copytree(demo_dir, d, ignore=shutil.ignore_patterns("handledare.lock"))
    blobs = [p for p in (d / "blobs").rglob("*") if p.is_file()]
    blobs[0].unlink()
    blobs[1].write_bytes(b"skadad")
    code, _, err = run(capsys, "--data-dir", str(d), "check")
    assert code == 1 and "saknas" in err and "är skadad" in err


def test_catalogue_import_broken_file_lists_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    d = tmp_path / "d"
    init(capsys, monkeypatch, d)
    bad = tmp_path / "trasig.json"
    bad.write_text(
        json.dumps(
            {
                "format": "handledarappen-katalog",
                "format_version": 1,
                "catalogue_id": "test",
                "name": "Test",
                "version": "1",
                "business_areas": [
                    {
                        "code": "butik",
                        "name": "Butik",
                        "modules": [
                            {
                                "code": "X-1",
                                "version": 1,
                                "title": "A",
                                "seqf_level": 9,
                                "points": 3,
                                "outcomes": [],
                            },
                            {
                                "code": "X-1",
                                "version": 1,
                                "title": "B",
                                "seqf_level": 2,
                                "points": -1,
                                "outcomes": [
                                    {
                                        "number": 1,
                                        "text": "Deltagaren kan",
                                        "criteria": [{"number": "1.2", "text": "x"}],
                                    }
                                ],
                            },
                        ],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    _, before, _ = run(capsys, "--data-dir", str(d), "summary", "--json")
    code, _, err = run(capsys, "--data-dir", str(d), "catalogue", "import", str(bad))
    assert code == 1
    assert "Modul X-1" in err and "seqf_level" in err and "points" in err
    assert "kriterium 1.1" in err and "finns redan" in err and "läranderesultat" in err
    _, after, _ = run(capsys, "--data-dir", str(d), "summary", "--json")
    assert before == after


def test_catalogue_export_import_round_trip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    d = tmp_path / "d"
    init(capsys, monkeypatch, d)
    f = tmp_path / "katalog.json"
    code, out, _ = run(capsys, "--data-dir", str(d), "catalogue", "export", str(f))
    assert code == 0 and "moduler exporterade" in out
    code, out, _ = run(capsys, "--data-dir", str(d), "catalogue", "import", str(f))
    assert code == 0 and "0 nya moduler" in out
    fresh = tmp_path / "ny"
    init(capsys, monkeypatch, fresh)
    _, a, _ = run(capsys, "--data-dir", str(d), "summary", "--json")
    assert json.loads(a)["module"]["count"] >= 24


def test_catalogue_import_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    d = tmp_path / "d"
    init(capsys, monkeypatch, d)
    code, _, err = run(
        capsys, "--data-dir", str(d), "catalogue", "import", str(tmp_path / "finns-inte.json")
    )
    assert code == 1 and "finns inte" in err


def test_catalogue_import_takes_a_backup_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    d = tmp_path / "d"
    init(capsys, monkeypatch, d)
    f = tmp_path / "k.json"
    run(capsys, "--data-dir", str(d), "catalogue", "export", str(f))
    run(capsys, "--data-dir", str(d), "catalogue", "import", str(f))
    assert any(b.reason == "fore-katalogimport" for b in list_backups(d / "backups"))


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "handledare_app", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
        stdin=subprocess.DEVNULL,
    )


def test_second_instance_refused_in_another_process(tmp_path: Path) -> None:
    d = tmp_path / "d"
    with open_app(d):
        result = _cli("--data-dir", str(d), "check")
    assert result.returncode == 1
    assert "redan igång" in result.stderr and "Traceback" not in result.stderr


def test_newer_database_refused_by_cli(tmp_path: Path) -> None:
    d = tmp_path / "d"
    open_app(d).close()
    _tamper(d / "handledare.sqlite", "UPDATE alembic_version SET version_num = '9999';")
    result = _cli("--data-dir", str(d), "check")
    assert result.returncode == 1 and "nyare version" in result.stderr
    assert "Traceback" not in result.stderr


def test_unexpected_error_is_logged_not_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import handledare_app.cli as cli

    def boom(*_a: object, **_k: object) -> int:
        raise RuntimeError("intern detalj")

    init(capsys, monkeypatch, tmp_path / "d")
    monkeypatch.setattr(cli, "_run", boom)
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "d"), "check")
    assert code == 70 and "oväntat fel" in err and "intern detalj" not in err
    log = (tmp_path / "d" / "logs" / "handledare.log").read_text(encoding="utf-8")
    # Issue 15: the log names the type and the error id, never the exception's text.
    assert "builtins.RuntimeError" in log and "intern detalj" not in log
    error_id = err.split("fel-id ")[1][:8]
    assert f"fel-id {error_id}" in log


def test_no_display_gives_a_swedish_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "d"))
    assert code == 1 and "Ingen skärm hittades" in err


def test_typo_in_data_dir_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "handledar-data"
    for cmd in (["check"], ["summary"], ["catalogue", "import", "x.json"]):
        code, _, _ = run(capsys, "--data-dir", str(typo), *cmd)
        assert code == 1
    assert not typo.exists()


def test_init_with_bad_input_leaves_no_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = init(capsys, monkeypatch, tmp_path / "ny", pin="1")
    assert code == 1 and "PIN-koden" in err
    assert not (tmp_path / "ny" / "handledare.sqlite").exists()


def test_check_reports_a_restore_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    d = tmp_path / "d"
    init(capsys, monkeypatch, d)
    run(capsys, "--data-dir", str(d), "catalogue", "export", str(tmp_path / "k.json"))  # backup
    db = d / "handledare.sqlite"
    db.write_bytes(b"skadad" * 1000)
    code, _, err = run(capsys, "--data-dir", str(d), "check")
    assert code == 1  # issue 14: it says what it found and asks; nothing is switched
    assert "är skadad" in err and "recover --bekrafta" in err
    assert not list(d.glob("handledare.skadad-*"))
    code, out, _ = run(capsys, "--data-dir", str(d), "recover", "--bekrafta")
    assert code == 0 and "Databasen var skadad" in out
    assert list(d.glob("handledare.skadad-*"))


def test_recover_without_bekrafta_says_how_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    d = tmp_path / "d"
    init(capsys, monkeypatch, d)
    run(capsys, "--data-dir", str(d), "catalogue", "export", str(tmp_path / "k.json"))  # backup
    (d / "handledare.sqlite").write_bytes(b"skadad" * 1000)
    code, _, err = run(capsys, "--data-dir", str(d), "recover")
    assert code == 1
    assert "är skadad" in err and "recover --bekrafta" in err
    assert not list(d.glob("handledare.skadad-*"))
