"""The programme, a local plan or a training plan as a Word document."""

from __future__ import annotations

import contextlib
import errno
import io
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from stratplan.core.errors import ExportLockedError
from stratplan.core.export.document import (
    DocAnnex,
    DocIndicator,
    DocModel,
    DocPoint,
    decision_label,
    labels,
)
from stratplan.core.export.md_to_docx import add_markdown
from stratplan.core.export.template import (
    DECISION_STYLE,
    SUMMARY_STYLE,
    check_template,
    ensure_stratplan_styles,
    reference_document,
)
from stratplan.core.export.word_numbering import (
    NumberingState,
    set_paragraph_style,
    set_table_style,
)
from stratplan.core.export.word_xml import (
    Target,
    add_run,
    looks_rtl,
    make_rtl,
    make_run,
    new_paragraph,
    sanitize,
    shade,
)

# The language tags Word's spelling checker expects for the document's language.
WORD_LANGUAGES = {"en": "en-GB", "lt": "lt-LT", "fr": "fr-FR"}
TOC_INSTRUCTION = ' TOC \\o "1-3" \\h \\z \\u '
LABEL_FILL = "F2F2F2"
WARNING_COLOR = RGBColor(0xC0, 0x00, 0x00)
# settings.xml children that must come after <w:updateFields> (schema order).
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
    "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
    "listSeparator",
)


def _paragraph(container: DocxDocument | _Cell | Target, state: NumberingState, text: str,
               style: str | None = None, *, bold: bool = False, italic: bool = False,
               reuse: Paragraph | None = None, keep_next: bool = False,
               space_after_twips: int | None = None) -> Paragraph:
    """A paragraph of plain text; Arabic or Hebrew text runs right to left."""
    if reuse is not None:
        p = reuse
        if style:
            set_paragraph_style(p, state, style)
    else:
        target = container if isinstance(container, Target) else Target(container)
        p = new_paragraph(target, state.style_id(style) if style else None,
                          keep_next=keep_next, space_after_twips=space_after_twips)
    if text:
        make_run(p._p, text, bold=bold, italic=italic)
    if looks_rtl(text):
        make_rtl(p)
    return p


def _clear_body(document: DocxDocument) -> None:
    """Remove a custom template's sample text; its styles, page set-up and headers stay."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _set_widths(table: Table, widths: tuple[int, ...]) -> None:
    """Fixed column widths: LibreOffice reads the grid, Word the cells, so set both."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Emu(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Emu(width)


def _cover(document: DocxDocument, model: DocModel, state: NumberingState) -> None:
    t = labels(model.meta.language)
    meta = model.meta
    title = _paragraph(document, state, meta.title, "Title")
    title.paragraph_format.space_before = Pt(120)
    _paragraph(document, state, t.get(meta.kind, ""), "Subtitle")
    rows = [(t[key], value) for key, value in (
        ("coalition", meta.coalition), ("organisation", meta.organisation),
        ("country", meta.country), ("release", meta.release), ("date", meta.date),
    ) if sanitize(value).strip()]
    if not rows:
        return
    table = state.add_table(document, len(rows), 2)
    _set_widths(table, (Cm(4), state.block_width() - Cm(4)))
    for row, (label, value) in zip(table.rows, rows, strict=True):
        cells = row.cells
        _paragraph(cells[0], state, label, bold=True, reuse=cells[0].paragraphs[0])
        _paragraph(cells[1], state, value, reuse=cells[1].paragraphs[0])


