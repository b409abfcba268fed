"""`stratplan amend`: propose, list with line numbers, show inline, accept, modify, reject, choose."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core.test_cli import run

BODY = "Laws that end the buying of sex.\nExit programmes for survivors.\n\nPeer training on advocacy."


@pytest.fixture
def store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    db = str(tmp_path / "s.sqlite")
    code, _, err = run(capsys, "setup", "--db", db, "--coalition", "Paris", "--org", "Centras", "--code", "CNT",
                       "--country", "LT", "--language", "lt", "--name", "Rūta")
    assert code == 0, err
    body = tmp_path / "body.md"
    body.write_text(BODY, encoding="utf-8")
    code, out, err = run(capsys, "proposal", "add", "--db", db, "--group", "1", "--title", "Laws",
                         "--body-file", str(body), "--json")
    assert code == 0, err
    return db, json.loads(out)["id"]


def _add(capsys: pytest.CaptureFixture[str], db: str, pid: str, *extra: str) -> dict[str, object]:
    code, out, err = run(capsys, "amend", "add", pid[:8], "--db", db, "--reason", "Clearer.", "--json", *extra)
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def test_propose_list_accept_and_reject_through_the_command_line(
        store: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    db, pid = store
    code, out, _ = run(capsys, "amend", "list", pid[:8], "--db", db, "--numbered")
    assert code == 0 and "   2  Exit programmes for survivors." in out and "No amendments" in out
    one = _add(capsys, db, pid, "--change", "replace", "--lines", "2", "--text", "Exit programmes for all survivors.")
    two = _add(capsys, db, pid, "--change", "insert", "--after", "3", "--text", "Mokymai policijai 👮.")
    three = _add(capsys, db, pid, "--change", "delete", "--passage", " on advocacy")
    code, out, _ = run(capsys, "amend", "show", str(one["id"])[:8], "--db", db)
    assert code == 0 and "Exit programmes for {+all +}survivors." in out
    code, out, _ = run(capsys, "amend", "accept", str(one["id"])[:8], "--db", db, "--json")
    merged = json.loads(out)
    assert code == 0 and merged["amendment"]["state"] == "merged" and merged["merge"]["merged"] == [one["id"]]
    code, out, _ = run(capsys, "amend", "reject", str(three["id"])[:8], "--db", db, "--reason", "Keep it.")
    assert code == 0 and "rejected" in out
    # Accepting the insertion after line 3 competes with nothing: merged with a modified text.
    code, out, _ = run(capsys, "amend", "accept", str(two["id"])[:8], "--db", db, "--text", "Mokymai policijai.")
    assert code == 0 and "Merged into a new revision" in out
    code, out, _ = run(capsys, "proposal", "show", pid[:8], "--db", db, "--json")
    assert json.loads(out)["fields"]["body"] == (
        "Laws that end the buying of sex.\nExit programmes for all survivors.\n\nPeer training on advocacy.\n"
        "Mokymai policijai.")
    code, out, _ = run(capsys, "amend", "list", pid[:8], "--db", db, "--json")
    assert sorted(a["state"] for a in json.loads(out)) == ["merged", "merged", "rejected"]


def test_competing_amendments_are_shown_side_by_side_and_one_is_chosen(
        store: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    db, pid = store
    a = _add(capsys, db, pid, "--change", "replace", "--lines", "1", "--text", "Laws that end prostitution.")
    b = _add(capsys, db, pid, "--change", "delete", "--lines", "1")
    code, out, _ = run(capsys, "amend", "list", pid[:8], "--db", db)
    assert f"(competes with {str(b['id'])[:8]})" in out
    code, out, err = run(capsys, "amend", "choose", str(a["id"])[:8], "--db", db)
    assert code == 1 and "not competing" in err  # nothing accepted yet
    code, out, _ = run(capsys, "amend", "accept", str(a["id"])[:8], str(b["id"])[:8], "--db", db)
    assert code == 0 and "Competing amendments on lines 1-1" in out
    assert "CNT: [-Laws that end the buying of sex." in out and "end [-the buying of sex-]{+prostitution+}." in out
    code, out, _ = run(capsys, "amend", "choose", str(a["id"])[:8], "--db", db, "--json")
    assert code == 0 and json.loads(out)["body"].startswith("Laws that end prostitution.\nExit")
    code, out, _ = run(capsys, "amend", "list", pid[:8], "--db", db, "--json")
    assert {x["id"]: x["state"] for x in json.loads(out)} == {a["id"]: "merged", b["id"]: "set-aside"}


def test_bad_requests_are_one_clear_line_and_change_nothing(
        store: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    db, pid = store
    for extra, words in (
        (("--change", "replace", "--lines", "9", "--text", "x"), "Line 9 is outside the text"),
        (("--change", "replace", "--lines", "two", "--text", "x"), "Write lines as a number or a range"),
        (("--change", "replace", "--text", "x"), "Say where"),
        (("--change", "insert", "--after", "1", "--text", "bell\x07"), "control character (U+0007)"),
        (("--change", "replace", "--lines", "1", "--text", "x", "--revision", "abc"), "is not a revision"),
    ):
        code, out, err = run(capsys, "amend", "add", pid[:8], "--db", db, "--reason", "r", *extra)
        assert code == 1 and out == "" and err.count("\n") == 1 and words in err, err
    code, out, err = run(capsys, "amend", "show", "zzzz", "--db", db)
    assert code == 1 and "No amendment id starts with 'zzzz'" in err
    code, out, _ = run(capsys, "amend", "list", pid[:8], "--db", db, "--json")
    assert json.loads(out) == []


def test_a_programme_point_of_a_release_is_amended_by_its_number(
        store: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    db, pid = store
    assert run(capsys, "programme", "place", "Laws", pid[:8], "--db", db)[0] == 0
    assert run(capsys, "release", "create", "Paris 2026, v1", "--db", db)[0] == 0
    released = json.loads(run(capsys, "proposal", "show", pid[:8], "--db", db, "--json")[1])["head_revision"]
    # The text moves on after the release: the amendment still names the released revision.
    assert run(capsys, "proposal", "edit", pid[:8], "--db", db, "--summary", "Later.")[0] == 0
    code, out, err = run(capsys, "amend", "add", "1.1", "--release", "Paris 2026, v1", "--db", db, "--json",
                         "--change", "delete", "--lines", "3", "--reason", "Not for the programme.")
    assert code == 0, err
    added = json.loads(out)
    assert (added["proposal_id"], added["revision_id"], added["state"]) == (pid, released, "open")
    code, _, err = run(capsys, "amend", "add", "9.9", "--release", "Paris 2026, v1", "--db", db,
                       "--change", "delete", "--lines", "1", "--reason", "r")
    assert code == 1 and "Release 'Paris 2026, v1' has no point '9.9'." in err
