"""Kriteriebank: browse business areas → modules → learning outcomes and criteria (read-only)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...domain.catalogue import format_points
from ...domain.records import BusinessAreaInfo, CatalogueInfo, ModuleInfo
from ..errors import user_errors
from ..formatting import count_text
from ..table_models import ModuleTableModel
from ..widgets import read_only_table, text_label
from .base import PageWidget

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App


EMPTY_TEXT = (
    "Kriteriebanken är tom. När en katalog med moduler är inläst kan du bläddra bland "
    "verksamhetsområden, moduler och bedömningskriterier här."
)


def catalogue_sentence(catalogues: list[CatalogueInfo]) -> str:
    if not catalogues:
        return ""
    names = ", ".join(f"{c.name}, version {c.version}" for c in catalogues)
    word = "Katalog" if len(catalogues) == 1 else "Kataloger"
    return f"{word}: {names}"


def module_html(module: ModuleInfo) -> str:
    """The module as simple HTML: facts, description, numbered outcomes and criteria."""
    facts = [
        f"Verksamhetsområde: {escape(module.business_area_name)}",
        f"SeQF-nivå {module.seqf_level}",
    ]
    if module.ocn_level is not None:
        facts.append(f"OCN-nivå {module.ocn_level}")
    facts += [f"{format_points(module.points)} poäng", f"version {module.version}"]
    criteria = module.criteria
    parts = [
        f"<h2>{escape(module.code)} {escape(module.title)}</h2>",
        f"<p>{' · '.join(facts)}</p>",
    ]
    if module.description:
        parts.append(f"<p>{escape(module.description)}</p>")
    parts.append(
        f"<p>Modulen har {count_text(len(criteria), 'bedömningskriterium', 'bedömningskriterier')}"
        ". Alla måste vara uppfyllda för att modulen ska räknas.</p>"
    )
    parts.append("<h3>Läranderesultat och bedömningskriterier</h3>")
    for outcome in module.outcomes:
        parts.append(f"<p><b>{outcome.number}. {escape(outcome.text)}</b></p>")
        rows = "".join(
            f"<tr><td style='padding-right: 1em'>{escape(c.number)}</td>"
            f"<td>{escape(c.text)}</td></tr>"
            for c in outcome.criteria
        )
        parts.append(f"<table style='margin-left: 1em; margin-bottom: 0.5em'>{rows}</table>")
    return "\n".join(parts)


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
        self.refresh()

    # --- loading -----------------------------------------------------------------

    def refresh(self) -> None:
        catalogues: list[CatalogueInfo] = []
        areas: list[BusinessAreaInfo] = []
        with user_errors(self):
            catalogues = self.app.catalogue.catalogues()
            areas = self.app.catalogue.business_areas()
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

    def _module_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.detail.clear()
            return
        summary = self.module_model.row_record(current.row())
        with user_errors(self):
            self.show_module(self.app.catalogue.module(summary.id))

    def show_module(self, module: ModuleInfo) -> None:
        self.detail.setHtml(module_html(module))
