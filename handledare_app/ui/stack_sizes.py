"""Only the page on show sizes the window. A QStackedWidget is as wide and tall as its
largest page, shown or not: at 150 % font an administrator's Statistik row made every
page, Deltagare too, wider than a 1366-pixel screen (found walking the GUI). Hidden pages
get the Ignored size policy, which the stack leaves out of its minimum and size hint."""

from __future__ import annotations

from PySide6.QtWidgets import QSizePolicy, QStackedWidget


def size_by_current_page(stack: QStackedWidget) -> None:
    current = stack.currentWidget()
    for index in range(stack.count()):
        page = stack.widget(index)
        if page is None:
            continue
        policy = QSizePolicy.Policy.Preferred if page is current else QSizePolicy.Policy.Ignored
        page.setSizePolicy(policy, policy)
    stack.updateGeometry()
