"""Markdown previews: real formatting, nested lists as people type them, raw HTML inert."""

from __future__ import annotations

from stratplan.core.export.markdown_html import looks_right_to_left, render_markdown


def test_formatting_and_links() -> None:
    html = render_markdown("## Kodėl\n\n**svarbu** and *why* [site](https://example.org)")
    assert "<h2>Kodėl</h2>" in html
    assert "<strong>svarbu</strong>" in html and "<em>why</em>" in html
    assert '<a href="https://example.org">site</a>' in html


def test_lists_nested_with_two_or_three_spaces() -> None:
    html = render_markdown("1. First\n   - inner a\n   - inner b\n2. Second\n\n- x\n  - y\n")
    assert html.count("<ol>") == 1 and html.count("<ul>") == 3
    assert "<li>inner a</li>" in html and "<li>y</li>" in html


def test_raw_html_is_shown_as_text_not_run() -> None:
    html = render_markdown('<script>alert(1)</script>\n\nText <img src="http://tracker/x.png"> end')
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html


def test_right_to_left_detection() -> None:
    assert looks_right_to_left("مكافحة الاتجار بالبشر")
    assert not looks_right_to_left("Lietuva ąčę")


def test_three_levels_nested_with_two_spaces() -> None:
    html = render_markdown("- a\n  - b\n    - c\n- d\n")
    assert html.count("<ul>") == 3 and "<li>c</li>" in html
