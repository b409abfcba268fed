"""The programme, a local plan or a training plan as a Word document."""

from __future__ import annotations

import contextlib
import errno
import io
import os
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement
from docx.shared import Cm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from stratplan.core.errors import ExportLockedError
from stratplan.core.export.contents import Contents, page_numbers
from stratplan.core.export.cross_refs import point_bookmark, references_for
from stratplan.core.export.document import (
    DocActivity,
    DocAnnex,
    DocIndicator,
    DocModel,
    DocPoint,
    decision_label,
    labels,
)
from stratplan.core.export.docx_figures import add_figures
from stratplan.core.export.docx_package import footer, properties, settings_and_language
from stratplan.core.export.language_tags import (
    guess_language,
    point_language,
    word_tag,
)
from stratplan.core.export.locale_text import country_name, long_date
from stratplan.core.export.md_to_docx import add_caption, add_markdown
from stratplan.core.export.tables import column_widths, data_table
from stratplan.core.export.template import (
    DATA_TABLE_STYLE,
    DECISION_STYLE,
    FIELDS_TABLE_STYLE,
    LABEL_STYLE,
    LINK_STYLE,
    SUMMARY_STYLE,
    TABLE_TEXT_STYLE,
    TOC_STYLES,
    WARNING_STYLE,
    check_template,
    ensure_stratplan_styles,
    reference_document,
)
from stratplan.core.export.training import activity_rows, activity_title
from stratplan.core.export.word_numbering import (
    NumberingState,
    set_paragraph_style,
)
from stratplan.core.export.word_strings import attr, paragraph_xml
from stratplan.core.export.word_xml import (
    Target,
    add_run,
    looks_rtl,
    make_linked_runs,
    make_rtl,
    make_run,
    new_paragraph,
    sanitize,
)
from stratplan.core.messages import Message, msg

# Marks a point of the organisation's own, numbered in the programme's scheme.
LOCAL_MARK = "★"
WARNING_COLOR = "C00000"  # for a template without StratPlan's warning style


def _paragraph(container: DocxDocument | _Cell | Target, state: NumberingState, text: str,
               style: str | None = None, *, bold: bool = False, italic: bool = False,
               reuse: Paragraph | None = None, keep_next: bool = False,
               space_after_twips: int | None = None, refs: bool = False) -> Paragraph:
    """A paragraph of plain text; Arabic or Hebrew text runs right to left.

    With `refs`, "see 2.3" in the text links to point 2.3 (never in headings or labels).
    """
    if reuse is not None:
        p = reuse
        if style:
            set_paragraph_style(p, state, style)
    else:
        target = container if isinstance(container, Target) else Target(container)
        p = new_paragraph(target, state.style_id(style) if style else None,
                          keep_next=keep_next, space_after_twips=space_after_twips)
    if text:
        pieces = (state.references.split(text) if refs and state.references is not None
                  else [(text, "")])
        if len(pieces) > 1 or pieces[0][1]:
            make_linked_runs(p._p, pieces, link_style=state.style_id(LINK_STYLE) or "",
                             bold=bold, italic=italic, lang=state.run_lang)
        else:
            make_run(p._p, text, bold=bold, italic=italic, lang=state.run_lang)
    if looks_rtl(text):
        make_rtl(p)
    return p


def _clear_body(document: DocxDocument) -> None:
    """Remove a custom template's sample text; its styles, page set-up and headers stay."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def subtitle(model: DocModel) -> str:
    """What the document is and whose: never the title again."""
    meta = model.meta
    t = labels(meta.language)
    title = " ".join(sanitize(meta.title).split()).casefold()
    kind = t.get(meta.kind, "")
    if kind.casefold() == title:
        # The title already says what it is: say what kind of work it plans instead.
        kind = t["peer_training"] if meta.kind == "training_plan" else ""
    owner = sanitize(meta.organisation or meta.coalition).strip()
    parts = [p for p in (kind, owner) if p]
    release = sanitize(meta.release).strip()
    if release and meta.kind == "programme":
        parts.append(f"{t['release_of']} {release}")
    return " · ".join(parts)


def cover_facts(model: DocModel) -> list[tuple[str, str]]:
    """The cover's labelled facts: coalition, organisation, country and date in words."""
    meta = model.meta
    t = labels(meta.language)
    return [(t[key], value) for key, value in (
        ("coalition", meta.coalition), ("organisation", meta.organisation),
        ("country", country_name(meta.country, meta.language)), ("release", meta.release),
        ("date", long_date(meta.date, meta.language)),
    ) if sanitize(value).strip()]


