"""Deltagare: the list (search as you type, filters, sorting) and, in the same place,
one participant's page with a way back (participants_open.py)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import UserError
from ..background import BackgroundTask, start
from ..errors import UNEXPECTED_MESSAGE, show_user_error, user_errors
from ..escape_clears import escape_clears
from ..participant_list_model import (
    ID_ROLE,
    NAME,
    ListFilter,
    ParticipantProxyModel,
    ParticipantTableModel,
    PreparedRows,
    prepare_rows,
)
from ..widgets import heading_label, read_only_table, text_label
from . import participants_open as in_place
from .base import PageWidget

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...services.app import App
    from ..participant.page import ParticipantPage


log = logging.getLogger(__name__)

EMPTY_HEADING = "Inga deltagare ännu."
EMPTY_TEXT = (
    "Här registrerar du deltagarna på arbetsplatsen och följer deras väg genom "
    "placeringen, från introduktion till avslut. Lägg till den första med knappen "
    "Ny deltagare."
)
NO_MATCH_HEADING = "Ingen deltagare matchar."
NO_MATCH_TEXT = "Ändra sökningen eller filtren, eller visa alla deltagare igen."
LOADING_TEXT = "Hämtar deltagarlistan …"
SEARCH_DELAY_MS = 150

STATUS_CHOICES = (("active", "Pågående"), ("ended", "Avslutade"), ("all", "Alla"))
ALL_AREAS = "Alla verksamhetsområden"


def count_sentence(shown: int, total: int) -> str:
    if total == 0:
        return ""
    if shown == total:
        return f"{total} deltagare visas."
    return f"{shown} av {total} deltagare visas."


def _load(app: App) -> PreparedRows:
    """Runs in the worker: the query and the row texts, so the GUI thread only swaps lists."""
    from ...services.participant_reads import ParticipantFilter

    return prepare_rows(app.participants.list(ParticipantFilter(status="all")))


class ParticipantsPageWidget(PageWidget):
    title = "Deltagare"
    loaded = Signal()  # the list has (re)loaded; for tests and screenshots

    def __init__(self, app: App, user: SupervisorInfo, parent: QWidget | None = None) -> None:
        super().__init__(app, user, parent)
        self.loading = False
        self.search_delay_ms = SEARCH_DELAY_MS
        self._task: BackgroundTask | None = None
        self._reload_again = False
        self.select_after_load: str | None = None
        self.participant_page: ParticipantPage | None = None

        self.outer = QStackedWidget(self)  # the list, or one participant in its place
        self.list_view = QWidget(self.outer)
        self.outer.addWidget(self.list_view)
        self.page_layout.addWidget(self.outer, 1)
        box = QVBoxLayout(self.list_view)
        box.setContentsMargins(0, 0, 0, 0)

        self.search_edit = QLineEdit(self.list_view)
        self.search_edit.setPlaceholderText("Sök på namn …")
        self.search_edit.setAccessibleName("Sök deltagare på namn")
        self.search_edit.setClearButtonEnabled(True)
        escape_clears(self.search_edit)
        for button in self.search_edit.findChildren(QToolButton):
            button.setAccessibleName("Töm sökfältet")
        self.status_combo = QComboBox(self.list_view)
        self.status_combo.setAccessibleName("Visa deltagare")
        for key, label in STATUS_CHOICES:
            self.status_combo.addItem(label, key)
        self.mine_check = QCheckBox("Bara &mina deltagare", self.list_view)
        self.mine_check.setAccessibleName("Bara mina deltagare")
        self.area_combo = QComboBox(self.list_view)
        self.area_combo.setAccessibleName("Verksamhetsområde")
        self.area_combo.addItem(ALL_AREAS, None)
        # At 150 % font the row squeezed the search field to "Sök p…": the area list gives
        # way instead (its long names show in full when it opens).
        self.area_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.area_combo.setMinimumContentsLength(12)
        self.search_edit.setMinimumWidth(self.fontMetrics().averageCharWidth() * 18)
        self.new_button = QPushButton("&Ny deltagare …", self.list_view)
        self.new_button.setAccessibleName("Ny deltagare")
        self.new_button.setToolTip("Registrera en ny deltagare")

        search_label = QLabel("&Sök:", self.list_view)
        search_label.setBuddy(self.search_edit)
        row = QHBoxLayout()
        row.addWidget(search_label)
        row.addWidget(self.search_edit, 2)
        row.addWidget(self.status_combo)
        row.addWidget(self.area_combo, 1)
        row.addWidget(self.mine_check)
        row.addWidget(self.new_button)
        box.addLayout(row)

        status_row = QHBoxLayout()
        self.count_label = text_label(parent=self.list_view)
        self.count_label.setAccessibleName("Antal deltagare")
        self.busy = QProgressBar(self.list_view)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName("Hämtar deltagarlistan")
        self.busy.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 12)
        self.busy.hide()
        status_row.addWidget(self.count_label, 1)
        status_row.addWidget(self.busy)
        box.addLayout(status_row)

        self.content = QStackedWidget(self.list_view)
        box.addWidget(self.content, 1)
        self.model = ParticipantTableModel(self)
        self.proxy = ParticipantProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = read_only_table(self.proxy, "Deltagare", self.content, fit_on_reset=False)
        self._columns_fitted = False
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        self.content.addWidget(self.table)

        self.empty_state, self.empty_heading, self.empty_text = self._message_widget(
            EMPTY_HEADING, EMPTY_TEXT
        )
        self.empty_new_button = QPushButton("Lägg till den första deltagaren …", self.empty_state)
        self.empty_new_button.setAccessibleName("Lägg till den första deltagaren")
        self.empty_new_button.clicked.connect(self.new_participant)
        self._add_button(self.empty_state, self.empty_new_button)
        self.no_match, self.no_match_heading, _ = self._message_widget(
            NO_MATCH_HEADING, NO_MATCH_TEXT
        )
        self.clear_button = QPushButton("&Rensa sökning och filter", self.no_match)
        self.clear_button.setAccessibleName("Rensa sökning och filter")
        self.clear_button.clicked.connect(self.clear_filters)
        self._add_button(self.no_match, self.clear_button)
        self.loading_state, _, _ = self._message_widget("", LOADING_TEXT)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search_edit.textChanged.connect(self._search_changed)
        self.search_edit.returnPressed.connect(self._open_first_match)
        self.status_combo.currentIndexChanged.connect(self.apply_filter)
        self.mine_check.toggled.connect(self.apply_filter)
        self.area_combo.currentIndexChanged.connect(self.apply_filter)
        self.new_button.clicked.connect(self.new_participant)
        self.table.activated.connect(self._open_index)  # Enter and double-click
        self.setTabOrder(self.search_edit, self.status_combo)
        self.setTabOrder(self.status_combo, self.area_combo)
        self.setTabOrder(self.area_combo, self.mine_check)
        self.setTabOrder(self.mine_check, self.new_button)
        self.setTabOrder(self.new_button, self.table)
        self.content.setCurrentWidget(self.loading_state)

    def _message_widget(self, heading: str, text: str) -> tuple[QWidget, QLabel, QLabel]:
        widget = QWidget(self.content)
        box = QVBoxLayout(widget)
        box.setContentsMargins(0, self.fontMetrics().height(), 0, 0)
        head = heading_label(heading, 2, widget)
        head.setVisible(bool(heading))
        body = text_label(text, widget)
        box.addWidget(head)
        box.addWidget(body)
        box.addStretch(1)
        self.content.addWidget(widget)
        return widget, head, body

    @staticmethod
    def _add_button(widget: QWidget, button: QPushButton) -> None:
        layout = widget.layout()
        assert isinstance(layout, QVBoxLayout)
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        layout.insertLayout(layout.count() - 1, row)

    # --- loading ----------------------------------------------------------------------

    def first_focus(self) -> QWidget | None:
        """After login a supervisor types a name to find a participant: the search field."""
        return self.search_edit if self.outer.currentWidget() is self.list_view else None

    def refresh(self) -> None:
        """Reload the list in the background; the old rows stay visible meanwhile."""
        self._refresh_areas()
        self.new_button.setEnabled(self._is_staff())
        self.empty_new_button.setEnabled(self._is_staff())
        if self.participant_page is not None:
            self.participant_page.refresh()
        if self.loading:
            self._reload_again = True
            return
        self.loading = True
        self.busy.show()
        app = self.app
        task = BackgroundTask(lambda: _load(app), self._loaded, self._load_failed)
        self._task = task
        start(task)

    def _is_staff(self) -> bool:
        from ...domain.enums import Role

        return bool(self.user.roles & {Role.SUPERVISOR, Role.ADMIN}) and self.user.active

    def _refresh_areas(self) -> None:
        current = self.area_combo.currentData()
        names: list[str] = []
        with user_errors(self):
            names = [a.name for a in self.app.catalogue.business_areas()]
        if names == [self.area_combo.itemText(i) for i in range(1, self.area_combo.count())]:
            return
        self.area_combo.blockSignals(True)
        self.area_combo.clear()
        self.area_combo.addItem(ALL_AREAS, None)
        for name in names:
            self.area_combo.addItem(name, name)
        found = self.area_combo.findData(current)
        self.area_combo.setCurrentIndex(max(found, 0))
        self.area_combo.blockSignals(False)

    def _loaded(self, rows: object) -> None:
        assert isinstance(rows, PreparedRows)
        self._finish_loading()
        keep = self.select_after_load or self.current_participant_id()
        self.select_after_load = None
        self.model.set_prepared(rows)
        self._fit_columns()
        self._after_filter(keep)
        self.loaded.emit()

    def _fit_columns(self) -> None:
        """Widths from a sample of texts measured in Python, once: Qt's own measuring calls
        back into the model for every cell it samples, which costs half a second here."""
        if self._columns_fitted or not self.model.records:
            return
        self._columns_fitted = True
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        air = metrics.height()
        sample = range(min(len(self.model.records), 300))
        for column in range(self.model.columnCount()):
            texts = [str(self.model.headerData(column, Qt.Orientation.Horizontal))]
            texts += self.model.column_texts(column, sample)
            widest = max(metrics.horizontalAdvance(t) for t in texts)
            header.resizeSection(column, min(widest + air, metrics.averageCharWidth() * 45))

    def _load_failed(self, exc: object) -> None:
        self._finish_loading()
        if not self.isVisible():
            log.warning("participant list failed to load while hidden: %s", type(exc).__name__)
        elif isinstance(exc, UserError):
            show_user_error(self, exc)
        else:
            QMessageBox.critical(self, "Ett oväntat fel", UNEXPECTED_MESSAGE)
        self._after_filter(None)
        self.loaded.emit()

    def _finish_loading(self) -> None:
        self.loading = False
        self._task = None
        self.busy.hide()
        if self._reload_again:
            self._reload_again = False
            QTimer.singleShot(0, self, self.refresh)  # not once the page is gone

    # --- filtering --------------------------------------------------------------------

    def _search_changed(self, _text: str) -> None:
        self._search_timer.start(self.search_delay_ms)

    def current_filter(self) -> ListFilter:
        return ListFilter(
            text=self.search_edit.text(),
            status=str(self.status_combo.currentData()),
            responsible_id=self.user.id if self.mine_check.isChecked() else None,
            business_area=self.area_combo.currentData(),
        )

    def apply_filter(self) -> None:
        self._search_timer.stop()
        keep = self.current_participant_id()
        self.proxy.set_filter(self.current_filter())
        self._after_filter(keep)

    def _after_filter(self, keep_id: str | None) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        self.count_label.setText(count_sentence(shown, total))
        if self.loading and total == 0:
            self.content.setCurrentWidget(self.loading_state)
        elif total == 0:
            self.content.setCurrentWidget(self.empty_state)
        elif shown == 0:
            self.content.setCurrentWidget(self.no_match)
        else:
            self.content.setCurrentWidget(self.table)
            row = self.proxy.row_of(keep_id) if keep_id else None
            if row is not None:
                self.table.selectRow(row)

    def clear_filters(self) -> None:
        for w in (self.search_edit, self.status_combo, self.mine_check, self.area_combo):
            w.blockSignals(True)
        self.search_edit.clear()
        self.status_combo.setCurrentIndex(self.status_combo.findData("all"))
        self.mine_check.setChecked(False)
        self.area_combo.setCurrentIndex(0)
        for w in (self.search_edit, self.status_combo, self.mine_check, self.area_combo):
            w.blockSignals(False)
        self.apply_filter()
        self.search_edit.setFocus()

    def current_participant_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        value = index.data(ID_ROLE)
        return str(value) if value else None

    # --- actions ----------------------------------------------------------------------

    def new_participant(self) -> None:
        from ..new_participant_dialog import NewParticipantDialog

        dialog = NewParticipantDialog(self.app, self.user, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.created is None:
            return
        self.select_after_load = dialog.created.id
        self.clear_filters()
        self.refresh()
        self.open_participant(dialog.created.id)

    def _open_index(self, index: QModelIndex) -> None:
        value = index.data(ID_ROLE)
        if value:
            self.open_participant(str(value))

    def _open_first_match(self) -> None:
        self.apply_filter()
        if self.proxy.rowCount() == 1:
            self.open_participant(self.proxy.record(0).id)

    # --- one participant in place of the list (participants_open.py) -----------------

    def open_participant(self, participant_id: str) -> ParticipantPage | None:
        return in_place.open_participant(self, participant_id)

    def may_leave(self) -> bool:
        return in_place.may_leave(self)

    def close_participant(self, *, refresh: bool = True, ask: bool = True) -> bool:
        return in_place.close_participant(self, refresh=refresh, ask=ask)

    def set_user(self, user: SupervisorInfo) -> None:
        in_place.hand_over(self, user)
