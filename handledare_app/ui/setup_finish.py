"""The first-run wizard's finishing work off the GUI thread: a new workplace (PIN hashing,
the example catalogue), joining a workplace (decrypting and importing its package) and a
restore from a `.hkopia` copy run on the task runner (ui/tasks.py), never behind a wait
cursor on the GUI thread, so the window repaints and takes input meanwhile.

While the work runs the page says what happens next to a busy bar, the wizard's buttons
and the page's fields rest, a second Slutför starts nothing, and closing the wizard (Esc,
Avbryt, the title bar's close button) is refused with a note why: the work cannot be
stopped halfway safely. The outcome is handled from the main event loop (its message
boxes run their own modal loops, never inside the runner's hand-over), with everything
enabled again first, so after a failure the user can correct what was typed and retry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ..domain.errors import UserError, ValidationError
from . import tasks
from .busy import Busy, later
from .errors import failure_text
from .widgets import text_label

if TYPE_CHECKING:
    from ..services.app import App
    from ..services.first_run_restore import FirstRunRestore
    from .setup_ways import JoinPage, RestorePage

CREATING = "Skapar arbetsplatsen …"
JOINING = "Ansluter till arbetsplatsen … det kan ta en stund."
RESTORING = "Återställer från kopian …"
CLOSE_REFUSED = (
    "Guiden kan inte stängas medan arbetet pågår: det går inte att avbryta säkert halvvägs. "
    "Vänta tills det är klart."
)
UNEXPECTED_TITLE = "Ett oväntat fel"
BUTTONS = (
    QWizard.WizardButton.BackButton,
    QWizard.WizardButton.NextButton,
    QWizard.WizardButton.CommitButton,
    QWizard.WizardButton.FinishButton,
    QWizard.WizardButton.CancelButton,
    QWizard.WizardButton.HelpButton,
)


class WorkStatus(QWidget):
    """What the wizard is doing, with a busy bar; after a refused close also why.
    Hidden while nothing runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # no steps to count: a moving bar says "still working"
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName("Arbetar")
        self.note = text_label(CLOSE_REFUSED, self)
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, self.fontMetrics().height() // 2, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.note)
        self.hide()

    def show_working(self, text: str) -> None:
        self.label.setText(text)
        self.label.setAccessibleName(text)
        self.note.hide()
        self.show()

    def refuse_close(self) -> None:
        self.note.show()

    def clear(self) -> None:
        self.note.hide()
        self.hide()


