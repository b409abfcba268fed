"""Markdown to HTML for previews: raw HTML in the source is shown as text, never run."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from stratplan.core.export.markdown_lines import normalise_list_indent, normalise_nested_lists

if TYPE_CHECKING:
    import markdown

EXTENSIONS = ["sane_lists", "tables", "fenced_code"]


def safe_markdown() -> markdown.Markdown:
    """A converter that leaves raw HTML as text, for the preview and the Word export alike."""
    # Imported here: the window's editor names this module, and shows before a preview is drawn.
    import markdown

    md = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    # Without these two, <script>, <img src=...> and friends in a body stay literal text.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def render_markdown(text: str) -> str:
    """HTML for a Markdown body; raw HTML is escaped so nothing in it can execute or load."""
    return str(safe_markdown().convert(normalise_list_indent(normalise_nested_lists(text))))


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
