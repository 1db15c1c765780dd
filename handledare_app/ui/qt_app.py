"""Creating the QApplication: name, and Qt's own Swedish texts (Ja/Nej, Klipp ut …)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from .. import APP_NAME

_translators: list[QTranslator] = []


def _install_swedish_qt_texts(qt_app: QApplication) -> None:
    if _translators:
        return
    translator = QTranslator(qt_app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(
        QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden), "qtbase", "_", folder
    ):
        qt_app.installTranslator(translator)
        _translators.append(translator)


def create_qapplication() -> QApplication:
    """The one QApplication (reused if it exists, as under pytest-qt)."""
    existing = QApplication.instance()
    qt_app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    qt_app.setApplicationName(APP_NAME)
    qt_app.setOrganizationName("")
    QLocale.setDefault(QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden))
    _install_swedish_qt_texts(qt_app)
    return qt_app
