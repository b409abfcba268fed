"""The coalition's progress report (Word, with charts and the matrix) and the .xlsx of every value."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from stratplan.cli import main
from stratplan.core.export.docx_writer import write_docx
from stratplan.core.export.progress_charts import Series, indicator_chart_png, status_chart_png
from stratplan.core.services import coalition_report, progress, progress_document, progress_xlsx
from stratplan.core.workspace import Workspace
from tests.core.progress.conftest import SUPPORTED, TRAINED, World
from tests.core.progress.test_reports import _fill, _report

PNG = b"\x89PNG\r\n\x1a\n"


def _report_docx(workspace: Workspace, world: World, tmp_path: Path, language: str) -> Document:
    _fill(workspace, world)
    with workspace.store.transaction() as s:
        model = coalition_report.coalition_report(s, period=world.h1, language=language, today="2027-08-10")
    out = tmp_path / f"coalition-{language}.docx"
    write_docx(model, out)
    return Document(str(out))


def _descriptions(doc: Document) -> list[str]:
    return [shape._inline.docPr.get("descr") for shape in doc.inline_shapes]


def _rows(doc: Document) -> list[list[str]]:
    return [[c.text for c in row.cells] for table in doc.tables for row in table.rows]


def test_the_report_states_the_hand_computed_figures_in_lithuanian(workspace: Workspace, world: World,
                                                                    tmp_path: Path) -> None:
    doc = _report_docx(workspace, world, tmp_path, "lt")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Koalicijos pažangos ataskaita: 2027 H1" in text
    # Expected reports: AUBE 3, NORD 2 (one point set aside), SUD 3, CNT none (no plan): 8; received 6.
    assert "Gauta ataskaitų už 2027 H1: 6\u00a0iš\u00a08 (75\u00a0%)." in text
    assert "Vėluojančių ataskaitų: 2, organizacijų: 2." in text
    assert "Punktai, kurių niekas nevykdo 2027 H1: 1.3." in text
    assert "Priėmė: 2, pritaikė: 1, atidėjo: 0." in text  # police training: NORD adapted it
    rows = _rows(doc)
    # Victims supported: AUBE 3 and SUD 8 people, in Lithuanian digits.
    assert [SUPPORTED, "people", "2", "11", "5,5"] in rows
    # Police training: NORD counts officers, so the values are listed, not added up.
    assert any("skirtingus vienetus" in line for line in text.splitlines())
    assert "AUBE: 10 people" in text and "NORD: 7 officers" in text
    # The matrix: text marks, a legend above it, every member a row.
    assert ["AUBE", "FR", "✓", "!", "×"] in rows
    assert ["NORD", "FR", "■", "?", "-"] in rows
    assert ["CNT", "LT", "—", "—", "—"] in rows
    assert "Ženklai: · Nepradėta, ✓ Vykdoma pagal planą" in text
    # Overdue: each member's missing reports for the period, the due date in Lithuanian.
    assert ["NORD", "2027 H1", "2027 m. liepos 15 d.", "1", "1.2"] in rows
    # Charts: two on the overview, one per indicator reported in one unit, each with a caption.
    descriptions = _descriptions(doc)
    assert len(descriptions) == 3
    assert f"{SUPPORTED} (people), vieno nario vidurkis pagal laikotarpius: 2027 H1 5,5; tikslas 50." in descriptions
    # The caption's number is a SEQ field, which python-docx leaves out of the text.
    assert "Paveikslas : Victims supported: vieno nario vidurkis, palyginti su tikslu" in text
    assert "Nepradėta 0, Vykdoma pagal planą 2, Vėluoja 2, Įvykdyta 1, Atsisakyta 1" in descriptions[0]


def test_the_report_reads_in_english_and_across_periods(workspace: Workspace, world: World,
                                                        tmp_path: Path) -> None:
    _fill(workspace, world)
    with workspace.store.transaction() as s:
        model = coalition_report.coalition_report(s, period=world.h2, language="en", today="2028-02-01")
    out = tmp_path / "coalition.docx"
    write_docx(model, out)
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Reports received for 2027 H2: 1\u00a0of\u00a08 (12%)." in text
    rows = _rows(doc)
    # The status table of a point has one row per period up to the chosen one.
    assert ["2027 H1", "0", "2", "0", "1", "0", "0"] in rows
    assert ["2027 H2", "0", "1", "0", "0", "0", "2"] in rows
    # Both periods are overdue for someone by February 2028; H2's list names SUD's missing points.
    assert ["SUD", "2027 H2", "31 December 2027", "2", "1.2, 1.3"] in rows


def test_an_organisations_report_charts_its_own_values_against_its_target(workspace: Workspace, world: World,
                                                                          tmp_path: Path) -> None:
    _fill(workspace, world)
    with workspace.store.transaction() as s:
        model = progress_document.progress_document(s, plan_id=world.plans["SUD"], period=world.h2, language="en")
    out = tmp_path / "sud.docx"
    write_docx(model, out)
    descriptions = _descriptions(Document(str(out)))
    # SUD reported trainings in both periods (5, then 2) and support in the first only.
    assert f"{TRAINED} by period: 2027 H1 5, 2027 H2 2; target 50." in descriptions
    assert f"{SUPPORTED} by period: 2027 H1 8; target 50." in descriptions


def test_the_workbook_holds_every_value_typed_and_nothing_runs(workspace: Workspace, world: World,
                                                              tmp_path: Path) -> None:
    _fill(workspace, world)
    with workspace.store.transaction() as s:
        _report(s, world, "NORD", 0, "on_track", [(TRAINED, "3.5", "2027-09-01")], period=world.h2,
                narrative="=HYPERLINK(\"http://evil\")\x07 Vilniuje ąčęėįšųūž ✓ שלום")
        values, reports = progress_xlsx.write_values(s, tmp_path / "values.xlsx", language="lt")
    assert (values, reports) == (8, 8)
    book = load_workbook(tmp_path / "values.xlsx")
    sheet = book["Reikšmės"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Narys", "Organizacija", "Šalis", "Ataskaitinis laikotarpis")
    assert ("AUBE", "AUBE", "FR", "2027 H1", "1.1", "Police training", "Vykdoma pagal planą", TRAINED, 10, "people",
            dt.datetime(2027, 5, 30), "Register") in rows
    # Members by code, then periods in time order, then points in programme order.
    assert [(r[0], r[3], r[4]) for r in rows[1:4]] == [("AUBE", "2027 H1", "1.1")] * 2 + [("AUBE", "2027 H1", "1.2")]
    assert any(r[8] == 3.5 for r in rows[1:])  # a number a donor can sum, not text
    narrative = book["Ataskaitos"]
    cell = next(c for row in narrative.iter_rows() for c in row if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"  # stored as text: opening the file runs nothing
    assert cell.value == "=HYPERLINK(\"http://evil\") Vilniuje ąčęėįšųūž ✓ שלום"  # the bell removed
    assert sheet.auto_filter.ref == "A1:L9" and sheet.freeze_panes == "A2"


def test_the_command_line_writes_both_and_says_what_is_wrong(workspace: Workspace, world: World, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    _fill(workspace, world)
    db = str(workspace.store.path)
    out = tmp_path / "report.docx"
    assert main(["export", "coalition-report", str(out), "--db", db, "--period", "2027 H1", "--language", "fr",
                 "--no-page-numbers", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["written"] == str(out)
    assert "Rapport d’avancement de la coalition : 2027 H1".replace(" :", "\u00a0:") in "\n".join(
        p.text for p in Document(str(out)).paragraphs)
    assert main(["export", "progress-values", str(tmp_path / "v.xlsx"), "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"written": str(tmp_path / "v.xlsx"), "format": "xlsx",
                                                    "values": 7, "reports": 7}
    assert main(["export", "progress-values", str(tmp_path / "v.csv"), "--db", db]) == 1
    assert "name the file .xlsx" in capsys.readouterr().err
    assert main(["export", "coalition-report", str(out), "--db", db, "--period", "2031 H1"]) == 1
    assert "There is no reporting period '2031 H1'." in capsys.readouterr().err


def test_a_store_without_periods_is_told_how_to_set_them(workspace: Workspace, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "coalition-report", str(tmp_path / "r.docx"), "--db", str(workspace.store.path)]) == 1
    assert "stratplan progress period-add" in capsys.readouterr().err
    assert not (tmp_path / "r.docx").exists()


def test_charts_are_pictures_of_the_expected_size_even_when_empty() -> None:
    import io

    from PIL import Image

    names = {s: s for s in progress.STATUSES}
    small = status_chart_png([("Prevencija", {"on_track": 2})], names, title="Būsenos", axis="ataskaitos")
    tall = status_chart_png([(f"Section {i}", {"done": i}) for i in range(12)], names, title="t", axis="a")
    empty = status_chart_png([], names, title="—", axis="a")
    line = indicator_chart_png(["H1", "H2"], [Series("AUBE", (None, 4.0))], title="x" * 300, unit="people",
                               target=None, target_label="Target")
    sizes = [Image.open(io.BytesIO(png)).size for png in (small, tall, empty, line)]
    assert all(png.startswith(PNG) for png in (small, tall, empty, line))
    assert sizes[0][0] == sizes[1][0] == 840 and sizes[1][1] > 2 * sizes[0][1]  # one bar row per section


@pytest.mark.libreoffice
def test_libreoffice_shows_the_charts_and_the_contents(workspace: Workspace, world: World, tmp_path: Path) -> None:
    doc = tmp_path / "coalition-en.docx"
    _fill(workspace, world)
    with workspace.store.transaction() as s:
        write_docx(coalition_report.coalition_report(s, period=world.h1, language="en", today="2027-08-10"), doc)
    subprocess.run([shutil.which("soffice") or "soffice", "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(doc)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "coalition-en.pdf"
    images = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert len([line for line in images.splitlines()[2:] if " image " in line]) >= 3
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "Figure 3: Victims supported: mean per member against the target" in text
    assert "Annex: Members and points: 2027 H1" in text.replace("\n", " ")
