"""Inställningar → Handledare: admins add supervisors, change names and roles,
deactivate (never delete: records refer to them) and reset PINs. Everyone else sees the
list. Also the workplace's idle-lock time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..domain.enums import Role
from ..domain.errors import UserError, ValidationError
from ..domain.records import SupervisorInfo
from .discard_guard import may_discard
from .errors import show_user_error, user_errors
from .table_models import SupervisorTableModel
from .widgets import ErrorLabel, heading_label, pin_line_edit, read_only_table, text_label

if TYPE_CHECKING:
    from ..services.app import App

ADMIN_ONLY = "Bara en administratör kan lägga till och ändra handledare."
ROLE_TEXTS = {
    Role.SUPERVISOR: "Handledare (registrerar deltagare, bevis och bedömningar)",
    Role.QUALITY_ASSURER: "Intern kvalitetssäkrare (granskar bedömningar)",
    Role.ADMIN: "Administratör (ändrar handledare och inställningar)",
}


class SupervisorDialog(QDialog):
    """Add (`existing` None: name, roles, PIN twice) or change name and roles."""

    def __init__(
        self,
        app: App,
        actor: SupervisorInfo,
        existing: SupervisorInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.app, self.actor, self.existing = app, actor, existing
        self.saved: SupervisorInfo | None = None
        title = "Ny handledare" if existing is None else "Ändra handledare"
        self.setWindowTitle(title)
        self.name_edit = QLineEdit(existing.name if existing else "", self)
        self.name_edit.setAccessibleName("Namn")
        self.role_checks: dict[Role, QCheckBox] = {}
        roles_box = QVBoxLayout()
        for role, text in ROLE_TEXTS.items():
            check = QCheckBox(text, self)
            check.setAccessibleName(role.label)
            check.setChecked(role in existing.roles if existing else role is Role.SUPERVISOR)
            self.role_checks[role] = check
            roles_box.addWidget(check)
        self.pin_edit: QLineEdit | None = None
        self.pin2_edit: QLineEdit | None = None
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow("&Namn:", self.name_edit)
        form.addRow("Roller:", roles_box)
        if existing is None:
            self.pin_edit = pin_line_edit("PIN-kod", self)
            self.pin2_edit = pin_line_edit("PIN-kod igen", self)
            form.addRow("&PIN-kod:", self.pin_edit)
            form.addRow("PIN-kod &igen:", self.pin2_edit)
            form.addRow("", text_label("Den nya handledaren kan byta PIN-kod själv sedan.", self))
        self.error_label = ErrorLabel(self)
        self.buttons = _buttons(self, "&Spara")
        self.save_button = self.buttons.buttons()[0]
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(title, 2, self))
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._initial = self._values()
        self.resize(self.fontMetrics().averageCharWidth() * 70, self.sizeHint().height())

    def _values(self) -> tuple[object, ...]:
        return (
            self.name_edit.text(),
            self.roles(),
            self.pin_edit.text() if self.pin_edit else "",
            self.pin2_edit.text() if self.pin2_edit else "",
        )

    def roles(self) -> frozenset[Role]:
        return frozenset(r for r, c in self.role_checks.items() if c.isChecked())

    def save(self) -> None:
        try:
            if self.existing is None:
                assert self.pin_edit is not None and self.pin2_edit is not None
                if self.pin_edit.text() != self.pin2_edit.text():
                    raise ValidationError("PIN-koderna är inte likadana. Skriv dem igen.")
                self.saved = self.app.supervisors.add(
                    self.actor.id, self.name_edit.text(), self.pin_edit.text(), set(self.roles())
                )
            else:
                self.saved = self.app.supervisors.update(
                    self.actor.id,
                    self.existing.id,
                    name=self.name_edit.text(),
                    roles=set(self.roles()),
                )
        except UserError as exc:
            self.error_label.show_error(exc.full_text())
            return
        self.accept()

    def reject(self) -> None:
        if self.saved is not None or may_discard(self, lambda: self._values() != self._initial):
            super().reject()


class PinResetDialog(QDialog):
    def __init__(
        self, app: App, actor: SupervisorInfo, target: SupervisorInfo, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.app, self.actor, self.target = app, actor, target
        self.done_ok = False
        self.setWindowTitle("Ny PIN-kod")
        self.pin_edit = pin_line_edit("Ny PIN-kod", self)
        self.pin2_edit = pin_line_edit("Ny PIN-kod igen", self)
        self.error_label = ErrorLabel(self)
        form = QFormLayout()
        form.addRow("&Ny PIN-kod:", self.pin_edit)
        form.addRow("PIN-kod &igen:", self.pin2_edit)
        self.buttons = _buttons(self, "&Spara PIN-kod")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(f"Ny PIN-kod för {target.name}", 2, self))
        layout.addWidget(
            text_label("Berätta den nya PIN-koden för handledaren på ett säkert sätt.", self)
        )
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        if self.pin_edit.text() != self.pin2_edit.text():
            self.error_label.show_error("PIN-koderna är inte likadana. Skriv dem igen.")
            return
        try:
            self.app.supervisors.change_pin(self.actor.id, self.target.id, self.pin_edit.text())
        except UserError as exc:
            self.error_label.show_error(exc.full_text())
            return
        self.done_ok = True
        self.accept()


def _buttons(parent: QWidget, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(parent)
    ok = QPushButton(ok_text, parent)
    ok.setAccessibleName(ok_text.replace("&", ""))
    ok.setDefault(True)
    cancel = QPushButton("Avbryt", parent)
    cancel.setAccessibleName("Avbryt")
    box.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
    box.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
    return box


class SupervisorAdminWidget(QWidget):
    def __init__(self, app: App, user: SupervisorInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.user = app, user
        self.model = SupervisorTableModel(self)
        self.table = read_only_table(self.model, "Handledare", self)
        self.add_button = QPushButton("&Ny handledare …", self)
        self.add_button.setAccessibleName("Ny handledare")
        self.edit_button = QPushButton("Ä&ndra …", self)
        self.edit_button.setAccessibleName("Ändra handledare")
        self.active_button = QPushButton("&Inaktivera …", self)
        self.active_button.setAccessibleName("Inaktivera eller aktivera handledare")
        self.pin_button = QPushButton("Ny &PIN-kod …", self)
        self.pin_button.setAccessibleName("Ny PIN-kod")
        self.admin_only_label = text_label(ADMIN_ONLY, self)
        row = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.active_button, self.pin_button):
            row.addWidget(b)
        row.addStretch(1)

        self.idle_spin = QSpinBox(self)
        self.idle_spin.setRange(1, 240)
        self.idle_spin.setSuffix(" minuter")
        self.idle_spin.setAccessibleName("Lås automatiskt efter antal minuter")
        for inner in self.idle_spin.findChildren(QLineEdit):  # the spin box's own field
            inner.setAccessibleName("Lås automatiskt efter antal minuter")
        self.idle_save = QPushButton("Spara &låstid", self)
        self.idle_save.setAccessibleName("Spara låstid")
        idle_row = QHBoxLayout()
        idle_row.addWidget(self.idle_spin)
        idle_row.addWidget(self.idle_save)
        idle_row.addStretch(1)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow("Lås appen efter:", idle_row)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.admin_only_label)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(
            text_label(
                "Handledare tas aldrig bort, eftersom bedömningar och bevis visar vem som "
                "gjorde dem. Inaktivera den som slutar.",
                self,
            )
        )
        layout.addLayout(form)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.active_button.clicked.connect(self.toggle_active)
        self.pin_button.clicked.connect(self.reset_pin)
        self.idle_save.clicked.connect(self.save_idle_minutes)
        self.table.activated.connect(lambda _i: self.edit())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update())
        self.refresh()

    @property
    def is_admin(self) -> bool:
        return self.user.is_admin and self.user.active

    def refresh(self) -> None:
        keep = self.selected()
        rows: list[SupervisorInfo] = []
        with user_errors(self):
            rows = self.app.supervisors.list(include_inactive=True)
            self.idle_spin.setValue(self.app.setup.workplace().idle_lock_minutes)
        self.model.set_rows(rows)
        if keep is not None:
            for i, s in enumerate(rows):
                if s.id == keep.id:
                    self.table.selectRow(i)
        self._update()

    def selected(self) -> SupervisorInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_record(rows[0].row()) if rows else None

    def _update(self) -> None:
        admin = self.is_admin
        current = self.selected()
        self.admin_only_label.setVisible(not admin)
        self.add_button.setEnabled(admin)
        for b in (self.edit_button, self.active_button, self.pin_button):
            b.setEnabled(admin and current is not None)
        self.active_button.setText(
            "&Aktivera igen …" if current is not None and not current.active else "&Inaktivera …"
        )
        self.idle_spin.setEnabled(admin)
        self.idle_save.setEnabled(admin)

    def add(self) -> None:
        dialog = SupervisorDialog(self.app, self.user, None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def edit(self) -> None:
        current = self.selected()
        if current is None or not self.is_admin:
            return
        if SupervisorDialog(self.app, self.user, current, self).exec():
            self.refresh()

    def toggle_active(self) -> None:
        current = self.selected()
        if current is None:
            return
        if current.active:
            question = (
                f"Vill du inaktivera {current.name}? Hen kan då inte logga in. "
                "Allt hen har registrerat finns kvar."
            )
        else:
            question = f"Vill du aktivera {current.name} igen? Hen kan då logga in."
        answer = QMessageBox.question(
            self,
            "Inaktivera handledare" if current.active else "Aktivera handledare",
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.app.supervisors.update(self.user.id, current.id, active=not current.active)
        except UserError as exc:
            show_user_error(self, exc)
        self.refresh()

    def reset_pin(self) -> None:
        current = self.selected()
        if current is None:
            return
        dialog = PinResetDialog(self.app, self.user, current, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            QMessageBox.information(self, "Ny PIN-kod", f"{current.name} har fått en ny PIN-kod.")

    def save_idle_minutes(self) -> None:
        try:
            self.app.setup.update_workplace(self.user.id, idle_lock_minutes=self.idle_spin.value())
        except UserError as exc:
            show_user_error(self, exc)
            self.refresh()
            return
        QMessageBox.information(
            self,
            "Låstid",
            f"Appen låser sig nu efter {self.idle_spin.value()} minuter utan aktivitet.",
        )

    def set_user(self, user: SupervisorInfo) -> None:
        self.user = user
        self.refresh()


def screenshot_widgets(
    app: App, user: SupervisorInfo, participant_id: str
) -> list[tuple[str, QWidget]]:
    new = SupervisorDialog(app, user, None)
    new.name_edit.setText("Karin Sandberg")
    assert new.pin_edit is not None and new.pin2_edit is not None
    new.pin_edit.setText("1234")
    new.pin2_edit.setText("1234")
    target = next((s for s in app.supervisors.list() if s.id != user.id), user)
    edit = SupervisorDialog(app, user, target)
    pin = PinResetDialog(app, user, target, None)
    pin.pin_edit.setText("1234")
    return [("handledare-ny-dialog", new), ("handledare-andra-dialog", edit), ("pin-dialog", pin)]
