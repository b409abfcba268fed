"""`stratplan role` and `stratplan delegate` through the command line's entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stratplan.cli import main
from stratplan.core.oplog.writer import Profile
from stratplan.core.services import coalition, groups, proposals
from stratplan.core.workspace import open_workspace, read_profile, save_profile


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path, stratplan_home: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A coalition set up on this laptop (CNT, its convener), two more members and a point."""
    path = str(tmp_path / "store.sqlite")
    assert run(capsys, "setup", "--db", path, "--coalition", "Koalicija", "--org", "Centras", "--code", "CNT",
               "--country", "LT", "--language", "lt", "--name", "Rūta")[0] == 0
    ws = open_workspace(Path(path), stratplan_home / "keys")
    with ws.store.transaction() as s:
        for code in ("AUBE", "NORD"):
            coalition.add_organisation(s, writer=ws.writer, name=f"Org {code}", code=code, country="FR",
                                       language="fr")
        proposals.create_proposal(s, writer=ws.writer, group_id=groups.list_groups(s)[0].id,
                                  fields={"title": "Police training"})
    ws.close()
    return path


def point(capsys: pytest.CaptureFixture[str], db: str) -> str:
    return str(json.loads(run(capsys, "proposal", "list", "--db", db, "--json")[1])[0]["id"])


def become(db: str, stratplan_home: Path, code: str) -> None:
    """This laptop now works for another member organisation (as after handing it over)."""
    ws = open_workspace(Path(db), stratplan_home / "keys")
    with ws.store.transaction() as s:
        org = next(o for o in coalition.list_organisations(s) if o.code == code)
        save_profile(s, Profile(read_profile(s).coalition_id, org.id, ""))
    ws.close()


def test_role_list_grant_and_revoke(db: str, capsys: pytest.CaptureFixture[str], stratplan_home: Path) -> None:
    code, out, _ = run(capsys, "role", "list", "--db", db, "--json")
    assert code == 0 and [(r["role"], r["code"]) for r in json.loads(out)["roles"]] == [("convener", "CNT")]
    code, out, err = run(capsys, "role", "grant", "coordinator", "AUBE", "--group", "1", "--db", db, "--json")
    assert code == 0, err
    assert ("coordinator", "AUBE") in [(r["role"], r["code"]) for r in json.loads(out)["roles"]]
    # `setup` makes a shared coalition: its conveners are in the signed roster, which NORD
    # (added here without its own key) is not.
    code, _, err = run(capsys, "role", "grant", "convener", "NORD", "--db", db)
    assert code == 1 and "not in the coalition's signed roster" in err
    # Clear errors, and the store unchanged.
    code, _, err = run(capsys, "role", "grant", "coordinator", "NOPE", "--group", "1", "--db", db)
    assert code == 1 and "NOPE" in err
    code, _, err = run(capsys, "role", "grant", "coordinator", "NORD", "--db", db)
    assert code == 1 and "--group" in err
    code, _, err = run(capsys, "role", "revoke", "convener", "CNT", "--db", db)
    assert code == 1 and "at least one convener" in err
    become(db, stratplan_home, "AUBE")
    code, _, err = run(capsys, "role", "grant", "coordinator", "NORD", "--group", "1", "--db", db)
    assert code == 1 and "Org AUBE may not grant a role: it is not a convener." in err
    code, _, err = run(capsys, "round", "open", "--db", db, "--title", "R", "--method", "approval",
                       "--proposal", point(capsys, db))
    assert code == 1 and "Org AUBE may not open a coalition-wide round: it is not a convener." in err
    code, out, _ = run(capsys, "role", "list", "--db", db, "--json")
    assert [(r["role"], r["code"]) for r in json.loads(out)["roles"]] == [("convener", "CNT"), ("coordinator", "AUBE")]


def test_delegate_give_withdraw_and_list(db: str, capsys: pytest.CaptureFixture[str], stratplan_home: Path) -> None:
    code, out, err = run(capsys, "round", "open", "--db", db, "--title", "Paris", "--method", "approval",
                         "--proposal", point(capsys, db), "--json")
    assert code == 0, err
    pid = json.loads(out)["proposals"][0]["id"]
    code, out, err = run(capsys, "delegate", "give", "Paris", "AUBE", "--db", db, "--json")
    assert code == 0, err
    listed = json.loads(out)
    assert [(m["code"], m["delegate"], m["state"]) for m in listed["mandates"]] == [("CNT", "AUBE", "counts")]
    assert code == 0 and run(capsys, "delegate", "withdraw", "Paris", "--db", db)[0] == 0
    assert run(capsys, "delegate", "give", "Paris", "AUBE", "--db", db)[0] == 0
    become(db, stratplan_home, "AUBE")
    assert run(capsys, "round", "ballot", "Paris", json.dumps({"P1": "yes"}), "--db", db)[0] == 0
    code, out, _ = run(capsys, "delegate", "list", "Paris", "--db", db, "--json")
    calls = {e["code"]: (e["how"], e["through"]) for e in json.loads(out)["roll_call"]}
    assert calls == {"AUBE": ("in_person", ""), "CNT": ("by_delegation", "AUBE"), "NORD": ("absent", "")}
    code, out, _ = run(capsys, "delegate", "list", "Paris", "--db", db)
    assert "by delegation, through AUBE" in out and "did not vote" in out
    # Clear errors: oneself, an unknown organisation, an unknown round.
    code, _, err = run(capsys, "delegate", "give", "Paris", "AUBE", "--db", db)
    assert code == 1 and "cannot give its vote to itself" in err
    code, _, err = run(capsys, "delegate", "give", "Paris", "NOPE", "--db", db)
    assert code == 1 and "NOPE" in err
    code, _, err = run(capsys, "delegate", "give", "Nowhere", "NORD", "--db", db)
    assert code == 1 and "No voting round matches 'Nowhere'" in err
    become(db, stratplan_home, "CNT")
    code, out, _ = run(capsys, "round", "close", "Paris", "--db", db, "--json")
    assert code == 0
    assert [p["yes"] for p in json.loads(out)["proposals"] if p["id"] == pid] == ["2"]  # AUBE's ballot for both
    code, _, err = run(capsys, "delegate", "withdraw", "Paris", "--db", db)
    assert code == 1 and "is closed" in err


def test_round_list_names_rounds_that_do_not_count(db: str, capsys: pytest.CaptureFixture[str],
                                                   stratplan_home: Path) -> None:
    from stratplan.core.oplog.writer import new_id

    pid = point(capsys, db)
    become(db, stratplan_home, "AUBE")
    ws = open_workspace(Path(db), stratplan_home / "keys")
    with ws.store.transaction() as s:
        revision = proposals.get_proposal(s, pid).head_revision
        # Past the service, which refuses it: kept in the log, not counted.
        ws.writer.append(s, kind="round.open", entity=new_id(), payload={
            "title": "Raw", "method": "approval", "proposals": [{"id": pid, "revision": revision, "title": "P"}],
            "electorate": [{"org": ws.writer.profile.org_id, "weight": "1"}], "threshold": "2/3", "quorum": "1/2",
            "basis": "expressed", "closes": "", "group": ""})
    ws.close()
    code, out, _ = run(capsys, "round", "list", "--db", db)
    assert code == 0 and out.strip() == ("Not counted: 'Raw': Org AUBE may not open a coalition-wide round: "
                                         "it is not a convener.")
    code, out, _ = run(capsys, "round", "list", "--db", db, "--json")
    assert json.loads(out) == []
