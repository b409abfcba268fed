"""The proposal book as a Word document: contents, proposals with line numbers, their amendments
shown inline (insertions underlined, deletions struck through, through character styles an
organisation can restyle in Word), and the voting rules."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from stratplan.core.export.book_model import (
    BookAmendment,
    BookProposal,
    ProposalBook,
    book_labels,
    where_text,
)
from stratplan.core.export.contents import Contents
from stratplan.core.export.document import DocModel, labels
from stratplan.core.export.docx_package import footer, properties
from stratplan.core.export.docx_writer import _clear_body, _save, fill_contents
from stratplan.core.export.language_tags import word_tag
from stratplan.core.export.locale_text import long_date
from stratplan.core.export.template import (
    SUMMARY_STYLE,
    ensure_stratplan_styles,
    reference_document,
)
from stratplan.core.export.word_numbering import NumberingState
from stratplan.core.export.word_xml import (
    Target,
    looks_rtl,
    make_rtl,
    make_run,
    new_paragraph,
    sanitize,
)

INSERTED_STYLE = "Inserted Text"
DELETED_STYLE = "Deleted Text"
LINE_NUMBER_STYLE = "Line Number"  # Word's own name for the style of line numbers
_W = nsdecls("w")
_CHAR_STYLES = {
    INSERTED_STYLE: ("StratPlanInserted", '<w:color w:val="1F6F2F"/><w:u w:val="single"/>'),
    DELETED_STYLE: ("StratPlanDeleted", '<w:strike/><w:color w:val="C00000"/>'),
    LINE_NUMBER_STYLE: ("LineNumber", '<w:color w:val="7F7F7F"/><w:sz w:val="16"/><w:szCs w:val="16"/>'),
}
_KIND_STYLES = {"insert": INSERTED_STYLE, "delete": DELETED_STYLE}
_NUMBER_TAB = Cm(1.0)


def _ensure_book_styles(document: DocxDocument) -> None:
    """The book's character styles, unless the template brings its own."""
    names = {s.name for s in document.styles}
    for name, (style_id, rpr) in _CHAR_STYLES.items():
        if name not in names:
            document.styles.element.append(parse_xml(
                f'<w:style {_W} w:type="character" w:customStyle="1" w:styleId="{style_id}">'
                f'<w:name w:val="{name}"/><w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/>'
                f"<w:rPr>{rpr}</w:rPr></w:style>"))


def _text(document: DocxDocument, state: NumberingState, text: str, style: str | None = None, *,
          bold: bool = False, italic: bool = False) -> Paragraph:
    p = new_paragraph(Target(document), state.style_id(style) if style else None)
    if text:
        make_run(p._p, text, bold=bold, italic=italic, lang=state.run_lang)
    if looks_rtl(text):
        make_rtl(p)
    return p


def _rtl_run(run: Any, text: str) -> None:
    """Arabic or Hebrew text in a left-to-right line: only its run reads right to left, so the line
    number stays in the margin and the words around it keep their order."""
    if looks_rtl(text):
        rpr = run.find(qn("w:rPr"))
        if rpr is None:
            rpr = run.makeelement(qn("w:rPr"), {})
            run.insert(0, rpr)
        rtl = rpr.makeelement(qn("w:rtl"), {})
        lang = rpr.find(qn("w:lang"))  # the schema puts w:rtl before w:lang
        if lang is not None:
            lang.addprevious(rtl)
        else:
            rpr.append(rtl)


def _tight(p: Paragraph) -> None:
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.space_before = Pt(0)


_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_CODE = re.compile(r"`([^`]+)`")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
# What is left of markup a wrap cut in two: a strong mark, a link's opening bracket or middle.
_LOOSE_STRONG = re.compile(r"\*\*|(?<!\w)__|__(?!\w)")
_LOOSE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(]))\[(?=[^\]\s][^\]]*$)")


def reading_line(line: str) -> tuple[str, bool]:
    """A numbered line as a delegate reads it on paper: a heading's text in bold, emphasis marks,
    code ticks and link syntax taken away ("text (address)"). Each line stays one line, so the
    numbers are those everybody quotes."""
    heading = _HEADING.match(line)
    text = line[heading.end():] if heading else line
    text = _LINK.sub(r"\1 (\2)", _CODE.sub(r"\1", _STRONG.sub(r"\2", text)))
    text = _LOOSE_OPEN.sub("", _LOOSE_STRONG.sub("", _EMPHASIS.sub(r"\1", text))).replace("](", " (")
    return text, bool(heading)


def _numbered_lines(document: DocxDocument, state: NumberingState, proposal: BookProposal) -> None:
    """One paragraph per numbered line: its number in the margin column, a tab, its text."""
    number_style = state.style_id(LINE_NUMBER_STYLE) or ""
    for number, raw in proposal.lines:
        line, heading = reading_line(raw)
        p = new_paragraph(Target(document))
        _tight(p)
        p.paragraph_format.left_indent = _NUMBER_TAB
        p.paragraph_format.first_line_indent = -_NUMBER_TAB
        p.paragraph_format.tab_stops.add_tab_stop(_NUMBER_TAB)
        make_run(p._p, f"{number}\t", style=number_style)
        _rtl_run(make_run(p._p, line, lang=state.run_lang, bold=heading), line)


