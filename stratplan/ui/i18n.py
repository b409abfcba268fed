"""Installing the user's language: our translations and Qt's own for standard buttons and dialogs.

Switching is live: `install_language` swaps the translators, and the application rebuilds its
windows (app.apply_language) so every `tr()` is asked again.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from stratplan.core.locale_format import Formatter, formatter
from stratplan.core.oplog.hlc import unpack
from stratplan.resources import resource_path
from stratplan.ui.settings import LANGUAGES

_installed: list[QTranslator] = []


def qt_translations_dirs() -> list[str]:
    """Where Qt's own catalogues (qtbase_<lang>.qm) are looked for, first match wins.

    Ours first, so a catalogue Qt does not ship (Lithuanian has none) can be added beside ours.
    """
    return [str(resource_path("translations")),
            QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]


def _load_qt_catalogue(app: QCoreApplication, language: str) -> QTranslator | None:
    for folder in qt_translations_dirs():
        qt = QTranslator(app)
        if qt.load(f"qtbase_{language}", folder):
            return qt
    return None


def install_language(app: QCoreApplication, language: str) -> bool:
    """Switch the application's language; True when our translation was loaded (always for English)."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(language))
    ours = QTranslator(app)
    # English is the source language; its catalogue holds only the plural forms of counts
    # ("1 plan point", "2 plan points"), so the window still speaks English without it.
    loaded = ours.load(str(resource_path("translations", f"stratplan_{language}.qm")))
    if loaded:
        app.installTranslator(ours)
        _installed.append(ours)
    if language == "en":
        return True
    # Installed after ours, so Qt's catalogue is asked first for Qt's own contexts
    # (QPlatformTheme, QFileDialog, ...); our contexts are not in it.
    qt = _load_qt_catalogue(app, language)
    if qt is not None:
        app.installTranslator(qt)
        _installed.append(qt)
    return loaded


def interface_language() -> str:
    """The language the interface speaks now ("fr"): install_language sets the default QLocale."""
    code = QLocale().name().split("_")[0]
    # Before any language is installed the default locale may be the system's ("C", "de"):
    # the interface then speaks English.
    return code if code in LANGUAGES else "en"


def moment_text(ms: int) -> str:
    """When something happened (milliseconds since the epoch), in the interface language and the
    computer's time zone: "2 déc. 2026, 14:05". Lists ask for it on every paint: cached by minute."""
    return _moment(ms // 60_000, interface_language())


@lru_cache(maxsize=4096)
def _moment(minute: int, language: str) -> str:
    return formatter(language).moment(dt.datetime.fromtimestamp(minute * 60))


def stamp_text(stamp: int) -> str:
    """A hybrid-logical-clock stamp (revisions, comments, edits) as `moment_text` writes it."""
    ms, _ = unpack(stamp)
    return moment_text(ms)


def interface_formatter() -> Formatter:
    """Dates, amounts and country names as the interface language writes them (core/locale_format).

    For windows built without a `language` argument; a window given one uses `formatter(language)`.
    """
    return formatter(interface_language())
