"""The fast Markdown path writes exactly Python-Markdown's HTML, or leaves the body to it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from stratplan.core.export import md_to_docx
from stratplan.core.export.cross_refs import references_for
from stratplan.core.export.markdown_fast import fast_blocks, fast_html
from stratplan.core.export.markdown_html import safe_markdown
from stratplan.core.export.markdown_lines import normalise_list_indent, normalise_nested_lists
from stratplan.core.export.md_to_docx import add_markdown
from stratplan.core.export.word_numbering import NumberingState
from stratplan.core.export.word_xml import sanitize

ROOT = Path(__file__).resolve().parents[2]
MD = safe_markdown()


def normalised(text: str) -> str:
    return normalise_list_indent(normalise_nested_lists(sanitize(text)))


def check(text: str) -> bool:
    """True when the fast path took the body (and then it must agree with Python-Markdown)."""
    text = normalised(text)
    fast = fast_html(text)
    if fast is not None:
        assert fast == MD.reset().convert(text), text
    return fast is not None


WORDS = st.sampled_from(["plan", "ąčę", "égalité", "2026", "2.3", "(see)", "a*b*c", "**bold**",
                         "*em*", "`code`", "[link](https://example.org/x)", "[", "]", "*", "**",
                         "#", "1.", "-", "+", ":", "x_y", "&", "<b>", "'q'", '"q"', "!", "---",
                         "***", "==", "\\", "|", "—", "🌍", "*a", "a*", "**a", "1)", "a.", "\u00a0",
                         "[x](y) z", "[x]", "(x)", "**a *b* c**", "#x", "—", "~~~", "```",
                         "AT&T", "&copy;", "&#169;", "a > b", ">", "|", "| x |", "|---|", "`a|b`",
                         "[q](https://e.org/?a=1&b=2)"])
LINE_STARTS = st.sampled_from(["", "", "", "- ", "* ", "+ ", "1. ", "3. ", "01. ", "    - ",
                               "    1. ", "        - ", "  ", "# ", "## ", "### ", "#", "> ",
                               "    ", "   - ", "12. ", "> ", ">", "| ", "|---|---|\n| ",
                               "| a | b |\n|:--|--:|\n| "])


@st.composite
def bodies(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 12))):
        if draw(st.integers(0, 5)) == 0:
            lines.append("")
            continue
        words = draw(st.lists(WORDS, min_size=1, max_size=6))
        lines.append(draw(LINE_STARTS) + " ".join(words) + draw(st.sampled_from(["", "", " "])))
    return "\n".join(lines)


@settings(max_examples=1500, deadline=None)
@given(bodies())
def test_generated_bodies_agree_with_python_markdown(body: str) -> None:
    check(body)


def test_real_bodies_take_the_fast_path_and_agree() -> None:
    demo = json.loads((ROOT / "resources" / "demo" / "coalition.json").read_text("utf-8"))
    texts = [p["body"] for p in demo["proposals"]]
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import docx_export
    finally:
        sys.path.pop(0)
    texts += [p.body for s in docx_export.programme().sections for p in s.points[:50]]
    taken = sum(check(t) for t in texts)
    assert taken >= len(texts) * 0.8  # the benchmark's bodies and most of the demo's


def test_what_the_fast_path_leaves_alone() -> None:
    for text in ("> a\n>\n> b", "a | b\n--- | ---\n1 | 2", "```\ncode\n```", "- a\n\n- b",
                 "&copy;", "x_y_z", "![alt](x.png)", "Title\n===", "a  \nb", "***a***",
                 "1. a\n- b", "text\n- item", "[ref][1]", "    indented code"):
        assert fast_html(normalised(text)) is None, text
    assert fast_html("Plain **bold** and *em*.") == (
        "<p>Plain <strong>bold</strong> and <em>em</em>.</p>")


def _word_xml(text: str, monkeypatch: pytest.MonkeyPatch | None = None) -> bytes:
    document = docx.Document()
    state = NumberingState(document)
    state.run_lang = "fr-FR"
    state.references = references_for(["2.1"], "fr")
    if monkeypatch is not None:  # the HTML tree's path, as for a body the fast path declines
        monkeypatch.setattr(md_to_docx, "fast_blocks", lambda _text: None)
    add_markdown(document, text, numbering_state=state, heading_level=3)
    if monkeypatch is not None:
        monkeypatch.undo()
    numbering = document.part.numbering_part.element
    return etree.tostring(document.element.body) + etree.tostring(numbering)


def test_word_output_is_the_same_by_either_path(monkeypatch: pytest.MonkeyPatch) -> None:
    demo = json.loads((ROOT / "resources" / "demo" / "coalition.json").read_text("utf-8"))
    texts = [p["body"] for p in demo["proposals"]] + [
        "# Titre **gras**\n\nVoir 2.1 et *ceci* avec `code` [lien](https://example.org/a).\n\n"
        "1. un\n    - deux\n        1. trois\n            - quatre\n                - cinq\n2. six",
        "> Citation **forte** & juste > tout\n\n| Ligne | EUR |\n|:--|--:|\n| A&B | 4 000 |\n| C |\n\n"
        "[lien](https://example.org/?a=1&b=2)"]
    compared = 0
    for text in texts:
        if fast_blocks(normalised(text)) is None:
            continue
        compared += 1
        assert _word_xml(text) == _word_xml(text, monkeypatch), text
    assert compared >= 40
