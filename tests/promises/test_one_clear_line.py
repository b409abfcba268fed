"""Promise: every bad input gets one clear line (no traceback, no usage block), status 1
(2 for a command typed wrong, as argparse has it), and the store is left byte for byte as it was."""

from __future__ import annotations

import getpass
import io
import json
import os
import pathlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.promises.conftest import digest, run

Case = Callable[[Path, Path, pytest.MonkeyPatch], list[str]]


def ballot_json(db: Path, home: Path, mp: pytest.MonkeyPatch) -> list[str]:
    return ["round", "ballot", "R", "{not json", "--db", str(db)]


def body_not_utf8(db: Path, home: Path, mp: pytest.MonkeyPatch) -> list[str]:
    mp.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"\xff\xfe Mokymai")))
    return ["proposal", "add", "--db", str(db), "--group", "1", "--title", "X", "--body-file", "-"]


def key_path_is_a_folder(db: Path, home: Path, mp: pytest.MonkeyPatch) -> list[str]:
    other = home.parent / "other-home"
    (other / "keys" / "device_ed25519.pem").mkdir(parents=True)
    mp.setenv("STRATPLAN_HOME", str(other))
    return ["proposal", "list", "--db", str(db)]


def no_key_and_read_only_data_folder(db: Path, home: Path, mp: pytest.MonkeyPatch) -> list[str]:
    mp.setenv("STRATPLAN_HOME", str(home.parent / "read-only-home"))
    real = pathlib.Path.mkdir

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        if "read-only-home" in str(self):
            raise PermissionError(13, "Permission denied", str(self))
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    mp.setattr(pathlib.Path, "mkdir", refuse)
    return ["demo", "--db", str(db.parent / "new.sqlite")]


def passphrase_without_a_terminal(db: Path, home: Path, mp: pytest.MonkeyPatch) -> list[str]:
    # What getpass does when there is no terminal: warn, then read standard input.
    mp.setattr(getpass, "getpass", getpass.fallback_getpass)
    mp.setattr("sys.stdin", io.StringIO("secret\nsecret\n"))
    return ["key", "passphrase", "--db", str(db)]


def db_in_a_missing_folder(db: Path, home: Path, mp: pytest.MonkeyPatch) -> list[str]:
    return ["proposal", "list", "--db", str(db.parent / "no" / "such" / "store.sqlite")]


def unknown_level(db: Path, home: Path, mp: pytest.MonkeyPatch) -> list[str]:
    return ["proposal", "add", "--db", str(db), "--group", "1", "--title", "X", "--level", "galactic"]


def key_readable_by_others(db: Path, home: Path, mp: pytest.MonkeyPatch) -> list[str]:
    os.chmod(home / "keys" / "device_ed25519.pem", 0o644)
    return ["proposal", "list", "--db", str(db)]


def keys_folder_writable_by_all(db: Path, home: Path, mp: pytest.MonkeyPatch) -> list[str]:
    os.chmod(home / "keys", 0o777)
    return ["proposal", "list", "--db", str(db)]


def lost_key_in_a_shared_coalition(db: Path, home: Path, mp: pytest.MonkeyPatch) -> list[str]:
    (home / "keys" / "device_ed25519.pem").unlink()
    return ["proposal", "list", "--db", str(db)]


def sheet_with_an_unterminated_quote(db: Path, home: Path, mp: pytest.MonkeyPatch) -> list[str]:
    sheet = db.parent / "sheet.csv"
    sheet.write_text('organisation,weight,ranking,P1,P2\nCNT,1,"P1 > P2\n', encoding="utf-8")
    return ["count", str(sheet), "--method", "schulze"]


CASES: list[tuple[Case, int, str]] = [
    (ballot_json, 1, "The ballot is not valid JSON"),
    (body_not_utf8, 1, "not UTF-8 text"),
    (key_path_is_a_folder, 1, "is a folder"),
    (no_key_and_read_only_data_folder, 1, "Cannot create this laptop's key"),
    (passphrase_without_a_terminal, 1, "A passphrase is typed at a terminal"),
    (db_in_a_missing_folder, 1, "There is no store at"),
    (unknown_level, 2, "argument --level: invalid choice: 'galactic'"),
    (key_readable_by_others, 1, "chmod 600"),
    (keys_folder_writable_by_all, 1, "chmod 700"),
    (lost_key_in_a_shared_coalition, 1, "Restore the file device_ed25519.pem from your backup"),
    (sheet_with_an_unterminated_quote, 1, "line 2: the file is not valid CSV (a quote that is never closed)"),
]


@pytest.mark.parametrize(("case", "status", "message"), CASES, ids=[c[0].__name__ for c in CASES])
def test_one_clear_line(case: Case, status: int, message: str, store: Path, stratplan_home: Path,
                        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    before = digest(store)
    argv = case(store, stratplan_home, monkeypatch)
    code, out, err = run(capsys, *argv)
    assert code == status
    assert err.startswith("stratplan: ") and err.count("\n") == 1 and "Traceback" not in err, err
    assert message in err and out == ""
    assert digest(store) == before
    assert not (store.parent / "no").exists()  # --db into a missing folder made no folders


def test_a_field_of_only_spaces_is_stored_empty(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "proposal", "add", "--db", str(store), "--group", "1", "--title", "Y",
                         "--objective", "   ", "--resources", " \n \n", "--summary", "  ", "--json")
    assert code == 0, err
    fields = json.loads(out)["fields"]
    assert fields["objective"] == fields["resources"] == fields["summary"] == ""


def test_setup_and_demo_make_a_new_store_where_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = tmp_path / "new" / "folder" / "store.sqlite"
    code, _, err = run(capsys, "--db", str(new), "setup", "--coalition", "C", "--org", "O", "--code", "OO",
                       "--country", "LT", "--language", "lt", "--name", "N")
    assert code == 0, err
    assert new.is_file()
    assert run(capsys, "--db", str(tmp_path / "d" / "demo.sqlite"), "demo")[0] == 0
