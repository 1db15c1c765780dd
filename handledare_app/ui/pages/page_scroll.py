"""`make_page_scrollable`: moves everything below a page's heading into a scroll area, so
a page with two tables (Inställningar with its Säkerhetskopior section) stays usable at
150 % font on a 768-pixel screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QSizePolicy, QTableView, QVBoxLayout, QWidget

from ..widgets import scrolling

if TYPE_CHECKING:
    from .base import PageWidget


def make_page_scrollable(page: PageWidget) -> None:
    """Move everything below the page heading into a scroll area.

    With the Säkerhetskopior section, Inställningar holds two tables; at 150 % font on
    a 768-pixel screen they would be squeezed to one row each. Scrolling keeps both
    usable. Stretch factors are kept."""
    layout = page.page_layout
    content = QWidget()
    inner = QVBoxLayout(content)
    inner.setContentsMargins(0, 0, 0, 0)
    index = 1  # the heading stays fixed at the top
    while layout.count() > index:
        stretch = layout.stretch(index)
        item = layout.takeAt(index)
        if item is None:
            break
        widget, sub, spacer = item.widget(), item.layout(), item.spacerItem()
        if widget is not None:
            inner.addWidget(widget, stretch)
        elif sub is not None:
            sub.setParent(None)
            inner.addLayout(sub, stretch)
        elif spacer is not None:
            inner.addSpacing(spacer.sizeHint().height())
    # Tables take their minimum in the scroll area's preferred height (which wrapped text
    # makes it use) and grow into free space, instead of pushing the buttons out of view.
    for table in content.findChildren(QTableView):
        table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
    layout.addWidget(scrolling(content, f"{page.title}, rullbar", page), 1)
