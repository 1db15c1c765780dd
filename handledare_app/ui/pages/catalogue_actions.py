"""What an admin changes on the Kriteriebank: edit and add modules and business areas,
and import or export catalogue files off the GUI thread (rules in services/catalogue_edit.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from ...domain.errors import UserError, ValidationError
from ...domain.records import CatalogueImportResult, ModuleEditResult, ModuleInfo
from ...domain.swedish import count_text
from ..background import BackgroundJob
from ..catalogue_area_dialog import BusinessAreaDialog
from ..catalogue_editor import ModuleEditDialog
from ..catalogue_import_report import ImportReportDialog
from ..errors import show_user_error, user_errors
from ..start_folders import documents_folder
from .catalogue_text import import_result_sentence

if TYPE_CHECKING:
    from .catalogue import CataloguePageWidget


def module_dialog(page: CataloguePageWidget, module: ModuleInfo | None = None) -> ModuleEditDialog:
    """The editor for `module` (full content), or for a new module in the current area."""
    if module is not None:
        return ModuleEditDialog(
            page.app, page.user, module=page.app.catalogue.module(module.id), parent=page
        )
    return ModuleEditDialog(page.app, page.user, area=page.current_area(), parent=page)


def edit_module(page: CataloguePageWidget) -> None:
    module = page.current_module()
    if module is None or not page.user.is_admin:
        return
    with user_errors(page):
        dialog = module_dialog(page, module)
        if dialog.exec() == ModuleEditDialog.DialogCode.Accepted:
            module_saved(page, dialog.saved)


def new_module(page: CataloguePageWidget) -> None:
    if page.current_area() is None or not page.user.is_admin:
        return
    with user_errors(page):
        dialog = module_dialog(page)
        if dialog.exec() == ModuleEditDialog.DialogCode.Accepted:
            module_saved(page, dialog.saved)


def module_saved(page: CataloguePageWidget, saved: ModuleEditResult | ModuleInfo | None) -> None:
    if isinstance(saved, ModuleEditResult):
        module = saved.module
        if not saved.changed:
            text = f"Inget ändrades i modul {module.code}."
        elif saved.new_version:
            text = (
                f"Modul {module.code} sparades som version {module.version}. Deltagare som "
                f"redan arbetar med version {module.version - 1} behåller den."
            )
        else:
            text = f"Modul {module.code} version {module.version} är ändrad."
    elif isinstance(saved, ModuleInfo):
        module = saved
        text = f"Modul {module.code} är tillagd i {module.business_area_name}."
    else:
        return
    page.refresh()
    page.select_module(module.business_area_code, module.code)
    page.show_notice(text)


def new_area(page: CataloguePageWidget) -> None:
    if not page.user.is_admin:
        return
    dialog = BusinessAreaDialog(page.app, page.user, page)
    if dialog.exec() == BusinessAreaDialog.DialogCode.Accepted and dialog.saved:
        page.refresh()
        for i in range(page.area_list.count()):
            if page.area_list.item(i).data(Qt.ItemDataRole.UserRole) == dialog.saved.code:
                page.area_list.setCurrentRow(i)
        page.show_notice(
            f"Verksamhetsområdet {dialog.saved.name} är tillagt. Lägg till moduler med Ny modul."
        )


def run_in_background(
    page: CataloguePageWidget, busy_text: str, work: Any, done: Any, failed: Any
) -> None:
    page.busy_label.setText(busy_text)
    page.busy.setVisible(True)
    page.show_notice("")

    def finish(handler: Any) -> Any:
        def call(value: Any) -> None:
            page.busy.setVisible(False)
            page.update_buttons()
            handler(value)

        return call

    page.task = BackgroundJob(page)
    page.task.call(work, finish(done), finish(failed))
    page.update_buttons()


def import_catalogue(page: CataloguePageWidget) -> None:
    name, _filter = QFileDialog.getOpenFileName(
        page, "Läs in katalogfil", documents_folder(), "Katalogfiler (*.json);;Alla filer (*)"
    )
    if name:
        import_path(page, Path(name))


def import_path(page: CataloguePageWidget, path: Path) -> None:
    actor = page.user.id

    def done(result: CatalogueImportResult) -> None:
        page.refresh()
        page.show_notice(import_result_sentence(result))

    def failed(exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            page.report_dialog = ImportReportDialog(path.name, exc, page)
            page.report_dialog.open()
        elif isinstance(exc, UserError):
            show_user_error(page, exc, "Katalogfilen lästes inte in")
        else:
            raise exc

    run_in_background(
        page,
        "Läser in och kontrollerar katalogfilen …",
        lambda: page.app.catalogue_edit.import_file(actor, path),
        done,
        failed,
    )


def export_catalogue(page: CataloguePageWidget) -> None:
    suggested = f"kriteriebank-{dt.date.today().isoformat()}.json"
    name, _filter = QFileDialog.getSaveFileName(
        page,
        "Exportera kriteriebanken",
        str(Path(documents_folder()) / suggested),
        "Katalogfiler (*.json)",
    )
    if name:
        path = Path(name)
        export_path(page, path if path.suffix else path.with_suffix(".json"))


def export_path(page: CataloguePageWidget, path: Path) -> None:
    actor = page.user.id

    def done(count: int) -> None:
        page.show_notice(
            f"Kriteriebanken är sparad i {path.name} "
            f"({count_text(count, 'modul', 'moduler')}, nyaste versionen av varje)."
        )

    def failed(exc: BaseException) -> None:
        if isinstance(exc, UserError):
            show_user_error(page, exc, "Kriteriebanken kunde inte exporteras")
        else:
            raise exc

    run_in_background(
        page,
        "Skriver katalogfilen …",
        lambda: page.app.catalogue_edit.export_file(actor, path),
        done,
        failed,
    )
