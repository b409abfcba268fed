"""Charts in a Word document: the picture with its alternative text, then a numbered caption."""

from __future__ import annotations

import io

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm

from stratplan.core.export.document import DocFigure
from stratplan.core.export.word_numbering import NumberingState
from stratplan.core.export.word_xml import Target, make_run, new_paragraph, sanitize, sub_element

_WIDTH = Cm(15.5)  # the text width of an A4 page with StratPlan's margins


def add_figures(document: DocxDocument, state: NumberingState, figures: tuple[DocFigure, ...]) -> None:
    """Each figure centred at the text width, kept with its caption "Figure 2: title"."""
    for figure in figures:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        shape = paragraph.add_run().add_picture(io.BytesIO(figure.png), width=_WIDTH)
        # Screen readers read the description; the title alone would repeat the caption.
        shape._inline.docPr.set("descr", sanitize(figure.alt or figure.title))
        shape._inline.docPr.set("title", sanitize(figure.title))
        state.figures += 1
        caption = new_paragraph(Target(document), state.style_id("Caption"))
        make_run(caption._p, f"{state.figure_word} ", lang=state.language_tag)
        field = sub_element(caption._p, "fldSimple")
        field.set(qn("w:instr"), " SEQ Figure \\* ARABIC ")
        make_run(field, str(state.figures), lang=state.language_tag)
        make_run(caption._p, f"{state.caption_sep.rstrip()} {sanitize(figure.title).strip()}",
                 lang=state.language_tag)
