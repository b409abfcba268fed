"""The Sharing menu, as a director uses it: receive, send, shared folder, the coalition's laptops."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from stratplan.core.services import sharing
from stratplan.core.sync import folder
from stratplan.ui.dialogs.sharing_dialogs import RosterDialog, SendDialog, SummaryDialog
from stratplan.ui.main_window import MainWindow
from stratplan.ui.settings import Settings
from tests.sync.laptops import coalition_of_three


def _titles(win: MainWindow) -> list[str]:
    model = win.list_model
    return sorted(model.index(r, 0).data() for r in range(model.rowCount()))


def test_receive_send_and_folder_from_the_window(qtbot: QtBot, tmp_path: Path, settings: Settings,
                                                 shown_errors: list[str]) -> None:
    a, b, c = coalition_of_three(tmp_path)
    try:
        b.draft("Shelters in Kaunas")
        b.send(tmp_path / "beta.stratplan")
        win = MainWindow(a.ws, settings)
        qtbot.addWidget(win)
        win.show()
        results = win.sharing_actions.receive([tmp_path / "beta.stratplan"], show=False)
        assert results[0].new > 0
        assert "Shelters in Kaunas" in _titles(win)
        assert "Received" in win.statusBar().currentMessage()
        summary = SummaryDialog.for_imports(results)
        qtbot.addWidget(summary)
        text = summary.text.toPlainText()
        assert "1 new proposal," in text and "beta.stratplan" in text
        # A refused file: a clear message, the list unchanged.
        (tmp_path / "broken.stratplan").write_bytes((tmp_path / "beta.stratplan").read_bytes()[:40])
        assert win.sharing_actions.receive([tmp_path / "broken.stratplan"], show=False) is None
        assert shown_errors and "incomplete" in shown_errors[-1]
        # Send everything, then receive it on the third laptop.
        sent = win.sharing_actions.send(tmp_path / "alpha.stratplan", peer="")
        assert sent.operations > 0
        c.receive(tmp_path / "alpha.stratplan")
        assert "Shelters in Kaunas" in c.titles()
        # Shared folder: chosen once, then synced.
        shared = tmp_path / "Dropbox"
        shared.mkdir()
        win.sharing_actions.choose_folder(shared)
        assert win.sharing_actions.timer.isActive()
        assert (folder.coalition_folder(a.ws, shared) / a.ws.identity.device_id).is_dir()
        win.close()
    finally:
        for x in (a, b, c):
            x.close()


def test_roster_dialog_shows_fingerprints_and_laptops(qtbot: QtBot, tmp_path: Path) -> None:
    a, b, c = coalition_of_three(tmp_path)
    try:
        with a.ws.store.transaction() as s:
            view = sharing.roster_view(s, a.ws.identity.device_id)
        dialog = RosterDialog(view, {"admit": lambda d: None, "certify": lambda d: None, "revoke": lambda d: None})
        qtbot.addWidget(dialog)
        tree = dialog.tree
        assert tree.topLevelItemCount() == 3
        names = {tree.topLevelItem(i).text(0) for i in range(3)}
        assert names == {"Org alpha", "Organisation beta", "Organisation gamma"}
        fingerprints = [tree.topLevelItem(i).text(2) for i in range(3)]
        assert all(len(fp.split(" ")) == 5 and all(len(g) == 4 for g in fp.split(" ")) for fp in fingerprints)
        alpha = next(tree.topLevelItem(i) for i in range(3) if tree.topLevelItem(i).text(0) == "Org alpha")
        assert alpha.text(3) == "convener" and "this laptop" in alpha.child(0).text(3)
        tree.setCurrentItem(alpha.child(0))
        assert dialog.selected_device() == a.ws.identity.device_id
    finally:
        for x in (a, b, c):
            x.close()


@pytest.mark.parametrize("peers", [[], [("abcdef0123456789", "CNT director's laptop")]])
def test_send_dialog_offers_everything_or_one_peer(qtbot: QtBot, peers: list[tuple[str, str]]) -> None:
    dialog = SendDialog(peers)
    qtbot.addWidget(dialog)
    assert dialog.peer() == ""
    if peers:
        dialog.choices[0][0].setChecked(True)
        assert dialog.peer() == "abcdef0123456789"


def test_admit_and_revoke_from_the_window(qtbot: QtBot, tmp_path: Path, settings: Settings,
                                          shown_errors: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.sync.laptops import Laptop

    a = Laptop(tmp_path, "alpha")
    a.found()
    d = Laptop(tmp_path, "delta")
    try:
        d.join_request(tmp_path / "delta.request")
        win = MainWindow(a.ws, settings)
        qtbot.addWidget(win)
        asked: list[str] = []
        monkeypatch.setattr(QMessageBox, "question",
                            lambda _p, _t, text: asked.append(text) or QMessageBox.StandardButton.Yes)
        result = win.sharing_actions.admit(tmp_path / "delta.request", reply=tmp_path / "reply.stratplan")
        assert result is not None and result.name == "Organisation delta"
        assert result.fingerprint in asked[-1]           # the fingerprint to compare aloud
        (summary,) = d.receive(tmp_path / "reply.stratplan")
        assert summary.joined and d.ws.writer.profile.org_id == d.org_id
        # A damaged request: a message, nothing changed.
        (tmp_path / "bad.request").write_bytes(b"{not json")
        assert win.sharing_actions.admit(tmp_path / "bad.request") is None
        assert "not a StratPlan join request" in shown_errors[-1]
        # Revoke delta's laptop from the window: the roster shows it.
        device = d.ws.identity.device_id
        assert win.sharing_actions.revoke(device) is not None
        with a.ws.store.transaction() as s:
            view = sharing.roster_view(s, a.ws.identity.device_id)
        revoked = [x for o in view.organisations for x in o.devices if x.device_id == device]
        assert revoked and revoked[0].revoked_from is not None
        win.close()
    finally:
        a.close()
        d.close()
