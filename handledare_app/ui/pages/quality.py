"""Kvalitetssäkring: modules to sign, the IK's sample queue, signed modules and
certificates, and (for admins) the sampling settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import Role
from .. import tasks
from ..errors import user_errors
from ..sign_choice import ready_choice_text
from ..signing.table_models import QueueTableModel, ReadyTableModel, SignedTableModel
from ..widgets import read_only_table, text_label
from .base import PageWidget
from .quality_pdfs import QualityPdfsMixin

if TYPE_CHECKING:
    from ...domain.records import SupervisorInfo
    from ...domain.signing import QueueItem, SignoffInfo
    from ...services.app import App


def _button(text: str, name: str, parent: QWidget) -> QPushButton:
    b = QPushButton(text, parent)
    b.setAccessibleName(name)
    return b


def _selected_row(table: QTableView) -> int | None:
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else None


class QualityPageWidget(QualityPdfsMixin, PageWidget):
    title = "Kvalitetssäkring"

    def __init__(self, app: App, user: SupervisorInfo, parent: QWidget | None = None) -> None:
        super().__init__(app, user, parent)
        self._pdf_task: tasks.Task | None = None  # one certificate or PDF at a time
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Kvalitetssäkring, flikar")
        self.page_layout.addWidget(self.tabs, 1)
        self._build_ready_tab()
        self._build_queue_tab()
        self._build_signed_tab()
        self._build_settings_tab()

    # --- tabs ----------------------------------------------------------------------

    def _build_ready_tab(self) -> None:
        tab = QWidget(self.tabs)
        layout = QVBoxLayout(tab)
        layout.addWidget(
            text_label(
                "Moduler där alla kriterier är uppnådda. Sitt tillsammans med deltagaren när "
                "ni signerar: appen visar en sammanfattning i enkla ord.",
                tab,
            )
        )
        self.ready_model = ReadyTableModel(tab)
        self.ready_table = read_only_table(self.ready_model, "Moduler klara för signering", tab)
        self.ready_table.doubleClicked.connect(lambda _i: self.sign_selected())
        layout.addWidget(self.ready_table, 1)
        self.ready_table.selectionModel().selectionChanged.connect(self._ready_selection)
        self.ready_note = text_label("", tab)
        self.ready_note.setAccessibleName("Att veta om vald modul")
        layout.addWidget(self.ready_note)
        self.ready_empty = text_label("Inga moduler är klara för signering just nu.", tab)
        layout.addWidget(self.ready_empty)
        row = QHBoxLayout()
        row.addStretch(1)
        self.sign_button = _button("Signera …", "Signera vald modul", tab)
        self.sign_button.clicked.connect(self.sign_selected)
        row.addWidget(self.sign_button)
        layout.addLayout(row)
        self.tabs.addTab(tab, "Klara för signering")

    def _build_queue_tab(self) -> None:
        tab = QWidget(self.tabs)
        layout = QVBoxLayout(tab)
        self.queue_intro = text_label("", tab)
        layout.addWidget(self.queue_intro)
        self.queue_model = QueueTableModel(tab)
        self.queue_table = read_only_table(self.queue_model, "Stickprov att granska", tab)
        self.queue_table.selectionModel().selectionChanged.connect(self._queue_selection)
        layout.addWidget(self.queue_table, 1)
        self.queue_note = text_label("", tab)
        layout.addWidget(self.queue_note)
        row = QHBoxLayout()
        self.queue_portfolio = _button("Visa portfölj …", "Visa deltagarens portfölj", tab)
        self.queue_portfolio.clicked.connect(self.show_queue_portfolio)
        row.addWidget(self.queue_portfolio)
        row.addStretch(1)
        self.approve_button = _button("Godkänn", "Godkänn bedömningen", tab)
        self.approve_button.clicked.connect(self.approve_selected)
        self.return_button = _button("Återlämna …", "Återlämna för rättelse", tab)
        self.return_button.clicked.connect(self.return_selected)
        row.addWidget(self.approve_button)
        row.addWidget(self.return_button)
        layout.addLayout(row)
        self.returned_label = text_label("", tab)
        self.returned_label.setAccessibleName("Återlämnade moduler")
        layout.addWidget(self.returned_label)
        self.tabs.addTab(tab, "Stickprov att granska")

    def _build_signed_tab(self) -> None:
        tab = QWidget(self.tabs)
        layout = QVBoxLayout(tab)
        layout.addWidget(
            text_label(
                "Signerade moduler. Välj en rad för att skriva ut deltagarens intyg, "
                "portfölj eller arbetsplan.",
                tab,
            )
        )
        self.signed_model = SignedTableModel(tab)
        self.signed_table = read_only_table(self.signed_model, "Signerade moduler", tab)
        layout.addWidget(self.signed_table, 1)
        row = QHBoxLayout()
        self.certificate_button = _button("Intyg …", "Visa och skriv ut intyget", tab)
        self.certificate_button.clicked.connect(self.show_certificate)
        self.portfolio_button = _button("Portfölj …", "Visa portföljen", tab)
        self.portfolio_button.clicked.connect(self.show_portfolio)
        self.plan_button = _button("Arbetsplan …", "Visa arbetsplanen", tab)
        self.plan_button.clicked.connect(self.show_work_plan)
        self.verify_button = _button("Kontrollera intyg …", "Kontrollera ett intyg", tab)
        self.verify_button.clicked.connect(self.verify_certificate)
        for b in (self.certificate_button, self.portfolio_button, self.plan_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.verify_button)
        layout.addLayout(row)
        admin_row = QHBoxLayout()
        admin_row.addStretch(1)
        self.revoke_button = _button("Återkalla intyg …", "Återkalla deltagarens intyg", tab)
        self.revoke_button.clicked.connect(self.revoke_certificate)
        self.reopen_button = _button("Öppna signeringen igen …", "Öppna signeringen igen", tab)
        self.reopen_button.clicked.connect(self.reopen_selected)
        admin_row.addWidget(self.revoke_button)
        admin_row.addWidget(self.reopen_button)
        layout.addLayout(admin_row)
        self.tabs.addTab(tab, "Signerade och intyg")

    def _build_settings_tab(self) -> None:
        tab = QWidget(self.tabs)
        layout = QVBoxLayout(tab)
        layout.addWidget(
            text_label(
                "Vid varje signering lottas om modulen ska granskas av en intern "
                "kvalitetssäkrare. Andelen gäller hela arbetsplatsen. En återlämnad modul "
                "granskas alltid igen.",
                tab,
            )
        )
        form = QFormLayout()
        self.rate = QSpinBox(tab)
        self.rate.setRange(0, 100)
        self.rate.setSuffix(" %")
        self.rate.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 12)
        self.rate.setAccessibleName("Andel stickprov i procent")
        for edit in self.rate.findChildren(QLineEdit):
            edit.setAccessibleName("Andel stickprov i procent")
        form.addRow("Andel stickprov:", self.rate)
        self.required = QCheckBox("Intyg är preliminära tills stickprovet är granskat", tab)
        self.required.setAccessibleName("Kvalitetssäkring krävs för slutligt intyg")
        form.addRow("", self.required)
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_settings_button = _button("Spara", "Spara inställningarna", tab)
        self.save_settings_button.clicked.connect(self.save_settings)
        row.addWidget(self.save_settings_button)
        layout.addLayout(row)
        self.settings_note = text_label("", tab)
        layout.addWidget(self.settings_note)
        layout.addStretch(1)
        self.tabs.addTab(tab, "Stickprov, inställningar")

    # --- data ----------------------------------------------------------------------

    def refresh(self) -> None:
        with user_errors(self):
            ready = self.app.signing.ready_for_signing()
            self.ready_model.set_rows(ready)
            self.ready_empty.setVisible(not ready)
            self.ready_table.setVisible(bool(ready))
            # Issue 12/13: signing and issuing certificates need the supervisor role; the
            # buttons follow whoever is logged in now (set_user refreshes after a hand-over).
            staff = bool(self.user.roles & {Role.SUPERVISOR, Role.ADMIN})
            self.sign_button.setEnabled(bool(ready) and staff)
            self._update_pdf_buttons()
            self.certificate_button.setToolTip(
                "" if staff else "Intyg skrivs av en handledare; du kan granska och läsa."
            )
            is_ik = Role.QUALITY_ASSURER in self.user.roles
            queue = self.app.quality.queue(self.user.id)
            self.queue_model.set_rows(queue)
            self.queue_intro.setText(
                "Modulerna nedan lottades till stickprovet när de signerades. Granska "
                "bedömningen och bevisen, och godkänn eller återlämna med en kommentar."
                if is_ik
                else "Modulerna nedan väntar på en intern kvalitetssäkrare. Bara den som har "
                "rollen intern kvalitetssäkrare kan granska dem."
            )
            if not queue:
                self.queue_intro.setText(
                    self.queue_intro.text() + "\n\nInga moduler väntar på granskning."
                )
            returned = self.app.quality.returned()
            self.returned_label.setText(
                "Återlämnade för rättelse (rätta och signera igen under Klara för signering): "
                + "; ".join(f"{r.participant_name}, {r.module_title}" for r in returned)
                if returned
                else ""
            )
            self.signed_model.set_rows(self.app.signing.standing_all())
            settings = self.app.quality.settings()
            self.rate.setValue(round(settings.sample_rate * 100))
            self.required.setChecked(settings.required)
        self._queue_selection()
        admin = self.user.is_admin
        for w in (self.rate, self.required, self.save_settings_button):
            w.setEnabled(admin)
        self.revoke_button.setVisible(admin)
        self.reopen_button.setVisible(admin)
        self.settings_note.setText(
            "" if admin else "Bara en administratör kan ändra inställningarna."
        )

    def _ready_selection(self, *_args: object) -> None:
        row = _selected_row(self.ready_table)
        reason = self.ready_model.row_record(row).reopen_reason if row is not None else ""
        self.ready_note.setText(reason)

    def _queue_item(self) -> QueueItem | None:
        row = _selected_row(self.queue_table)
        return None if row is None else self.queue_model.row_record(row)

    def _queue_selection(self, *_args: object) -> None:
        item = self._queue_item()
        is_ik = Role.QUALITY_ASSURER in self.user.roles
        can = item is not None and is_ik and not item.own_work
        self.approve_button.setEnabled(can)
        self.return_button.setEnabled(can)
        self._update_pdf_buttons()
        self.queue_note.setText(item.note if item is not None and is_ik else "")

    def _signed(self) -> SignoffInfo | None:
        row = _selected_row(self.signed_table)
        if row is None:
            QMessageBox.information(self, "Välj en rad", "Välj först en signerad modul i listan.")
            return None
        return self.signed_model.row_record(row)

    # --- actions -------------------------------------------------------------------

    def sign_selected(self) -> None:
        from ..signing import open_signoff_dialog

        row = _selected_row(self.ready_table)
        if row is None:  # never a guess among several: signing is for one named person
            count = self.ready_model.rowCount()
            if count != 1:
                QMessageBox.information(self, "Välj en rad", ready_choice_text(count))
                return
            row = 0
        with user_errors(self):
            if open_signoff_dialog(
                self.app, self.user, self.ready_model.row_record(row).enrollment_id, self
            ):
                self.refresh()

    def approve_selected(self) -> None:
        item = self._queue_item()
        if item is None:
            return
        with user_errors(self):
            self.app.quality.review(self.user.id, item.signoff.id, approve=True)
            self.refresh()

    def return_selected(self) -> None:
        item = self._queue_item()
        if item is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self,
            "Återlämna för rättelse",
            "Vad behöver rättas? Handledaren ser kommentaren, och modulen öppnas igen så att "
            "den kan rättas och signeras på nytt.",
        )
        if not ok:
            return
        with user_errors(self):
            self.app.quality.review(self.user.id, item.signoff.id, approve=False, comment=text)
            self.refresh()

    def show_certificate(self) -> None:
        s = self._signed()
        if s is not None:
            self._preview("intyg", s.participant_id)

    def show_portfolio(self) -> None:
        s = self._signed()
        if s is not None:
            self._preview("portfolj", s.participant_id)

    def show_queue_portfolio(self) -> None:
        item = self._queue_item()
        if item is not None:
            self._preview("portfolj", item.signoff.participant_id)

    def show_work_plan(self) -> None:
        s = self._signed()
        if s is not None:
            self._preview("arbetsplan", s.participant_id)

    def verify_certificate(self) -> None:
        from ..signing.verify_dialog import VerifyDialog

        VerifyDialog(self.app, self).exec()

    def revoke_certificate(self) -> None:
        s = self._signed()
        if s is None:
            return
        with user_errors(self):
            current = [c for c in self.app.certificates.issued(s.participant_id) if not c.revoked]
            if not current:
                QMessageBox.information(self, "Inget intyg", "Deltagaren har inget giltigt intyg.")
                return
            cert = current[-1]
            reason, ok = QInputDialog.getText(
                self, "Återkalla intyg", f"Varför återkallas intyget {cert.display_code}?"
            )
            if ok:
                self.app.certificates.revoke(self.user.id, cert.id, reason)
                self.refresh()

    def reopen_selected(self) -> None:
        s = self._signed()
        if s is None:
            return
        reason, ok = QInputDialog.getMultiLineText(
            self,
            "Öppna signeringen igen",
            f"Varför ska signeringen av {s.module_title} öppnas igen? Den gamla signeringen "
            "sparas, och intyg som visar modulen återkallas.",
        )
        if ok:
            with user_errors(self):
                self.app.signing.reopen(self.user.id, s.id, reason)
                self.refresh()

    def save_settings(self) -> None:
        with user_errors(self):
            self.app.quality.update_settings(
                self.user.id,
                sample_rate=self.rate.value() / 100,
                required=self.required.isChecked(),
            )
            self.settings_note.setText("Inställningarna är sparade.")
