"""Windows fit a 1024×700 screen (and one at scale 2), in English and Lithuanian.

The offscreen platform takes its screen from a JSON file, read when the application starts, so
each screen is tried in a fresh Python process that opens the demo and prints what it sees.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QRect, QSize
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from stratplan.ui.main_window import MainWindow
from stratplan.ui.widgets.geometry import SavedSize, clamped, fit_to_screen

PROBE = r'''
import json, sys
from pathlib import Path
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication
app = QApplication([])
from stratplan.core.services.demo import demo_needs, install_demo, load_demo_file
from stratplan.core.workspace import open_workspace
from stratplan.resources import resource_path
from stratplan.ui.i18n import install_language
from stratplan.ui.main_window import MainWindow
from stratplan.ui.models.proposal_list import Column
from stratplan.ui.settings import Settings, make_qsettings
install_language(app, sys.argv[2])
home = Path(sys.argv[1])
ws = open_workspace(home / "store.sqlite", home / "keys")
with ws.store.transaction() as s:
    install_demo(s, writer=ws.writer, data=load_demo_file(resource_path("demo", "coalition.json")),
                 needs_csv=demo_needs(resource_path("demo")))
settings = Settings(make_qsettings())
big = MainWindow(ws, settings)
big.resize(QSize(1920, 1200))  # a size remembered from a big monitor
big.close()
window = MainWindow(ws, settings)
window.show()
window.show_voting()
window.show_programme()
window.show_progress()
screen = app.primaryScreen().availableGeometry()
out = {"screen": [screen.x(), screen.y(), screen.width(), screen.height()], "windows": {},
       "title": window.table.columnWidth(Column.TITLE)}
for win in (window, window.voting, window.programme, window.progress):
    app.processEvents()
    f = win.frameGeometry()
    out["windows"][type(win).__name__] = [f.x(), f.y(), f.width(), f.height()]
print(json.dumps(out))
'''


def probe(tmp_path: Path, width: int, height: int, scale: int, language: str) -> dict[str, object]:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": width * scale,
                                                "height": height * scale, "logicalDpi": 96}]}))
    script = tmp_path / "probe.py"
    script.write_text(PROBE)
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "QT_SCALE_FACTOR": str(scale),
           "STRATPLAN_HOME": str(home)}
    done = subprocess.run([sys.executable, str(script), str(home), language], env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    data: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return data


@pytest.mark.parametrize(("scale", "language"), [(1, "en"), (2, "lt")])
def test_every_window_opens_inside_a_1024_by_700_screen(tmp_path: Path, scale: int, language: str) -> None:
    seen = probe(tmp_path, 1024, 700, scale, language)
    assert seen["screen"] == [0, 0, 1024, 700]
    area = QRect(0, 0, 1024, 700)
    windows = seen["windows"]
    assert isinstance(windows, dict) and set(windows) == {"MainWindow", "VotingWindow", "ProgrammeWindow",
                                                     "ProgressWindow"}
    for name, (x, y, w, h) in windows.items():
        assert area.contains(QRect(x, y, w, h)), f"{name} at {(x, y, w, h)} leaves the screen"
    title = seen["title"]
    assert isinstance(title, int) and title >= 120  # the Title column stays readable


def test_a_window_off_the_screen_comes_back_on_it(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.resize(1600, 1000)
    widget.move(900, 500)
    area = QRect(0, 0, 1024, 700)
    fit_to_screen(widget, area)
    assert widget.width() <= 1024 and widget.height() <= 700
    assert area.contains(widget.frameGeometry().topLeft())
    assert clamped(QSize(800, 600), area) == QSize(800, 600)


# The offscreen platform says so whenever a shown window's size constraints are applied.
OFFSCREEN = pytest.mark.qt_log_ignore("This plugin does not support")


@OFFSCREEN
def test_tool_windows_remember_their_own_size(window: MainWindow, qtbot: QtBot) -> None:
    window.show_voting()
    voting = window.voting
    assert voting is not None
    voting.resize(640, 480)
    voting.close()
    saved = SavedSize("voting")
    again = QWidget()
    qtbot.addWidget(again)
    again.setMinimumSize(1, 1)
    saved.restore(again, QSize(100, 100))
    assert again.size() == QSize(640, 480)


@OFFSCREEN
def test_the_main_window_fits_even_with_a_huge_saved_geometry(window: MainWindow) -> None:
    assert isinstance(window.saveGeometry(), QByteArray)
    window.resize(5000, 4000)
    fit_to_screen(window)
    screen = window.screen().availableGeometry()
    # Never larger than the screen, unless the window cannot be made smaller than that.
    assert window.width() <= max(screen.width(), window.minimumSizeHint().width())
    assert window.height() <= max(screen.height(), window.minimumSizeHint().height())
