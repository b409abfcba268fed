"""The command line writes the contents' page numbers as the window does when LibreOffice is
installed, converts to ODT, and can skip the pass."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from stratplan.cli import main
from stratplan.core.export import libreoffice

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
needs_office = pytest.mark.skipif(not libreoffice.available() or libreoffice.pdftotext() is None,
                                  reason="LibreOffice and pdftotext are not installed")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def released(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    db = str(tmp_path / "demo.sqlite")
    assert run(capsys, "demo", "--db", db)[0] == 0
    # The demo's programme is arranged already (its meeting released it twice): release it once more.
    shown = json.loads(run(capsys, "programme", "show", "--db", db, "--json")[1])
    assert shown["sections"] and not shown["unplaced"]
    assert run(capsys, "release", "create", "París 2026, v3", "--db", db)[0] == 0
    return db


def contents_numbers(path: Path) -> tuple[list[str], bool]:
    """The page numbers shown in the contents, and whether Word is asked to update fields."""
    with zipfile.ZipFile(path) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        settings = z.read("word/settings.xml")
    shown = []
    for instr in body.iter(f"{W}instrText"):
        if "PAGEREF" in (instr.text or ""):
            run = instr.getparent().getnext().getnext()  # after the "separate" run
            shown.append("".join(t.text or "" for t in run.iter(f"{W}t")))
    return shown, b"updateFields" in settings


@needs_office
def test_cli_contents_carry_page_numbers_in_spanish(released: str, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "programa.docx"
    code, _, err = run(capsys, "export", "programme", str(out), "--language", "es",
                       "--db", released)
    assert code == 0, err
    numbers, update = contents_numbers(out)
    assert numbers and all(n.isdigit() and int(n) >= 3 for n in numbers), numbers
    assert numbers == sorted(numbers, key=int) and not update
    odt = tmp_path / "programa.odt"
    assert run(capsys, "export", "programme", str(odt), "--db", released)[0] == 0
    assert zipfile.ZipFile(odt).read("mimetype") == b"application/vnd.oasis.opendocument.text"


def test_cli_without_the_pass_leaves_the_numbers_to_word(released: str, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "programa.docx"
    code, _, err = run(capsys, "export", "programme", str(out), "--no-page-numbers",
                       "--db", released)
    assert code == 0, err
    numbers, update = contents_numbers(out)
    assert numbers == [] and update
