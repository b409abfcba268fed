"""Regenerate the README screenshots from the demo coalition (offscreen, no display needed).

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        os.environ["STRATPLAN_HOME"] = home
        from PySide6.QtWidgets import QApplication

        from stratplan.app import StratPlanApp
        from stratplan.ui.settings import Settings, make_qsettings

        qapp = QApplication([])
        app = StratPlanApp(qapp, Settings(make_qsettings()))
        app.open(Path(home) / "demo.sqlite", demo_if_empty=True)
        window = app.window
        assert window is not None
        window.resize(1440, 860)
        window.filter_edit.setText("police")
        window.select_row(0)
        window.editor.summary.setPlainText(window.editor.summary.toPlainText() + " Twice a year, in every region.")
        window.save_current()
        qapp.processEvents()
        OUT.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(OUT / "main-window.png"))
        window.tabs.setCurrentWidget(window.history)
        window.history.select_rows(0, 1)
        qapp.processEvents()
        window.grab().save(str(OUT / "history-diff.png"))
        window.tabs.setCurrentIndex(0)
        app.settings.language = "lt"
        app.apply_language("lt")
        lt_window = app.window
        assert lt_window is not None
        lt_window.resize(1440, 860)
        lt_window.filter_edit.setText("mokykl")
        lt_window.select_row(0)
        qapp.processEvents()
        lt_window.grab().save(str(OUT / "main-window-lt.png"))
        lt_window.close()
        assert app.workspace is not None
        app.workspace.close()
    print(f"screenshots written to {OUT}")


if __name__ == "__main__":
    main()
