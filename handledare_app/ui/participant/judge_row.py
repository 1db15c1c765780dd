"""Bedömning at 150 % font on a 768-pixel laptop: the comment, the judge buttons and the
keys hint had a row each, the module strip took three rows, and the criterion tree was
left about two. Now the comment field, the judge buttons and Nytt bevis share one row
that wraps (a flow), the keys are named in the box's title (the full hint is its
tooltip and each button's), and the tree keeps TREE_ROWS rows: the module strip gives
way first, down to one module row."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QLineEdit, QTreeView, QWidget

from ..flow_layout import FlowLayout
from .assessment_model import COL_COMMENT as COMMENT_COLUMN

COMMENT_CHARS = 20  # the comment field's least width; it takes the row's spare room


JUDGE_TITLE = "Bedöm valt kriterium (tangenter i listan: U, P, E)"


def judge_row(label: QLabel, comment: QLineEdit, buttons: QLayout) -> FlowLayout:
    flow = FlowLayout()
    comment.setMinimumWidth(comment.fontMetrics().averageCharWidth() * COMMENT_CHARS)
    comment_box = QWidget()
    row = QHBoxLayout(comment_box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(label)
    row.addWidget(comment, 1)
    flow.add(comment_box, stretch=True)
    button_box = QWidget()
    buttons.setContentsMargins(0, 0, 0, 0)
    button_box.setLayout(buttons)
    flow.add(button_box)
    return flow


TAB_MARGIN = 4  # pixels around the tab's content (the style's 9 took rows from the tree)
TREE_ROWS = 3  # criterion rows the tree keeps however short the screen
COMMENT_COLUMN_CHARS = 40
# Pixels: 40 characters at a normal font (about 280); at 150 % font 40 characters took
# a third of the tree and cut the criterion texts.
COMMENT_COLUMN_MAX = 320


def fit_tree(tree: QTreeView) -> None:
    """The tree keeps TREE_ROWS rows (the module strip and the judging box give way
    first: the tab scrolls only when even that does not fit), and the Bedömning column
    leaves the criterion text room at large font."""
    metrics = tree.fontMetrics()
    row = max(metrics.height(), tree.iconSize().height()) + 6
    header = tree.header()
    tree.setMinimumHeight(header.sizeHint().height() + TREE_ROWS * row + 2 * tree.frameWidth())
    width = min(metrics.averageCharWidth() * COMMENT_COLUMN_CHARS, COMMENT_COLUMN_MAX)
    header.resizeSection(COMMENT_COLUMN, width)


SHORT_TAB_LINES = 24  # a tab lower than this many text lines shows one module row


def short_tab(tab: QWidget, height: int) -> bool:
    return height < SHORT_TAB_LINES * tab.fontMetrics().height()
