"""`stratplan progress ...`: periods, reports and corrections, the coalition's view, CSV import, --json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stratplan.cli import main
from stratplan.core.services import localplans, programme
from stratplan.core.workspace import Workspace
from tests.core.progress.conftest import TRAINED, World


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(workspace: Workspace, world: World) -> str:
    # This laptop (CNT, the convener's organisation) follows the release too.
    with workspace.store.transaction() as s:
        release = programme.list_releases(s)[0].id
        localplans.start_plan(s, writer=workspace.writer, release_id=release, title="CNT plan")
    return str(workspace.store.path)


def test_add_correct_list_and_show_progress(db: str, world: World, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "progress", "add", "1.1", "2027 H1", "on_track", "--db", db,
                         "--value", f"{TRAINED}=12@2027-03-01", "--source", "Training register",
                         "--evidence", "register.xlsx", "--narrative", "Two sessions.", "--json")
    assert code == 0, err
    added = json.loads(out)
    assert added["organisation"] == "CNT" and added["values"][0]["value"] == "12"
    code, out, _ = run(capsys, "progress", "add", "1.1", "2027 H1", "done", "--db", db,
                       "--value", f"{TRAINED}=20@2027-06-01")
    assert code == 0 and "2 revisions" in out and "■ Done" in out  # the status as people read it
    code, out, err = run(capsys, "progress", "add", "1.1", "2027 H1", "done", "--db", db,
                         "--value", f"{TRAINED}=20@2027-09-01")
    assert code == 1 and "outside the period 2027 H1" in err
    code, out, _ = run(capsys, "progress", "list", "--db", db, "--org", "CNT", "--json")
    assert [(r["status"], r["revisions"]) for r in json.loads(out)] == [("done", 2)]
    code, out, _ = run(capsys, "progress", "show", "--db", db, "--period", "2027 H1", "--today", "2027-08-01",
                       "--json")
    view = json.loads(out)
    first = view["points"][0]
    assert (first["adopted"], first["adapted"], first["statuses"][world.h1]) == (3, 1, {"done": 1})
    assert first["indicators"][world.h1][0]["total"] == "20"
    assert [row["code"] for row in view["matrix"]] == ["AUBE", "CNT", "NORD", "SUD"]
    code, out, _ = run(capsys, "progress", "show", "--db", db, "--period", "2027 H1", "--today", "2027-08-01")
    assert "Overdue: CNT on 1.2 for 2027 H1 (due 2027-07-15)" in out and "Members x points" in out


def test_periods_and_import_from_the_command_line(db: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "progress", "period-add", "2028 H1", "--start", "2028-01-01", "--end",
                       "2028-06-30", "--db", db)
    assert code == 0 and "reports due 2028-06-30" in out
    code, out, _ = run(capsys, "progress", "periods", "--db", db, "--json")
    assert [p["name"] for p in json.loads(out)] == ["2027 H1", "2027 H2", "2028 H1"]
    sheet = tmp_path / "ours.csv"
    sheet.write_text("point,period,status,reason,narrative,indicator,value,unit,date,source,evidence\n"
                     "1.2,2028 H1,delayed,,Late funds,,,,,,\n1.3,2028 H1,bogus,,,,,,,,\n", encoding="utf-8")
    code, _, err = run(capsys, "progress", "import", str(sheet), "--db", db)
    assert code == 1 and "line 3: The status must be one of" in err
    code, out, _ = run(capsys, "progress", "list", "--db", db, "--json")
    assert json.loads(out) == []
    sheet.write_text("point,period,status,reason,narrative,indicator,value,unit,date,source,evidence\n"
                     "1.2,2028 H1,delayed,,Late funds,,,,,,\n", encoding="utf-8")
    code, out, _ = run(capsys, "progress", "import", str(sheet), "--db", db, "--json")
    assert code == 0 and json.loads(out) == {"reports": 1}


def test_an_organisations_progress_report_as_word(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from docx import Document

    code, _, err = run(capsys, "progress", "add", "1.1", "2027 H1", "delayed", "--db", db, "--value",
                       f"{TRAINED}=12@2027-03-01", "--source", "Registras", "--narrative", "Du mokymai įvyko.",
                       "--evidence", "sarasas.pdf")
    assert code == 0, err
    out = tmp_path / "ataskaita.docx"
    code, _, err = run(capsys, "export", "progress-report", str(out), "--db", db, "--period", "2027 H1",
                       "--language", "lt", "--no-page-numbers")
    assert code == 0, err
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Pažangos ataskaita: 2027 H1" in text
    assert "Būsena: Vėluoja" in text and "Du mokymai įvyko." in text and "sarasas.pdf" in text
    assert "Dar nepranešta" in text  # the points not reported on yet say so
    cells = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    assert [TRAINED, "12", "people", "2027-03-01", "Registras"] in cells
