"""CSV safe in spreadsheets: formula-looking cells are neutralised on writing, restored on reading."""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stratplan.cli import main
from stratplan.core import csv_safe
from stratplan.core.peer import csv_import
from stratplan.core.services import ballot_csv

ATTACK = '=HYPERLINK("http://x","Open")'


@pytest.mark.parametrize("value", [ATTACK, "+1+1", "-2-3", "@SUM(A1)", "\tX", "\rX", "'=x", "''+y"])
def test_dangerous_cells_get_a_quote_and_come_back(value: str) -> None:
    written = csv_safe.neutralise(value)
    assert written.startswith("'") and csv_safe.restore(written) == value


@pytest.mark.parametrize("value", ["Police training", "-1", "+2.5", "3/2", "", "'quoted", "P2 > P1"])
def test_ordinary_cells_are_left_alone(value: str) -> None:
    assert csv_safe.neutralise(value) == value and csv_safe.restore(value) == value


@given(st.lists(st.text(max_size=12), min_size=1, max_size=6))
def test_every_row_round_trips(row: list[str]) -> None:
    out = io.StringIO()
    csv_safe.writer(out).writerow(row)
    (back,) = list(csv_safe.rows(csv.reader(io.StringIO(out.getvalue(), newline=""))))
    assert back == row
    for cell in csv.reader(io.StringIO(out.getvalue(), newline="")).__next__():
        assert not cell.startswith(csv_safe.DANGEROUS) or csv_safe._PLAIN_NUMBER.fullmatch(cell)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_formula_title_is_text_in_results_and_ballot_sheets(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "s.sqlite")
    assert run(capsys, "setup", "--db", db, "--coalition", "C", "--org", "Org", "--code", "CNT",
               "--country", "LT", "--language", "lt", "--name", "R")[0] == 0
    ids = []
    for title in (ATTACK, "-1 beds"):
        code, out, err = run(capsys, "proposal", "add", "--db", db, "--group", "1", "--title", title, "--json")
        assert code == 0, err
        ids.append(json.loads(out)["id"])
    assert run(capsys, "round", "open", "--db", db, "--title", "R", "--method", "approval",
               "--proposal", ids[0], "--proposal", ids[1])[0] == 0
    assert run(capsys, "round", "ballot", "R", '{"P1": "yes", "P2": "no"}', "--db", db)[0] == 0
    results = tmp_path / "results.csv"
    assert run(capsys, "round", "results", "R", str(results), "--db", db, "--format", "csv")[0] == 0
    raw = list(csv.reader(io.StringIO(results.read_text(encoding="utf-8"))))
    cells = [c for row in raw for c in row]
    assert "'" + ATTACK in cells and ATTACK not in cells and "'-1 beds" in cells
    assert ATTACK in [c for row in csv_safe.rows(raw) for c in row]
    sheet = tmp_path / "sheet.csv"
    assert run(capsys, "round", "export", "R", str(sheet), "--db", db)[0] == 0
    code, out, err = run(capsys, "round", "import-ballots", "R", str(sheet), "--db", db, "--json")
    assert code == 0, err
    assert json.loads(out) == {"imported": 0}  # the sheet read back means the same ballots


def test_neutralised_cells_in_a_ballot_sheet_are_read_as_their_value() -> None:
    # A sheet saved by a spreadsheet from our export keeps the quote: the weight is still 3/2.
    data = b"organisation,weight,P1 '=x,P2\nAUBE,3/2,yes,no\n"
    parsed = ballot_csv.parse_ballot_csv(data, "approval")
    assert parsed.rows[0].weight == Fraction(3, 2) and parsed.labels == ["P1", "P2"]


def test_the_needs_template_reads_back() -> None:
    text = csv_import.write_template()
    assert all(not c.startswith(("=", "+", "@")) for row in csv.reader(io.StringIO(text)) for c in row)
