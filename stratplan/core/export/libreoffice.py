"""LibreOffice as an optional renderer: .docx to PDF or ODT, and the PDF's text page by page.

Nothing here is required: every caller has a path for a machine without LibreOffice (or
without poppler's pdftotext), and says so to the user where it matters.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from stratplan.core.errors import StratplanError

# A 500-point programme takes about a minute on a slow laptop; a stuck office suite must
# not hold the export for ever.
TIMEOUT_SECONDS = 300


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    for candidate in ("/Applications/LibreOffice.app/Contents/MacOS/soffice",
                      r"C:\Program Files\LibreOffice\program\soffice.exe"):
        if os.path.isfile(candidate):
            return candidate
    return None


def pdftotext() -> str | None:
    return shutil.which("pdftotext")


def available() -> bool:
    return soffice() is not None


def convert(source: Path, target: Path, fmt: str) -> None:
    """Convert `source` to `target` ("pdf" or "odt") with LibreOffice; StratplanError if it fails."""
    program = soffice()
    if program is None:
        raise StratplanError("LibreOffice is not installed: install it to export PDF or ODT "
                             "from the Word document.")
    with tempfile.TemporaryDirectory(prefix="stratplan-lo-") as tmp:
        # A private profile: a LibreOffice the user has open holds the default profile's lock,
        # and the conversion would then silently do nothing.
        profile = (Path(tmp) / "profile").as_uri()
        out = Path(tmp) / "out"
        try:
            subprocess.run(
                [program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                 "--convert-to", fmt, "--outdir", str(out), str(source)],
                capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise StratplanError("LibreOffice could not convert {name}: {exc}.",
                                 name=source.name, exc=exc) from exc
        produced = out / f"{source.stem}.{fmt}"
        if not produced.is_file():
            raise StratplanError("LibreOffice did not convert {name} to {fmt}.",
                                 name=source.name, fmt=fmt.upper())
        part = target.with_name(target.name + ".part")
        shutil.move(str(produced), part)
        os.replace(part, target)


def pdf_pages_text(pdf: Path) -> list[str] | None:
    """The text of each page of a PDF (pdftotext), or None without poppler."""
    program = pdftotext()
    if program is None:
        return None
    try:
        run = subprocess.run([program, "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                             timeout=TIMEOUT_SECONDS, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    pages = run.stdout.decode("utf-8", "replace").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()  # pdftotext ends the last page with a form feed too
    return pages
