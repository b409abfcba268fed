"""Shared set-up of the promise suite: a small shared-coalition store made by the command line."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from stratplan.cli import main


def digest(path: Path) -> str:
    """The store file's bytes (what "the store is unchanged" means)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line in-process; a usage error's SystemExit becomes its status."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def store(tmp_path: Path, stratplan_home: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A shared coalition (setup makes it shareable) with two points and an open ranking round."""
    db = tmp_path / "store.sqlite"
    assert run(capsys, "setup", "--db", str(db), "--coalition", "C", "--org", "Centras", "--code", "CNT",
               "--country", "LT", "--language", "lt", "--name", "Rūta")[0] == 0
    for title in ("Police training", "Exit programme"):
        assert run(capsys, "proposal", "add", "--db", str(db), "--group", "1", "--title", title)[0] == 0
    code, out, err = run(capsys, "proposal", "list", "--db", str(db), "--json")
    import json

    ids = [p["id"] for p in json.loads(out)]
    assert run(capsys, "round", "open", "--db", str(db), "--title", "R", "--method", "ranking",
               "--proposal", ids[0], "--proposal", ids[1])[0] == 0
    return db
