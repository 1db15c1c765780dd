"""One signer's signature: draw it, type the name, or (participant only) sign on paper."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.signing import SignatureInput, SignatureMethod
from ..start_folders import documents_folder
from ..widgets import text_label
from .signature_pad import SignaturePad


class SignatureInputWidget(QGroupBox):
    """`print_sheet` is called when the participant wants the paper signing sheet."""

    def __init__(
        self,
        title: str,
        signer_name: str,
        *,
        allow_paper: bool,
        print_sheet: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, parent)
        self.setAccessibleName(title)
        self._scan: str | None = None
        layout = QVBoxLayout(self)
        choices = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.methods: dict[SignatureMethod, QRadioButton] = {}
        labels = {
            SignatureMethod.DRAWN: "Rita",
            SignatureMethod.TYPED: "Skriv namnet",
            SignatureMethod.PAPER: "På papper",
        }
        for method, label in labels.items():
            if method is SignatureMethod.PAPER and not allow_paper:
                continue
            button = QRadioButton(label, self)
            button.setAccessibleName(f"{title}: {label}")
            self.group.addButton(button)
            self.methods[method] = button
            choices.addWidget(button)
        choices.addStretch(1)
        layout.addLayout(choices)

        self.stack = QStackedWidget(self)
        # Drawn
        drawn = QWidget(self.stack)
        dl = QVBoxLayout(drawn)
        dl.setContentsMargins(0, 0, 0, 0)
        self.pad = SignaturePad(f"{title}: rityta", drawn)
        dl.addWidget(self.pad)
        row = QHBoxLayout()
        row.addStretch(1)
        self.clear_button = QPushButton("Sudda", drawn)
        self.clear_button.setAccessibleName(f"{title}: sudda signaturen")
        self.clear_button.clicked.connect(self.pad.clear)
        row.addWidget(self.clear_button)
        dl.addLayout(row)
        self.stack.addWidget(drawn)
        # Typed
        typed = QWidget(self.stack)
        tl = QVBoxLayout(typed)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(text_label("Skriv ditt namn som signatur:", typed))
        self.typed = QLineEdit(signer_name, typed)
        self.typed.setAccessibleName(f"{title}: skriven signatur")
        self.typed.setMaxLength(120)
        tl.addWidget(self.typed)
        tl.addStretch(1)
        self.stack.addWidget(typed)
        # Paper
        paper = QWidget(self.stack)
        pl = QVBoxLayout(paper)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(
            text_label(
                "Skriv ut signeringsblanketten, låt deltagaren skriva under den och spara den "
                "i pärmen. Skanna gärna in den och bifoga den här.",
                paper,
            )
        )
        prow = QHBoxLayout()
        self.sheet_button = QPushButton("Skriv ut blankett …", paper)
        self.sheet_button.setAccessibleName("Skriv ut signeringsblanketten")
        if print_sheet is not None:
            self.sheet_button.clicked.connect(print_sheet)
        prow.addWidget(self.sheet_button)
        self.scan_button = QPushButton("Bifoga inskannad blankett …", paper)
        self.scan_button.setAccessibleName("Bifoga inskannad blankett")
        self.scan_button.clicked.connect(self._choose_scan)
        prow.addWidget(self.scan_button)
        prow.addStretch(1)
        pl.addLayout(prow)
        self.scan_label = QLabel("Ingen inskannad blankett bifogad (valfritt).", paper)
        self.scan_label.setWordWrap(True)
        pl.addWidget(self.scan_label)
        pl.addStretch(1)
        self.stack.addWidget(paper)
        layout.addWidget(self.stack)

        order = [SignatureMethod.DRAWN, SignatureMethod.TYPED, SignatureMethod.PAPER]
        for method, button in self.methods.items():
            index = order.index(method)
            button.toggled.connect(lambda on, i=index: self._show_method(on, i))
        self.methods[SignatureMethod.DRAWN].setChecked(True)

    def _show_method(self, on: bool, index: int) -> None:
        if on:
            self.stack.setCurrentIndex(index)

    def _choose_scan(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Välj inskannad blankett",
            documents_folder(),
            "Bilder och PDF (*.pdf *.jpg *.jpeg *.png)",
        )
        if path:
            self.set_scan(path)

    def set_scan(self, path: str | None) -> None:
        self._scan = path
        name = path.replace("\\", "/").rsplit("/", 1)[-1] if path else ""
        self.scan_label.setText(
            f"Bifogad: {name}" if path else "Ingen inskannad blankett bifogad (valfritt)."
        )

    def method(self) -> SignatureMethod:
        return next(m for m, b in self.methods.items() if b.isChecked())

    def set_method(self, method: SignatureMethod) -> None:
        self.methods[method].setChecked(True)

    def signature(self) -> SignatureInput:
        method = self.method()
        if method is SignatureMethod.DRAWN:
            return SignatureInput(method, strokes=self.pad.strokes())
        if method is SignatureMethod.TYPED:
            return SignatureInput(method, typed_name=self.typed.text())
        return SignatureInput(method, scan_path=self._scan)
