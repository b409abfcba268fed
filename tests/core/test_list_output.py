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


def test_listing_a_current_store_never_loads_sqlalchemy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import subprocess
    import sys

    db = str(tmp_path / "demo.sqlite")
    _out(capsys, "demo", "--db", db)
    probe = ("import sys; from stratplan.cli import main; code = main(['proposal', 'list', '--db', sys.argv[1], "
             "'--json']); print('SQLALCHEMY' if 'sqlalchemy' in sys.modules else 'LIGHT', file=sys.stderr); "
             "raise SystemExit(code)")
    done = subprocess.run([sys.executable, "-c", probe, db], capture_output=True, text=True, timeout=60, check=True)
    assert done.stderr.strip() == "LIGHT"
    assert json.loads(done.stdout) == json.loads(json.dumps(_expected(db)))  # the rows the full path reads
    # A group to resolve takes the full path, and says the same as ever.
    done = subprocess.run([sys.executable, "-c", probe.replace("'--json'", "'--json', '--group', '1'"), db],
                          capture_output=True, text=True, timeout=60, check=True)
    assert done.stderr.strip() == "SQLALCHEMY"


def test_the_fast_path_knows_the_current_schema() -> None:
    from stratplan.core.db import engine
    from stratplan.core.db import readonly as fast_read
    from stratplan.core.oplog import identity

    assert (fast_read.SCHEMA_HEAD, fast_read.FORMAT_MARKER) == (engine.SCHEMA_HEAD, engine.FORMAT_MARKER)
    assert fast_read.KEY_FILE == identity.KEY_FILE
    assert engine.head_revision() == engine.SCHEMA_HEAD


def test_what_is_not_a_current_store_is_read_the_full_way(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.sqlite"
    import sqlite3

    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    assert main(["proposal", "list", "--db", str(other)]) == 1
    assert "not a StratPlan store" in capsys.readouterr().err
    assert main(["proposal", "list", "--db", str(tmp_path / "missing.sqlite")]) == 1
    assert "There is no store at" in capsys.readouterr().err
