"""Child process for the start-up benchmark: open a window, report when it is shown, exit.

Usage: python benchmarks/startup_probe.py bare|app [STORE]
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def main() -> None:
    mode = sys.argv[1]
    app = QApplication([])
    if mode == "bare":
        window = QMainWindow()
        window.resize(1280, 800)
        window.show()
    else:
        from stratplan.app import StratPlanApp
        from stratplan.ui.settings import Settings, make_qsettings

        shell = StratPlanApp(app, Settings(make_qsettings()))
        if not shell.open(Path(sys.argv[2])):
            raise SystemExit("could not open the store")
        window = shell.window  # type: ignore[assignment]
    # Quit on the first event-loop turn after show: the window is painted and usable.
    QTimer.singleShot(0, app.quit)
    app.exec()
    print("rows", getattr(getattr(window, "list_model", None), "total", 0))


if __name__ == "__main__":
    main()
