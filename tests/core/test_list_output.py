"""`proposal list` streams its rows; the output is byte for byte what a whole-list dump gives."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from stratplan.cli import main
from stratplan.core import paths
from stratplan.core.messages import environment_language
from stratplan.core.services import proposals
from stratplan.core.vocabulary import label
from stratplan.core.workspace import open_workspace


def _out(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def status(key: object) -> str:
    """A status as the human output names it, in the language of the command line."""
    return label("status", str(key), environment_language())


def _expected(db: str) -> list[dict[str, object]]:
    ws = open_workspace(Path(db), paths.key_dir())
    try:
        with ws.store.transaction() as s:
            return [{k: v for k, v in dataclasses.asdict(r).items() if k != "search_text"}
                    for r in proposals.list_proposals(s)]
    finally:
        ws.close()


def test_streamed_json_and_text_match_the_whole_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "demo.sqlite")
    _out(capsys, "demo", "--db", db)
    # Quotes, a backslash, a tab, a control character and non-Latin text are escaped as json does.
    _out(capsys, "proposal", "add", "--db", db, "--group", "1", "--title", 'Mokymai "policijai" \\ ąčę 日本',
         "--summary", "tab\there\x01", "--tag", "ž")
    rows = _expected(db)
    assert len(rows) == 61
    assert _out(capsys, "proposal", "list", "--db", db, "--json") == json.dumps(
        rows, ensure_ascii=False, indent=2) + "\n"
    assert _out(capsys, "proposal", "list", "--db", db) == "\n".join(
        f"{r['id'][:8]}  {status(r['status']):<13} {r['organisation']:<6} {r['title']}" for r in rows) + "\n"


def test_an_empty_list_is_an_empty_json_array(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "empty.sqlite")
    _out(capsys, "setup", "--db", db, "--coalition", "C", "--org", "Org", "--code", "ORG", "--country", "LT",
         "--language", "lt", "--name", "Rūta")
    assert _out(capsys, "proposal", "list", "--db", db, "--json") == "[]\n"
