"""The parts of a Word file around its body: the footer's page numbers, the settings and
default language, the document's properties."""

from __future__ import annotations

from datetime import UTC, datetime

from docx.document import Document as DocxDocument
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement
from docx.shared import Cm, Emu, Pt
from docx.text.paragraph import Paragraph

from stratplan.core.export.document import DocModel, labels
from stratplan.core.export.language_tags import WORD_LANGUAGES, tag_runs
from stratplan.core.export.word_numbering import NumberingState, set_paragraph_style
from stratplan.core.export.word_xml import add_run, sanitize

# settings.xml children that must come after <w:updateFields> (schema order).
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
    "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
    "listSeparator",
)


def _simple_field(paragraph: Paragraph, instruction: str, shown: str, size: int) -> None:
    """A field such as PAGE; `size` in half-points, as the shown number takes it from its run."""
    field = parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr="{instruction}"><w:r><w:rPr>'
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr><w:t>{shown}</w:t></w:r>'
        "</w:fldSimple>"
    )
    paragraph._p.append(field)


def footer(document: DocxDocument, model: DocModel, state: NumberingState) -> None:
    t = labels(model.meta.language)
    for n, section in enumerate(document.sections):
        # No footer on the cover page; a later (landscape) section numbers every page.
        section.different_first_page_header_footer = n == 0
        width = int((section.page_width or Cm(21)) - (section.left_margin or 0)
                    - (section.right_margin or 0))
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
        tag_runs([footer._element], state.language_tag)


def settings_and_language(document: DocxDocument, model: DocModel, *,
                           update_fields: bool) -> None:
    settings = document.settings.element
    if update_fields and settings.find(qn("w:updateFields")) is None:
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


def properties(document: DocxDocument, model: DocModel) -> None:
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
