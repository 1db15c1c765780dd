"""Building blocks shared by the windows: headings, wrapped text, inline errors, a dialog
size that fits the screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, QRect, QRegularExpression, QSize, Qt
from PySide6.QtGui import QFont, QGuiApplication, QRegularExpressionValidator, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QWidget,
)

from ..domain.rules import PIN_MAX_LENGTH

# Heading sizes relative to the application font, so the system font size is respected.
HEADING_SCALE = {1: 1.6, 2: 1.25}
ERROR_COLOUR = "#b3261e"


def scaled_font(scale: float, *, bold: bool = False) -> QFont:
    """The application font scaled by `scale` (works for point- and pixel-sized fonts)."""
    font = QFont(QApplication.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    elif font.pixelSize() > 0:
        font.setPixelSize(round(font.pixelSize() * scale))
    font.setBold(bold)
    return font


def scrolling(content: QWidget, accessible_name: str, parent: QWidget | None = None) -> QScrollArea:
    """`content` in a frameless scroll area that lets it shrink below its minimum height:
    at 150 % font on a 768-pixel screen a page or tab may need more height than there is."""
    scroll = QScrollArea(parent)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setAccessibleName(accessible_name)
    scroll.setWidget(content)
    return scroll


def heading_label(text: str, level: int = 1, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setFont(scaled_font(HEADING_SCALE.get(level, 1.0), bold=True))
    label.setWordWrap(True)
    return label


def text_label(
    text: str = "", parent: QWidget | None = None, *, selectable: bool = False
) -> QLabel:
    """A word-wrapped label for running text."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
    return label


class ErrorLabel(QLabel):
    """Inline error text in red; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;")
        self.setVisible(False)

    def show_error(self, message: str) -> None:
        self.setText(message)
        self.setAccessibleName(message)
        self.setVisible(bool(message))

    def clear_error(self) -> None:
        self.show_error("")


def name_table_corner(table: QTableView) -> None:
    """The table's select-all corner button is a button too; give it a Swedish name."""
    for button in table.findChildren(QAbstractButton):
        if not button.accessibleName():
            button.setAccessibleName("Markera alla rader")


def pin_line_edit(accessible_name: str, parent: QWidget | None = None) -> QLineEdit:
    """A masked field that accepts only digits, at most PIN_MAX_LENGTH of them."""
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(PIN_MAX_LENGTH)
    edit.setValidator(
        QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{PIN_MAX_LENGTH}}}"), edit)
    )
    edit.setInputMethodHints(
        Qt.InputMethodHint.ImhDigitsOnly
        | Qt.InputMethodHint.ImhHiddenText
        | Qt.InputMethodHint.ImhSensitiveData
    )
    edit.setAccessibleName(accessible_name)
    return edit


def read_only_table(
    model: QAbstractItemModel,
    accessible_name: str,
    parent: QWidget | None = None,
    *,
    fit_on_reset: bool = True,
) -> QTableView:
    """A table for looking, not editing: whole rows selected, one at a time."""
    table = QTableView(parent)
    table.setModel(model)
    table.setAccessibleName(accessible_name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    # Measure column widths on a sample, not on every one of 10,000 rows.
    header.setResizeContentsPrecision(RESIZE_SAMPLE_ROWS)
    if fit_on_reset:  # large tables measure their own columns (see the participant list)
        model.modelReset.connect(lambda: fit_columns(table))
    name_table_corner(table)
    return table


RESIZE_SAMPLE_ROWS = 200


def fit_columns(table: QTableView) -> None:
    """Columns as wide as their contents plus some air (the user can still drag them)."""
    header = table.horizontalHeader()
    air = table.fontMetrics().height() // 2
    for column in range(header.count()):
        if header.sectionResizeMode(column) != QHeaderView.ResizeMode.Interactive:
            continue
        table.resizeColumnToContents(column)
        header.resizeSection(column, header.sectionSize(column) + air)


def save_cancel_buttons(
    dialog: QDialog, save: Callable[[], object], *, save_name: str = "Spara"
) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    """Spara (default, runs `save`) and Avbryt (the dialog's `reject`, which asks first
    where typed text could be lost) with accessible names."""
    buttons = QDialogButtonBox(dialog)
    save_button = QPushButton("&Spara", dialog)
    save_button.setAccessibleName(save_name)
    save_button.setDefault(True)
    cancel_button = QPushButton("Avbryt", dialog)  # Escape; Alt+A belongs to form fields
    cancel_button.setAccessibleName("Avbryt")
    buttons.addButton(save_button, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    return buttons, save_button, cancel_button


# Room a dialog leaves on the available screen for its frame and title bar.
SCREEN_MARGIN = QSize(40, 60)


def text_size(widget: QWidget, chars: int, lines: int) -> QSize:
    """`chars` average characters wide and `lines` lines high in the widget's font."""
    metrics = widget.fontMetrics()
    return QSize(metrics.averageCharWidth() * chars, metrics.height() * lines)


def capped_size(size: QSize, available: QRect | None) -> QSize:
    """`size`, made no larger than `available` less SCREEN_MARGIN (None: no screen known)."""
    if available is None:
        return QSize(size)
    return QSize(
        min(size.width(), available.width() - SCREEN_MARGIN.width()),
        min(size.height(), available.height() - SCREEN_MARGIN.height()),
    )


def available_geometry(widget: QWidget) -> QRect | None:
    """The available area (without task bars) of the widget's screen, else the primary's."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return None if screen is None else screen.availableGeometry()


def fit_to_screen(widget: QWidget, size: QSize) -> None:
    """Resize a dialog to `size` (usually from text_size, so it suits the font), never
    larger than the available screen."""
    widget.resize(capped_size(size, available_geometry(widget)))


class FitScrollArea(QScrollArea):
    """Vertical scrolling only: the content as wide as the view and as tall as its wrapped
    text needs at that width, its preferred height or (`minimum`) its minimum one, at
    least the view's height; it scrolls only when that does not fit. QScrollArea's own
    resizing uses the height at the narrowest width (gaps between lines) or the
    preferred size (lists at full height, buttons below the fold). Refits when the
    content's layout changes (an error or a result shown)."""

    def __init__(self, parent: QWidget | None = None, *, minimum: bool = False) -> None:
        super().__init__(parent)
        self._minimum = minimum

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.fit_content()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_content()

    def fit_content(self) -> None:
        body = self.widget()
        layout = body.layout() if body is not None else None
        if body is None or layout is None:
            return
        height_for = (
            layout.totalMinimumHeightForWidth if self._minimum else layout.totalHeightForWidth
        )
        full = self.width() - 2 * self.frameWidth()
        visible = self.height() - 2 * self.frameWidth()
        width = full
        height = height_for(width)
        if height > visible:  # room for the vertical scroll bar
            width = full - self.verticalScrollBar().sizeHint().width()
            height = height_for(width)
        body.resize(width, max(height, visible))
