"""Child process for the start-up benchmark: open a window, report when it is shown, exit.

Usage: python benchmarks/startup_probe.py bare|app [STORE]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def seconds_since_process_start() -> float:
    """Wall time since the OS started this process (Linux /proc), interpreter start-up included."""
    with open("/proc/self/stat", encoding="ascii") as fh:
        start_ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime", encoding="ascii") as fh:
        uptime = float(fh.read().split()[0])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")



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
    shown: list[float] = []
    ready: list[float] = []

    def painted() -> None:
        # The first event-loop turn after show: the window is painted and takes input.
        shown.append(seconds_since_process_start())
        if mode == "bare" or window.is_open():  # type: ignore[attr-defined]
            app.quit()

    def opened() -> None:
        # The store behind the first frame is open: every action works.
        ready.append(seconds_since_process_start())
        app.quit()

    if mode != "bare":
        window.ready.connect(opened)  # type: ignore[attr-defined]
    QTimer.singleShot(0, painted)
    app.exec()
    print(f"shown_after {shown[0]:.3f}")
    print(f"ready_after {(ready or shown)[0]:.3f}")
    print("rows", getattr(getattr(window, "list_model", None), "total", 0))
    sys.stdout.flush()
    os._exit(0)  # teardown is not part of start-up


if __name__ == "__main__":
    main()
