"""The first-run wizard: workplace, this computer, the first administrator, example catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ..domain.errors import UserError
from ..domain.rules import PIN_MAX_LENGTH, PIN_MIN_LENGTH, validate_pin
from .setup_finish import FinishingWizard, WorkStatus
from .widgets import ErrorLabel, pin_line_edit, text_label

if TYPE_CHECKING:
    from ..services.app import App


DEFAULT_INSTALLATION_NAME = "Bärbar dator 1"
PIN_MISMATCH = "PIN-koderna är inte lika."
EXAMPLE_AREAS = "butik, café, städ, kök, lager, trädgård och generella arbetslivskompetenser"


def pin_problem(pin: str, repeated: str, *, final: bool) -> str:
    """The inline message for the PIN pair, or '' when there is nothing to say yet.

    While the repeated PIN is still being typed (a prefix of the first), say nothing;
    `final` means the user has left the fields, so an incomplete PIN is reported too.
    """
    if pin:
        try:
            validate_pin(pin)
        except UserError as exc:
            if final or repeated:
                return exc.message
            return ""
    if repeated and repeated != pin and (final or not pin.startswith(repeated)):
        return PIN_MISMATCH
    return ""


class WelcomePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("Välkommen till Handledarappen")
        layout = QVBoxLayout(self)
        layout.setSpacing(self.fontMetrics().height() // 2)
        layout.addWidget(
            text_label(
                "Handledarappen hjälper dig som handledare att följa deltagarnas väg genom "
                "placeringen och att validera vad de kan med OCN-metoden. Du samlar bevis, "
                "bedömer kriterier och tar fram intyg som deltagaren får med sig."
            )
        )
        layout.addWidget(
            text_label("Appen fungerar helt utan internet. Allt sparas på den här datorn.")
        )
        layout.addWidget(
            text_label(
                "Innan du börjar behöver appen några uppgifter om arbetsplatsen och om dig. "
                "Det tar ett par minuter. Klicka på Nästa för att fortsätta."
            )
        )
        from .setup_ways import WaysChoice  # issue 11: new, join or restore

        self.ways = WaysChoice(self)
        layout.addWidget(self.ways)
        layout.addStretch(1)


class NamePage(QWizardPage):
    """A page with one required name field; Next once it holds more than spaces."""

    name_edit: QLineEdit

    def _watch(self, edit: QLineEdit, field: str) -> None:
        self.name_edit = edit
        # Not a mandatory ("*") field: QWizard would then treat a default value as empty.
        self.registerField(field, edit)
        edit.textChanged.connect(lambda _text: self.completeChanged.emit())

    def isComplete(self) -> bool:
        return bool(self.name_edit.text().strip())


class WorkplacePage(NamePage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("Arbetsplatsen")
        self.setSubTitle("Vad heter företaget eller arbetsplatsen där appen ska användas?")
        self.name_edit = QLineEdit(self)
        self.name_edit.setAccessibleName("Arbetsplatsens namn")
        self.name_edit.setPlaceholderText("Till exempel Framstegs Secondhand")
        self.name_edit.setMaxLength(120)
        self._watch(self.name_edit, "workplace")
        form = QFormLayout()
        label = QLabel("&Arbetsplatsens namn:", self)
        label.setBuddy(self.name_edit)
        form.addRow(label, self.name_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(text_label("Namnet visas överst i programmets fönster.", self))
        layout.addStretch(1)


class InstallationPage(NamePage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("Den här datorn")
        self.setSubTitle("Ge datorn ett namn så att ni vet var uppgifterna har skrivits in.")
        self.name_edit = QLineEdit(DEFAULT_INSTALLATION_NAME, self)
        self.name_edit.setAccessibleName("Datorns namn")
        self.name_edit.setMaxLength(120)
        self._watch(self.name_edit, "installation")
        form = QFormLayout()
        label = QLabel("&Datorns namn:", self)
        label.setBuddy(self.name_edit)
        form.addRow(label, self.name_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            text_label(
                "Använder ni appen på flera datorer och flyttar uppgifter mellan dem, "
                "syns namnet på det som skrivits in här. Till exempel ”Bärbar dator 1” "
                "eller ”Kontorsdatorn”.",
                self,
            )
        )
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.name_edit.selectAll()


class AdminPage(QWizardPage):
    """Name and PIN of the first administrator; Next only when the PINs are valid and equal."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("Den första administratören")
        self.setSubTitle(
            "Det är du som lägger upp appen. Du blir administratör och kan sedan lägga "
            "till fler handledare."
        )
        self._left_pin_fields = False
        self.name_edit = QLineEdit(self)
        self.name_edit.setAccessibleName("Ditt namn")
        self.name_edit.setMaxLength(120)
        self.pin_edit = pin_line_edit("PIN-kod", self)
        self.pin2_edit = pin_line_edit("Upprepa PIN-koden", self)
        self.error_label = ErrorLabel(self)
        self.registerField("admin_name", self.name_edit)

        form = QFormLayout()
        for text, edit in (
            ("&Ditt namn:", self.name_edit),
            ("&PIN-kod:", self.pin_edit),
            ("&Upprepa PIN-koden:", self.pin2_edit),
        ):
            label = QLabel(text, self)
            label.setBuddy(edit)
            form.addRow(label, edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            text_label(
                f"PIN-koden är {PIN_MIN_LENGTH}–{PIN_MAX_LENGTH} siffror. Du använder den när "
                "du loggar in. Välj något som inte är lätt att gissa, till exempel inte 1234.",
                self,
            )
        )
        layout.addWidget(self.error_label)
        layout.addStretch(1)

        for edit in (self.name_edit, self.pin_edit, self.pin2_edit):
            edit.textChanged.connect(self._changed)
        self.pin2_edit.editingFinished.connect(self._left_fields)

    def _left_fields(self) -> None:
        self._left_pin_fields = True
        self._changed()

    def _changed(self) -> None:
        self.error_label.show_error(
            pin_problem(self.pin_edit.text(), self.pin2_edit.text(), final=self._left_pin_fields)
        )
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        pin = self.pin_edit.text()
        if not self.name_edit.text().strip() or pin != self.pin2_edit.text():
            return False
        try:
            validate_pin(pin)
        except UserError:
            return False
        return True


class CataloguePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("Kriteriebanken")
        self.setSubTitle("Kriteriebanken innehåller modulerna som deltagarna valideras mot.")
        self.example_check = QCheckBox("&Läs in exempelkatalogen", self)
        self.example_check.setChecked(True)
        self.example_check.setAccessibleName("Läs in exempelkatalogen")
        self.registerField("load_examples", self.example_check)
        layout = QVBoxLayout(self)
        layout.addWidget(self.example_check)
        layout.addWidget(
            text_label(
                f"Exempelkatalogen innehåller färdiga moduler för {EXAMPLE_AREAS}. "
                "Varje modul har läranderesultat och bedömningskriterier.",
                self,
            )
        )
        layout.addWidget(
            text_label(
                "Ta bort bocken bara om ni ska läsa in en egen katalog, till exempel från "
                "Coompanion.",
                self,
            )
        )
        layout.addStretch(1)


class SummaryPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("Klart att spara")
        self.setSubTitle("Kontrollera uppgifterna. Gå tillbaka om något behöver ändras.")
        self._values = {
            key: QLabel(self) for key in ("workplace", "installation", "admin", "pin", "catalogue")
        }
        form = QFormLayout()
        for key, text in (
            ("workplace", "Arbetsplats:"),
            ("installation", "Datorns namn:"),
            ("admin", "Administratör:"),
            ("pin", "PIN-kod:"),
            ("catalogue", "Exempelkatalogen:"),
        ):
            self._values[key].setWordWrap(True)
            form.addRow(QLabel(text, self), self._values[key])
        self.closing = text_label(parent=self)
        self.status = WorkStatus(self)  # "Skapar arbetsplatsen …" after Slutför
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(self.closing)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def initializePage(self) -> None:
        admin = " ".join(str(self.field("admin_name")).split())
        self._values["workplace"].setText(" ".join(str(self.field("workplace")).split()))
        self._values["installation"].setText(" ".join(str(self.field("installation")).split()))
        self._values["admin"].setText(admin)
        self._values["pin"].setText("Vald (visas inte)")
        self._values["catalogue"].setText(
            "Läses in" if self.field("load_examples") else "Läses inte in"
        )
        self.closing.setText(
            f"Klicka på Slutför för att spara. Sedan öppnas appen och du är inloggad som {admin}."
        )


