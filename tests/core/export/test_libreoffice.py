"""The exported Word files open and paginate in LibreOffice, lists numbered as intended."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

NEEDS = "run scripts/run-tests.sh which installs it"

pytestmark = pytest.mark.libreoffice


def _tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{package} ({name}) is required: {NEEDS}", pytrace=False)
    return found


def _pages(pdf: Path) -> int:
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        out = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, timeout=60,
                             check=True).stdout
        found = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
        assert found, out
        return int(found.group(1))
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


def test_libreoffice_renders_both_languages(written: Callable[[str], Path],
                                             tmp_path: Path) -> None:
    soffice = _tool("soffice", "LibreOffice")
    pdftotext = _tool("pdftotext", "poppler-utils")
    out = tmp_path / "pdf"
    # A private profile: a desktop LibreOffice that is running, or a parallel test, would
    # otherwise hold the profile lock and the conversion would silently do nothing.
    profile = (tmp_path / "lo-profile").as_uri()
    run = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(out), str(written("lt")), str(written("fr"))],
        capture_output=True, text=True, timeout=180, check=False)
    for language in ("lt", "fr"):
        pdf = out / f"plan-{language}.pdf"
        assert pdf.is_file(), f"no PDF for {language}: {run.stdout}\n{run.stderr}"
        assert _pages(pdf) > 5  # cover, contents, sections, 50,000-character point, annex
    text = subprocess.run([pdftotext, str(out / "plan-lt.pdf"), "-"], capture_output=True,
                          text=True, timeout=60, check=True).stdout
    assert "1.1 Mokymai jaunimui ąčęėįšųūž" in text
    # LibreOffice computes the numbers itself: the second list starts again at 1, the
    # nested list has its own 1, 2, and the first list goes on to 3 after it.
    assert re.search(r"1\. Pirmas žingsnis\s+2\. Antras žingsnis\s+1\. Vidinis a\s+"
                     r"2\. Vidinis b\s+3\. Trečias žingsnis", text)
    assert re.search(r"Antras numeruotas sąrašas:\s+1\. Vėl nuo vieno\s+2\. Ir du", text)
    assert re.search(r"Puslapis 2 iš \d+", text)  # the footer's PAGE and NUMPAGES fields
    french = subprocess.run([pdftotext, str(out / "plan-fr.pdf"), "-"], capture_output=True,
                            text=True, timeout=60, check=True).stdout
    assert "Table des matières" in french and "Objectif" in french
