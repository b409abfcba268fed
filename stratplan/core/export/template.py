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
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt, RGBColor

from stratplan.core.errors import TemplateError
from stratplan.core.messages import Message, msg

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
# A point's field labels (character style) and its field table (table style), the voting and
# Markdown tables, and Word's own contents and link styles: restyling one in Word restyles
# every place it is used.
LABEL_STYLE = "StratPlan Field Label"
FIELDS_TABLE_STYLE = "StratPlan Fields"
DATA_TABLE_STYLE = "StratPlan Table"
LINK_STYLE = "Hyperlink"
# The text of every table cell, close to its borders; and the "changed upstream" warning.
TABLE_TEXT_STYLE = "StratPlan Table Text"
WARNING_STYLE = "StratPlan Warning"
TOC_STYLES = ("toc 1", "toc 2")
LABEL_FILL = "F2F2F2"
HEADER_FILL = "E7E6E6"
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
    """StratPlan's own styles and Word's contents and link styles, when the document lacks them."""
    if not _has(document, SUMMARY_STYLE):
        style = document.styles.add_style(SUMMARY_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.font.italic = True
        style.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True  # with the point's fields below it
    if not _has(document, DECISION_STYLE):
        style = document.styles.add_style(DECISION_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    section = document.sections[-1]
    width = (section.page_width or Cm(21)) - (section.left_margin or 0) - (
        section.right_margin or 0)
    missing = [xml for name, xml in (
        (LINK_STYLE, _LINK_XML),
        (LABEL_STYLE, _LABEL_XML),
        (WARNING_STYLE, _WARNING_XML),
        (TABLE_TEXT_STYLE, _TABLE_TEXT_XML),
        (FIELDS_TABLE_STYLE, _table_style_xml("StratPlanFields", FIELDS_TABLE_STYLE, "firstCol",
                                              LABEL_FILL)),
        (DATA_TABLE_STYLE, _table_style_xml("StratPlanTable", DATA_TABLE_STYLE, "firstRow",
                                            HEADER_FILL)),
        *((name, _toc_style_xml(n, int(width) // 635))
          for n, name in enumerate(TOC_STYLES, start=1)),
    ) if not _has(document, name)]
    styles = document.styles.element
    for xml in missing:
        styles.append(parse_xml(xml))


_W = nsdecls("w")
_LINK_XML = (f'<w:style {_W} w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
             '<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
             '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>')
_LABEL_XML = (f'<w:style {_W} w:type="character" w:customStyle="1" w:styleId="StratPlanFieldLabel">'
              f'<w:name w:val="{LABEL_STYLE}"/><w:basedOn w:val="DefaultParagraphFont"/>'
              '<w:qFormat/><w:rPr><w:b/><w:bCs/></w:rPr></w:style>')

_WARNING_XML = (f'<w:style {_W} w:type="character" w:customStyle="1" w:styleId="StratPlanWarning">'
                f'<w:name w:val="{WARNING_STYLE}"/><w:basedOn w:val="DefaultParagraphFont"/>'
                '<w:rPr><w:b/><w:bCs/><w:color w:val="C00000"/></w:rPr></w:style>')
_TABLE_TEXT_XML = (f'<w:style {_W} w:type="paragraph" w:customStyle="1" '
                   f'w:styleId="StratPlanTableText"><w:name w:val="{TABLE_TEXT_STYLE}"/>'
                   '<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="0" '
                   'w:after="40" w:line="240" w:lineRule="auto"/></w:pPr></w:style>')


def _table_style_xml(style_id: str, name: str, part: str, fill: str) -> str:
    """A grid table style whose header row or label column is shaded (and bold for a row)."""
    bold = "<w:rPr><w:b/><w:bCs/></w:rPr>" if part == "firstRow" else ""
    return (f'<w:style {_W} w:type="table" w:customStyle="1" w:styleId="{style_id}">'
            f'<w:name w:val="{name}"/><w:basedOn w:val="TableGrid"/><w:uiPriority w:val="59"/>'
            '<w:pPr><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/></w:pPr>'
            + ('<w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>' if part == "firstRow" else "")
            + '<w:tblPr><w:tblBorders>'
            + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
            + '</w:tblBorders><w:tblCellMar><w:left w:w="85" w:type="dxa"/>'
            '<w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'
            f'<w:tblStylePr w:type="{part}">{bold}<w:tcPr>'
            f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/></w:tcPr></w:tblStylePr>'
            "</w:style>")


def _toc_style_xml(level: int, width_twips: int) -> str:
    """Word's "toc N": a dotted right tab for the page number, each level indented."""
    bold = "<w:rPr><w:b/><w:bCs/></w:rPr>" if level == 1 else ""
    return (f'<w:style {_W} w:type="paragraph" w:styleId="TOC{level}"><w:name w:val="toc {level}"/>'
            '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="39"/>'
            f'<w:unhideWhenUsed/><w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" '
            f'w:pos="{width_twips}"/></w:tabs><w:spacing w:before="{120 if level == 1 else 0}" '
            f'w:after="40"/><w:ind w:left="{(level - 1) * 284}" w:right="567"/></w:pPr>'
            f"{bold}</w:style>")


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


def _not_word(path: Path, reason: Message | None = None) -> TemplateError:
    if reason is None:
        return TemplateError("The template {name} is not a Word document. Choose a .docx or .dotx "
                             "file saved by Word or LibreOffice, or use the default template.",
                             name=path.name)
    return TemplateError(
        "The template {name} is not a Word document ({reason}). Choose a .docx or .dotx file "
        "saved by Word or LibreOffice, or use the default template.",
        name=path.name, reason=reason
    )


def check_template(path: Path) -> DocxDocument:
    """Raise TemplateError unless `path` is a Word file with every style StratPlan uses.

    Returns the opened document, so that the caller need not read the file twice.
    """
    if not path.is_file():
        raise TemplateError("The template {path} does not exist or is not a file.", path=path)
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise TemplateError("The template {name} cannot be read: {strerror}.",
                            name=path.name, strerror=exc.strerror) from exc
    if size > MAX_TEMPLATE_BYTES:
        raise TemplateError("The template {name} is larger than 50 MB; a template needs only "
                            "styles, so use a smaller file.", name=path.name)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _not_word(path, msg("it is an old .doc file or is protected with a password; "
                                  "save it as .docx without a password"))
    if not zipfile.is_zipfile(path):
        raise _not_word(path)
    try:
        document = open_template(path)
    except KeyError as exc:
        raise _not_word(path, msg("a part of the file is missing")) from exc
    except Exception as exc:  # python-docx and lxml raise many kinds for a damaged file
        raise _not_word(path, msg("the file is damaged or of another kind")) from exc
    missing = [name for name in REQUIRED_STYLES if not _has(document, name)]
    if len(missing) == 1:
        raise TemplateError(
            "The template {name} has no style '{missing}'. Add it in Word (Home › Styles › "
            "Manage Styles) or use the default template.", name=path.name, missing=missing[0]
        )
    if missing:
        names = ", ".join(f"'{name}'" for name in missing)
        raise TemplateError(
            "The template {name} has no styles {names}. Add them in Word (Home › Styles › "
            "Manage Styles) or use the default template.", name=path.name, names=names
        )
    return document


if __name__ == "__main__":  # pragma: no cover - the way to regenerate the shipped file
    from stratplan.resources import resource_path

    target = resource_path("templates", "stratplan-reference.docx")
    build_reference_template(target)
    print(f"wrote {target}")