def _complex_field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A field Word computes (begin / instruction / separate / shown text / end)."""
    p = paragraph._p
    begin = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "begin")
    char.set(qn("w:dirty"), "true")  # Word recomputes a dirty field when the file opens
    begin.append(char)
    p.append(begin)
    instr_run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    instr_run.append(instr)
    p.append(instr_run)
    for kind, text in (("separate", None), (None, placeholder), ("end", None)):
        run = OxmlElement("w:r")
        if kind:
            field_char = OxmlElement("w:fldChar")
            field_char.set(qn("w:fldCharType"), kind)
            run.append(field_char)
        else:
            t = OxmlElement("w:t")
            t.text = sanitize(text or "")
            run.append(t)
        p.append(run)


def _simple_field(paragraph: Paragraph, instruction: str, shown: str, size: int) -> None:
    """A field such as PAGE; `size` in half-points, as the shown number takes it from its run."""
    field = parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr="{instruction}"><w:r><w:rPr>'
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr><w:t>{shown}</w:t></w:r>'
        "</w:fldSimple>"
    )
    paragraph._p.append(field)


def _toc(document: DocxDocument, model: DocModel, state: NumberingState) -> None:
    t = labels(model.meta.language)
    heading = _paragraph(document, state, t["contents"],
                         "TOC Heading" if state.has_style("TOC Heading") else "Title")
    heading.paragraph_format.page_break_before = True
    _complex_field(document.add_paragraph(), TOC_INSTRUCTION, t["update_toc"])


def _fields_table(document: DocxDocument, point: DocPoint, language: str,
                  state: NumberingState) -> None:
    t = labels(language)
    rows: list[tuple[str, list[str], bool]] = []  # label, lines, as a bulleted list

    def add(key: str, value: str) -> None:
        value = sanitize(value).strip()
        if value:
            rows.append((t[key], [value], False))

    add("objective", point.objective)
    actions = [a for a in (sanitize(a).strip() for a in point.actions) if a]
    if actions:
        rows.append((t["actions"], actions, True))
    indicators = [line for line in (indicator_line(i, t["sep"]) for i in point.indicators)
                  if line]
    if indicators:
        rows.append((t["indicators"], indicators, False))
    add("responsible", point.responsible)
    add("timeline", timeline(point.start, point.end))
    add("resources", point.resources)
    add("level", t.get(point.level, point.level) if point.level else "")
    add("tags", ", ".join(sanitize(tag).strip() for tag in point.tags if sanitize(tag).strip()))
    if not rows:
        return
    label_twips = int(Cm(4.6)) // 635
    value_twips = state.block_width() // 635 - label_twips
    # Built as XML in one go: python-docx's cell API recomputes the table grid on each access.
    style_id = state.style_id("Table Grid")
    tbl = parse_xml(
        f'<w:tbl {nsdecls("w")}><w:tblPr>'
        + (f'<w:tblStyle w:val="{style_id}"/>' if style_id else "")
        + '<w:tblW w:w="0" w:type="auto"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="0" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{label_twips}"/><w:gridCol w:w="{value_twips}"/>'
        "</w:tblGrid></w:tbl>"
    )
    bullet = state.style_id("List Bullet")
    for label, lines, bulleted in rows:
        tr = etree.SubElement(tbl, qn("w:tr"))
        for width, fill in ((label_twips, LABEL_FILL), (value_twips, "")):
            tc = etree.SubElement(tr, qn("w:tc"))
            tc_pr = etree.SubElement(tc, qn("w:tcPr"))
            tc_w = etree.SubElement(tc_pr, qn("w:tcW"))
            tc_w.set(qn("w:w"), str(width))
            tc_w.set(qn("w:type"), "dxa")
            if fill:
                shd = etree.SubElement(tc_pr, qn("w:shd"))
                shd.set(qn("w:val"), "clear")
                shd.set(qn("w:color"), "auto")
                shd.set(qn("w:fill"), fill)
        label_cell, value_cell = (Target.for_cell_element(tc, document) for tc in tr)
        _paragraph(label_cell, state, label, bold=True, space_after_twips=40)
        for line in lines:
            _paragraph(value_cell, state, line, "List Bullet" if bulleted and bullet else None,
                       space_after_twips=40)
    target = Target(document)
    target.insert(tbl)
    new_paragraph(target)  # room between the table and the body text


def timeline(start: str, end: str) -> str:
    """ "2027-01-01 – 2027-12-31", or the half that is known."""
    start, end = sanitize(start).strip(), sanitize(end).strip()
    if start and end:
        return f"{start} – {end}"
    if start:
        return f"{start} –"
    return f"– {end}" if end else ""


def indicator_line(indicator: DocIndicator, sep: str) -> str:
    """ "name: baseline → target unit", leaving out what is empty."""
    name, baseline, target, unit = (sanitize(v).strip() for v in (
        indicator.name, indicator.baseline, indicator.target, indicator.unit))
    if baseline and target:
        values = f"{baseline} → {target}"
    elif target:
        values = f"→ {target}"
    else:
        values = baseline
    if unit and values:
        values = f"{values} {unit}"
    if name and values:
        return f"{name}{sep}{values}"
    return name or values


def decision_text(point: DocPoint, language: str) -> str:
    """The decision sentence of a local plan's point, without its "Decision:" label."""
    t = labels(language)
    text = decision_label(language, point.decision)
    note = sanitize(point.decision_note).strip()
    if note:
        key = "reason" if point.decision == "not_applicable" else "note"
        text = f"{text} — {t[key]}{t['sep']}{note}" if text else f"{t[key]}{t['sep']}{note}"
    return text


