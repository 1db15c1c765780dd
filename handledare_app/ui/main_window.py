"""The main window: navigation on the left, one page at a time, who is logged in below."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from .stack_sizes import size_by_current_page
from .widgets import heading_label, text_label

if TYPE_CHECKING:
    from ..domain.records import SupervisorInfo
    from ..services.app import App
    from .pages.base import PageWidget

# The shell is built before the pages are imported (start-up time); a test keeps
# these titles equal to the page classes' own.
NAV_TITLES = (
    "Deltagare",
    "Kriteriebank",
    "Kvalitetssäkring",
    "Utbyte",
    "Statistik",
    "Inställningar",
)


def page_classes() -> tuple[type[PageWidget], ...]:
    from .pages.catalogue import CataloguePageWidget
    from .pages.exchange import ExchangePageWidget
    from .pages.participants import ParticipantsPageWidget
    from .pages.quality import QualityPageWidget
    from .pages.settings import SettingsPageWidget
    from .pages.statistics import StatisticsPageWidget

    return (
        ParticipantsPageWidget,
        CataloguePageWidget,
        QualityPageWidget,
        ExchangePageWidget,
        StatisticsPageWidget,
        SettingsPageWidget,
    )


class StartingWidget(QWidget):
    """Shown while the data folder opens, so the window appears at once."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(heading_label("Handledarappen", parent=self))
        self.message = text_label("Startar …", parent=self)
        self.message.setAccessibleName("Status")
        layout.addWidget(self.message)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName("Arbetar")
        self.busy.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 30)
        layout.addWidget(self.busy)
        layout.addStretch(2)


