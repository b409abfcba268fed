"""Opening a store: the window and its list show first, the store opens just after the first paint."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from stratplan.app import StratPlanApp
from stratplan.core import paths
from stratplan.core.errors import StratplanError
from stratplan.core.services.demo import install_demo, load_demo_file
from stratplan.core.workspace import open_workspace
from stratplan.resources import resource_path
from stratplan.ui.main_window import MainWindow
from stratplan.ui.settings import Settings


@pytest.fixture
def demo_store(tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite"
    ws = open_workspace(path, paths.key_dir())
    with ws.store.transaction() as s:
        install_demo(s, writer=ws.writer, data=load_demo_file(resource_path("demo", "coalition.json")))
    ws.close()
    return path


@pytest.fixture
def app(qapp: QApplication, settings: Settings, shown_errors: list[str]) -> Iterator[StratPlanApp]:
    shell = StratPlanApp(qapp, settings)
    yield shell
    if shell.window is not None:
        shell.window.close()
    if shell.workspace is not None:
        shell.workspace.close()


PROBE = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from stratplan.app import StratPlanApp
from stratplan.ui.settings import Settings, make_qsettings

qapp = QApplication([])
shell = StratPlanApp(qapp, Settings(make_qsettings()))
seen = {"opened": shell.open(Path(sys.argv[1]))}
window = shell.window

def painted():
    seen.update(shown=window.isVisible(), rows=window.list_model.rowCount(), title=window.windowTitle(),
                sqlalchemy_at_first_paint="sqlalchemy" in sys.modules, open_at_first_paint=window.is_open())

def ready():
    seen.update(sqlalchemy_when_ready="sqlalchemy" in sys.modules, workspace=shell.workspace is not None,
                count=window.count_label.text())
    qapp.quit()

window.ready.connect(ready)
QTimer.singleShot(0, painted)
QTimer.singleShot(20000, qapp.quit)
qapp.exec()
print(json.dumps(seen))
"""


def test_the_list_shows_before_sqlalchemy_loads(demo_store: Path, stratplan_home: Path) -> None:
    env = {**os.environ, "STRATPLAN_HOME": str(stratplan_home), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", PROBE, str(demo_store)], capture_output=True, text=True,
                          env=env, timeout=120, check=True)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["opened"] and seen["shown"] and seen["rows"] == 60
    assert seen["title"].startswith("Demo Abolitionist Coalition")
    assert not seen["sqlalchemy_at_first_paint"] and not seen["open_at_first_paint"]
    assert seen["sqlalchemy_when_ready"] and seen["workspace"]
    assert seen["count"] == "60 of 60 plan points"


def _row_centre(window: MainWindow, row: int) -> QPoint:
    return window.table.visualRect(window.list_model.index(row, 0)).center()


def test_a_click_once_the_store_is_open_opens_the_point(app: StratPlanApp, demo_store: Path, qtbot: QtBot) -> None:
    assert app.open(demo_store)
    window = app.window
    assert window is not None and not window.is_open() and app.workspace is None
    with qtbot.waitSignal(window.ready, timeout=20000):
        pass  # the first paint, then the store opens
    assert window.is_open() and app.workspace is not None
    assert app.settings.recent_stores[0] == str(demo_store)
    title = window.list_model.proposal_at(2).title
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=_row_centre(window, 2))
    assert window.editor.fields()["title"] == title
    # The filter searches the whole text once the store is open, as it always has.
    qtbot.keyClicks(window.filter_edit, "GRETA")
    assert 0 < window.list_model.rowCount() < 60


def test_an_action_asked_for_first_opens_the_store(app: StratPlanApp, demo_store: Path, qtbot: QtBot) -> None:
    assert app.open(demo_store)
    window = app.window
    assert window is not None and not window.is_open()
    # Ctrl+N pressed before the first paint: the store opens, then the point is made.
    window.new_action.trigger()
    assert window.is_open() and window.list_model.total == 61
    assert window.editor.fields()["title"] == "Untitled plan point"


def test_a_store_that_will_not_open_says_why_and_closes_its_window(
        app: StratPlanApp, demo_store: Path, qtbot: QtBot, shown_errors: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise StratplanError("This store is in use by another StratPlan window.")

    monkeypatch.setattr("stratplan.core.workspace.open_workspace", refuse)
    before = demo_store.read_bytes()
    assert app.open(demo_store)
    window = app.window
    assert window is not None
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20000)
    assert shown_errors == ["This store is in use by another StratPlan window."]
    assert app.workspace is None and not window.is_open()
    assert demo_store.read_bytes() == before
