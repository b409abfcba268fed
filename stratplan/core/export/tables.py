"""Tables that read: column widths from their content, header rows that repeat, rows kept whole.

Widths are estimated from character counts (no font metrics in the core): every column is at
least as wide as its longest word, so no cell breaks a word, and the room left goes to the
columns with the most text (titles wide, numbers narrow).
"""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from stratplan.core.export.word_xml import sanitize

# Twips per character of 10-point Calibri, with room for wide letters and bold headers.
# Calibri (or Carlito) needs about 105; the margin covers a wider fallback font.
CHAR_TWIPS = 120
HEADER_CHAR_TWIPS = 140  # bold
CELL_PADDING = 2 * 85 + 60  # the table style's cell margins and a little air
_BREAKS = re.compile(r"[ \t\n]+")  # where a line may break: not at a no-break space
_NUMBER = re.compile(r"^[\s\d.,:/%()+\-–−]*(?:of|iš|sur|de)?[\s\d.,:/%()+\-–−]*$")


def _longest_word(text: str) -> int:
    return max((len(word) for word in _BREAKS.split(text)), default=0)


def column_widths(rows: list[tuple[str, ...]], available: int, *,
                  header: tuple[str, ...] = ()) -> tuple[list[int], bool]:
    """Widths in twips summing to `available`, and whether every longest word fits."""
    cols = max([len(header), *(len(r) for r in rows)], default=0)
    if cols == 0:
        return [], True
    least = [CELL_PADDING + max(
        CHAR_TWIPS * max((_longest_word(r[c]) for r in rows if c < len(r)), default=1),
        HEADER_CHAR_TWIPS * (_longest_word(header[c]) if c < len(header) else 0))
        for c in range(cols)]
    rows = [*rows, header] if header else rows
    wanted = [max(least[c], CELL_PADDING + CHAR_TWIPS * max(
        (len(r[c]) for r in rows if c < len(r)), default=1)) for c in range(cols)]
    if sum(least) > available:
        scale = available / sum(least)
        return [int(w * scale) for w in least], False
    extra = available - sum(least)
    need = [w - m for w, m in zip(wanted, least, strict=True)]
    if sum(need) <= extra:
        widths = list(wanted)
        spare = available - sum(widths)
        # The column with the most text (a title) takes what is left.
        widest = max(range(cols), key=lambda c: wanted[c])
        widths[widest] += spare
    else:
        widths = [m + int(n * extra / sum(need)) for m, n in zip(least, need, strict=True)]
        widths[max(range(cols), key=lambda c: need[c])] += available - sum(widths)
    return widths, True


def numeric_columns(rows: list[tuple[str, ...]]) -> list[bool]:
    """Columns whose body cells are all figures ("24", "24 of 27 (89%)", "8/9"): right-aligned."""
    cols = max((len(r) for r in rows), default=0)
    return [all(_NUMBER.match(r[c]) for r in rows if c < len(r) and r[c].strip())
            and any(c < len(r) and r[c].strip() for r in rows) for c in range(cols)]


def data_table(header: tuple[str, ...], rows: list[tuple[str, ...]], widths: list[int],
               style_id: str | None, *, lang: str = "", text_style: str = "") -> Any:
    """A w:tbl: the header row repeats on every page and no row is split across two pages;
    each cell's paragraph in the paragraph style `text_style` (its id), if given."""
    cells = [tuple(sanitize(str(v)).strip() for v in r) for r in rows]
    head = tuple(sanitize(str(v)).strip() for v in header)
    right = numeric_columns(cells)
    cols = len(widths)
    rpr = f'<w:rPr><w:lang w:val="{escape(lang)}"/></w:rPr>' if lang else ""
    style = f'<w:tblStyle w:val="{style_id}"/>' if style_id else ""
    look = "1" if head else "0"
    pstyle = f'<w:pStyle w:val="{escape(text_style)}"/>' if text_style else ""
    xml = [f"<w:tbl {nsdecls('w')}><w:tblPr>{style}<w:tblW w:w=\"{sum(widths)}\" w:type=\"dxa\"/>"
           '<w:tblLayout w:type="fixed"/>'
           f'<w:tblLook w:val="04A0" w:firstRow="{look}" w:lastRow="0" w:firstColumn="0" '
           'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>'
           + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"]
    body = ([(head, True)] if head else []) + [(r, False) for r in cells]
    for values, is_header in body:
        xml.append("<w:tr><w:trPr><w:cantSplit/>"
                   + ("<w:tblHeader/>" if is_header else "") + "</w:trPr>")
        for c in range(cols):
            value = values[c] if c < len(values) else ""
            jc = '<w:jc w:val="right"/>' if right[c] and not is_header else ""
            # The header row keeps with the first row, never alone at the foot of a page.
            keep = "<w:keepNext/>" if is_header and cells else ""
            ppr = f"<w:pPr>{pstyle}{keep}{jc}</w:pPr>" if jc or pstyle or keep else ""
            run = (f'<w:r>{rpr}<w:t xml:space="preserve">{escape(value)}</w:t></w:r>'
                   if value else "")
            xml.append(f'<w:tc><w:tcPr><w:tcW w:w="{widths[c]}" w:type="dxa"/></w:tcPr>'
                       f"<w:p>{ppr}{run}</w:p></w:tc>")
        xml.append("</w:tr>")
    xml.append("</w:tbl>")
    return parse_xml("".join(xml))


