"""`handledare-app --self-test`: runs in-process here (offscreen); frozen in `make package`."""

from __future__ import annotations

import ast
import json
import tempfile
from concurrent.futures import Future
from pathlib import Path

import pytest

from handledare_app import __version__, selftest
from handledare_app.cli import main
from handledare_app.ui.selftest_qt import QT_MODULES

PKG = Path(__file__).resolve().parents[1] / "handledare_app"
STEPS = [
    "resources",
    "qt_modules",
    "app_modules",
    "migration_scripts",
    "migrations",
    "set_up",
    "demo",
    "check",
    "main_window",
    "pdf",
    "crypto",
]


def test_self_test_passes_and_writes_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    user_data = tmp_path / "user-data"
    monkeypatch.setenv("HANDLEDARE_DATA_DIR", str(user_data))
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    report_file = tmp_path / "rapport" / "selftest.json"

    code = main(["--self-test", "--report", str(report_file)])

    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert code == 0, report
    assert report["ok"] is True
    assert [s["name"] for s in report["steps"]] == STEPS
    for step in report["steps"]:
        assert step["ok"] is True
        assert isinstance(step["seconds"], float)
        assert "error" not in step
    assert report["version"] == __version__
    assert report["frozen"] is False
    assert report["python"].count(".") == 2
    assert report["not_covered"] == []  # the field stays: the report's shape is stable
    steps = {s["name"]: s for s in report["steps"]}
    assert "offscreen" in steps["main_window"]["detail"]
    assert "DejaVuSans och DejaVuSans-Bold inbäddade" in steps["pdf"]["detail"]
    assert "texten läses tillbaka" in steps["pdf"]["detail"]
    assert "ändrad text avvisas" in steps["crypto"]["detail"]
    assert "fel nyckel avvisas" in steps["crypto"]["detail"]
    assert "lösenfras" in steps["crypto"]["detail"]
    assert capsys.readouterr().out == ""  # the report went to the file only
    assert not user_data.exists()  # never the user's data folder
    assert list(scratch.iterdir()) == []  # the temporary data folder is removed


def test_report_goes_to_stdout_without_report_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = selftest.SelfTestReport()
    fake.run("resources", lambda: "ok")
    monkeypatch.setattr(selftest, "run_steps", lambda: fake)
    assert main(["--self-test"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert report["steps"] == [
        {"name": "resources", "ok": True, "seconds": report["steps"][0]["seconds"], "detail": "ok"}
    ]


def test_a_failing_step_is_reported_and_exits_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken() -> str:
        raise FileNotFoundError("resurser saknas")

    fake = selftest.SelfTestReport()
    fake.run("resources", broken)
    fake.run("qt_modules", lambda: None)
    monkeypatch.setattr(selftest, "run_steps", lambda: fake)
    assert main(["--self-test"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    first, second = report["steps"]
    assert first["ok"] is False
    assert first["error"].startswith("FileNotFoundError: resurser saknas (test_selftest.py:")
    assert second == {"name": "qt_modules", "ok": True, "seconds": second["seconds"]}


def test_an_empty_report_is_not_ok() -> None:
    assert selftest.SelfTestReport().ok is False


def test_report_needs_self_test(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--report", "x.json"])
    assert exit_info.value.code == 2
    assert "--report används bara tillsammans med --self-test" in capsys.readouterr().err


def test_self_test_takes_no_sub_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--self-test", "check"])
    assert exit_info.value.code == 2
    assert "underkommando" in capsys.readouterr().err


def test_qt_module_list_covers_every_qt_import() -> None:
    """The self-test imports every Qt module the app uses (and the spec keeps them)."""
    used: set[str] = set()
    for path in PKG.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                name = node.module
            elif isinstance(node, ast.Import):
                name = node.names[0].name
            else:
                continue
            if name.startswith("PySide6.Qt"):
                used.add(".".join(name.split(".")[:2]))
    assert used == set(QT_MODULES)


def test_selftest_module_does_not_import_qt_at_top_level() -> None:
    tree = ast.parse((PKG / "selftest.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            assert not any(n.startswith("PySide6") or "ui" in n.split(".") for n in names)


def test_pdf_and_crypto_steps_fail_loudly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks can fail: a PDF in Helvetica, a verify that accepts anything."""
    from handledare_app.services import crypto, pdf_fonts
    from handledare_app.ui.selftest_qt import render_pdf_page

    monkeypatch.setattr(
        pdf_fonts, "register_fonts", lambda: (pdf_fonts.FONT_REGULAR, "Helvetica-Bold")
    )
    with pytest.raises(RuntimeError, match="Helvetica-Bold"):
        selftest._write_pdf(tmp_path / "a.pdf")

    monkeypatch.undo()
    selftest._write_pdf(tmp_path / "b.pdf")
    with pytest.raises(RuntimeError, match="hittades inte"):
        render_pdf_page(tmp_path / "b.pdf", "Något som inte står där")
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.4 trasig")
    with pytest.raises(RuntimeError, match="QtPdf kunde inte öppna"):
        render_pdf_page(tmp_path / "c.pdf", "x")

    done: Future[float] = Future()
    done.set_result(1.0)
    monkeypatch.setattr(crypto, "verify", lambda *args: True)
    with pytest.raises(RuntimeError, match="ändrad text godtogs"):
        selftest._crypto_roundtrip(done)
