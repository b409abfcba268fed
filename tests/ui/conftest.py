"""UI fixtures: a main window on a small coalition, with error dialogs captured."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from stratplan.core.services import coalition, groups, proposals
from stratplan.core.workspace import Workspace, open_workspace
from stratplan.ui import errors
from stratplan.ui.i18n import install_language
from stratplan.ui.main_window import MainWindow
from stratplan.ui.settings import Settings, make_qsettings


@pytest.fixture(scope="session", autouse=True)
def english_interface(qapp: QApplication) -> None:
    """The interface in English as the application starts it: with English's plural forms."""
    install_language(qapp, "en")


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Messages the window would have shown in an error dialog."""
    seen: list[str] = []
    monkeypatch.setattr(errors, "show_error", lambda _parent, exc: seen.append(str(exc)))
    return seen


@pytest.fixture
def small_workspace(tmp_path: Path, stratplan_home: Path) -> Iterator[Workspace]:
    ws = open_workspace(tmp_path / "store.sqlite", stratplan_home / "keys")
    with ws.store.transaction() as s:
        coalition.create_coalition(
            s, writer=ws.writer, name="Paris coalition", org_name="Centras", org_code="CNT",
            country="LT", language="lt", person_name="Rūta Žilinskienė")
        gid = groups.list_groups(s)[0].id
        for title, summary in (("Training for police", "Identify victims early."),
                               ("Exit programme", "Housing and jobs for survivors."),
                               ("Nordic model at the EU", "Lobby the European Parliament.")):
            proposals.create_proposal(s, writer=ws.writer, group_id=gid,
                                      fields={"title": title, "summary": summary, "body": "First text."})
    yield ws
    ws.close()


@pytest.fixture
def settings() -> Settings:
    return Settings(make_qsettings())


@pytest.fixture
def window(qtbot: QtBot, small_workspace: Workspace, settings: Settings, shown_errors: list[str]) -> MainWindow:
    win = MainWindow(small_workspace, settings)
    qtbot.addWidget(win)
    win.show()
    return win