class FinishingWizard(QWizard):
    """Slutför and Avbryt of the first-run wizard; SetupWizard adds the pages."""

    _app: App
    admin_id: str | None
    reopened_app: App | None
    summary_page: QWizardPage
    join_page: JoinPage
    restore_page: RestorePage

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._task: tasks.Task | None = None
        self._busy: Busy | None = None
        self._status: WorkStatus | None = None
        self._focus: QWidget | None = None  # had the focus before the work: gets it back
        # An error the wizard cannot go on after (first_run raises it once the wizard
        # has closed).
        self.fatal: BaseException | None = None

    @property
    def working(self) -> bool:
        """True from Slutför until the outcome has been handled."""
        return self._task is not None

    def page_status(self, page: QWizardPage | None = None) -> WorkStatus | None:
        """The status line of `page` (default: the current one); every page with
        Slutför has one."""
        status = getattr(page or self.currentPage(), "status", None)
        return status if isinstance(status, WorkStatus) else None

    def show_working(self, text: str) -> None:
        """The look while work runs (the screenshot shows it without running anything)."""
        page = self.currentPage()
        self._focus = self.focusWidget()
        widgets: list[QWidget] = [self.button(b) for b in BUTTONS]
        widgets += page.findChildren(QLineEdit) + page.findChildren(QAbstractButton)
        self._busy = Busy(self, widgets)
        self._busy.start()
        self._status = self.page_status(page)
        if self._status is not None:
            self._status.show_working(text)

    def _end_working(self) -> None:
        self._task = None
        if self._busy is not None:
            self._busy.finish()
            self._busy = None
        # Disabling the focused Slutför left no widget with the focus: a keyboard user
        # lost their place (also after the outcome's message box).
        if self._focus is not None and self._focus.isEnabled():
            self._focus.setFocus()
        self._focus = None
        if self._status is not None:
            self._status.clear()
            self._status = None

    def _run(
        self,
        text: str,
        work: Callable[[], Any],
        on_done: Callable[[Any], object],
        on_failed: Callable[[BaseException], object],
        *,
        lane: str = "general",
    ) -> None:
        """`work()` on a worker; then, from the main event loop and with everything
        enabled again, `on_done(result)` or `on_failed(exception)`."""
        self.show_working(text)

        def done(result: Any) -> None:
            later(self, lambda: self._outcome(on_done, result))

        def failed(exc: BaseException) -> None:
            later(self, lambda: self._outcome(on_failed, exc))

        self._task = tasks.run_in_background(lambda _ctx: work(), done, failed, lane=lane)

    def _outcome(self, handle: Callable[[Any], object], value: Any) -> None:
        self._end_working()
        handle(value)

    def _unexpected(self, exc: BaseException) -> None:
        """Not a UserError: the runner has logged it; say the general Swedish text."""
        QMessageBox.critical(self, UNEXPECTED_TITLE, failure_text(exc))

    # --- Slutför ---------------------------------------------------------------------

    def accept(self) -> None:
        if self.working:
            return  # a second Slutför (or Enter) while the first one works
        page = self.currentPage()
        if page is self.join_page:
            self._run(
                JOINING,
                self.join_page.finish_work(self._app),
                self._joined,
                self._join_failed,
                lane="long",
            )
            return
        if page is self.restore_page:
            self._run(
                RESTORING,
                self.restore_page.finish_work(self._app),
                self._restored,
                self._restore_failed,
                lane="long",
            )
            return
        workplace, installation, admin, pin, load_examples = self.values()
        setup = self._app.setup

        def work() -> str:
            return setup.set_up(
                workplace, installation, admin, pin, load_example_catalogue=load_examples
            )

        self._run(CREATING, work, self._set_up_done, self._set_up_failed)

    def values(self) -> tuple[str, str, str, str, bool]:
        raise NotImplementedError

    def _joined(self, message: str) -> None:
        QMessageBox.information(self, "Klart", message)
        QWizard.accept(self)

    def _join_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            self._unexpected(exc)
            return
        QMessageBox.warning(self, "Det gick inte", exc.full_text())

    def _restored(self, result: FirstRunRestore) -> None:
        self._app = self.reopened_app = result.app
        QMessageBox.information(self, "Klart", self.restore_page.done_text(result))
        QWizard.accept(self)

    def _restore_failed(self, exc: BaseException) -> None:
        from ..services.backups import RestoreFailed

        if isinstance(exc, RestoreFailed):  # the folder reopened unchanged: try again
            self._app = self.reopened_app = exc.app
            QMessageBox.warning(self, "Återställningen misslyckades", exc.full_text())
        elif self._app.closed:
            # The folder was closed for the restore and could not be opened again (also
            # when opening it said a UserError): the wizard cannot go on; start-up says
            # so and ends (its unexpected-error exit).
            self.fatal = exc
            QWizard.reject(self)
        elif isinstance(exc, UserError):  # said before anything was closed
            QMessageBox.warning(self, "Det gick inte", exc.full_text())
        else:
            self._unexpected(exc)

    def _set_up_done(self, admin_id: str) -> None:
        self.admin_id = admin_id
        QWizard.accept(self)

    def _set_up_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            self._unexpected(exc)
            return
        if not self._app.setup.is_set_up():
            title = (
                "Uppgifterna behöver rättas"
                if isinstance(exc, ValidationError)
                else "Det gick inte att spara"
            )
            QMessageBox.warning(self, title, exc.full_text())
            return
        self._saved_but_catalogue_failed(exc)
        QWizard.accept(self)

    def _saved_but_catalogue_failed(self, exc: UserError) -> None:
        """set_up commits the workplace before loading the catalogue; say what happened."""
        QMessageBox.warning(
            self,
            "Exempelkatalogen lästes inte in",
            "Arbetsplatsen och administratören är sparade, men exempelkatalogen kunde inte "
            "läsas in:\n\n" + exc.full_text() + "\n\nLogga in med den PIN-kod du valde.",
        )

    # --- Avbryt, Esc and the close button -----------------------------------------------

    def has_typed_data(self) -> bool:
        raise NotImplementedError

    def reject(self) -> None:
        if self.working:  # the close button's event is ignored too (QDialog.closeEvent)
            if self._status is not None:
                self._status.refuse_close()
            return
        if self.has_typed_data():
            answer = QMessageBox.question(
                self,
                "Avbryta guiden?",
                "Det du har skrivit in är inte sparat. Vill du avbryta ändå?\n\n"
                "Appen stängs och guiden visas igen nästa gång du startar den.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()
