"""The window's first frame: read through sqlite3 alone, the same as the services read, or not at all."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from stratplan.core import paths
from stratplan.core.oplog.identity import load_or_create_identity, save_identity
from stratplan.core.services import coalition, groups, proposals
from stratplan.core.services.demo import install_demo, load_demo_file
from stratplan.core.services.frame_rows import read_first_frame
from stratplan.core.services.proposal_rows import ProposalSummary
from stratplan.core.workspace import open_workspace
from stratplan.resources import resource_path


@pytest.fixture
def demo_store(tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite"
    ws = open_workspace(path, paths.key_dir())
    with ws.store.transaction() as s:
        install_demo(s, writer=ws.writer, data=load_demo_file(resource_path("demo", "coalition.json")))
        gid = groups.list_groups(s)[0].id
        # Text a user may type: Lithuanian, right to left, emoji, a control character.
        proposals.create_proposal(s, writer=ws.writer, group_id=gid, fields={
            "title": "Mokymai policijai ąčęėįšųūž 🚓", "summary": "تدريب الشرطة\tand more", "body": "Tekstas."})
    ws.close()
    return path


def test_the_first_frame_is_what_the_services_show(demo_store: Path) -> None:
    frame = read_first_frame(demo_store, paths.key_dir())
    assert frame is not None
    ws = open_workspace(demo_store, paths.key_dir())
    try:
        with ws.store.transaction() as s:
            assert frame.coalition == coalition.coalition_info(s)
            assert frame.groups == groups.list_groups(s)
            assert frame.total == proposals.count_proposals(s) == 61
            rows = proposals.list_proposals(s)
    finally:
        ws.close()
    # The same rows in the same order; only the search texts are left for later.
    assert frame.rows == [dataclasses.replace(row, search_text="") for row in rows]
    assert frame.rows[0].title == "Mokymai policijai ąčęėįšųūž 🚓"
    assert all(row.search_text for row in rows)


def test_rows_equal_rows_built_field_by_field(demo_store: Path) -> None:
    frame = read_first_frame(demo_store, paths.key_dir())
    assert frame is not None
    for row in frame.rows[:5]:
        built = ProposalSummary(**{f.name: getattr(row, f.name) for f in dataclasses.fields(ProposalSummary)})
        assert built == row and hash(built) == hash(row) and repr(built) == repr(row)
        with pytest.raises(dataclasses.FrozenInstanceError):
            row.title = "changed"  # type: ignore[misc]


def test_no_first_frame_when_the_store_needs_more_than_reading(demo_store: Path, tmp_path: Path) -> None:
    keys = paths.key_dir()
    assert read_first_frame(tmp_path / "missing.sqlite", keys) is None
    not_a_store = tmp_path / "notes.sqlite"
    not_a_store.write_bytes(b"PK\x03\x04 a Word file")
    assert read_first_frame(not_a_store, keys) is None
    # An empty store (the welcome choices come first).
    open_workspace(tmp_path / "empty.sqlite", keys).close()
    assert read_first_frame(tmp_path / "empty.sqlite", keys) is None
    # A store at an older schema (it is migrated first).
    older = tmp_path / "older.sqlite"
    older.write_bytes(demo_store.read_bytes())
    with sqlite3.connect(older) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0012'")
    assert read_first_frame(older, keys) is None
    assert read_first_frame(demo_store, keys) is not None


def test_no_first_frame_for_a_key_that_asks_or_is_exposed(demo_store: Path) -> None:
    keys = paths.key_dir()
    key_file = next(keys.glob("*.pem"))
    key_file.chmod(0o644)  # readable by others: the full path says what is wrong
    assert read_first_frame(demo_store, keys) is None
    key_file.chmod(0o600)
    save_identity(load_or_create_identity(keys), keys, "slaptažodis")
    assert read_first_frame(demo_store, keys) is None  # a passphrase is asked first
    key_file.unlink()
    assert read_first_frame(demo_store, keys) is None
