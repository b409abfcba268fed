"""The PDF without LibreOffice (Qt's layout): valid, searchable, paginated contents, whole words."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from stratplan.core.export import libreoffice
from stratplan.core.export.document import DocActivity, DocContact, DocModel, DocSection
from stratplan.core.export.docx_writer import write_docx
from stratplan.ui.programme.exporting import write_pdf, write_qt_pdf
from tests.core.export.conftest import LT, point, sample_model


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is required: run scripts/run-tests.sh which installs it",
                    pytrace=False)
    return found


def test_qt_pdf_is_valid_and_its_contents_has_page_numbers(qtbot: QtBot, tmp_path: Path) -> None:
    pdf = tmp_path / "plan.pdf"
    write_qt_pdf(sample_model("lt"), pdf)
    info = subprocess.run([_tool("pdfinfo"), str(pdf)], capture_output=True, text=True,
                          check=True)
    assert info.stderr == ""  # poppler finds no syntax error
    check = subprocess.run([_tool("qpdf"), "--check", str(pdf)], capture_output=True, text=True,
                           check=False)
    assert check.returncode == 0 and "No syntax or stream encoding errors" in check.stdout
    text = subprocess.run([_tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True,
                          check=True)
    assert "Syntax Error" not in text.stderr
    pages = text.stdout.split("\f")
    contents = pages[1]
    assert contents.startswith("Turinys")
    for title in (f"1.1 Mokymai jaunimui {LT}", "1.5 Netaikomas punktas"):
        shown = re.search(re.escape(title) + r"\s+(\d+)", contents)
        assert shown, contents
        real = next(i + 1 for i, page in enumerate(pages) if i > 1 and title in page)
        assert int(shown.group(1)) == real
    assert re.search(r"Puslapis 3 iš \d+", pages[2])  # the footer
    # Words stay whole in the field tables (Qt broke "Indica/tor" before), ligatures as text.
    body = text.stdout
    assert "Įgyvendinimo laikotarpis" in body.replace("\n", " ")
    assert "Švietimas" in body and "Stiprinti bendruomenes" in body


def test_qt_pdf_keeps_headings_with_the_text_after_them(qtbot: QtBot, tmp_path: Path) -> None:
    # Points whose bodies grow a line at a time, so that some headings (a point's or a
    # body's "## Kontekstas") fall at the foot of a page wherever the layout puts them.
    points = tuple(
        point(f"1.{n}", f"Punktas numeris {n}",
              "Įvadas. " * (6 * n) + f"\n\n## Kontekstas {n}\n\n" + "Tekstas. " * 30,
              indicators=(), actions=(), tags=())
        for n in range(1, 25))
    model = replace(sample_model("lt"), sections=(DocSection("Švietimas", points),),
                    annexes=())
    pdf = tmp_path / "plan.pdf"
    write_qt_pdf(model, pdf)
    pages = subprocess.run([_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    headings = {f"1.{n} Punktas numeris {n}" for n in range(1, 25)} | {
        f"Kontekstas {n}" for n in range(1, 25)}
    last_lines = []
    for page in pages[2:]:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        body = [line for line in lines if not line.startswith("Vietos planas")]  # the footer
        if body:
            last_lines.append(body[-1])
    assert len(last_lines) > 5
    assert not headings & set(last_lines), last_lines
    # Nothing was lost while headings moved: every heading is printed once.
    text = "\n".join(pages[2:])
    assert all(text.count(h) >= 1 for h in headings)


@pytest.mark.libreoffice
def test_pdf_with_libreoffice_is_the_word_documents_pages(qtbot: QtBot, tmp_path: Path) -> None:
    assert libreoffice.available(), "LibreOffice is required: run scripts/run-tests.sh"
    model = sample_model("fr")
    pdf = tmp_path / "plan.pdf"
    write_pdf(model, pdf)
    info = subprocess.run([_tool("pdfinfo"), str(pdf)], capture_output=True, text=True,
                          check=True)
    assert info.stderr == "" and re.search(r"Producer:\s+LibreOffice", info.stdout)
    check = subprocess.run([_tool("qpdf"), "--check", str(pdf)], capture_output=True, text=True,
                           check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    # The same pages as the Word file opened in LibreOffice, contents numbers included.
    docx_path = tmp_path / "plan.docx"
    write_docx(model, docx_path, page_numbers_pass=True)
    direct = tmp_path / "direct.pdf"
    libreoffice.convert(docx_path, direct, "pdf")
    pages, expected = libreoffice.pdf_pages_text(pdf), libreoffice.pdf_pages_text(direct)
    assert pages is not None and pages == expected
    assert pages[1].startswith("Table des matières")
    assert re.search(r"1\.5 Netaikomas punktas[ .]*\d+", pages[1])


def test_qt_pdf_of_a_training_plan_lists_its_pairings_with_their_pages(
        qtbot: QtBot, tmp_path: Path) -> None:
    def pairing(n: int) -> DocActivity:
        return DocActivity(
            number="", direction="receive", tool=f"Įrankis {n}", area="fundraising",
            area_name="", partner="Fondation Aube", partner_country="FR",
            contacts=(DocContact("Claire Dubois", "director"),), formats=("study_visit",),
            languages=("fr", "en"), need="Mums reikia pagalbos. " * 20,
            offer="Nous partageons notre outil. " * 20, priority="high", agreed="2026-11-02")

    meta = replace(sample_model("lt").meta, kind="training_plan", title="Mokymų planas")
    model = DocModel(meta, (DocSection("Mokymai, kuriuos gauname", (),
                                       tuple(pairing(n) for n in range(1, 9))),), annexes=())
    pdf = tmp_path / "training.pdf"
    write_qt_pdf(model, pdf)
    pages = subprocess.run([_tool("pdftotext"), str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    for n in (1, 8):
        title = f"1.{n} Įrankis {n} — Fondation Aube"
        shown = re.search(re.escape(title) + r"\s+(\d+)", pages[1])
        assert shown, pages[1]
        assert title in pages[int(shown.group(1)) - 1]
    assert "pažintinis vizitas" in pages[2] and "study_visit" not in "".join(pages)
