"""Two members report on two periods offline, exchange bundles, and the convener reports to all.

The members and the convener type commands on three laptops; only the programme's points (with
their indicators, which the command line does not edit) are written through the services.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from stratplan.cli import main
from stratplan.core.services import groups, programme, proposals
from stratplan.core.workspace import open_workspace

TRAINED = "Police officers trained"


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, home: Path,
        *argv: str) -> tuple[int, str, str]:
    monkeypatch.setenv("STRATPLAN_HOME", str(home))
    command = 2 if argv[0] in ("coalition", "sync", "progress", "local-plan", "release") else 1
    code = main([*argv[:command], "--db", str(home / "store.sqlite"), *argv[command:]])
    out = capsys.readouterr()
    return code, out.out, out.err


def _programme(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRATPLAN_HOME", str(home))
    from stratplan.core import paths

    ws = open_workspace(home / "store.sqlite", paths.key_dir())
    with ws.store.transaction() as s:
        group = groups.list_groups(s)[0].id
        ids = [proposals.create_proposal(s, writer=ws.writer, group_id=group, fields={
            "title": title, "status": "adopted", "indicators": indicators}).id
            for title, indicators in (
                ("Police training", [{"name": TRAINED, "baseline": "0", "target": "40", "unit": "officers"}]),
                ("Shelter places", []))]
        programme.save_layout(s, writer=ws.writer, sections=[("", "Protection", ids)])
        programme.create_release(s, writer=ws.writer, name="Paris 2027")
    ws.close()


def test_two_members_report_offline_and_the_convener_sees_the_whole(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    convener, lt, es = tmp_path / "ctr", tmp_path / "lt", tmp_path / "es"
    code, _, err = run(capsys, monkeypatch, convener, "coalition", "create", "--name", "Paris", "--org-name",
                       "Centre", "--org-code", "CTR", "--country", "FR", "--language", "fr", "--person", "Anne")
    assert code == 0, err
    for home, org, country in ((lt, "LTA", "LT"), (es, "ESB", "ES")):
        assert run(capsys, monkeypatch, home, "coalition", "join", "--org-name", f"Org {org}", "--org-code", org,
                   "--country", country, "--language", "lt", "--person", "Rūta", "--out",
                   str(tmp_path / f"{org}.req"))[0] == 0
        assert run(capsys, monkeypatch, convener, "coalition", "admit", str(tmp_path / f"{org}.req"), "--out",
                   str(tmp_path / f"{org}.reply"))[0] == 0
    _programme(convener, monkeypatch)
    for name, start, end in (("2027 H1", "2027-01-01", "2027-06-30"), ("2027 H2", "2027-07-01", "2027-12-31")):
        assert run(capsys, monkeypatch, convener, "progress", "period-add", name, "--start", start, "--end", end)[0] == 0
    assert run(capsys, monkeypatch, convener, "sync", "export", str(tmp_path / "ctr.bundle"))[0] == 0
    for home in (lt, es):
        assert run(capsys, monkeypatch, home, "sync", "import", str(tmp_path / "ESB.reply"))[0] == 0
        code, out, err = run(capsys, monkeypatch, home, "sync", "import", str(tmp_path / "ctr.bundle"))
        assert code == 0, err
        assert run(capsys, monkeypatch, home, "local-plan", "start", "Paris 2027", "--title", "Mūsų planas")[0] == 0
    # Offline, each on its own laptop: two periods of reports.
    for home, first, second in ((lt, "12", "30"), (es, "5", "9")):
        code, _, err = run(capsys, monkeypatch, home, "progress", "add", "1.1", "2027 H1", "on_track", "--value",
                           f"{TRAINED}={first}@2027-05-01", "--source", "Registras", "--narrative", "Mokymai vyksta.")
        assert code == 0, err
        assert run(capsys, monkeypatch, home, "progress", "add", "1.1", "2027 H2", "done", "--value",
                   f"{TRAINED}={second}@2027-11-01")[0] == 0
    assert run(capsys, monkeypatch, lt, "progress", "add", "1.2", "2027 H1", "delayed", "--narrative",
               "Lėšos vėluoja ąčęėįšųūž.")[0] == 0
    # The convener sees nothing until the bundles arrive, then everything.
    code, out, _ = run(capsys, monkeypatch, convener, "progress", "list", "--json")
    assert json.loads(out) == []
    for home, name in ((lt, "lt.bundle"), (es, "es.bundle")):
        assert run(capsys, monkeypatch, home, "sync", "export", str(tmp_path / name))[0] == 0
        code, _, err = run(capsys, monkeypatch, convener, "sync", "import", str(tmp_path / name))
        assert code == 0, err
    code, out, _ = run(capsys, monkeypatch, convener, "progress", "show", "--period", "2027 H2", "--today",
                       "2028-01-20", "--json")
    view = json.loads(out)
    first = view["points"][0]
    periods = {p["name"]: p["id"] for p in view["periods"]}
    assert first["statuses"][periods["2027 H1"]] == {"on_track": 2}
    assert first["statuses"][periods["2027 H2"]] == {"done": 2}
    (trained,) = first["indicators"][periods["2027 H2"]]
    assert (trained["total"], trained["mean"], trained["reporting"]) == ("39", "19.5", 2)
    # ESB has not reported on 1.2 for either period, LTA not for the second: overdue by then.
    assert sorted((o["code"], o["period"], o["number"]) for o in view["overdue"]) == [
        ("ESB", "2027 H1", "1.2"), ("ESB", "2027 H2", "1.2"), ("LTA", "2027 H2", "1.2")]
    # The report in English and in Lithuanian, and the values for donors.
    for language, received in (("en", "Reports received for 2027 H2: 2\u00a0of\u00a04 (50%)."),
                               ("lt", "Gauta ataskaitų už 2027 H2: 2\u00a0iš\u00a04 (50\u00a0%).")):
        out_file = tmp_path / f"report-{language}.docx"
        code, _, err = run(capsys, monkeypatch, convener, "export", "coalition-report", str(out_file), "--period",
                           "2027 H2", "--language", language, "--no-page-numbers")
        assert code == 0, err
        doc = Document(str(out_file))
        assert received in "\n".join(p.text for p in doc.paragraphs)
        rows = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
        assert ["LTA", "LT", "■", "?"] in rows and ["ESB", "ES", "■", "?"] in rows
        assert len(doc.inline_shapes) == 3  # two overview charts and the trainings against the target
    code, _, err = run(capsys, monkeypatch, convener, "export", "progress-values", str(tmp_path / "v.xlsx"))
    assert code == 0, err
    rows = list(load_workbook(tmp_path / "v.xlsx")["Values"].iter_rows(values_only=True))
    assert sorted((r[0], r[3], r[8]) for r in rows[1:]) == [
        ("ESB", "2027 H1", 5), ("ESB", "2027 H2", 9), ("LTA", "2027 H1", 12), ("LTA", "2027 H2", 30)]