def _point(document: DocxDocument, point: DocPoint, model: DocModel,
           state: NumberingState) -> None:
    language = model.meta.language
    t = labels(language)
    title = sanitize(point.title).strip()
    number = sanitize(point.number).strip()
    heading = _paragraph(document, state, f"{number} {title}" if number else title, "Heading 2")
    heading.paragraph_format.keep_with_next = True
    summary = sanitize(point.summary).strip()
    if summary:
        _paragraph(document, state, summary, SUMMARY_STYLE)
    decision = decision_text(point, language)
    if decision:
        p = _paragraph(document, state, "", DECISION_STYLE)
        add_run(p, f"{t['decision']}{t['sep']}", bold=True)
        add_run(p, decision)
        if looks_rtl(decision):
            make_rtl(p)
    if point.changed_upstream:
        p = _paragraph(document, state, "", DECISION_STYLE)
        run = add_run(p, f"⚠ {t['changed_upstream']}", bold=True)
        run.font.color.rgb = WARNING_COLOR
    _fields_table(document, point, language, state)
    add_markdown(document, point.body, numbering_state=state, heading_level=3)


def _annex(document: DocxDocument, annex: DocAnnex, model: DocModel,
           state: NumberingState) -> None:
    t = labels(model.meta.language)
    _paragraph(document, state, f"{t['annex']}{t['sep']}{sanitize(annex.title).strip()}",
               "Heading 1")
    cols = max([len(annex.header), *(len(r) for r in annex.rows)], default=0)
    if cols == 0:
        return
    rows = ([annex.header] if annex.header else []) + list(annex.rows)
    table = state.add_table(document, len(rows), cols)
    set_table_style(table, state, "Table Grid")
    for r, (row, values) in enumerate(zip(table.rows, rows, strict=True)):
        header = r == 0 and bool(annex.header)
        if header:
            row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeat on each page
        for c, cell in enumerate(row.cells):
            value = values[c] if c < len(values) else ""
            _paragraph(cell, state, str(value), bold=header, reuse=cell.paragraphs[0])
            if header:
                shade(cell, LABEL_FILL)


def _footer(document: DocxDocument, model: DocModel, state: NumberingState) -> None:
    t = labels(model.meta.language)
    width = state.block_width()
    for section in document.sections:
        section.different_first_page_header_footer = True  # no footer on the cover page
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraphs = footer.paragraphs
        empty = paragraphs and not paragraphs[-1].text.strip() and not paragraphs[-1].runs
        p = paragraphs[-1] if empty else footer.add_paragraph()
        tabs = p.paragraph_format.tab_stops
        tabs.clear_all()
        if set_paragraph_style(p, state, "Footer"):
            # The style's own tab stops (centre, right for Letter paper) would catch the
            # tab first: clear them in the paragraph.
            for stop in document.styles["Footer"].paragraph_format.tab_stops:
                if stop.position != width:
                    tabs.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
        tabs.add_tab_stop(Emu(width), WD_TAB_ALIGNMENT.RIGHT)
        title = add_run(p, sanitize(model.meta.title).strip())
        title.font.size = Pt(9)
        label = add_run(p, f"\t{t['page']} ")
        label.font.size = Pt(9)
        _simple_field(p, " PAGE ", "1", 18)
        of = add_run(p, f" {t['of']} ")
        of.font.size = Pt(9)
        _simple_field(p, " NUMPAGES ", "1", 18)


