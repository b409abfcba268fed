"""The sharing commands, as a convener and two directors would type them on three laptops."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stratplan.cli import main


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, home: Path, *argv: str) -> tuple[int, str, str]:
    monkeypatch.setenv("STRATPLAN_HOME", str(home))
    code = main([*argv[:2], "--db", str(home / "store.sqlite"), *argv[2:]])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_three_laptops_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    code, out, _ = run(capsys, monkeypatch, a, "coalition", "create", "--name", "Paris", "--org-name", "Centre",
                       "--org-code", "CTR", "--country", "FR", "--language", "fr", "--person", "Anne", "--json")
    assert code == 0 and json.loads(out)["version"] == 1
    for home, code_, country in ((b, "CNT", "LT"), (c, "ABC", "ES")):
        code, out, _ = run(capsys, monkeypatch, home, "coalition", "join", "--org-name", f"Org {code_}",
                           "--org-code", code_, "--country", country, "--language", "lt", "--person", "Rūta",
                           "--out", str(tmp_path / f"{code_}.req"))
        assert code == 0 and "Send it to the convener" in out
        code, out, _ = run(capsys, monkeypatch, a, "coalition", "admit", str(tmp_path / f"{code_}.req"),
                           "--out", str(tmp_path / f"{code_}.reply"))
        assert code == 0 and "compare it aloud" in out
    for home in (b, c):
        # The second reply holds the newest roster for both.
        code, out, _ = run(capsys, monkeypatch, home, "sync", "import", str(tmp_path / "ABC.reply"))
        assert code == 0 and "has joined" in out, out
    code, out, _ = run(capsys, monkeypatch, b, "proposal", "add", "--group", "1", "--title", "Policijos mokymai")
    assert code == 0
    code, out, _ = run(capsys, monkeypatch, b, "sync", "export", str(tmp_path / "b.bundle"), "--json")
    assert code == 0 and json.loads(out)["operations"] > 0
    for home in (a, c):
        code, out, _ = run(capsys, monkeypatch, home, "sync", "import", str(tmp_path / "b.bundle"))
        assert code == 0 and "Org CNT: 1 new proposal," in out, out
        code, out, _ = run(capsys, monkeypatch, home, "proposal", "list", "--json")
        assert [p["title"] for p in json.loads(out)] == ["Policijos mokymai"]
    code, out, _ = run(capsys, monkeypatch, a, "coalition", "show", "--json")
    view = json.loads(out)
    assert view["version"] == 3 and sorted(o["code"] for o in view["organisations"]) == ["ABC", "CNT", "CTR"]
    assert all(len(o["fingerprint"].split()) == 5 for o in view["organisations"])
    # Failures: one line, non-zero exit, nothing written.
    (tmp_path / "junk.bundle").write_bytes(b"\x1f\x8bnot really")
    code, out, err = run(capsys, monkeypatch, a, "sync", "import", str(tmp_path / "junk.bundle"))
    assert code == 1 and err.startswith("stratplan: ") and err.count("\n") == 1
    code, out, err = run(capsys, monkeypatch, c, "coalition", "admit", str(tmp_path / "CNT.req"), "--out",
                         str(tmp_path / "x"))
    assert code == 1 and "convener" in err


def test_revoke_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    a = tmp_path / "a"
    run(capsys, monkeypatch, a, "coalition", "create", "--name", "Paris", "--org-name", "Centre",
        "--org-code", "CTR", "--country", "FR", "--language", "fr", "--person", "Anne")
    code, out, _ = run(capsys, monkeypatch, a, "coalition", "show", "--json")
    device = json.loads(out)["organisations"][0]["devices"][0]["device_id"]
    code, out, _ = run(capsys, monkeypatch, a, "coalition", "revoke", device[:8], "--from-seq", "999", "--json")
    assert code == 0 and json.loads(out) == {"device": device, "from_seq": 999}
    code, out, _ = run(capsys, monkeypatch, a, "coalition", "show")
    assert "revoked from #999" in out


def test_a_second_laptop_of_an_organisation(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    run(capsys, monkeypatch, first, "coalition", "create", "--name", "Paris", "--org-name", "Centre",
        "--org-code", "CTR", "--country", "FR", "--language", "fr", "--person", "Anne")
    run(capsys, monkeypatch, first, "proposal", "add", "--group", "1", "--title", "Formation des juges")
    code, out, _ = run(capsys, monkeypatch, second, "coalition", "join", "--device", "--label", "Anne's netbook",
                       "--out", str(tmp_path / "dev.req"))
    assert code == 0
    # Only the organisation's key can certify it; a convener's admit is the wrong door.
    code, _, err = run(capsys, monkeypatch, first, "coalition", "admit", str(tmp_path / "dev.req"), "--out",
                       str(tmp_path / "x"))
    assert code == 1 and "certify" in err
    code, out, _ = run(capsys, monkeypatch, first, "coalition", "certify-device", str(tmp_path / "dev.req"),
                       "--out", str(tmp_path / "dev.reply"))
    assert code == 0 and "Certified a laptop of Centre" in out
    code, out, _ = run(capsys, monkeypatch, second, "sync", "import", str(tmp_path / "dev.reply"))
    assert code == 0 and "has joined" in out
    code, out, _ = run(capsys, monkeypatch, second, "proposal", "add", "--group", "1", "--title", "Deuxième")
    assert code == 0
    run(capsys, monkeypatch, second, "sync", "export", str(tmp_path / "second.bundle"))
    code, out, _ = run(capsys, monkeypatch, first, "sync", "import", str(tmp_path / "second.bundle"))
    assert code == 0 and "Centre: 1 new proposal," in out
    code, out, _ = run(capsys, monkeypatch, first, "coalition", "show", "--json")
    devices = json.loads(out)["organisations"][0]["devices"]
    assert sorted(d["label"] for d in devices) == ["Anne's netbook", "convener's laptop"]


def test_setup_makes_a_shareable_coalition(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "h"
    monkeypatch.setenv("STRATPLAN_HOME", str(home))
    assert main(["setup", "--db", str(home / "store.sqlite"), "--coalition", "Vilnius", "--org", "Centras",
                 "--code", "CNT", "--country", "LT", "--language", "lt", "--name", "Rūta"]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, monkeypatch, home, "coalition", "show", "--json")
    view = json.loads(out)
    assert view["shared"] and view["name"] == "Vilnius" and view["organisations"][0]["convener"]
    code, out, _ = run(capsys, monkeypatch, home, "sync", "export", str(tmp_path / "x.stratplan"), "--json")
    assert code == 0 and json.loads(out)["operations"] > 0
