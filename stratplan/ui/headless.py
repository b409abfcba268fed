"""Qt without a window, for command-line work that needs Qt's layout (PDF)."""

from __future__ import annotations

import os
from pathlib import Path

from stratplan.core.export.document import DocModel


def write_pdf_headless(model: DocModel, path: Path) -> None:
    """Write a PDF from the command line, on machines with or without a display."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from stratplan.ui.programme.exporting import write_pdf

    app = QApplication.instance() or QApplication([])
    write_pdf(model, path)
    del app
