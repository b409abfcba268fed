"""Killing StratPlan mid-typing loses at most the last few seconds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from stratplan.core.workspace import Workspace
from stratplan.ui.main_window import MainWindow
from stratplan.ui.settings import Settings

TYPIST = r"""
import os, signal, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from stratplan.core import paths
from stratplan.core.workspace import open_workspace
from stratplan.ui.main_window import MainWindow
from stratplan.ui.settings import Settings, make_qsettings
ws = open_workspace(Path(sys.argv[1]), paths.key_dir())
window = MainWindow(ws, Settings(make_qsettings()))
window.show()
window.select_row(0)
window.editor.body.insertPlainText("Typed just before the power cut. ")
# The power goes off 3 s later, without any chance to save or close.
QTimer.singleShot(3000, lambda: os.kill(os.getpid(), signal.SIGKILL))
app.exec()
"""


def test_typing_survives_a_killed_process(tmp_path: Path, small_workspace: Workspace, settings: Settings,
                                          qtbot: object, stratplan_home: Path) -> None:
    path = small_workspace.store.path
    small_workspace.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "STRATPLAN_HOME": str(stratplan_home)}
    proc = subprocess.run([sys.executable, "-c", TYPIST, str(path)], env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert proc.returncode == -9, proc.stderr
    from stratplan.core import paths
    from stratplan.core.workspace import open_workspace

    ws = open_workspace(path, paths.key_dir())
    try:
        window = MainWindow(ws, settings)
        window.show()
        window.select_row(0)
        assert "Typed just before the power cut." in window.editor.body.toPlainText()
        assert window.banner.isVisible() and "Recovered unsaved changes" in window.banner.text()
        assert window.save_current()
        window.close()
    finally:
        ws.close()
