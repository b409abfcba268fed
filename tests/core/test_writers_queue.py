"""Writers queue: command-line processes writing one store wait for each other (and for a
window) instead of failing; the window's lock stays exclusive against other windows only."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stratplan.cli import main
from stratplan.core.db.engine import open_store
from stratplan.core.errors import StoreLockedError

ADDS = 5
WRITER = """
import sys
from stratplan.cli import main
failed = [i for i in range({adds}) if main(["proposal", "add", "--db", sys.argv[1], "--group", "1",
                                            "--title", f"Point {{sys.argv[2]}}-{{i}}"]) != 0]
sys.exit(len(failed))
"""


def _env(home: Path, **more: str) -> dict[str, str]:
    return {**os.environ, "STRATPLAN_HOME": str(home), **more}


@pytest.fixture
def store(tmp_path: Path, stratplan_home: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    db = tmp_path / "store.sqlite"
    assert main(["setup", "--db", str(db), "--coalition", "C", "--org", "Centras", "--code", "CNT",
                 "--country", "LT", "--language", "lt", "--name", "Rūta"]) == 0
    capsys.readouterr()
    return db


def _count(db: Path, capsys: pytest.CaptureFixture[str]) -> int:
    capsys.readouterr()
    assert main(["proposal", "list", "--db", str(db), "--json"]) == 0
    return len(json.loads(capsys.readouterr().out))


def test_four_commands_adding_at_once_all_succeed(store: Path, stratplan_home: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    procs = [subprocess.Popen([sys.executable, "-c", WRITER.format(adds=ADDS), str(store), str(k)],
                              env=_env(stratplan_home), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True) for k in range(4)]
    results = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in procs]
    assert [code for code, _ in results] == [0, 0, 0, 0], results
    assert not any("already open" in err for _, err in results)
    assert _count(store, capsys) == 4 * ADDS


def test_a_command_works_while_a_window_has_the_store_and_windows_exclude_each_other(
        store: Path, stratplan_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    window = open_store(store)  # what the window does
    try:
        with pytest.raises(StoreLockedError, match="already open in another StratPlan window"):
            open_store(store)  # a second window
        done = subprocess.run([sys.executable, "-m", "stratplan", "proposal", "add", "--db", str(store),
                               "--group", "1", "--title", "From the command line"],
                              env=_env(stratplan_home), capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    finally:
        window.close()
    assert _count(store, capsys) == 1


def test_a_command_says_whom_it_waits_for_then_gives_up_clearly(store: Path, stratplan_home: Path) -> None:
    before = store.read_bytes()
    # Another writer holds the write lock for longer than the (shortened) wait.
    holder = sqlite3.connect(store, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "stratplan", "proposal", "add", "--db", str(store),
                               "--group", "1", "--title", "Waits"],
                              env=_env(stratplan_home, STRATPLAN_WAIT_SECONDS="3"),
                              capture_output=True, text=True, timeout=120)
        waited = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1 and waited >= 3
    assert lines[0] == "stratplan: Waiting for another StratPlan command to finish with this store…"
    assert len(lines) == 2 and "kept this store busy for 3 seconds, so nothing was changed" in lines[1]
    assert store.read_bytes() == before


def test_a_command_waiting_behind_a_window_names_the_window(store: Path, stratplan_home: Path) -> None:
    window = open_store(store)
    holder = sqlite3.connect(store, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        done = subprocess.run([sys.executable, "-m", "stratplan", "proposal", "add", "--db", str(store),
                               "--group", "1", "--title", "Waits"],
                              env=_env(stratplan_home, STRATPLAN_WAIT_SECONDS="2"),
                              capture_output=True, text=True, timeout=120)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        window.close()
    assert done.returncode == 1
    assert "Waiting for the StratPlan window that has this store open" in done.stderr
