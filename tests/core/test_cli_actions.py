"""The command line as one action per command: one transaction, the store always closed, and
no store layer loaded for `--version` or `--help`."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from stratplan.cli import main
from stratplan.core.workspace import Workspace, open_workspace


@dataclass
class Opened:
    """What the commands did with the stores they opened."""

    transactions: int = 0
    closed: int = 0
    workspaces: list[Workspace] = field(default_factory=list)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[Opened]:
    """Count the transactions a command opens after its workspace is ready, and its closes."""
    seen = Opened()

    def counting_open(*args: Any, **kwargs: Any) -> Workspace:
        ws = open_workspace(*args, **kwargs)
        event.listen(ws.store.engine, "begin", lambda _conn: setattr(seen, "transactions", seen.transactions + 1))
        real_close = ws.close

        def close() -> None:
            seen.closed += 1
            real_close()

        monkeypatch.setattr(ws, "close", close)
        seen.workspaces.append(ws)
        return ws

    monkeypatch.setattr("stratplan.commands.common.open_workspace", counting_open)
    yield seen


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("STRATPLAN_HOME", str(tmp_path / "home"))
    path = str(tmp_path / "store.sqlite")
    code, _, _ = run(capsys, "setup", "--db", path, "--coalition", "Koalicija", "--org", "Centras", "--code", "CNT",
                     "--country", "LT", "--language", "lt", "--name", "Rūta")
    assert code == 0
    code, _, _ = run(capsys, "group", "add", "Teisė", "--db", path)
    assert code == 0
    return path


@pytest.mark.parametrize("argv", [
    ("group", "add", "Prevencija"),
    ("group", "list"),
    ("proposal", "add", "--group", "1", "--title", "Mokymai policijai"),
    # Without --group the list reads through its own read-only connection (test_list_output).
    ("proposal", "list", "--group", "1"),
    ("log",),
    ("rebuild",),
    ("coalition", "show"),
])
def test_each_command_is_one_transaction_and_closes_the_store(
        db: str, opened: Opened, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]) -> None:
    code, _, err = run(capsys, *argv[:2], "--db", db, *argv[2:])
    assert (code, err) == (0, "")
    assert (opened.transactions, opened.closed) == (1, 1)


def test_a_refused_command_changes_nothing_and_still_closes_the_store(
        db: str, opened: Opened, capsys: pytest.CaptureFixture[str]) -> None:
    # CNT is added first, then NOPE is refused: the whole command is one transaction, so neither stays.
    code, _, err = run(capsys, "group", "member", "1", "--db", db, "--add", "CNT", "--add", "NOPE")
    assert code == 1 and "No member organisation has the code 'NOPE'" in err
    assert opened.closed == 1
    # The store opens again at once (its lock released) and shows no member added.
    code, out, _ = run(capsys, "group", "list", "--db", db, "--json")
    assert code == 0 and all(g["member_org_ids"] == [] for g in json.loads(out))
    assert opened.closed == 2


def test_version_and_help_do_not_load_the_store_layer() -> None:
    probe = ("import sys\n"
             "from stratplan.cli import main\n"
             "for argv in (['--version'], ['--help'], ['proposal', 'add', '--help']):\n"
             "    try:\n"
             "        main(argv)\n"
             "    except SystemExit:\n"
             "        pass\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'"
             " or m.startswith('stratplan.core.services')))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert "StratPlan" in done.stdout