class MainWindow(QMainWindow):
    """Can be shown before any service exists (`attach` fills it), which keeps start-up
    quick: the window appears while the database opens in the background."""

    def __init__(
        self,
        app: App | None = None,
        user: SupervisorInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.app: App | None = None
        self.user: SupervisorInfo | None = None
        self.setWindowTitle("Handledarappen")

        self.nav = QListWidget(self)
        self.nav.setAccessibleName("Navigering")
        self.pages = QStackedWidget(self)
        self.page_widgets: list[PageWidget] = []
        self.starting = StartingWidget(self.pages)
        self.pages.addWidget(self.starting)
        line = self.fontMetrics().height()
        for title in NAV_TITLES:
            item = QListWidgetItem(title, self.nav)
            item.setSizeHint(QSize(0, round(line * 2.2)))
        widest = max(self.nav.fontMetrics().horizontalAdvance(t) for t in NAV_TITLES)
        self.nav.setFixedWidth(widest + line * 3)
        self.nav.setEnabled(False)
        self.nav.currentRowChanged.connect(self.show_page)

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self._go_actions: list[QAction] = []
        self._build_menus()
        self.user_label = QLabel("", self)
        self.installation_label = QLabel("", self)
        self.statusBar().addWidget(self.user_label, 1)
        self.statusBar().addPermanentWidget(self.installation_label)
        self._name_qt_buttons()
        self._fit_to_screen()
        if app is not None and user is not None:
            self.attach(app, user)

    def set_starting_message(self, text: str) -> None:
        self.starting.message.setText(text)

    def attach(self, app: App, user: SupervisorInfo) -> None:
        """Build the pages for a logged-in supervisor."""
        from .errors import user_errors
        from .formatting import roles_text

        self.app = app
        self.user = user
        workplace = ""
        installation = ""
        with user_errors(self):
            workplace = app.setup.workplace().name
            installation = app.setup.installation().name
        self.setWindowTitle(f"Handledarappen – {workplace}" if workplace else "Handledarappen")
        for cls in page_classes():
            page = cls(app, user, self.pages)
            self.page_widgets.append(page)
            self.pages.addWidget(page)
        from .scheduled_backup import ScheduledBackup

        self.scheduled_backup = ScheduledBackup(app, self)
        from .db_wait import install_wait_notice

        install_wait_notice(self, app)  # "Väntar på att importen blir klar …"
        # ui-list: lock the window after the workplace's idle time (PIN to unlock)
        from .idle_lock import IdleLock

        self.idle_lock = IdleLock(self, app)
        self.user_label.setText(f"Inloggad: {user.name} ({roles_text(user.roles)})")
        self.installation_label.setText(f"Dator: {installation}")
        self.nav.setEnabled(True)
        for action in (*self._go_actions, self.lock_action, self.logout_action):
            action.setEnabled(True)
        if self.nav.currentRow() == 0:
            self.show_page(0)
        else:
            self.nav.setCurrentRow(0)  # shows the page through currentRowChanged
        first = self.page_widgets[0].first_focus() if self.page_widgets else None
        (first or self.nav).setFocus()

    def replace_app(self, app: App) -> None:
        """After a restore (issue 5): the old App is closed; rebuild the pages on the new
        one after a new login, since the restored data may have other supervisors."""
        from .session import log_in

        if hasattr(self, "scheduled_backup"):
            self.scheduled_backup.timer.stop()
            self.scheduled_backup.deleteLater()
        self.pages.setCurrentWidget(self.starting)
        for page in self.page_widgets:
            self.pages.removeWidget(page)
            page.deleteLater()
        self.page_widgets.clear()
        self.nav.setEnabled(False)
        self.app = app
        user = log_in(app)
        if user is None:
            self.close()
            return
        self.attach(app, user)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Arkiv")
        # Issue 13: lock at once (the same or another supervisor unlocks with a PIN) and
        # log out (asks about unsaved text first, then the lock screen takes any PIN).
        self.lock_action = QAction("&Lås nu", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock_now)
        self.logout_action = QAction("Logga &ut", self)
        self.logout_action.triggered.connect(self.log_out)
        for action in (self.lock_action, self.logout_action):
            action.setEnabled(False)
            file_menu.addAction(action)
        file_menu.addSeparator()
        quit_action = QAction("&Avsluta", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        go_menu = self.menuBar().addMenu("&Gå till")
        for index, title in enumerate(NAV_TITLES):
            action = QAction(title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _checked=False, i=index: self.nav.setCurrentRow(i))
            action.setEnabled(False)
            self._go_actions.append(action)
            go_menu.addAction(action)

    def lock_now(self) -> None:
        lock = getattr(self, "idle_lock", None)
        if lock is not None:
            lock.lock()

    def log_out(self) -> bool:
        """Unsaved typed text is asked about first (it does not survive a log-out)."""
        for page in self.page_widgets:
            guard = getattr(page, "may_leave", None)
            if guard is not None and not guard():
                return False
        for page in self.page_widgets:
            close = getattr(page, "close_participant", None)
            if close is not None:
                close(refresh=False, ask=False)
        lock = getattr(self, "idle_lock", None)
        if lock is not None:
            lock.lock(logged_out=True)  # the lock screen says "Utloggad", not "låst"
        return True

    def _name_qt_buttons(self) -> None:
        """Qt adds a few buttons of its own (the menu bar's overflow arrow); name them too."""
        for button in self.menuBar().findChildren(QAbstractButton):
            if not button.accessibleName():
                button.setAccessibleName("Fler menyer")

    def _fit_to_screen(self) -> None:
        screen = self.screen() or QApplication.primaryScreen()
        available = screen.availableGeometry()
        # Leave room for the title bar and frame, which resize() does not include.
        self.resize(
            min(1280, round(available.width() * 0.95)), min(800, round(available.height() * 0.9))
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        # ui-list: a list still loading in the background finishes before the data closes
        from .background import wait_for_all

        # Issue 13: typed text that is not saved is thrown away only when the user says so.
        for page in self.page_widgets:
            guard = getattr(page, "may_leave", None)
            if guard is not None and not guard():
                event.ignore()
                return
        if hasattr(self, "idle_lock"):
            self.idle_lock.stop()
        wait_for_all(10_000)
        super().closeEvent(event)

    def show_page(self, index: int) -> None:
        if not 0 <= index < len(self.page_widgets):
            return
        page = self.page_widgets[index]
        shown = self.pages.currentWidget()
        guard = getattr(shown, "may_leave", None)
        if shown is not page and guard is not None and not guard():
            back = self.page_widgets.index(shown)  # type: ignore[arg-type]
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(back)
            self.nav.blockSignals(False)
            return
        page.refresh()
        self.pages.setCurrentWidget(page)
        size_by_current_page(self.pages)  # a wide hidden page does not widen this one

    def current_page(self) -> PageWidget:
        return self.page_widgets[self.nav.currentRow()]
