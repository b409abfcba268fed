"""`stratplan overlaps dismiss|review-again|relate|unrelate|reviewed`: reviews from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core.test_cli import run


@pytest.fixture
def demo_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    db = str(tmp_path / "demo.sqlite")
    assert run(capsys, "demo", "--db", db, "--json")[0] == 0
    return db


def _groups(capsys: pytest.CaptureFixture[str], db: str) -> list[list[str]]:
    code, out, err = run(capsys, "overlaps", "--db", db, "--ngrams-only", "--json")
    assert code == 0, err
    return [[p["id"] for p in g["proposals"]] for g in json.loads(out)]


def test_dismissed_pairs_leave_the_overlaps_list_until_reviewed_again(demo_db: str,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    before = _groups(capsys, demo_db)
    first = before[0]
    code, out, err = run(capsys, "overlaps", "dismiss", *first, "--db", demo_db, "--json")
    assert code == 0, err
    assert json.loads(out)["dismissed"] == len(first) * (len(first) - 1) // 2
    after = _groups(capsys, demo_db)
    assert first not in after and all(not {first[0], first[1]} <= set(g) for g in after)
    code, out, _ = run(capsys, "overlaps", "reviewed", "--db", demo_db, "--json")
    assert [(p["a"], p["b"], p["dismissed"]) for p in json.loads(out)][:1] == [(first[0], first[1], True)]
    # Short ids, in either order, as everywhere on the command line.
    code, out, err = run(capsys, "overlaps", "review-again", first[1][:8], first[0][:8], "--db", demo_db)
    assert code == 0, err
    assert "can be suggested again" in out
    if len(first) == 2:
        assert _groups(capsys, demo_db) == before
    # Dismissing again what is dismissed already says so, and changes nothing.
    run(capsys, "overlaps", "dismiss", first[0], first[1], "--db", demo_db)
    code, _out, err = run(capsys, "overlaps", "dismiss", first[0], first[1], "--db", demo_db)
    assert code != 0 and "already dismissed" in err


def test_related_link_from_the_command_line(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = _groups(capsys, demo_db)[0][:2]
    code, out, err = run(capsys, "--db", demo_db, "overlaps", "--json", "relate", a, b)
    assert code == 0, err
    assert json.loads(out) == {"a": min(a, b), "b": max(a, b), "dismissed": False, "related": True}
    code, out, _ = run(capsys, "overlaps", "reviewed", "--db", demo_db)
    assert "related (" in out
    code, out, err = run(capsys, "overlaps", "unrelate", a, b, "--db", demo_db, "--json")
    assert code == 0 and json.loads(out)["related"] is False
    code, _out, err = run(capsys, "overlaps", "unrelate", a, b, "--db", demo_db)
    assert code != 0 and "not linked" in err


def test_bad_pairs_are_refused_in_one_line(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    a = _groups(capsys, demo_db)[0][0]
    code, _out, err = run(capsys, "overlaps", "dismiss", a, "ffffffff", "--db", demo_db)
    assert code != 0 and "No proposal id starts with 'ffffffff'" in err and len(err.strip().splitlines()) == 1
    code, _out, err = run(capsys, "overlaps", "relate", a, a, "--db", demo_db)
    assert code != 0 and "itself" in err
