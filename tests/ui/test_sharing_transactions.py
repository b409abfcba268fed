"""The Sharing menu on the shared runner: imports publish what changed, each action's transactions."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from stratplan.core.services import sharing
from stratplan.core.sync import folder
from stratplan.ui.dialogs.sharing_dialogs import SummaryDialog
from stratplan.ui.main_window import MainWindow
from stratplan.ui.settings import Settings
from tests.sync.laptops import Laptop, coalition_of_three
from tests.ui.transactions import Begins, watch_resets


def _titles(win: MainWindow) -> list[str]:
    model = win.list_model
    return sorted(str(model.index(r, 0).data()) for r in range(model.rowCount()))


def _menu_action(win: MainWindow, text: str) -> None:
    action = next(a for a in win.findChildren(QAction) if a.text().replace("&", "") == text)
    action.trigger()


def test_receiving_and_folder_sync_publish_what_arrived(qtbot: QtBot, tmp_path: Path, settings: Settings,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, c = coalition_of_three(tmp_path)
    try:
        a.draft("Training for police")
        b.draft("Shelters in Kaunas")
        b.send(tmp_path / "beta.stratplan")
        win = MainWindow(a.ws, settings)
        qtbot.addWidget(win)
        win.show()
        win.select_row(0)
        chosen = win.current_id
        begins = Begins(a.ws)
        resets = watch_resets(win.list_model)
        shown: list[str] = []
        monkeypatch.setattr(SummaryDialog, "exec", lambda self: shown.append(self.text.toPlainText()) or 0)
        monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                            lambda *_a, **_k: ([str(tmp_path / "beta.stratplan")], ""))
        # The import in its worker, then one read for every window: no reload of the list.
        assert begins.during(lambda: _menu_action(win, "Receive changes...")) == 2
        assert "Shelters in Kaunas" in _titles(win) and "beta.stratplan" in shown[-1]
        assert resets == [] and win.current_id == chosen
        assert begins.during(lambda: win.sharing_actions.send(tmp_path / "alpha.stratplan", peer="")) == 1
        shared = tmp_path / "Dropbox"
        shared.mkdir()
        c.draft("Exit programme")
        folder.sync_folder(c.ws, shared)
        # Remember the folder; read what to write; import gamma's bundle; save the folder's state; publish.
        assert begins.during(lambda: win.sharing_actions.choose_folder(shared)) == 5
        assert "Exit programme" in _titles(win) and resets == []
        quiet = begins.during(lambda: win.sharing_actions.sync_folder(quiet=True))
        assert quiet == 2       # nothing new: one read, the folder's state saved
        begins.close()
        win.close()
    finally:
        for x in (a, b, c):
            x.close()


def test_admit_and_revoke_are_one_action_each(qtbot: QtBot, tmp_path: Path, settings: Settings,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    a, d = Laptop(tmp_path, "alpha"), Laptop(tmp_path, "delta")
    try:
        a.found()
        d.join_request(tmp_path / "delta.request")
        win = MainWindow(a.ws, settings)
        qtbot.addWidget(win)
        monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
        begins = Begins(a.ws)
        # The admission (with the roster shown next), then the reply bundle written in its worker.
        assert begins.during(lambda: win.sharing_actions.admit(tmp_path / "delta.request",
                                                               reply=tmp_path / "reply.stratplan")) == 2
        assert (tmp_path / "reply.stratplan").exists()
        roster = win.sharing_actions._last_roster
        assert roster is not None and "Organisation delta" in {o.name for o in roster.organisations}
        device = d.ws.identity.device_id
        assert begins.during(lambda: win.sharing_actions.revoke(device)) == 1
        roster = win.sharing_actions._last_roster
        assert roster is not None
        assert [x.revoked_from is not None for o in roster.organisations for x in o.devices
                if x.device_id == device] == [True]
        with a.ws.store.transaction() as s:
            assert sharing.roster_view(s, a.ws.identity.device_id).version == roster.version
        begins.close()
        win.close()
    finally:
        a.close()
        d.close()
