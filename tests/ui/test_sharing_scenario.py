"""The whole story, as three new users would live it: set up, join, draft offline, exchange in
different orders and through a shared folder, resolve one conflict in the window, agree."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from stratplan.core.services import conflicts, proposals
from stratplan.core.sync import folder
from stratplan.ui.dialogs.conflicts import ConflictsDialog
from stratplan.ui.main_window import MainWindow
from stratplan.ui.settings import Settings
from tests.sync.laptops import Laptop, coalition_of_three


def _history(laptop: Laptop, pid: str) -> list[tuple[str, str]]:
    with laptop.ws.store.transaction() as s:
        return sorted((r.id, r.organisation) for r in proposals.history(s, proposal_id=pid))


def test_three_new_users_end_with_the_same_programme(qtbot: QtBot, tmp_path: Path, settings: Settings,
                                                     shown_errors: list[str]) -> None:
    a, b, c = coalition_of_three(tmp_path)
    shared = tmp_path / "Syncthing"
    shared.mkdir()
    try:
        police = a.draft("Training for police", "Train officers to spot victims.\n\nTwice a year.")
        a.send(tmp_path / "a1.stratplan")
        c.receive(tmp_path / "a1.stratplan")
        b.receive(tmp_path / "a1.stratplan")
        # Offline: both change the same paragraph; each also drafts a point of its own.
        b.edit(police, body="Train 40 officers in Kaunas to spot victims.\n\nTwice a year.")
        c.edit(police, body="Train officers and border guards to spot victims.\n\nTwice a year.")
        b.draft("Shelters — ąčęėįšųūž")
        c.draft("Hotline 🌍")
        # B and C meet through the shared folder; A gets theirs as e-mailed bundles, C's first.
        folder.sync_folder(b.ws, shared)
        folder.sync_folder(c.ws, shared)
        folder.sync_folder(b.ws, shared)
        c.send(tmp_path / "c1.stratplan")
        b.send(tmp_path / "b1.stratplan")
        a.receive(tmp_path / "c1.stratplan", tmp_path / "b1.stratplan")

        # C opens the conflicts view and writes a combined text.
        window = MainWindow(c.ws, settings)
        qtbot.addWidget(window)
        window.show()

        def resolve(proposal_id: str, field: str, value: object) -> bool:
            return window.run(lambda s, w: conflicts.resolve(s, writer=w, proposal_id=proposal_id, field=field,
                                                             value=value)) is not None

        dialog = ConflictsDialog(lambda: window.run(lambda s, _w: conflicts.list_conflicts(s)) or [], resolve)
        qtbot.addWidget(dialog)
        assert dialog.list.count() == 1 and "Training for police" in dialog.list.item(0).text()
        texts = sorted(view.toPlainText() for view, _ in dialog.candidate_views)
        assert any("40 officers in Kaunas" in t for t in texts) and any("border guards" in t for t in texts)
        dialog.combined.setPlainText("Train 40 officers and border guards in Kaunas to spot victims.")
        dialog.save_combined.click()
        assert "No conflicts" in dialog.heading.text()
        window.close()

        # The decision travels: C → folder → B, and C → bundle → A.
        folder.sync_folder(c.ws, shared)
        folder.sync_folder(b.ws, shared)
        c.send(tmp_path / "c2.stratplan")
        a.receive(tmp_path / "c2.stratplan")
        for laptop in (a, b):
            laptop.send(tmp_path / f"{laptop.name}-final.stratplan")
        for laptop in (a, b, c):
            laptop.receive(*(tmp_path / f"{x.name}-final.stratplan" for x in (a, b) if x is not laptop))

        titles = ["Hotline 🌍", "Shelters — ąčęėįšųūž", "Training for police"]
        assert a.titles() == b.titles() == c.titles() == titles
        assert _history(a, police) == _history(b, police) == _history(c, police)
        assert len(_history(a, police)) == 4          # the draft, two edits, the decision
        for laptop in (a, b, c):
            with laptop.ws.store.transaction() as s:
                detail = proposals.get_proposal(s, police)
                assert detail.fields["body"].startswith("Train 40 officers and border guards in Kaunas")
                assert not detail.conflict and conflicts.list_conflicts(s) == []
        assert a.snapshot() == b.snapshot() == c.snapshot()
        assert shown_errors == []
    finally:
        for laptop in (a, b, c):
            laptop.close()