def _amendment(document: DocxDocument, state: NumberingState, amendment: BookAmendment, language: str) -> None:
    t, sep = book_labels(language), labels(language)["sep"]
    head = f"{t['amendment']} {amendment.label} · {t[amendment.change]}, {where_text(amendment, language)}"
    _text(document, state, head, "Heading 4" if state.has_style("Heading 4") else "Heading 3")
    facts = [(t["proposed_by"], ", ".join(x for x in (amendment.organisation, amendment.author) if x)),
             (t["state"], t[amendment.state]), (labels(language)["reason"], amendment.reason)]
    if amendment.competes_with:
        facts.append((t["competes"], ", ".join(amendment.competes_with)))
    for label, value in facts:
        p = new_paragraph(Target(document))
        _tight(p)
        make_run(p._p, f"{label}{sep}", bold=True)
        make_run(p._p, value, lang=state.run_lang)
        if looks_rtl(value):
            make_rtl(p)
    for d in amendment.decisions:
        words = f"{t[d.decision]} ({d.organisation})" + (f"{sep}{d.reason}" if d.reason else "")
        if not d.counts:
            words += f" [{t['does_not_count']}]"
        _tight(_text(document, state, f"{t['decisions']}{sep}{words}", italic=not d.counts))
    # The passage with its change inline: the lines around it, struck and underlined runs.
    p = new_paragraph(Target(document))
    p.paragraph_format.left_indent = _NUMBER_TAB
    p.paragraph_format.space_before = Pt(4)
    for kind, text in amendment.segments:
        style = _KIND_STYLES.get(kind)
        _rtl_run(make_run(p._p, text, style=(state.style_id(style) or "") if style else "", lang=state.run_lang),
                 text)


def _cover_and_contents(document: DocxDocument, state: NumberingState, book: ProposalBook,
                        contents: Contents) -> None:
    language = book.meta.language
    title = _text(document, state, book.meta.title, "Title")
    title.paragraph_format.space_before = Pt(120)
    _text(document, state, " · ".join(x for x in (book.meta.organisation, book.meta.coalition) if x), "Subtitle")
    _text(document, state, long_date(book.meta.date, language))
    heading = _text(document, state, labels(language)["contents"],
                    "TOC Heading" if state.has_style("TOC Heading") else "Title")
    heading.paragraph_format.page_break_before = True
    contents.anchor = heading._p  # the entries go right after it, before the legend
    _text(document, state, book_labels(language)["legend"], SUMMARY_STYLE)


def _proposal(document: DocxDocument, state: NumberingState, proposal: BookProposal, contents: Contents,
              language: str) -> None:
    t = book_labels(language)
    text = f"{proposal.number} {sanitize(proposal.title).strip()}"
    contents.bookmark(_text(document, state, text, "Heading 2"), 2, text, f"Proposal_{proposal.number}")
    state.run_lang = word_tag(proposal.language) or state.language_tag
    if proposal.organisation:
        _text(document, state, f"{t['by_organisation']}{labels(language)['sep']}{proposal.organisation}")
    if proposal.summary:
        _text(document, state, proposal.summary, SUMMARY_STYLE)
    _numbered_lines(document, state, proposal)
    _text(document, state, t["amendments"], "Heading 3")
    if not proposal.amendments:
        _text(document, state, t["no_amendments"], italic=True)
    for amendment in proposal.amendments:
        _amendment(document, state, amendment, language)
    state.run_lang = state.language_tag


def _rules(document: DocxDocument, state: NumberingState, book: ProposalBook, contents: Contents) -> None:
    t = book_labels(book.meta.language)
    contents.bookmark(_text(document, state, t["voting_rules"], "Heading 1"), 1, t["voting_rules"], "Voting_rules")
    _text(document, state, t["amend_rules"])
    for round_ in book.rounds:
        _text(document, state, round_.title, bold=True)
        for line in round_.rules:
            _text(document, state, line)
    if not book.rounds:
        _text(document, state, t["no_rounds"], italic=True)


def write_book_docx(book: ProposalBook, path: Path, *, page_numbers_pass: bool = False) -> None:
    """Write the proposal book to `path` (.docx), on StratPlan's reference template."""
    document = reference_document()
    _clear_body(document)
    ensure_stratplan_styles(document)
    _ensure_book_styles(document)
    state = NumberingState(document)
    language = book.meta.language
    state.language_tag = state.run_lang = word_tag(language) or "en-GB"
    # The shared cover, footer and properties helpers read a document model's metadata.
    model = DocModel(meta=book.meta, sections=())
    contents = Contents(language_tag=state.language_tag)
    _cover_and_contents(document, state, book, contents)
    if not any(g.proposals for g in book.groups):
        _text(document, state, book_labels(language)["no_proposals"], italic=True)
    for n, group in enumerate(book.groups, start=1):
        text = f"{n}. {sanitize(group.title).strip()}"
        contents.bookmark(_text(document, state, text, "Heading 1"), 1, text, f"Group_{n}")
        for proposal in group.proposals:
            _proposal(document, state, proposal, contents, language)
    _rules(document, state, book, contents)
    footer(document, model, state)
    properties(document, model)
    fill_contents(document, model, state, contents, page_numbers_pass=page_numbers_pass)
    _save(document, path)
