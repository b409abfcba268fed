"""The PDF without LibreOffice (Qt's layout): valid, searchable, paginated contents, whole words."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from stratplan.ui.programme.exporting import write_qt_pdf
from tests.core.export.conftest import LT, sample_model


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
