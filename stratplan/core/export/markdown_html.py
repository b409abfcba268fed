"""Markdown to HTML for previews: raw HTML in the source is shown as text, never run."""

from __future__ import annotations

import html
import re

import markdown

EXTENSIONS = ["sane_lists", "tables", "fenced_code"]


def _safe_markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    # Without these two, <script>, <img src=...> and friends in a body stay literal text.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


_NESTED_ITEM = re.compile(r"^( {1,7})(?=(?:[-*+]|\d+[.)]) )", re.MULTILINE)


def normalise_list_indent(text: str) -> str:
    """Indent nested list items by multiples of four spaces.

    People (and most editors) nest lists with two or three spaces, as CommonMark allows;
    Python-Markdown needs four, or the sub-items run into their parent's text.
    """
    return _NESTED_ITEM.sub(lambda m: " " * (4 * -(-len(m.group(1)) // 4)), text)


def render_markdown(text: str) -> str:
    """HTML for a Markdown body; raw HTML is escaped so nothing in it can execute or load."""
    # Imported here: md_to_docx builds on this module (and python-docx), so not at the top.
    from stratplan.core.export.md_to_docx import normalise_nested_lists

    return _safe_markdown().convert(normalise_list_indent(normalise_nested_lists(text)))


def page(body_html: str, *, direction: str = "ltr") -> str:
    """Wrap a fragment in a minimal page for Qt's rich-text viewer."""
    return (
        f'<html><head><meta charset="utf-8"></head>'
        f'<body dir="{html.escape(direction)}">{body_html}</body></html>'
    )


def looks_right_to_left(text: str) -> bool:
    """True when most letters are Arabic or Hebrew, so the preview should run right to left."""
    rtl = sum(1 for ch in text if "\u0590" <= ch <= "\u08ff")
    letters = sum(1 for ch in text if ch.isalpha())
    return letters > 0 and rtl * 2 > letters
