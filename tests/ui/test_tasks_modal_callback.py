"""A modal dialog opened from a task's callback (the login after start-up, a message box
after signing) must not hold back other tasks' answers while other work is out: Qt never
fires a timer again while its own slot runs, so the runner restarts its timer first."""

from __future__ import annotations

import threading

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from handledare_app.ui import tasks


def test_a_modal_dialog_in_a_callback_still_gets_answers(qtbot: QtBot) -> None:
    busy = threading.Event()
    seen: list[object] = []

    def first_done(_value: object) -> None:
        dialog = QDialog()
        qtbot.addWidget(dialog)

        def inner_done(value: object) -> None:  # like the login dialog's PIN check
            seen.append(value)
            dialog.accept()

        tasks.run_in_background(lambda _ctx: 42, inner_done)
        QTimer.singleShot(3000, dialog.reject)  # without the fix: no answer, this ends it
        seen.append(dialog.exec())

    tasks.run_in_background(lambda _ctx: busy.wait(10), None)  # other work stays out
    tasks.run_in_background(lambda _ctx: 1, first_done)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    busy.set()
    assert seen == [42, QDialog.DialogCode.Accepted.value]
    assert tasks.wait_for_all(5)
