"""The contents page: bookmarked headings, a TOC field that already holds its entries, page numbers.

Word rebuilds a TOC field when asked, but LibreOffice and every PDF show the field's stored
result as it is. So the result is written here: one "toc N" paragraph per heading, a link to
the heading's bookmark and a PAGEREF field whose shown number comes from a LibreOffice
rendering when LibreOffice is installed (and is left out otherwise, for Word to fill in).
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph

from stratplan.core.errors import StratplanError
from stratplan.core.export import libreoffice
from stratplan.core.export.word_xml import sanitize

TOC_LEVELS = 2  # sections and annexes, then points; a point's own headings stay out
TOC_INSTRUCTION = f' TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u '
# Shown while the page pass renders: as wide as real numbers, so lines wrap the same way.
_PLACEHOLDER = "000"
_SKIPPED = frozenset({"Cf", "Co", "Cs", "So", "Sk"})
_BOOKMARK_CHARS = re.compile(r"[^A-Za-z0-9_]")


@dataclass
class Heading:
    level: int
    text: str
    bookmark: str
    lang: str = ""  # Word's tag of the heading's language, "" for the document's


@dataclass
class Contents:
    """The headings written so far, and the contents paragraph that receives the entries."""

    anchor: Any = None  # the paragraph after which the entries go
    language_tag: str = ""  # the document's language, for headings without their own
    headings: list[Heading] = field(default_factory=list)
    _names: set[str] = field(default_factory=set)
    _entries: list[Any] = field(default_factory=list)
    _numbers: dict[str, Any] = field(default_factory=dict)  # bookmark -> its number's w:t

    def bookmark(self, paragraph: Paragraph, level: int, text: str, name: str, *,
                 lang: str = "") -> str:
        """Bookmark a heading for the contents (and for cross-references); returns the name."""
        base = _BOOKMARK_CHARS.sub("_", name)[:36] or "Heading"
        if not base[0].isalpha():
            base = f"H{base}"[:36]
        unique, n = base, 1
        while unique in self._names:
            n += 1
            unique = f"{base}_{n}"
        self._names.add(unique)
        mark_id = str(len(self._names))
        p = paragraph._p
        start = p.makeelement(qn("w:bookmarkStart"), {qn("w:id"): mark_id, qn("w:name"): unique})
        end = p.makeelement(qn("w:bookmarkEnd"), {qn("w:id"): mark_id})
        ppr = p.find(qn("w:pPr"))
        if ppr is not None:
            ppr.addnext(start)
        else:
            p.insert(0, start)
        p.append(end)
        self.headings.append(Heading(level, " ".join(sanitize(text).split()), unique, lang))
        return unique

    def fill(self, style_ids: Callable[[int], str | None], *, numbers: dict[str, str] | None,
             placeholder: bool = False, dirty: bool = True) -> None:
        """(Re)write the field's entries: numbers given, placeholders, or none at all."""
        for old in self._entries:
            old.getparent().remove(old)
        self._entries, self._numbers = [], {}
        after = self.anchor
        count = len(self.headings)
        entries = []
        for i, heading in enumerate(self.headings):
            if numbers is not None:
                shown: str | None = numbers.get(heading.bookmark, "")
            else:
                shown = _PLACEHOLDER if placeholder else None
            entries.append(_entry_xml(heading, style_ids(heading.level), shown,
                                      heading.lang or self.language_tag,
                                      first=i == 0, last=i == count - 1, dirty=dirty))
        # Parsed in one go: one parse per entry was a tenth of a 2,500-point export.
        for p in list(parse_xml(f"<w:body {nsdecls('w')}>{''.join(entries)}</w:body>")):
            after.addnext(p)
            after = p
            self._entries.append(p)
        if not self.headings:
            p = parse_xml(f"<w:p {nsdecls('w')}>{_field_begin(dirty)}{_field_end()}</w:p>")
            after.addnext(p)
            self._entries.append(p)


def _field_begin(dirty: bool) -> str:
    flag = ' w:dirty="true"' if dirty else ""
    return (f'<w:r><w:fldChar w:fldCharType="begin"{flag}/></w:r>'
            f'<w:r><w:instrText xml:space="preserve">{TOC_INSTRUCTION}</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')


def _field_end() -> str:
    return '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def _entry_xml(heading: Heading, style_id: str | None, shown: str | None, lang: str, *,
               first: bool, last: bool, dirty: bool) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>' if style_id else ""
    rpr = f'<w:rPr><w:lang w:val="{escape(lang)}"/></w:rPr>' if lang else ""
    page = ""
    if shown is not None:
        # Word's own TOC entries: a tab to the right-aligned dotted stop, then PAGEREF.
        page = ('<w:r><w:tab/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r><w:instrText xml:space="preserve"> PAGEREF {heading.bookmark} \\h '
                '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                f"<w:r><w:t>{escape(shown)}</w:t></w:r>"
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    return (f"<w:p>{ppr}{_field_begin(dirty) if first else ''}"
            f"<w:hyperlink w:anchor={quoteattr(heading.bookmark)} w:history=\"1\">"
            f'<w:r>{rpr}<w:t xml:space="preserve">{escape(heading.text)}</w:t></w:r>{page}'
            f"</w:hyperlink>{_field_end() if last else ''}</w:p>")


def _norm(text: str) -> str:
    """Text compared without spaces, line ends, soft hyphens, ligatures or bidi marks."""
    text = unicodedata.normalize("NFKC", text)
    # Emoji and other symbols may be missing from the font or come out as other code points.
    return "".join(c for c in text if not c.isspace()
                   and unicodedata.category(c) not in _SKIPPED).casefold()


def find_pages(headings: list[Heading], pages: list[str]) -> dict[str, str]:
    """The page number (1 = the cover) of each heading in a rendering's page texts.

    The contents pages list every heading too; they end on the first page that names the
    last heading, so the search for the headings themselves starts after it.
    """
    if not headings or not pages:
        return {}
    normed = [_norm(p) for p in pages]
    last = _norm(headings[-1].text)
    toc_end = next((i for i in range(1, len(normed)) if last in normed[i]), 0)
    found: dict[str, str] = {}
    page = toc_end + 1
    for heading in headings:
        text = _norm(heading.text)
        at = next((i for i in range(page, len(normed)) if text in normed[i]), None)
        number, _, title = heading.text.partition(" ")
        if at is None and title:
            # Right-to-left titles come out of the PDF after their number, not before.
            parts = (_norm(number), _norm(title))
            at = next((i for i in range(page, len(normed))
                       if all(part in normed[i] for part in parts)), None)
        if at is None:
            continue  # not found (an unusual font or script): Word fills it in
        found[heading.bookmark] = str(at + 1)
        page = at
    return found


def page_numbers(save: Callable[[Path], None], headings: list[Heading]) -> dict[str, str] | None:
    """Render the document once with LibreOffice and read where each heading fell.

    None when LibreOffice or pdftotext is missing or the rendering fails.
    """
    if not headings or libreoffice.soffice() is None or libreoffice.pdftotext() is None:
        return None
    with tempfile.TemporaryDirectory(prefix="stratplan-toc-") as tmp:
        docx_path = Path(tmp) / "contents.docx"
        save(docx_path)
        pdf = Path(tmp) / "contents.pdf"
        try:
            libreoffice.convert(docx_path, pdf, "pdf")
        except StratplanError:  # the optional pass failed: the entries go without numbers
            return None
        texts = libreoffice.pdf_pages_text(pdf)
    if texts is None:
        return None
    return find_pages(headings, texts)