class SetupWizard(FinishingWizard):
    """Runs `app.setup.set_up(...)` on Finish (or joins, or restores: setup_finish.py, on
    the task runner); `admin_id` is the new administrator's id."""

    def __init__(self, app: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self.admin_id: str | None = None
        self.setWindowTitle("Kom igång med Handledarappen")
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.welcome_page = WelcomePage(self)
        self.workplace_page = WorkplacePage(self)
        self.installation_page = InstallationPage(self)
        self.admin_page = AdminPage(self)
        self.catalogue_page = CataloguePage(self)
        self.summary_page = SummaryPage(self)
        for page in (
            self.welcome_page,
            self.workplace_page,
            self.installation_page,
            self.admin_page,
            self.catalogue_page,
            self.summary_page,
        ):
            self.addPage(page)
        # Issue 11: the other two ways in (setup_ways.py), each one page and then done.
        from .setup_ways import JoinPage, RestorePage

        self.join_page = JoinPage(self)
        self.restore_page = RestorePage(self)
        self.join_id = self.addPage(self.join_page)
        self.restore_id = self.addPage(self.restore_page)
        # After a restore (issue 11): the data folder reopened in place; this App replaces
        # the one the wizard was given (closed), also after a failed restore.
        self.reopened_app: App | None = None
        buttons = (
            (QWizard.WizardButton.NextButton, "&Nästa >", "Nästa"),
            (QWizard.WizardButton.BackButton, "< &Tillbaka", "Tillbaka"),
            (QWizard.WizardButton.FinishButton, "&Slutför", "Slutför"),
            (QWizard.WizardButton.CancelButton, "Avbryt", "Avbryt"),
            (QWizard.WizardButton.CommitButton, "&Spara", "Spara"),
            (QWizard.WizardButton.HelpButton, "&Hjälp", "Hjälp"),
        )
        for which, text, name in buttons:
            self.setButtonText(which, text)
            self.button(which).setAccessibleName(name)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Wide enough that the wrapped explanations read comfortably at any font size.
        width = self.fontMetrics().averageCharWidth() * 90
        if self.width() < width:
            self.resize(width, max(self.height(), self.fontMetrics().height() * 28))

    def nextId(self) -> int:
        from .setup_ways import JOIN, RESTORE

        page = self.currentPage()
        if page is self.welcome_page:
            way = self.welcome_page.ways.way()
            if way == JOIN:
                return self.join_id
            if way == RESTORE:
                return self.restore_id
        if page in (self.summary_page, self.join_page, self.restore_page):
            return -1
        return super().nextId()

    # --- finishing and cancelling --------------------------------------------------

    def values(self) -> tuple[str, str, str, str, bool]:
        return (
            str(self.field("workplace")),
            str(self.field("installation")),
            str(self.field("admin_name")),
            self.admin_page.pin_edit.text(),
            bool(self.field("load_examples")),
        )

    def has_typed_data(self) -> bool:
        workplace, installation, admin, pin, _ = self.values()
        return bool(
            workplace.strip()
            or admin.strip()
            or pin
            or self.admin_page.pin2_edit.text()
            or installation.strip() != DEFAULT_INSTALLATION_NAME
        )
