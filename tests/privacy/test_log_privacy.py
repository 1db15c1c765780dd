"""No personal data in logs/ (issue 15): exception texts are reduced to type and place."""

from __future__ import annotations

import logging
from pathlib import Path

from handledare_app.services.log_privacy import PrivateFormatter


def _fail(path: Path) -> None:
    try:
        path.read_bytes()
    except OSError as exc:
        raise ValueError("Svetlana Quistorps foto kunde inte läsas") from exc


def test_exception_text_and_paths_stay_out_of_the_log(tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "handledare.log"
    log_file.parent.mkdir()
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(PrivateFormatter("%(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("test-log-privacy")
    logger.addHandler(handler)
    try:
        try:
            _fail(tmp_path / "Svetlana-Quistorp" / "bild.png")
        except ValueError:
            logger.exception("unexpected error in %s (fel-id %s)", "import", "ab12cd34")
    finally:
        logger.removeHandler(handler)
        handler.close()
    text = log_file.read_text(encoding="utf-8")
    assert "Svetlana" not in text and "Quistorp" not in text and str(tmp_path) not in text
    assert "builtins.ValueError" in text and "FileNotFoundError" in text
    assert "fel-id ab12cd34" in text and "test_log_privacy.py:" in text
