"""Importing progress reports from a member's spreadsheet: all rows or none, each problem by line."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from stratplan.core.db.models import SyncOp
from stratplan.core.errors import BadFileError, ValidationError
from stratplan.core.services import progress, progress_csv
from stratplan.core.workspace import Workspace
from tests.core.progress.conftest import TRAINED, World

HEADER = "point,period,status,reason,narrative,indicator,value,unit,date,source,evidence\n"


def _import(workspace: Workspace, world: World, code: str, text: str | bytes) -> int:
    data = text.encode() if isinstance(text, str) else text
    with workspace.store.transaction() as s:
        return progress_csv.import_csv(s, writer=world.laptops[code], plan_id=world.plans[code], data=data)


def _op_count(workspace: Workspace) -> int:
    with workspace.store.transaction() as s:
        return s.scalar(select(func.count()).select_from(SyncOp)) or 0


def test_a_good_file_becomes_reports_with_their_values(workspace: Workspace, world: World) -> None:
    text = (HEADER + f"1.1,2027 H1,on_track,,Two trainings,{TRAINED},4,people,2027-02-01,Register,a.pdf;b.pdf\n"
            f"1.1,2027 H1,,,,{TRAINED},10,,2027-05-30,Register,\n"
            "1.2,2027 H1,delayed,,Waiting for funds,,,,,,\n")
    assert _import(workspace, world, "AUBE", text) == 2
    with workspace.store.transaction() as s:
        (first, second) = progress.list_reports(s, point_id=world.points[0]) + progress.list_reports(
            s, point_id=world.points[1])
    assert [v.value for v in first.values] == ["4", "10"] and first.evidence == ("a.pdf", "b.pdf")
    assert second.status == "delayed"


def test_every_problem_is_named_by_its_line_and_nothing_is_written(workspace: Workspace, world: World) -> None:
    before = _op_count(workspace)
    text = (HEADER + f"1.1,2027 H1,on_track,,,{TRAINED},12,euros,2027-02-01,,\n"
            "1.3,2027 H1,on_track,,,,,,,,\n"
            "9.9,2027 H1,on_track,,,,,,,,\n"
            "1.2,2031 H1,on_track,,,,,,,,\n"
            "1.2,2027 H2,on_track,,\"=HYPERLINK(\"\"http://x\"\")\",,,,,,\n")
    with pytest.raises(ValidationError) as caught:
        _import(workspace, world, "NORD", text)
    message = str(caught.value)
    assert "line 2: 'Police officers trained' is counted in 'officers', not 'euros'" in message
    assert "line 3: point 1.3 was set aside" in message
    assert "line 4: '9.9' is not a point" in message
    assert "line 5: There is no reporting period '2031 H1'" in message
    assert "line 6: a cell holds a formula" in message
    assert _op_count(workspace) == before


def test_latin1_files_wrong_headers_and_huge_files(workspace: Workspace, world: World) -> None:
    latin = (HEADER + "1.2,2027 H1,on_track,,Réunion à Zürich,,,,,,\n").encode("cp1252")
    assert _import(workspace, world, "AUBE", latin) == 1
    with workspace.store.transaction() as s:
        assert progress.list_reports(s)[0].narrative == "Réunion à Zürich"
    with pytest.raises(BadFileError, match="first row must be the header"):
        _import(workspace, world, "AUBE", "point,status,value\n1.1,done,3\n")
    huge = HEADER.encode() + b"1.2,2027 H1,on_track,,," + b"x" * 10_000_001 + b",,,,,\n"
    with pytest.raises(BadFileError, match="larger than 10 MB"):
        _import(workspace, world, "AUBE", huge)
    with pytest.raises(BadFileError, match="no reports"):
        _import(workspace, world, "AUBE", HEADER)


def test_a_ten_megabyte_file_of_bad_lines_lists_the_first_ten(workspace: Workspace, world: World) -> None:
    rows = [f"9.{i},2027 H1,on_track,," + "n" * 400 + ",,,,,,\n" for i in range(23_000)]
    text = HEADER + "".join(rows)
    assert 9_000_000 < len(text) < progress_csv.MAX_BYTES
    before = _op_count(workspace)
    with pytest.raises(ValidationError) as caught:
        _import(workspace, world, "AUBE", text)
    message = str(caught.value)
    assert message.startswith("Nothing was imported. line 2: '9.0' is not a point of the local plan")
    assert "line 11: '9.9' is not a point" in message and "line 12:" not in message
    assert message.endswith("; and 22990 more.")
    assert _op_count(workspace) == before
