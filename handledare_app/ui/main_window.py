"""The main window: navigation on the left, one page at a time, who is logged in below."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from ..domain.records import SupervisorInfo
from ..services.app import App
from .errors import user_errors
from .formatting import roles_text
from .pages.base import PageWidget
from .pages.catalogue import CataloguePageWidget
from .pages.exchange import ExchangePageWidget
from .pages.participants import ParticipantsPageWidget
from .pages.quality import QualityPageWidget
from .pages.settings import SettingsPageWidget
from .pages.statistics import StatisticsPageWidget

PAGE_CLASSES: tuple[type[PageWidget], ...] = (
    ParticipantsPageWidget,
    CataloguePageWidget,
    QualityPageWidget,
    ExchangePageWidget,
    StatisticsPageWidget,
    SettingsPageWidget,
)
NAV_TITLES = tuple(cls.title for cls in PAGE_CLASSES)


class MainWindow(QMainWindow):
    def __init__(self, app: App, user: SupervisorInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.user = user
        workplace = ""
        installation = ""
        with user_errors(self):
            workplace = app.setup.workplace().name
            installation = app.setup.installation().name
        self.setWindowTitle(f"Handledarappen – {workplace}" if workplace else "Handledarappen")

        self.nav = QListWidget(self)
        self.nav.setAccessibleName("Navigering")
        self.pages = QStackedWidget(self)
        self.page_widgets: list[PageWidget] = []
        line = self.fontMetrics().height()
        for cls in PAGE_CLASSES:
            page = cls(app, self.pages)
            self.page_widgets.append(page)
            self.pages.addWidget(page)
            item = QListWidgetItem(cls.title, self.nav)
            item.setSizeHint(QSize(0, round(line * 2.2)))
        widest = max(self.nav.fontMetrics().horizontalAdvance(t) for t in NAV_TITLES)
        self.nav.setFixedWidth(widest + line * 3)
        self.nav.currentRowChanged.connect(self.show_page)

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self.user_label = QLabel(f"Inloggad: {user.name} ({roles_text(user.roles)})", self)
        self.installation_label = QLabel(f"Dator: {installation}", self)
        self.statusBar().addWidget(self.user_label, 1)
        self.statusBar().addPermanentWidget(self.installation_label)

        self._name_qt_buttons()
        self.nav.setCurrentRow(0)
        self.nav.setFocus()
        self._fit_to_screen()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Arkiv")
        quit_action = QAction("&Avsluta", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        go_menu = self.menuBar().addMenu("&Gå till")
        for index, title in enumerate(NAV_TITLES):
            action = QAction(title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _checked=False, i=index: self.nav.setCurrentRow(i))
            go_menu.addAction(action)

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

    def show_page(self, index: int) -> None:
        if not 0 <= index < len(self.page_widgets):
            return
        page = self.page_widgets[index]
        page.refresh()
        self.pages.setCurrentWidget(page)

    def current_page(self) -> PageWidget:
        return self.page_widgets[self.pages.currentIndex()]