def _settings_and_language(document: DocxDocument, model: DocModel) -> None:
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")  # Word offers to fill in the contents on opening
        successors = [c for c in settings if isinstance(c.tag, str)
                      and c.tag.split("}")[-1] in _AFTER_UPDATE_FIELDS]
        if successors:
            successors[0].addprevious(update)
        else:
            settings.append(update)
    tag = WORD_LANGUAGES.get(model.meta.language, "en-GB")
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:val"), tag)  # spelling and hyphenation follow the document's language
    lang.set(qn("w:bidi"), "ar-SA")


def _properties(document: DocxDocument, model: DocModel) -> None:
    meta = model.meta
    t = labels(meta.language)
    props = document.core_properties
    props.title = sanitize(meta.title).strip()[:255]
    props.subject = t.get(meta.kind, "")
    props.author = sanitize(meta.organisation or meta.coalition).strip()[:255]
    props.last_modified_by = "StratPlan"
    props.language = WORD_LANGUAGES.get(meta.language, "en-GB")
    props.keywords = sanitize(meta.coalition).strip()[:255]
    props.comments = ""
    props.category = ""
    props.revision = 1
    props.version = sanitize(meta.release).strip()[:255]
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now


def _save(document: DocxDocument, path: Path) -> None:
    """Write through a .part file and rename, so a failed export never leaves half a file."""
    buffer = io.BytesIO()
    document.save(buffer)
    part = path.with_suffix(".docx.part")
    try:
        with part.open("wb") as f:
            f.write(buffer.getvalue())
            f.flush()
            os.fsync(f.fileno())
        os.replace(part, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
        raise ExportLockedError(_save_error(path, exc)) from exc


def _save_error(path: Path, exc: OSError) -> str:
    if isinstance(exc, IsADirectoryError) or path.is_dir():
        return f"{path} is a folder. Choose a file name for the export."
    if isinstance(exc, FileNotFoundError):
        return f"The folder {path.parent} does not exist. Choose another folder."
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"The disk is full: {path.name} was not written. Free some space and try again."
    return (f"{path.name} cannot be written: it is open in another program (Word?). Close it "
            "and try again. If it is not open, the folder may be read-only: choose another.")


def _park(document: DocxDocument, parked: Any) -> None:
    """Move the body's finished content aside.

    python-docx inserts every paragraph before the body's final w:sectPr, which it finds by
    scanning the body: with the body kept short, a 500-point export takes seconds, not minutes.
    """
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            parked.append(child)


def _unpark(document: DocxDocument, parked: Any) -> None:
    body = document.element.body
    first = body[0] if len(body) else None
    for child in list(parked):
        if first is not None:
            first.addprevious(child)
        else:
            body.append(child)


def write_docx(model: DocModel, path: Path, *, template: Path | None = None) -> None:
    """Write the document to `path` as .docx, styled by `template` or StratPlan's own."""
    document = check_template(template) if template is not None else reference_document()
    _clear_body(document)
    ensure_stratplan_styles(document)
    state = NumberingState(document)
    labels_ = labels(model.meta.language)
    _cover(document, model, state)
    _toc(document, model, state)
    parked = OxmlElement("w:body")
    for n, section in enumerate(model.sections, start=1):
        _paragraph(document, state, f"{n}. {sanitize(section.title).strip()}", "Heading 1")
        if not section.points:
            _paragraph(document, state, labels_["no_points"], italic=True)
        for point in section.points:
            _point(document, point, model, state)
            _park(document, parked)
    for annex in model.annexes:
        _annex(document, annex, model, state)
    _unpark(document, parked)
    _footer(document, model, state)
    _settings_and_language(document, model)
    _properties(document, model)
    _save(document, path)
