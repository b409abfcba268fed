"""The exported Word files open and paginate in LibreOffice, lists numbered as intended."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from stratplan.core.export.docx_writer import write_docx
from stratplan.core.export.md_to_docx import add_markdown
from stratplan.core.export.template import reference_document
from stratplan.core.export.word_numbering import NumberingState

from .conftest import LT, sample_model

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
    # nested list counts a, b as Word's do, and the first list goes on to 3 after it.
    assert re.search(r"1\. Pirmas žingsnis\s+2\. Antras žingsnis\s+a\. Vidinis a\s+"
                     r"b\. Vidinis b\s+3\. Trečias žingsnis", text)
    assert re.search(r"Antras numeruotas sąrašas:\s+1\. Vėl nuo vieno\s+2\. Ir du", text)
    assert re.search(r"Puslapis 2 iš \d+", text)  # the footer's PAGE and NUMPAGES fields
    french = subprocess.run([pdftotext, str(out / "plan-fr.pdf"), "-"], capture_output=True,
                            text=True, timeout=60, check=True).stdout
    assert "Table des matières" in french and "Objectif" in french


def _convert(soffice: str, docx_path: Path, tmp_path: Path) -> Path:
    out = tmp_path / "pdf"
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(out), str(docx_path)],
                   capture_output=True, timeout=180, check=False)
    pdf = out / f"{docx_path.stem}.pdf"
    assert pdf.is_file()
    return pdf


def test_contents_page_lists_headings_with_their_real_pages(tmp_path: Path) -> None:
    soffice = _tool("soffice", "LibreOffice")
    pdftotext = _tool("pdftotext", "poppler-utils")
    path = tmp_path / "plan.docx"
    write_docx(sample_model("lt"), path, page_numbers_pass=True)
    # Word still sees a real TOC field (it can rebuild it) holding PAGEREF entries.
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert 'TOC \\o "1-2" \\h \\z \\u' in xml and "PAGEREF Point_1_1 \\h" in xml
    assert 'w:bookmarkStart w:id="2" w:name="Point_1_1"' in xml
    pages = subprocess.run([pdftotext, str(_convert(soffice, path, tmp_path)), "-"],
                           capture_output=True, text=True, timeout=60,
                           check=True).stdout.split("\f")
    contents = pages[1]
    assert contents.startswith("Turinys")
    for title in (f"1.1 Mokymai jaunimui {LT}", "1.5 Netaikomas punktas"):
        entry = re.search(re.escape(title) + r"[ .]*(\d+)\s*$", contents, re.MULTILINE)
        assert entry, contents
        shown = int(entry.group(1))
        # The heading itself is on that page (pages[shown - 1]), not on the one before.
        body = [i + 1 for i, page in enumerate(pages) if i > 1 and title in page]
        assert body and body[0] == shown, (title, shown, body)
    assert f"{LT}..." in contents.replace(" ", "") or "....." in contents  # dotted leaders


def test_lists_nine_levels_deep_step_right_with_their_own_numbers(tmp_path: Path) -> None:
    soffice = _tool("soffice", "LibreOffice")
    pdftotext = _tool("pdftotext", "poppler-utils")
    document = reference_document()
    # Numbers at every other level, bullets between, then a second item at the top level.
    text = "\n".join("    " * i + f"{'1.' if i % 2 == 0 else '-'} depth{i + 1} x"
                     for i in range(9)) + "\n2. back x\n"
    add_markdown(document, text, numbering_state=NumberingState(document))
    path = tmp_path / "deep.docx"
    document.save(str(path))
    boxes = subprocess.run([pdftotext, "-bbox", str(_convert(soffice, path, tmp_path)), "-"],
                           capture_output=True, text=True, timeout=60, check=True).stdout
    words = [(float(x), float(y), w) for x, y, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]+)</word>', boxes)]
    starts = {w: x for x, _, w in words if w.startswith("depth") or w == "back"}
    steps = [starts[f"depth{i + 1}"] - starts[f"depth{i}"] for i in range(1, 9)]
    # Each level 0.63 cm (18 pt) right of the one above, the ninth too; back at the first.
    assert all(abs(step - 18) < 1 for step in steps), steps
    assert starts["back"] == starts["depth1"]
    # The marks LibreOffice draws on each line: 1. a. i. for numbers, bullets between.
    marks = [w for x, y, w in words if any(
        abs(y - y2) < 2 and x < x2 and w2.startswith(("depth", "back"))
        for x2, y2, w2 in words) and not w.startswith(("depth", "back")) and w != "x"]
    assert marks[0::2] == ["1.", "i.", "a.", "1.", "i."], marks
    assert marks[-1] == "2."
