"""Dates, times and country names in the window are written as each interface language writes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from stratplan.core.oplog.hlc import HybridClock
from stratplan.core.services import coalition, comments, groups, proposals
from stratplan.core.workspace import Workspace, open_workspace
from stratplan.ui.dialogs.group_dialogs import MembersDialog
from stratplan.ui.dialogs.members_view import CoalitionDialog
from stratplan.ui.i18n import install_language
from stratplan.ui.main_window import MainWindow
from stratplan.ui.settings import Settings

# Every change of this store is made at 14:05 on 2 December 2026, this computer's time.
FIXED = dt.datetime(2026, 12, 2, 14, 5, 30)
WRITTEN = {"en": ("2 Dec 2026, 14:05", "Lithuania"), "lt": ("2026-12-02 14:05", "Lietuva"),
           "fr": ("2 déc. 2026, 14:05", "Lituanie"), "es": ("2 dic 2026, 14:05", "Lituania")}


@pytest.fixture
def fixed_workspace(tmp_path: Path, stratplan_home: Path) -> Iterator[Workspace]:
    ws = open_workspace(tmp_path / "store.sqlite", stratplan_home / "keys")
    ws.writer.clock = HybridClock(0, wall=lambda: int(FIXED.timestamp() * 1000))
    with ws.store.transaction() as s:
        coalition.create_coalition(s, writer=ws.writer, name="Paris coalition", org_name="Centras",
                                   org_code="CNT", country="LT", language="lt", person_name="Rūta")
        point = proposals.create_proposal(s, writer=ws.writer, group_id=groups.list_groups(s)[0].id,
                                          fields={"title": "Exit programme"})
        comments.add_comment(s, writer=ws.writer, proposal_id=point.id, text="Housing first.")
    yield ws
    ws.close()


@pytest.mark.parametrize("language", sorted(WRITTEN))
def test_lists_history_and_comments_write_the_date_in_the_language(
        language: str, qapp: QApplication, fixed_workspace: Workspace, settings: Settings, qtbot: QtBot) -> None:
    moment, lithuania = WRITTEN[language]
    install_language(qapp, language)
    try:
        window = MainWindow(fixed_workspace, settings)
        qtbot.addWidget(window)
        assert window.list_model.index(0, 4).data() == moment  # the Updated column
        window.select_row(0)
        assert moment in window.history.model.index(0).data()
        assert f"Rūta (CNT), {moment}:" in window.comments.model.index(0).data()
        with fixed_workspace.store.transaction() as s:
            orgs, people = coalition.list_organisations(s), coalition.list_people(s)
        members = MembersDialog(orgs, set(), window)
        qtbot.addWidget(members)
        assert members.list.item(0).text() == f"Centras (CNT, {lithuania})"
        view = CoalitionDialog(orgs, people, window)
        qtbot.addWidget(view)
        assert view.table.item(0, 3).text() == lithuania
    finally:
        install_language(qapp, "en")
