"""The Word reference template: building the shipped one and checking a user's own."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Cm, Pt, RGBColor

from stratplan.core.errors import TemplateError

REQUIRED_STYLES = (
    "Normal",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Heading 4",
    "List Number",
    "List Number 2",
    "List Number 3",
    "List Bullet",
    "List Bullet 2",
    "List Bullet 3",
    "Table Grid",
    "Caption",
    "Quote",
)
# Styles of StratPlan's own, added to any template that lacks them; the importer finds the
# summary and the decision line of a point by these names.
SUMMARY_STYLE = "StratPlan Summary"
DECISION_STYLE = "StratPlan Decision"
BODY_FONT = "Calibri"  # LibreOffice shows Carlito, its metric twin, so pages break alike
MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
_DOCUMENT_CT = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_TEMPLATE_CT = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
# A fixed time for the zip entries and properties, so rebuilding gives the same bytes.
_FIXED_TIME = datetime(2026, 1, 1, tzinfo=UTC)


def _fallback_style(name: str) -> tuple[WD_STYLE_TYPE, str | None]:
    """How to create a missing required style: its type and the style it is based on."""
    if name == "Table Grid":
        return WD_STYLE_TYPE.TABLE, "Normal Table"
    if name.startswith("Heading "):
        level = int(name.split()[1])
        return WD_STYLE_TYPE.PARAGRAPH, f"Heading {level - 1}" if level > 1 else "Normal"
    if name.startswith("List "):
        return WD_STYLE_TYPE.PARAGRAPH, "List Paragraph"
    return WD_STYLE_TYPE.PARAGRAPH, "Normal"


def _has(document: DocxDocument, name: str) -> bool:
    try:
        document.styles[name]
    except KeyError:
        return False
    return True


def ensure_required_styles(document: DocxDocument) -> None:
    """Add any style of REQUIRED_STYLES that the document lacks, based on a built-in one."""
    for name in REQUIRED_STYLES:
        if _has(document, name):
            continue
        kind, base = _fallback_style(name)
        style = document.styles.add_style(name, kind)
        if base and _has(document, base):
            style.base_style = document.styles[base]
        if kind == WD_STYLE_TYPE.PARAGRAPH:
            fmt = style.paragraph_format
            if name.startswith("Heading "):
                style.font.bold = True
                fmt.keep_with_next = True
            elif name.startswith("List "):
                fmt.left_indent = Cm(0.63 * (int(name[-1]) if name[-1].isdigit() else 1))
            elif name == "Quote":
                style.font.italic = True
                fmt.left_indent = Cm(1)


def ensure_stratplan_styles(document: DocxDocument) -> None:
    """The two paragraph styles of StratPlan's own, when the document lacks them."""
    if not _has(document, SUMMARY_STYLE):
        style = document.styles.add_style(SUMMARY_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.font.italic = True
        style.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
        style.paragraph_format.space_after = Pt(6)
    if not _has(document, DECISION_STYLE):
        style = document.styles.add_style(DECISION_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True


def _reference_document() -> DocxDocument:
    """python-docx's default document, set up as StratPlan's reference template."""
    document = docx.Document()
    ensure_required_styles(document)
    ensure_stratplan_styles(document)
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    for name in ("Heading 1", "Heading 2", "Heading 3", "Heading 4", "Title", "Subtitle"):
        document.styles[name].font.name = BODY_FONT
    # Every section of a plan starts on a new page.
    document.styles["Heading 1"].paragraph_format.page_break_before = True
    document.styles["Heading 1"].font.size = Pt(16)
    document.styles["Heading 2"].font.size = Pt(13)
    document.styles["Heading 2"].paragraph_format.space_before = Pt(14)
    for name in ("List Bullet", "List Bullet 2", "List Bullet 3", "List Number", "List Number 2",
                 "List Number 3"):
        document.styles[name].paragraph_format.space_after = Pt(2)
    quote = document.styles["Quote"]
    quote.paragraph_format.left_indent = quote.paragraph_format.right_indent = Cm(1)
    quote.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    section.header_distance = section.footer_distance = Cm(1.25)
    props = document.core_properties
    props.title = "StratPlan reference template"
    props.subject = "Styles for StratPlan's Word export"
    props.author = props.last_modified_by = "StratPlan"
    props.comments = "Change the styles of this file to change how exported plans look."
    props.keywords = ""
    props.revision = 1
    props.created = props.modified = _FIXED_TIME.replace(tzinfo=None)
    # python-docx's default file carries a thumbnail of a blank page; a template needs none.
    package = document.part.package
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(r_id)
    return document


def _deterministic_zip(data: bytes) -> bytes:
    """The same zip with fixed entry times, so an unchanged template gives unchanged bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def build_reference_template(path: Path) -> None:
    """Write StratPlan's reference template to `path`."""
    buffer = io.BytesIO()
    _reference_document().save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_deterministic_zip(buffer.getvalue()))


def reference_document() -> DocxDocument:
    """A fresh document from the shipped template, or built in memory if the file is missing."""
    from stratplan.resources import resource_path

    shipped = resource_path("templates", "stratplan-reference.docx")
    if shipped.is_file():
        return open_template(shipped)
    return _reference_document()


def open_template(path: Path) -> DocxDocument:
    """Open a .docx or .dotx as a python-docx document (python-docx refuses .dotx as such)."""
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        content_types = z.read("[Content_Types].xml")
        if _TEMPLATE_CT in content_types:
            # A .dotx differs from a .docx only by this content type.
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
                for info in z.infolist():
                    blob = z.read(info.filename)
                    if info.filename == "[Content_Types].xml":
                        blob = blob.replace(_TEMPLATE_CT, _DOCUMENT_CT)
                    dst.writestr(info, blob)
            data = out.getvalue()
    return docx.Document(io.BytesIO(data))


def _not_word(path: Path, detail: str = "") -> TemplateError:
    return TemplateError(
        f"The template {path.name} is not a Word document{detail}. Choose a .docx or .dotx "
        "file saved by Word or LibreOffice, or use the default template."
    )


def check_template(path: Path) -> DocxDocument:
    """Raise TemplateError unless `path` is a Word file with every style StratPlan uses.

    Returns the opened document, so that the caller need not read the file twice.
    """
    if not path.is_file():
        raise TemplateError(f"The template {path} does not exist or is not a file.")
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise TemplateError(f"The template {path.name} cannot be read: {exc.strerror}.") from exc
    if size > MAX_TEMPLATE_BYTES:
        raise TemplateError(f"The template {path.name} is larger than 50 MB; "
                            "a template needs only styles, so use a smaller file.")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _not_word(path, " (it is an old .doc file or is protected with a password; "
                              "save it as .docx without a password)")
    if not zipfile.is_zipfile(path):
        raise _not_word(path)
    try:
        document = open_template(path)
    except KeyError as exc:
        raise _not_word(path, " (a part of the file is missing)") from exc
    except Exception as exc:  # python-docx and lxml raise many kinds for a damaged file
        raise _not_word(path, " (the file is damaged or of another kind)") from exc
    missing = [name for name in REQUIRED_STYLES if not _has(document, name)]
    if len(missing) == 1:
        raise TemplateError(
            f"The template {path.name} has no style '{missing[0]}'. Add it in Word "
            "(Home › Styles › Manage Styles) or use the default template."
        )
    if missing:
        names = ", ".join(f"'{name}'" for name in missing)
        raise TemplateError(
            f"The template {path.name} has no styles {names}. Add them in Word "
            "(Home › Styles › Manage Styles) or use the default template."
        )
    return document


if __name__ == "__main__":  # pragma: no cover - the way to regenerate the shipped file
    from stratplan.resources import resource_path

    target = resource_path("templates", "stratplan-reference.docx")
    build_reference_template(target)
    print(f"wrote {target}")