def _cover(document: DocxDocument, model: DocModel, state: NumberingState) -> None:
    meta = model.meta
    title = _paragraph(document, state, meta.title, "Title")
    title.paragraph_format.space_before = Pt(120)
    below = subtitle(model)
    if below:  # an empty Subtitle line would only push the facts down
        _paragraph(document, state, below, "Subtitle")
    rows = cover_facts(model)
    if rows:
        _label_table(document, state, [(label, [value], False, "") for label, value in rows],
                     int(Cm(4)) // 635)


def _toc(document: DocxDocument, model: DocModel, state: NumberingState,
         contents: Contents) -> None:
    t = labels(model.meta.language)
    heading = _paragraph(document, state, t["contents"],
                         "TOC Heading" if state.has_style("TOC Heading") else "Title")
    heading.paragraph_format.page_break_before = True
    contents.anchor = heading._p


def _label_table(document: DocxDocument, state: NumberingState,
                 rows: list[tuple[str, list[str], bool, str]], label_twips: int) -> None:
    """A two-column table of labels and values, styled by the field table style.

    Each row is a label, its lines, whether they are a bulleted list and their language tag
    ("" for the text being written now); labels are in the document's language. Built as one
    XML string: element by element, the field tables were a quarter of a large export.
    """
    value_twips = state.block_width() // 635 - label_twips
    style_id = state.style_id(FIELDS_TABLE_STYLE) or state.style_id("Table Grid")
    bullet = state.style_id("List Bullet")
    text_style = state.style_id(TABLE_TEXT_STYLE)
    label_style = state.style_id(LABEL_STYLE) or ""
    link_style = state.style_id(LINK_STYLE) or ""
    xml = [f'<w:tbl {nsdecls("w")}><w:tblPr>'
           + (f'<w:tblStyle w:val="{attr(style_id)}"/>' if style_id else "")
           + f'<w:tblW w:w="{label_twips + value_twips}" w:type="dxa"/>'
           '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="0" w:lastRow="0" '
           'w:firstColumn="1" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
           f'<w:tblGrid><w:gridCol w:w="{label_twips}"/><w:gridCol w:w="{value_twips}"/>'
           "</w:tblGrid>"]
    label_cell = f'<w:tc><w:tcPr><w:tcW w:w="{label_twips}" w:type="dxa"/></w:tcPr>'
    value_cell = f'<w:tc><w:tcPr><w:tcW w:w="{value_twips}" w:type="dxa"/></w:tcPr>'
    for n, (label, lines, bulleted, lang) in enumerate(rows):
        xml.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>" + label_cell)
        # The first row keeps with the second: a table never starts with one row at the foot
        # of a page, apart from the heading that is kept with it.
        keep = n == 0 and len(rows) > 1
        # Every point repeats the same labels: each label's paragraph is written once.
        cached = None if keep else state.label_cells.get(label)
        if cached is None:
            cached = paragraph_xml(label, style_id=text_style, lang=state.language_tag,
                                   run_style=label_style, bold=not label_style, keep_next=keep)
            if not keep:
                state.label_cells[label] = cached
        xml.append(cached)
        xml.append("</w:tc>" + value_cell)
        # Spacing and size come from the styles: restyling them in Word changes every table.
        xml.extend(paragraph_xml(line, style_id=bullet if bulleted else text_style,
                                 lang=lang or state.run_lang, refs=state.references,
                                 link_style=link_style, keep_next=keep) for line in lines)
        xml.append("</w:tc></w:tr>")
    xml.append("</w:tbl>")
    target = Target(document)
    target.insert(parse_xml("".join(xml)))
    new_paragraph(target)  # room between the table and the body text


def _fields_table(document: DocxDocument, point: DocPoint, language: str,
                  state: NumberingState) -> None:
    t = labels(language)
    rows: list[tuple[str, list[str], bool, str]] = []  # label, lines, bulleted, language

    def add(key: str, value: str) -> None:
        value = sanitize(value).strip()
        if value:
            rows.append((t[key], [value], False, ""))

    add("objective", point.objective)
    actions = [a for a in (sanitize(a).strip() for a in point.actions) if a]
    if actions:
        rows.append((t["actions"], actions, True, ""))
    indicators = [line for line in (indicator_line(i, t["sep"]) for i in point.indicators)
                  if line]
    if indicators:
        rows.append((t["indicators"], indicators, False, ""))
    add("responsible", point.responsible)
    add("timeline", timeline(point.start, point.end, language))
    add("resources", point.resources)
    add("level", t.get(point.level, point.level) if point.level else "")
    add("tags", ", ".join(sanitize(tag).strip() for tag in point.tags if sanitize(tag).strip()))
    if rows:
        _label_table(document, state, rows, int(Cm(4.6)) // 635)


def timeline(start: str, end: str, language: str = "") -> str:
    """ "1 January 2027 – 31 December 2027" in the language, or the half that is known;
    free text ("Q3 2027") is printed as written, and ISO dates without a language."""
    start, end = sanitize(start).strip(), sanitize(end).strip()
    if language:
        start, end = long_date(start, language), long_date(end, language)
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


def not_applicable_text(point: DocPoint, language: str) -> str:
    """The one line a point set aside in a local plan prints instead of its text."""
    t = labels(language)
    reason = sanitize(point.decision_note).strip()
    return f"{t['not_applicable']} — {t['reason']}{t['sep']}{reason}" if reason \
        else f"{t['not_applicable']}."


def _point_heading(document: DocxDocument, point: DocPoint, state: NumberingState,
                   contents: Contents, number: str, lang: str) -> Paragraph:
    title = sanitize(point.title).strip()
    text = f"{number} {title}" if number else title
    if point.decision == "local":
        text = f"{text} {LOCAL_MARK}"  # in the contents too
    heading = _paragraph(document, state, text, "Heading 2")  # kept with what follows by its style
    contents.bookmark(heading, 2, text, point_bookmark(number) if number else f"Point_{title}",
                      lang=lang)
    return heading


def _point(document: DocxDocument, point: DocPoint, model: DocModel,
           state: NumberingState, contents: Contents, number: str) -> None:
    """Write one plan point, its text tagged with the language it is written in."""
    language = model.meta.language
    t = labels(language)
    lang = word_tag(point_language(point.language, point.title, point.summary,
                                   point.objective, point.body)) or state.language_tag
    state.run_lang = lang  # the caller sets it back to the document's
    if point.decision == "not_applicable":
        # Set aside here: the heading and one line with the reason, not the whole text.
        _point_heading(document, point, state, contents, number, lang)
        p = _paragraph(document, state, "", DECISION_STYLE)
        p.paragraph_format.keep_with_next = False
        reason = sanitize(point.decision_note).strip()
        label_style = state.style_id(LABEL_STYLE) or ""
        make_run(p._p, f"{t['not_applicable']}" + (f" — {t['reason']}{t['sep']}" if reason
                                                    else "."),
                 bold=not label_style, style=label_style, lang=state.language_tag)
        if reason:  # the organisation's own words, in the document's language
            add_run(p, reason, lang=state.language_tag)
            if looks_rtl(reason):
                make_rtl(p)
        return
    _point_heading(document, point, state, contents, number, lang)
    summary = sanitize(point.summary).strip()
    if summary:
        _paragraph(document, state, summary, SUMMARY_STYLE, refs=True)
    decision = decision_text(point, language)
    if point.decision == "local":
        decision = f"{decision} ({LOCAL_MARK} {t['local_mark']})"
    if decision:
        p = _paragraph(document, state, "", DECISION_STYLE)
        label_style = state.style_id(LABEL_STYLE) or ""
        make_run(p._p, f"{t['decision']}{t['sep']}", bold=not label_style, style=label_style,
                 lang=state.language_tag)
        add_run(p, decision, lang=state.language_tag)
        if looks_rtl(decision):
            make_rtl(p)
    if point.changed_upstream:
        p = _paragraph(document, state, "", DECISION_STYLE)
        warning = state.style_id(WARNING_STYLE) or ""
        make_run(p._p, f"⚠ {t['changed_upstream']}", bold=not warning, style=warning,
                 color="" if warning else WARNING_COLOR, lang=state.language_tag)
    _fields_table(document, point, language, state)
    add_markdown(document, point.body, numbering_state=state, heading_level=3)
    add_figures(document, state, point.figures)


def _activity(document: DocxDocument, activity: DocActivity, model: DocModel,
              state: NumberingState, contents: Contents, number: str) -> None:
    """A pairing of the training plan: its heading, then its facts in a field table."""
    text = f"{number} {activity_title(activity)}"
    heading = _paragraph(document, state, text, "Heading 2")
    contents.bookmark(heading, 2, text, point_bookmark(number))
    rows = [(row.label, list(row.lines), False,
             word_tag(guess_language(*row.lines)) if row.prose else "")
            for row in activity_rows(activity, model.meta.language)]
    if rows:
        _label_table(document, state, rows, int(Cm(4.6)) // 635)


def _section_break(document: DocxDocument, *, landscape: bool) -> None:
    """End the section so far: a paragraph holding a copy of the page set-up, turned or not."""
    final = document.element.body.find(qn("w:sectPr"))
    sect = parse_xml(etree.tostring(final)) if final is not None else OxmlElement("w:sectPr")
    for ref in sect.findall(qn("w:headerReference")) + sect.findall(qn("w:footerReference")):
        sect.remove(ref)
    _orient(sect, landscape)
    p = new_paragraph(Target(document))
    p._p.get_or_add_pPr().append(sect)


def _orient(sect: Any, landscape: bool) -> None:
    size = sect.find(qn("w:pgSz"))
    if size is None:
        return
    w, h = int(size.get(qn("w:w"), "11906")), int(size.get(qn("w:h"), "16838"))
    if landscape != (w > h):
        size.set(qn("w:w"), str(h))
        size.set(qn("w:h"), str(w))
    if landscape:
        size.set(qn("w:orient"), "landscape")
    elif qn("w:orient") in size.attrib:
        del size.attrib[qn("w:orient")]


def _annex(document: DocxDocument, annex: DocAnnex, model: DocModel,
           state: NumberingState, contents: Contents, n: int, *, last: bool) -> None:
    t = labels(model.meta.language)
    cols = max([len(annex.header), *(len(r) for r in annex.rows)], default=0)
    rows = [tuple(str(v) for v in r) for r in annex.rows]
    portrait = state.block_width() // 635
    widths, fits = column_widths(rows, portrait, header=annex.header)
    landscape = False
    if not fits:
        section = document.sections[-1]
        wide = int((section.page_height or Cm(29.7)) - (section.top_margin or 0)
                   - (section.bottom_margin or 0)) // 635
        widths, _ = column_widths(rows, wide, header=annex.header)
        landscape = True
        _section_break(document, landscape=False)  # what came before stays portrait
    text = f"{t['annex']}{t['sep']}{sanitize(annex.title).strip()}"
    heading = _paragraph(document, state, text, "Heading 1")
    contents.bookmark(heading, 1, text, f"Annex_{n}")
    for line in annex.intro:
        _paragraph(document, state, line, keep_next=True)
    if cols:
        add_caption(Target(document), state, sanitize(annex.title).strip())
        Target(document).insert(data_table(
            annex.header, rows, widths,
            state.style_id(DATA_TABLE_STYLE) or state.style_id("Table Grid"),
            lang=state.language_tag, text_style=state.style_id(TABLE_TEXT_STYLE) or ""))
        new_paragraph(Target(document))  # keeps two tables apart
    if landscape:
        if last:  # the document's own last section turns instead: no empty page after it
            final = document.element.body.find(qn("w:sectPr"))
            if final is not None:
                _orient(final, True)
        else:
            _section_break(document, landscape=True)


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


def _save_error(path: Path, exc: OSError) -> Message:
    if isinstance(exc, IsADirectoryError) or path.is_dir():
        return msg("{path} is a folder. Choose a file name for the export.", path=path)
    if isinstance(exc, FileNotFoundError):
        return msg("The folder {folder} does not exist. Choose another folder.", folder=path.parent)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return msg("The disk is full: {name} was not written. Free some space and try again.",
                   name=path.name)
    return msg("{name} cannot be written: it is open in another program (Word?). Close it and "
               "try again. If it is not open, the folder may be read-only: choose another.",
               name=path.name)


def _number(point: DocPoint, section: int, position: int) -> str:
    """The printed number: a local point ("L.2") takes its place in the programme's scheme."""
    number = sanitize(point.number).strip()
    if point.decision == "local" and (not number or number.startswith("L.")):
        return f"{section}.{position}"
    return number


def write_docx(model: DocModel, path: Path, *, template: Path | None = None,
               page_numbers_pass: bool = False) -> None:
    """Write the document to `path` as .docx, styled by `template` or StratPlan's own.

    The contents field always lists the headings; with `page_numbers_pass` and LibreOffice
    installed, one rendering finds their page numbers (otherwise Word fills them in).
    """
    document = check_template(template) if template is not None else reference_document()
    _clear_body(document)
    ensure_stratplan_styles(document)
    state = NumberingState(document)
    labels_ = labels(model.meta.language)
    state.language_tag = state.run_lang = word_tag(model.meta.language) or "en-GB"
    state.table_word = labels_["table"]
    state.caption_sep = labels_["sep"]
    state.figure_word = labels_["figure"]
    contents = Contents(language_tag=state.language_tag)
    state.references = references_for(
        [_number(point, n, i) for n, section in enumerate(model.sections, start=1)
         for i, point in enumerate(section.points, start=1)]
        + [sanitize(a.number).strip() or f"{n}.{i}"
           for n, section in enumerate(model.sections, start=1)
           for i, a in enumerate(section.activities, start=1)], model.meta.language)
    _cover(document, model, state)
    _toc(document, model, state, contents)
    numbers = section_numbers(model)
    for n, section in enumerate(model.sections, start=1):
        text = f"{numbers[n - 1]} {sanitize(section.title).strip()}".strip()
        contents.bookmark(_paragraph(document, state, text, "Heading 1"), 1, text, f"Section_{n}")
        if section.intro:
            add_markdown(document, section.intro, numbering_state=state, heading_level=2)
        add_figures(document, state, section.figures)
        if not section.points and not section.activities and not section.intro:
            empty = "no_activities" if model.meta.kind == "training_plan" else "no_points"
            _paragraph(document, state, labels_[empty], italic=True)
        for i, point in enumerate(section.points, start=1):
            _point(document, point, model, state, contents, _number(point, n, i))
            state.run_lang = state.language_tag
        for i, activity in enumerate(section.activities, start=1):
            _activity(document, activity, model, state, contents,
                      sanitize(activity.number).strip() or f"{n}.{i}")
    for n, annex in enumerate(model.annexes, start=1):
        _annex(document, annex, model, state, contents, n, last=n == len(model.annexes))
    footer(document, model, state)
    properties(document, model)
    fill_contents(document, model, state, contents, page_numbers_pass=page_numbers_pass)
    _save(document, path)


def section_numbers(model: DocModel) -> list[str]:
    """Each section's printed number ("1.", "2."...), "" for an unnumbered one."""
    out, n = [], 0
    for section in model.sections:
        n += section.numbered
        out.append(f"{n}." if section.numbered else "")
    return out


def fill_contents(document: DocxDocument, model: DocModel, state: NumberingState,
                  contents: Contents, *, page_numbers_pass: bool) -> bool:
    """Write the contents entries, with page numbers from LibreOffice when asked and possible.

    Returns whether the numbers were found. Without them the field is marked for Word to
    update when the file opens.
    """
    def style(level: int) -> str | None:
        return state.style_id(TOC_STYLES[min(level, len(TOC_STYLES)) - 1])

    numbers = None
    if page_numbers_pass:
        contents.fill(style, numbers=None, placeholder=True, dirty=False)
        numbers = page_numbers(lambda p: _save(document, p), contents.headings)
    complete = bool(numbers) and len(numbers or {}) == len(contents.headings)
    contents.fill(style, numbers=numbers, dirty=not complete)
    settings_and_language(document, model, update_fields=not complete)
    return complete
