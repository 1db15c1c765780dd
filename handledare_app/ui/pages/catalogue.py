"""Kriteriebank: browse business areas → modules → learning outcomes and criteria.

Everyone browses; admins also edit and add modules, add business areas, and import
or export catalogue files (what those do: catalogue_actions.py; dialogs in
ui/catalogue_*.py; texts: catalogue_text.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import ValidationError
from ...domain.records import (
    BusinessAreaInfo,
    CatalogueInfo,
    ModuleInfo,
)
from ...domain.swedish import count_text
from ..background import BackgroundJob
from ..catalogue_editor import ModuleEditDialog
from ..catalogue_import_report import ImportReportDialog
from ..errors import user_errors
from ..flow_layout import FlowLayout
from ..table_models import ModuleTableModel
from ..widgets import read_only_table, text_label
from . import catalogue_actions as actions
from .base import PageWidget
from .catalogue_columns import keep_words_whole
from .catalogue_text import EMPTY_TEXT, catalogue_sentence, module_html, versions_sentence

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App


def _titled(title: str, buddy: QWidget, parent: QWidget) -> QWidget:
    """`buddy` under a mnemonic label, so keyboard users can jump to it with Alt+letter."""
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    label = QLabel(title, box)
    label.setBuddy(buddy)
    layout.addWidget(label)
    layout.addWidget(buddy, 1)
    return box


class CataloguePageWidget(PageWidget):
    title = "Kriteriebank"

    def __init__(self, app: App, user: SupervisorInfo, parent: QWidget | None = None) -> None:
        super().__init__(app, user, parent)
        self.catalogue_label = text_label(parent=self)
        self.page_layout.addWidget(self.catalogue_label)
        self._build_admin_bar()

        self.area_list = QListWidget(self)
        self.area_list.setAccessibleName("Verksamhetsområden")
        self.module_model = ModuleTableModel(self)
        self.module_table = read_only_table(self.module_model, "Moduler", self)
        self.detail = QTextBrowser(self)
        self.detail.setAccessibleName("Modulens innehåll")
        self.detail.setOpenLinks(False)

        self.area_list.setWordWrap(True)
        self.area_list.setSpacing(max(2, self.fontMetrics().height() // 6))
        self.area_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.module_table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.module_table.setWordWrap(True)
        self.module_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.module_model.modelReset.connect(lambda: keep_words_whole(self.module_table))

        browse = QWidget(self)
        browse_layout = QVBoxLayout(browse)
        browse_layout.setContentsMargins(0, 0, 0, 0)
        browse_layout.addWidget(_titled("&Verksamhetsområden", self.area_list, browse), 0)
        browse_layout.addWidget(_titled("&Moduler", self.module_table, browse), 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(browse)
        self.splitter.addWidget(_titled("Modulens &innehåll", self.detail, self))
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)

        self.empty_label = text_label(EMPTY_TEXT, self)
        self.content = QStackedWidget(self)
        self.content.addWidget(self.splitter)
        self.content.addWidget(self.empty_label)
        self.page_layout.addWidget(self.content, 1)

        self.area_list.currentItemChanged.connect(self._area_changed)
        self.module_table.selectionModel().currentRowChanged.connect(self._module_changed)
        self.module_table.doubleClicked.connect(lambda _index: self.edit_module())
        self.task: BackgroundJob | None = None
        self.report_dialog: ImportReportDialog | None = None
        self.refresh()

    # --- admin controls ------------------------------------------------------------

    def _build_admin_bar(self) -> None:
        self.admin_bar = QWidget(self)
        # Two groups that wrap onto two rows when the page is narrow (150 % font).
        bar = FlowLayout(self.admin_bar, spacing=self.fontMetrics().height())
        groups = [QWidget(self.admin_bar), QWidget(self.admin_bar)]
        rows = [QHBoxLayout(group) for group in groups]
        for group, row in zip(groups, rows, strict=True):
            row.setContentsMargins(0, 0, 0, 0)
            bar.add(group)

        def button(text: str, name: str, group: int) -> QPushButton:
            b = QPushButton(text, groups[group])
            b.setAccessibleName(name)
            rows[group].addWidget(b)
            return b

        self.edit_button = button("&Redigera modul …", "Redigera modul", 0)
        self.new_module_button = button("&Ny modul …", "Ny modul", 0)
        self.new_area_button = button("Nytt verksamhets&område …", "Nytt verksamhetsområde", 0)
        self.import_button = button("&Läs in katalogfil …", "Läs in katalogfil", 1)
        self.export_button = button("&Exportera katalog …", "Exportera katalog", 1)
        self.page_layout.addWidget(self.admin_bar)

        self.busy = QWidget(self)
        busy = QHBoxLayout(self.busy)
        busy.setContentsMargins(0, 0, 0, 0)
        self.busy_label = QLabel("", self.busy)
        self.busy_bar = QProgressBar(self.busy)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setAccessibleName("Arbetar")
        self.busy_bar.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 20)
        busy.addWidget(self.busy_label)
        busy.addWidget(self.busy_bar)
        busy.addStretch(1)
        self.busy.setVisible(False)
        self.page_layout.addWidget(self.busy)
        self.notice = text_label(parent=self, selectable=True)
        self.notice.setAccessibleName("Meddelande")
        self.notice.setVisible(False)
        self.page_layout.addWidget(self.notice)
        self.viewer_note = text_label(
            "Du kan bläddra i kriteriebanken. Bara en administratör kan ändra den.", self
        )
        self.page_layout.addWidget(self.viewer_note)

        self.edit_button.clicked.connect(self.edit_module)
        self.new_module_button.clicked.connect(self.new_module)
        self.new_area_button.clicked.connect(self.new_area)
        self.import_button.clicked.connect(self.import_catalogue)
        self.export_button.clicked.connect(self.export_catalogue)
        self._apply_role()

    def _apply_role(self) -> None:
        admin = self.user.is_admin
        self.admin_bar.setVisible(admin)
        self.viewer_note.setVisible(not admin)
        for b in (
            self.edit_button,
            self.new_module_button,
            self.new_area_button,
            self.import_button,
            self.export_button,
        ):
            b.setEnabled(admin)

    def update_buttons(self) -> None:
        admin = self.user.is_admin
        idle = self.task is None or not self.task.running
        has_area = self.current_area() is not None
        self.edit_button.setEnabled(admin and idle and self.current_module() is not None)
        self.new_module_button.setEnabled(admin and idle and has_area)
        self.new_area_button.setEnabled(admin and idle)
        self.import_button.setEnabled(admin and idle)
        self.export_button.setEnabled(admin and idle and has_area)

    def set_user(self, user: SupervisorInfo) -> None:
        self.user = user
        self._apply_role()
        self.refresh()

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def current_module(self) -> ModuleInfo | None:
        index = self.module_table.currentIndex()
        if not index.isValid():
            return None
        return self.module_model.row_record(index.row())

    def current_area(self) -> BusinessAreaInfo | None:
        code = self.current_area_code()
        return next((a for a in self._areas if a.code == code), None)

    def select_module(self, area_code: str, module_code: str) -> None:
        for i in range(self.area_list.count()):
            if self.area_list.item(i).data(Qt.ItemDataRole.UserRole) == area_code:
                self.area_list.setCurrentRow(i)
                break
        for row in range(self.module_model.rowCount()):
            if self.module_model.row_record(row).code == module_code:
                self.module_table.selectRow(row)
                return

    # --- admin actions (catalogue_actions.py) ---------------------------------------

    def module_dialog(self, module: ModuleInfo | None = None) -> ModuleEditDialog:
        return actions.module_dialog(self, module)

    def edit_module(self) -> None:
        actions.edit_module(self)

    def new_module(self) -> None:
        actions.new_module(self)

    def new_area(self) -> None:
        actions.new_area(self)

    def import_catalogue(self) -> None:
        actions.import_catalogue(self)

    def import_path(self, path: Path) -> None:
        actions.import_path(self, path)

    def export_catalogue(self) -> None:
        actions.export_catalogue(self)

    def export_path(self, path: Path) -> None:
        actions.export_path(self, path)

    # --- loading -----------------------------------------------------------------

    def refresh(self) -> None:
        catalogues: list[CatalogueInfo] = []
        areas: list[BusinessAreaInfo] = []
        with user_errors(self):
            catalogues = self.app.catalogue.catalogues()
            areas = self.app.catalogue.business_areas()
        self._areas = areas
        self.catalogue_label.setText(catalogue_sentence(catalogues))
        self.catalogue_label.setVisible(bool(catalogues))
        self.content.setCurrentWidget(self.splitter if areas else self.empty_label)

        previous = self.current_area_code()
        self.area_list.blockSignals(True)
        self.area_list.clear()
        for area in areas:
            item = QListWidgetItem(
                f"{area.name} ({count_text(area.module_count, 'modul', 'moduler')})",
                self.area_list,
            )
            item.setData(Qt.ItemDataRole.UserRole, area.code)
            item.setToolTip(area.description)
        self.area_list.blockSignals(False)
        self._fit_area_list()
        codes = [a.code for a in areas]
        if codes:
            self.area_list.setCurrentRow(codes.index(previous) if previous in codes else 0)
        else:
            self.module_model.set_rows([])
            self.detail.clear()
        self.update_buttons()

    def _fit_area_list(self) -> None:
        """Tall enough for every business area (there are few), so none hides below the edge."""
        rows = sum(
            self.area_list.sizeHintForRow(i) + 2 * self.area_list.spacing()
            for i in range(self.area_list.count())
        )
        cap = self.fontMetrics().height() * 16  # many areas: scroll rather than crowd out
        self.area_list.setFixedHeight(min(cap, rows + 2 * self.area_list.frameWidth() + 2))

    def current_area_code(self) -> str | None:
        item = self.area_list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _area_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        modules: list[ModuleInfo] = []
        if current is not None:
            with user_errors(self):
                modules = self.app.catalogue.modules(str(current.data(Qt.ItemDataRole.UserRole)))
        self.module_model.set_rows(modules)
        self.detail.clear()
        if modules:
            self.module_table.selectRow(0)
        else:
            self.detail.setPlainText(
                "Det finns inga moduler i det här verksamhetsområdet ännu."
                + (" Lägg till en med Ny modul." if self.user.is_admin else "")
            )
        self.update_buttons()

    def _module_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.update_buttons()
        if not current.isValid():
            self.detail.clear()
            return
        summary = self.module_model.row_record(current.row())
        with user_errors(self):
            self.show_module(self.app.catalogue.module(summary.id))

    def show_module(self, module: ModuleInfo) -> None:
        versions = versions_sentence(self.app.catalogue_edit.module_versions(module.code))
        self.detail.setHtml(module_html(module, versions))


def screenshot_widgets(
    app: App, user: SupervisorInfo, participant_id: str
) -> list[tuple[str, QWidget]]:
    """The page, the module editor filled with a module in use, and an import error report
    (built from a real validation of a broken file; nothing is imported)."""
    from ...domain.catalogue import parse_catalogue_bytes

    del participant_id  # the catalogue is the same for everyone
    page = CataloguePageWidget(app, user)
    dialogs: list[tuple[str, QWidget]] = [("kriteriebank", page)]
    module = page.current_module()
    if module is not None:
        dialogs.append(("kriteriebank-redigera-modul", page.module_dialog(module)))
    broken = (
        '{"format": "handledarappen-katalog", "format_version": 1, "catalogue_id": "Exempel",'
        ' "name": "Exempel", "version": "2027.1", "business_areas": [{"code": "butik",'
        ' "name": "Butik", "modules": [{"code": "BUT-01", "version": 2, "title": "",'
        ' "seqf_level": 9, "points": 0.25, "outcomes": [{"number": 1, "text": "Deltagaren kan'
        ' ta emot varor.", "criteria": [{"number": "1.2", "text": ""}]}]}]}]}'
    )
    try:
        parse_catalogue_bytes(broken.encode("utf-8"))
    except ValidationError as exc:
        dialogs.append(("kriteriebank-importfel", ImportReportDialog("ny-katalog.json", exc, page)))
    return dialogs
