"""Writing documents from the window: Word, ODT, Markdown, HTML in a worker; PDF.

The PDF and the ODT are LibreOffice's renderings of the Word document when LibreOffice is
installed (the same pages, fonts and contents). Without it, the PDF comes from Qt's own
layout of the print-friendly HTML, paginated here so that its contents list page numbers
and its footer says "Page N of M"; ODT then needs LibreOffice and says so.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlock,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from stratplan.core.errors import ExportLockedError, StratplanError
from stratplan.core.export import libreoffice
from stratplan.core.export.document import DocModel, labels
from stratplan.core.export.docx_writer import section_numbers, write_docx
from stratplan.core.export.text_writers import write_html, write_markdown
from stratplan.core.export.training import activity_title
from stratplan.core.export.word_xml import sanitize
from stratplan.ui import errors
from stratplan.ui.workers import run_with_progress

FORMATS = {"docx": "Word (*.docx)", "odt": "OpenDocument (*.odt)", "md": "Markdown (*.md)",
           "html": "HTML (*.html)", "pdf": "PDF (*.pdf)"}
_DPI = 96  # the layout's units: CSS pixels, so the HTML's sizes mean what they say
_FOOTER_PX = 28
_NAV = re.compile(r'<nav class="contents">.*?</nav>', re.DOTALL)
_QT_CSS = """
th { text-align: left; }
h4 { font-size: 12pt; } h5 { font-size: 11pt; } h6 { font-size: 11pt; font-style: italic; }
table.toc td { border-style: none; padding: 2px 0; }
"""
_KEEP_PASSES = 40  # layouts spent keeping headings with their text; a long programme stops there
_HEADING_TAG = re.compile(r"<h([1-6])(\s[^>]*)?>")


def write_pdf(model: DocModel, path: Path, template: Path | None = None) -> None:
    """LibreOffice's rendering of the Word document, or Qt's when LibreOffice is missing."""
    if libreoffice.available():
        with tempfile.TemporaryDirectory(prefix="stratplan-pdf-") as tmp:
            source = Path(tmp) / f"{path.stem or 'document'}.docx"
            write_docx(model, source, template=template, page_numbers_pass=True)
            libreoffice.convert(source, path, "pdf")
        return
    write_qt_pdf(model, path)


def write_odt(model: DocModel, path: Path, template: Path | None = None) -> None:
    """The Word document converted to OpenDocument by LibreOffice."""
    if not libreoffice.available():
        raise StratplanError("ODT export needs LibreOffice, which is not installed on this "
                             "computer. Export to Word (.docx) instead: LibreOffice opens it.")
    with tempfile.TemporaryDirectory(prefix="stratplan-odt-") as tmp:
        source = Path(tmp) / f"{path.stem or 'document'}.docx"
        write_docx(model, source, template=template, page_numbers_pass=True)
        libreoffice.convert(source, path, "odt")


# -- Qt fallback --------------------------------------------------------------------------

def _qt_html(model: DocModel, pages: list[str] | None) -> str:
    """The print HTML made for Qt's layout: a contents table with page numbers, solid colours.

    Qt writes an invalid colour operator for CSS "inherit" (poppler reports syntax errors), and
    knows no dot leaders, so the contents become a two-column table.
    """
    page = write_html(model).replace("color: inherit", "color: #1a1a1a")
    # The document's default font (ligatures off, see _layout) rather than the CSS list; the
    # Word document's line spacing (Qt reads "1.4" as 140%, a third more pages than Word).
    page = re.sub(r"html \{ font-family:[^;]*;", "html {", page, count=1)
    page = page.replace("line-height: 1.4;", "line-height: 110%;", 1)
    # Qt centres th unless told, knows no "start", and draws h5/h6 smaller than the text.
    page = page.replace("text-align: start;", "text-align: left;")
    page = page.replace("</style>", _QT_CSS + "</style>", 1)
    # Qt knows page breaks on headings, not on <section>: each section starts a page.
    page = re.sub(r'(<section class="(?:section|annex)" id="[^"]+">)\s*<h2>',
                  r'\1<h2 style="page-break-before: always">', page)
    t = labels(model.meta.language)
    rows = []
    for i, (level, text) in enumerate(_headings(model)):
        number = pages[i] if pages and i < len(pages) else ("000" if pages is None else "")
        indent = "" if level == 1 else "&nbsp;&nbsp;&nbsp;&nbsp;"
        weight = ' style="font-weight:bold"' if level == 1 else ""
        rows.append(f"<tr><td{weight}>{indent}{_escape(text)}</td>"
                    f'<td align="right" width="8%">{number}</td></tr>')
    nav = (f'<nav class="contents"><h2 style="page-break-before: always">'
           f'{_escape(t["contents"])}</h2><table class="toc" width="100%" cellspacing="0" '
           f'border="0">{"".join(rows)}</table></nav>')
    return _NAV.sub(lambda _m: nav, page, count=1)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _headings(model: DocModel) -> list[tuple[int, str]]:
    """The headings the contents lists, in order, as the HTML prints them."""
    t = labels(model.meta.language)
    out: list[tuple[int, str]] = []
    for n, (number, section) in enumerate(zip(section_numbers(model), model.sections,
                                              strict=True), start=1):
        out.append((1, f"{number} {' '.join(sanitize(section.title).split())}".strip()))
        for point in section.points:
            out.append((2, " ".join(f"{sanitize(point.number)} {sanitize(point.title)}".split())))
        for m, activity in enumerate(section.activities, start=1):  # a training plan's pairings
            label = " ".join(sanitize(activity.number).split()) or f"{n}.{m}"  # as the HTML
            out.append((2, " ".join(f"{label} {activity_title(activity)}".split())))
    for annex in model.annexes:
        out.append((1, f"{t['annex']}{t['sep']}{' '.join(sanitize(annex.title).split())}"))
    return out


def _font(points: int) -> QFont:
    """Carlito (Calibri's metric twin) or the system's sans serif, without ligatures: Qt's
    PDF maps a ligature glyph to no text, so "ti" would vanish when the PDF is searched."""
    font = QFont(["Carlito", "Calibri", "DejaVu Sans", "Arial"], points)
    for tag in ("liga", "clig", "dlig"):
        font.setFeature(QFont.Tag(tag), 0)
    return font


def _layout(html: str, size: QSizeF) -> QTextDocument:
    document = QTextDocument()
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)  # break lines between words only
    document.setDefaultTextOption(option)
    document.setDefaultFont(_font(11))
    document.setHtml(html)
    document.setPageSize(size)
    return document


def _heading_pages(document: QTextDocument, headings: list[tuple[int, str]],
                   height: float) -> list[str]:
    """The page of each heading, found in order among the heading blocks (the contents
    entries are table cells, not headings)."""
    texts = [" ".join(text.split()) for _, text in headings]
    found: list[str] = []
    layout = document.documentLayout()
    block = document.begin()
    while block.isValid() and len(found) < len(texts):
        if block.blockFormat().headingLevel() and " ".join(block.text().split()) == texts[len(found)]:
            found.append(str(int(layout.blockBoundingRect(block).top() // height) + 1))
        block = block.next()
    return found


def _first_line_page(document: QTextDocument, block: QTextBlock, height: float) -> int:
    """The page on which a block's first line is drawn: a line that would cross the foot
    of a page is moved to the next, while the block itself still starts above it."""
    top = document.documentLayout().blockBoundingRect(block).top()
    lines = block.layout()
    if lines is not None and lines.lineCount():
        top += lines.lineAt(0).position().y()
    return int(top // height)


def _first_stranded(document: QTextDocument, height: float, moved: set[int]) -> int | None:
    """The first heading (by its order in the page) left at the foot of a page, what follows
    it (a point's one-line summary too) starting on the next one; None when there is none.
    Headings already `moved` to a new page are left there."""
    n = 0
    block = document.begin()
    while block.isValid():
        following = block.next()
        if block.blockFormat().headingLevel():
            if n not in moved and following.isValid():
                page = _first_line_page(document, block, height)
                after = [following, following.next()]
                # The paragraph after the next counts when the next is a short one (a
                # summary) and it is no heading of its own.
                if (after[0].layout() is None or after[0].layout().lineCount() > 2
                        or after[1].blockFormat().headingLevel()):
                    after = after[:1]
                if any(b.isValid() and _first_line_page(document, b, height) > page
                       for b in after):
                    return n
            n += 1
        block = following
    return None


def _break_before(html: str, headings: set[int]) -> str:
    """The page with a page break before each of these headings (their order in the page)."""
    if not headings:
        return html
    count = -1

    def tag(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        if count in headings and "style=" not in m.group(0):
            return f'<h{m.group(1)} style="page-break-before: always"{m.group(2) or ""}>'
        return m.group(0)

    return _HEADING_TAG.sub(tag, html)


def write_qt_pdf(model: DocModel, path: Path) -> None:
    """A PDF without any office suite: Qt lays out the print HTML on A4 pages."""
    writer = QPdfWriter(str(path))
    writer.setResolution(_DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(20, 20, 20, 20), QPageLayout.Unit.Millimeter))
    writer.setTitle(model.meta.title)
    writer.setCreator("StratPlan")
    paint = writer.pageLayout().paintRectPixels(_DPI)
    size = QSizeF(paint.width(), paint.height() - _FOOTER_PX)
    headings = _headings(model)
    # Drafts with placeholder numbers (as wide as the real ones): Qt does not keep a heading
    # with the paragraph after it, so a heading left at the foot of a page starts the next
    # one instead, and the page is laid out again (moving one can strand the one above it).
    # One at a time: a heading moved shifts everything after it.
    breaks: set[int] = set()
    for _ in range(_KEEP_PASSES):
        draft = _layout(_break_before(_qt_html(model, None), breaks), size)
        stranded = _first_stranded(draft, size.height(), breaks)
        if stranded is None:
            break
        breaks.add(stranded)
    else:
        draft = _layout(_break_before(_qt_html(model, None), breaks), size)
    pages = _heading_pages(draft, headings, size.height())
    document = _layout(_break_before(_qt_html(model, pages), breaks), size)
    _print(document, writer, model, size, path)


def _print(document: QTextDocument, writer: QPdfWriter, model: DocModel, size: QSizeF,
           path: Path) -> None:
    t = labels(model.meta.language)
    count = document.pageCount()
    painter = QPainter()
    if not painter.begin(writer):
        raise ExportLockedError("{name} cannot be written: close it in other programs or "
                                "choose another folder, then try again.", name=path.name)
    layout = document.documentLayout()
    context = layout.PaintContext()
    footer_font = _font(8)
    title = " ".join(sanitize(model.meta.title).split())
    try:
        for page in range(count):
            if page:
                writer.newPage()
            painter.save()
            painter.translate(0, -page * size.height())
            context.clip = QRectF(0, page * size.height(), size.width(), size.height())
            painter.setClipRect(context.clip)
            layout.draw(painter, context)
            painter.restore()
            if page:  # no footer on the cover
                painter.setFont(footer_font)
                box = QRectF(QPointF(0, size.height() + 6), QSizeF(size.width(), _FOOTER_PX - 6))
                painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft), title)
                painter.drawText(box, int(Qt.AlignmentFlag.AlignRight),
                                 f"{t['page']} {page + 1} {t['of']} {count}")
    finally:
        painter.end()


# -- the window's export ------------------------------------------------------------------

def write_any(model: DocModel, path: Path, template: Path | None = None) -> None:
    """Write `model` in the format the file name asks for, atomically where the writer allows."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix == "docx":
        write_docx(model, path, template=template, page_numbers_pass=libreoffice.available())
        return
    if suffix == "pdf":
        write_pdf(model, path, template)
        return
    if suffix == "odt":
        write_odt(model, path, template)
        return
    text = write_markdown(model) if suffix == "md" else write_html(model)
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportLockedError("{name} cannot be written ({strerror}). Close it in other "
                                "programs or choose another folder, then try again.",
                                name=path.name, strerror=exc.strerror) from exc


def export_with_progress(parent: QWidget, build: Callable[[], DocModel | None], path: Path,
                         template: Path | None = None) -> bool:
    """Build the model (GUI thread, one session), write it in a worker; offer a retry if locked."""
    model = build()
    if model is None:
        return False
    while True:
        if path.suffix.lower() == ".pdf" and not libreoffice.available():
            # Qt's text layout belongs to the GUI thread.
            try:
                write_qt_pdf(model, path)
                return announce(parent, path)
            except StratplanError as exc:
                errors.show_error(parent, exc)
                return False

        def work(report: Callable[[int, int], None], m: DocModel = model) -> bool:
            report(0, 1)
            write_any(m, path, template)
            report(1, 1)
            return True

        failures: list[StratplanError] = []
        ok = run_with_progress(parent, QCoreApplication.translate("Exporting", "Writing {name}...").format(name=path.name), work,
                               on_error=failures.append)
        if ok:
            return announce(parent, path)
        if failures and isinstance(failures[0], ExportLockedError):
            answer = QMessageBox.question(parent, "StratPlan", str(failures[0]),
                                          QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Cancel)
            if answer == QMessageBox.StandardButton.Retry:
                continue
        elif failures:
            errors.show_error(parent, failures[0])
        return False


def announce(parent: QWidget, path: Path) -> bool:
    """Say where the file went (the status bar keeps it until the next message); True for the caller."""
    window = parent.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(QCoreApplication.translate("Exporting", "Saved {name} in {folder}").format(
            name=path.name, folder=str(path.resolve().parent)))
    return True


def file_filters(parent: QWidget) -> str:
    """The save dialog's formats; ODT says when it needs LibreOffice, which is missing."""
    names = dict(FORMATS)
    if not libreoffice.available():
        names["odt"] = QCoreApplication.translate("Exporting", "OpenDocument (*.odt), needs LibreOffice (not installed)")
    return ";;".join(names.values())


def ask_path(parent: QWidget, title: str, suggested: str) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filters(parent))
    return Path(path) if path else None
