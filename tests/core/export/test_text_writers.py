"""Markdown and HTML writers: content, escaping, print styling, right-to-left points."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from stratplan.core.export.document import DocAnnex, DocMeta, DocModel, DocSection
from stratplan.core.export.markdown_lines import shift_headings
from stratplan.core.export.text_writers import write_html, write_markdown

from .conftest import ARABIC, LT, point, sample_model


def test_markdown_structure_and_fields() -> None:
    md = write_markdown(sample_model("lt"))
    lines = md.split("\n")
    assert lines[0] == f"# Vietos planas 2027–2030 {LT}"
    assert "- **Koalicija:** Koalicija „Žalia“" in lines
    assert "## 1. Švietimas" in lines and "## 2. Tuščias skyrius" in lines
    assert f"### 1.1 Mokymai jaunimui {LT}" in lines
    assert f"**Santrauka:** Santrauka {LT}" in lines
    assert "- **Tikslas:** Stiprinti bendruomenes" in lines
    assert "- **Veiksmai:**" in lines and "    - Surengti mokymus" in lines
    assert "    - Dalyviai: 10 → 120 asm." in lines
    assert "- **Įgyvendinimo laikotarpis:** 2027 m. sausio 1 d. – 2027 m. gruodžio 31 d." in lines
    assert "*Šiame skyriuje punktų nėra.*" in lines
    assert "## Priedas: Biudžetas" in lines and "| Gairės | 2 000 |" in lines
    # Body verbatim (but cleaned), its headings moved below the point's "###".
    assert "1. Pirmas žingsnis\n2. Antras žingsnis\n   1. Vidinis a" in md
    assert "#### Poskyris" in lines and "# Poskyris" not in lines
    assert "\x00" not in md and "\x0b" not in md and "\x1f" not in md


def test_markdown_escapes_titles() -> None:
    model = DocModel(
        meta=DocMeta("programme", "A *starred* [title]", "", "", "", "", "", "en"),
        sections=(DocSection("S_1 #tag", (point("", "x|y *z*", ""),)),))
    md = write_markdown(model)
    assert md.startswith("# A \\*starred\\* \\[title\\]\n")
    assert "## 1. S\\_1 \\#tag" in md and "### x\\|y \\*z\\*" in md


def test_shift_headings_skips_code() -> None:
    body = "# a\n\n```\n# comment\n```\n\n###### deep\n    # indented code"
    assert shift_headings(body, 3) == (
        "#### a\n\n```\n# comment\n```\n\n###### deep\n    # indented code")
    assert shift_headings("#### a\n##### b", -3) == "# a\n## b"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_page_is_complete_escaped_and_printable() -> None:
    page = write_html(sample_model("lt"))
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"lt\">")
    assert page.rstrip().endswith("</html>")
    assert "@page { size: A4; margin: 2.5cm; }" in page
    assert "page-break-before: always" in page
    parser = _Collector()
    parser.feed(page)
    tags = [t for t, _ in parser.tags]
    assert "script" not in tags and "img" not in tags and "link" not in tags
    assert '&lt;script&gt;alert("x")&lt;/script&gt; ir &lt;b&gt;ne HTML&lt;/b&gt;.' in page
    assert LT in page and "🌍🎉" in page
    assert "\x00" not in page and "\x0b" not in page
    assert '<h4>Poskyris</h4>' in page  # body "#" sits below the point's <h3>
    assert "<th>Rodiklis</th>" in page and "<li>Surengti mokymus</li>" in page
    assert page.count('class="section"') == 2 and "Šiame skyriuje punktų nėra." in page
    assert '<a href="#point-1-1">' in page  # the contents link to the points


def test_html_right_to_left_points_only() -> None:
    page = write_html(sample_model("lt"))
    articles = re.findall(r'<article class="point" id="([^"]+)"( dir="rtl")?>', page)
    assert articles == [("point-1-1", ""), ("point-1-2", ""), ("point-1-3", ' dir="rtl"'),
                        ("point-1-4", ""), ("point-1-5", "")]
    assert ARABIC in page


def test_html_escapes_metadata_and_neutralises_links() -> None:
    model = DocModel(
        meta=DocMeta("programme", 'Plan <b>"x"</b> & co', "<i>c</i>", "", "", "", "", "fr"),
        sections=(DocSection("S", (point("1.1", "<script>t</script>",
                                         "[bad](javascript:alert(1)) [ok](https://e.org) "
                                         "![pic](http://tracker.example/p.png)"),)),))
    page = write_html(model)
    assert '<html lang="fr">' in page
    assert "<title>Plan &lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; co</title>" in page
    assert "&lt;i&gt;c&lt;/i&gt;" in page and "<script>t</script>" not in page
    assert "javascript:" not in page and '<a href="https://e.org">ok</a>' in page
    assert "tracker.example" not in page and "[pic]" in page
    assert "Table des matières" in page and "Objectif" in page


def _visible_text(page: str) -> str:
    """What a reader of the HTML page (or of the PDF printed from it) sees, tags removed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def test_html_point_set_aside_is_one_line_with_its_reason() -> None:
    page = write_html(sample_model("lt"))
    article = page[page.index("Netaikomas punktas</h3>"):]
    article = article[:article.index("</article>")]
    assert _visible_text(article) == "Netaikomas punktas Čia netaikoma — Priežastis: Nėra lėšų"
    assert "NETAIKOMO TEKSTAS" not in page
    assert "Mokymai jaunimui" in page  # the points kept print in full


def test_annex_rules_come_before_its_table_in_html_and_markdown() -> None:
    rules = ("Method: approval. Status: closed.", "Turnout: 27\u00a0of\u00a030 (90%) ballots.")
    model = sample_model("en")
    model = DocModel(model.meta, model.sections, (DocAnnex(
        "Voting results: Paris", ("Proposal", "Support"),
        (("Community work", "24\u00a0of\u00a027 (89%)"),), intro=rules),))
    page = write_html(model)
    annex = page[page.index('<section class="annex"'):]
    assert annex.index(rules[0]) < annex.index(rules[1]) < annex.index("<table>")
    assert "24\u00a0of\u00a027 (89%)" in annex
    markdown = write_markdown(model)
    annex_md = markdown[markdown.index("## Annex: Voting results: Paris"):]
    assert annex_md.index(rules[0]) < annex_md.index(rules[1]) < annex_md.index("| Proposal")
    assert "| Community work | 24\u00a0of\u00a027 (89%) |" in annex_md  # kept on one line
