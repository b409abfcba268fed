"""The voting window: give our vote to another member, see the roll call, withdraw it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from stratplan.core.oplog.identity import DeviceIdentity
from stratplan.core.oplog.writer import OpWriter, Profile
from stratplan.core.services import coalition, rounds
from stratplan.core.workspace import Workspace
from stratplan.ui.main_window import MainWindow
from stratplan.ui.voting.models import RollCallModel
from stratplan.ui.voting.questions import DelegateQuestion
from stratplan.ui.voting.window import VotingWindow
from tests.ui.test_voting_window import open_round


@pytest.fixture
def voting(window: MainWindow, small_workspace: Workspace) -> VotingWindow:
    with small_workspace.store.transaction() as s:
        for code in ("AUBE", "NORD"):
            coalition.add_organisation(s, writer=small_workspace.writer, name=f"Org {code}", code=code,
                                       country="FR", language="fr")
    window.show_voting()
    assert window.voting is not None
    return window.voting


def laptop_of(voting: VotingWindow, code: str) -> OpWriter:
    """Another organisation's own laptop, writing into this store as a bundle would bring it."""
    ws = voting.ws
    with ws.store.transaction() as s:
        org = next(o for o in coalition.list_organisations(s) if o.code == code)
        writer = OpWriter(DeviceIdentity.generate(), ws.writer.clock, Profile(ws.writer.profile.coalition_id, org.id, ""))
        writer.register_device(s)
    return writer


def roll_call(voting: VotingWindow) -> list[list[str]]:
    model = voting.roll_call_model
    return [[str(model.index(r, c).data()) for c in range(3)] for r in range(model.rowCount())]


def test_give_our_vote_see_the_roll_call_and_withdraw(voting: VotingWindow, window: MainWindow, qtbot: QtBot,
                                                      monkeypatch: pytest.MonkeyPatch, qtmodeltester: Any) -> None:
    pids = open_round(voting, monkeypatch, "approval", live=True)
    assert voting.give_button.isEnabled() and not voting.withdraw_button.isEnabled()
    offered: list[list[str]] = []

    def choose(cls: type, parent: object, options: list[tuple[str, str]]) -> str:
        offered.append([label for _org, label in options])
        return next(org for org, label in options if "AUBE" in label)

    monkeypatch.setattr(DelegateQuestion, "ask", classmethod(choose))
    qtbot.mouseClick(voting.give_button, Qt.MouseButton.LeftButton)
    assert offered == [["Org AUBE (AUBE)", "Org NORD (NORD)"]]  # the electorate, without ourselves
    assert "Our vote is given to AUBE" in voting.mandate_label.text()
    assert voting.withdraw_button.isEnabled()
    # AUBE votes on its own laptop; the window follows, and its ballot counts for us too.
    aube = laptop_of(voting, "AUBE")
    window.runner.run(None, lambda s, w: rounds.cast_ballot(s, writer=aube, round_id=voting.current.id,  # type: ignore[union-attr]
                                                            choices={pid: "yes" for pid in pids}))
    voting.tabs.setCurrentIndex(3)
    assert voting.tabs.tabText(3) == "R&oll call"
    assert roll_call(voting) == [["Org AUBE (AUBE)", "in person", ""],
                                 ["Centras (CNT)", "by delegation", "Org AUBE (AUBE)"],
                                 ["Org NORD (NORD)", "did not vote", ""]]
    assert "2 of 3 organisations have voted" in voting.info.text()
    qtmodeltester.check(voting.roll_call_model)
    qtmodeltester.check(RollCallModel())
    qtbot.mouseClick(voting.withdraw_button, Qt.MouseButton.LeftButton)
    assert voting.mandate_label.text() == "" and not voting.withdraw_button.isEnabled()
    assert roll_call(voting)[1] == ["Centras (CNT)", "did not vote", ""]
    assert "1 of 3 organisations have voted" in voting.info.text()


def test_a_refused_delegation_says_why(voting: VotingWindow, window: MainWindow, qtbot: QtBot,
                                       monkeypatch: pytest.MonkeyPatch, shown_errors: list[str]) -> None:
    open_round(voting, monkeypatch, "approval")
    nord = laptop_of(voting, "NORD")
    aube_id = next(v.org_id for v in voting.current.electorate if v.code == "AUBE")  # type: ignore[union-attr]
    from stratplan.core.services import delegation

    # AUBE gives its vote to NORD first; then our vote to AUBE would not be passed along.
    aube = laptop_of(voting, "AUBE")
    nord_id = nord.profile.org_id
    window.runner.run(None, lambda s, w: delegation.give_vote(s, writer=aube, round_id=voting.current.id,  # type: ignore[union-attr]
                                                              delegate_org=nord_id))
    monkeypatch.setattr(DelegateQuestion, "ask", classmethod(lambda cls, parent, options: aube_id))
    qtbot.mouseClick(voting.give_button, Qt.MouseButton.LeftButton)
    assert shown_errors and "Org AUBE has itself given its vote to another organisation" in shown_errors[-1]
    assert voting.mandate_label.text() == ""
    monkeypatch.setattr(DelegateQuestion, "ask", classmethod(lambda cls, parent, options: None))
    qtbot.mouseClick(voting.give_button, Qt.MouseButton.LeftButton)  # cancelled: nothing written
    assert voting.mandate_label.text() == "" and len(shown_errors) == 1


def test_a_round_outside_its_openers_role_is_shown_as_not_counted(voting: VotingWindow, window: MainWindow) -> None:
    from stratplan.core.oplog.writer import new_id
    from stratplan.core.services import groups, proposals, role_grants

    aube = laptop_of(voting, "AUBE")
    with voting.ws.store.transaction() as s:
        gid = groups.list_groups(s)[0].id
        detail = proposals.get_proposal(s, proposals.list_proposals(s)[0].id)
    payload = {"title": "AUBE's round", "method": "approval", "basis": "expressed", "closes": "", "group": gid,
               "proposals": [{"id": detail.id, "revision": detail.head_revision, "title": "P"}],
               "electorate": [{"org": aube.profile.org_id, "weight": "1"}], "threshold": "2/3", "quorum": "1/2"}
    # Written on AUBE's laptop past the service (which would refuse it), as an older version might.
    window.runner.run(None, lambda s, w: aube.append(s, kind="round.open", entity=new_id(), payload=payload))
    assert voting.round_model.rowCount() == 0
    assert voting.ignored_label.isVisibleTo(voting)
    assert voting.ignored_label.text() == ("Not counted: “AUBE's round” — Org AUBE may not open a working group's "
                                           "round: only a convener or the group's coordinator may.")
    # The convener makes AUBE the group's coordinator: the round counts, in the same refresh.
    window.runner.run(None, lambda s, w: role_grants.set_coordinator(s, writer=w, group_id=gid,
                                                                     org_id=aube.profile.org_id, present=True))
    assert voting.round_model.rowCount() == 1 and not voting.ignored_label.isVisibleTo(voting)
