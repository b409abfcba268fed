"""One way to show errors: what the user can act on, and bugs (logged, then shown)."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from stratplan.core.messages import text_of
from stratplan.core.paths import data_dir
from stratplan.ui.i18n import interface_language

log = logging.getLogger("stratplan")


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Tell the user what went wrong and what to do, in the interface language; the window stays as it was."""
    QMessageBox.warning(parent, QCoreApplication.translate("Errors", "StratPlan"), error_text(exc))


def error_text(exc: BaseException) -> str:
    """An error's message in the interface language (a core error's template, translated)."""
    return text_of(exc, interface_language())


def _log_path() -> str:
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder / "stratplan.log")


def install_excepthook(*, fatal: bool = False) -> None:
    """Unexpected errors are logged with their traceback and reported, never fatal...

    ...except with fatal (the smoke test of an application bundle): there is nobody to close
    the message, so the process ends at once with status 70 and the traceback on stderr."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, exc, tb))
        path = _log_path()
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(text + "\n")
        log.error("unexpected error: %s", text)
        if fatal:
            sys.stderr.flush()
            os._exit(70)
        message = QCoreApplication.translate(
            "Errors", "Something unexpected went wrong. Your saved work is safe.\n\n{error}\n\n"
            "Details were written to {path}.").format(error=exc, path=path)
        box: Any = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("Errors", "StratPlan"), message)
        box.exec()

    sys.excepthook = hook
