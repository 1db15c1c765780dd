"""A progress bar with Avbryt for one background job, shown only while it runs."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

from ..background import BackgroundJob


class ProgressRow(QWidget):
    """Progress bar and Avbryt for one background task."""

    def __init__(self, task: BackgroundJob, what: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName(f"Förlopp: {what}")
        self.cancel_button = QPushButton("Avbryt", self)
        self.cancel_button.setAccessibleName(f"Avbryt {what}")
        self.cancel_button.clicked.connect(task.cancel)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        task.progressed.connect(self.on_progress)
        self.setVisible(False)

    def on_progress(self, done: int, total: int) -> None:
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))

    def begin(self) -> None:
        self.bar.setValue(0)
        self.setVisible(True)

    def end(self) -> None:
        self.setVisible(False)
