"""Fixtures for core tests: an open workspace with a small coalition."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from stratplan.core.services import coalition, groups
from stratplan.core.workspace import Workspace, open_workspace


@pytest.fixture
def workspace(tmp_path: Path, stratplan_home: Path) -> Iterator[Workspace]:
    ws = open_workspace(tmp_path / "store.sqlite", stratplan_home / "keys")
    with ws.store.transaction() as s:
        coalition.create_coalition(
            s, writer=ws.writer, name="Test coalition", org_name="Centras Laisvė", org_code="CNT",
            country="LT", language="lt", person_name="Rūta Žilinskienė",
        )
    yield ws
    ws.close()


@pytest.fixture
def group_id(workspace: Workspace) -> str:
    with workspace.store.transaction() as s:
        return groups.list_groups(s)[0].id
