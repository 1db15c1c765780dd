"""Helpers for the window tests: no modal dialog may ever block a test run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from handledare_app.domain.records import SupervisorInfo
from handledare_app.services.app import App


@dataclass
class Boxes:
    """Message boxes that would have been shown: (kind, title, text)."""

    shown: list[tuple[str, str, str]] = field(default_factory=list)
    question_answer: QMessageBox.StandardButton = QMessageBox.StandardButton.No

    def texts(self, kind: str | None = None) -> list[str]:
        return [text for k, _title, text in self.shown if kind is None or k == kind]


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    """Replace the static QMessageBox functions with recorders (never modal in tests)."""
    record = Boxes()

    def recorder(kind: str) -> Callable[..., QMessageBox.StandardButton]:
        def show(_parent: Any, title: str, text: str, *_args: Any) -> QMessageBox.StandardButton:
            record.shown.append((kind, title, text))
            if kind == "question":
                return record.question_answer
            return QMessageBox.StandardButton.Ok

        return show

    for kind in ("critical", "warning", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, recorder(kind))
    return record


@pytest.fixture
def admin(app: App, admin_id: str) -> SupervisorInfo:
    return app.supervisors.get(admin_id)
