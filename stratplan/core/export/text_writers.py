"""The document as Markdown (re-importable) and as a print-friendly, self-contained HTML page."""

from __future__ import annotations

import base64
import html
import re

from stratplan.core.export.document import (
    DocActivity,
    DocAnnex,
    DocFigure,
    DocModel,
    DocPoint,
    labels,
)
from stratplan.core.export.docx_writer import (
    cover_facts,
    decision_text,
    indicator_line,
    not_applicable_text,
    section_numbers,
    subtitle,
    timeline,
)
from stratplan.core.export.language_tags import point_language
from stratplan.core.export.markdown_html import looks_right_to_left, render_markdown
from stratplan.core.export.markdown_lines import md_escape, normalise_nested_lists, shift_headings
from stratplan.core.export.training import activity_rows, activity_title
from stratplan.core.export.word_xml import sanitize

# Body headings move down this many levels: the point itself is "###".
BODY_HEADING_SHIFT = 3


def _one_paragraph(text: str) -> str:
    """Text that stays one Markdown paragraph: blank lines would end it."""
    return re.sub(r"\n\s*\n+", "\n", sanitize(text).strip())


def _field_lines(point: DocPoint, language: str) -> list[str]:
    t = labels(language)
    lines: list[str] = []

    def field(key: str, value: str) -> None:
        value = _one_paragraph(value)
        if value:
            # Later lines are indented so they stay inside the list item.
            text = md_escape(value).replace("\n", "\n    ")
            lines.append(f"- **{t[key]}:** {text}")

    def items(key: str, values: list[str]) -> None:
        values = [" ".join(sanitize(v).split()) for v in values]
        values = [v for v in values if v]
        if values:
            lines.append(f"- **{t[key]}:**")
            lines.extend(f"    - {md_escape(v)}" for v in values)

    field("objective", point.objective)
    items("actions", list(point.actions))
    items("indicators", [indicator_line(i, t["sep"]) for i in point.indicators])
    field("responsible", point.responsible)
    field("timeline", timeline(point.start, point.end, language))
    field("resources", point.resources)
    field("level", t.get(point.level, point.level) if point.level else "")
    field("tags", ", ".join(" ".join(sanitize(tag).split()) for tag in point.tags))
    field("decision", decision_text(point, language))
    if point.changed_upstream:
        lines.append(f"- **⚠ {t['changed_upstream']}**")
    return lines


def _one_line(text: str) -> str:
    """Text on one line; no-break spaces stay ("24 of 27" must not split)."""
    return re.sub(r"[ \t\r\n\f\v]+", " ", sanitize(text)).strip()


def _md_table(header: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> list[str]:
    cols = max([len(header), *(len(r) for r in rows)], default=0)
    if cols == 0:
        return []

    def row(values: tuple[str, ...]) -> str:
        cells = [_one_line(str(v)) for v in values]
        cells += [""] * (cols - len(cells))
        return "| " + " | ".join(md_escape(c) for c in cells) + " |"

    head = header if header else tuple("" for _ in range(cols))
    return [row(head), "|" + "---|" * cols, *(row(r) for r in rows)]


def write_markdown(model: DocModel) -> str:
    """The whole document as Markdown; import_markdown reads it back."""
    meta = model.meta
    t = labels(meta.language)
    title = " ".join(sanitize(meta.title).split())
    out = [f"# {md_escape(title)}", ""] if title else []
    below = subtitle(model)
    if below:
        out += [f"*{md_escape(below)}*", ""]
    for label, value in cover_facts(model):
        out.append(f"- **{label}:** {md_escape(' '.join(sanitize(value).split()))}")
    out.append("")
    numbers = section_numbers(model)
    for n, section in enumerate(model.sections, start=1):
        out += [f"## {numbers[n - 1]} {md_escape(' '.join(sanitize(section.title).split()))}".replace("##  ", "## "),
                ""]
        if section.intro.strip():
            out += [shift_headings(sanitize(section.intro).strip("\n"), 2), ""]
        out += _md_figures(section.figures, t)
        if not section.points and not section.activities and not section.intro.strip():
            out += [f"*{t[_empty_key(model)]}*", ""]
        for point in section.points:
            out += _point_markdown(point, meta.language)
            out += _md_figures(point.figures, t)
        for m, activity in enumerate(section.activities, start=1):
            out += _activity_markdown(activity, f"{n}.{m}", meta.language)
    for annex in model.annexes:
        title = " ".join(sanitize(annex.title).split())
        out += [f"## {t['annex']}{t['sep']}{md_escape(title)}", ""]
        for line in annex.intro:  # the rules and the turnout, before the figures
            out += [md_escape(_one_line(line)), ""]
        table = _md_table(annex.header, annex.rows)
        if table:
            out += [*table, ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _md_figures(figures: tuple[DocFigure, ...], t: dict[str, str]) -> list[str]:
    # Markdown holds no pictures: each chart's caption and its description stand in for it.
    out: list[str] = []
    for figure in figures:
        out += [f"*{t['figure']}{t['sep']}{md_escape(_one_line(figure.title))}*", ""]
        if figure.alt:
            out += [md_escape(_one_line(figure.alt)), ""]
    return out


def _html_figures(figures: tuple[DocFigure, ...], t: dict[str, str]) -> list[str]:
    # The picture travels inside the page (a data: address): the page still loads nothing.
    return [f'<figure><img src="data:image/png;base64,{base64.b64encode(f.png).decode("ascii")}" '
            f'alt="{_e(_one_line(f.alt or f.title))}"><figcaption>{_e(t["figure"])}{_e(t["sep"])}'
            f"{_e(_one_line(f.title))}</figcaption></figure>" for f in figures]


def _empty_key(model: DocModel) -> str:
    return "no_activities" if model.meta.kind == "training_plan" else "no_points"


def _activity_markdown(activity: DocActivity, fallback: str, language: str) -> list[str]:
    number = " ".join(sanitize(activity.number).split()) or fallback
    out = [f"### {number} {md_escape(activity_title(activity))}", ""]
    for row in activity_rows(activity, language):
        if len(row.lines) == 1:
            text = md_escape(_one_paragraph(row.lines[0])).replace("\n", "\n    ")
            out.append(f"- **{row.label}:** {text}")
        else:
            out.append(f"- **{row.label}:**")
            out += [f"    - {md_escape(' '.join(line.split()))}" for line in row.lines]
    return [*out, ""]


def _point_markdown(point: DocPoint, language: str) -> list[str]:
    t = labels(language)
    title = " ".join(sanitize(point.title).split())
    number = " ".join(sanitize(point.number).split())
    out = [f"### {number + ' ' if number else ''}{md_escape(title)}", ""]
    summary = _one_paragraph(point.summary)
    if summary:
        out += [f"**{t['summary']}:** {md_escape(summary)}", ""]
    fields = _field_lines(point, language)
    if fields:
        out += [*fields, ""]
    body = sanitize(point.body).strip("\n")
    if body.strip():
        out += [shift_headings(body, BODY_HEADING_SHIFT), ""]
    return out


# -- HTML ------------------------------------------------------------------------------

CSS = """
@page { size: A4; margin: 2.5cm; }
html { font-family: Calibri, Carlito, "Segoe UI", "Noto Sans", "DejaVu Sans", sans-serif;
       font-size: 11pt; line-height: 1.4; color: #1a1a1a; }
body { max-width: 48em; margin: 0 auto; padding: 1em; }
h1, h2, h3, h4, h5, h6 { color: #1f3864; line-height: 1.2; break-after: avoid;
                         page-break-after: avoid; }
.cover { min-height: 20em; padding-top: 6em; }
.cover h1 { font-size: 26pt; border-bottom: 1px solid #4f81bd; padding-bottom: .2em; }
.cover .subtitle { font-size: 14pt; color: #4f81bd; font-style: italic; }
.cover dl { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1.5em; }
.cover dt { font-weight: bold; }
.cover dd { margin: 0; }
nav.contents { break-before: page; page-break-before: always; }
nav.contents ol { list-style: none; padding-left: 1.2em; }
nav.contents a { color: inherit; text-decoration: none; }
section.section, section.annex { break-before: page; page-break-before: always; }
article.point { margin-top: 1.6em; }
.summary { font-style: italic; color: #404040; }
.decision { font-weight: normal; }
.warning { color: #c00000; font-weight: bold; }
.empty { font-style: italic; color: #595959; }
table { border-collapse: collapse; width: 100%; margin: .6em 0; break-inside: auto; }
th, td { border: 1px solid #808080; padding: .25em .5em; vertical-align: top; text-align: start; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
table.fields th { background: #f2f2f2; width: 11em; }
table.fields ul { margin: 0; padding-inline-start: 1.2em; }
table.fields p { margin: 0; }
blockquote { margin: .6em 2em; color: #404040; font-style: italic; }
pre, code { font-family: "Courier New", "DejaVu Sans Mono", monospace; font-size: 9.5pt; }
pre { background: #f2f2f2; padding: .5em; white-space: pre-wrap; }
figure { margin: 1em 0; break-inside: avoid; page-break-inside: avoid; }
figure img { max-width: 100%; height: auto; }
figcaption { font-size: 9pt; color: #1f3864; font-weight: bold; }
a { color: #0563c1; }
@media print { a { color: inherit; } body { max-width: none; padding: 0; } }
"""

_HEADING_TAG = re.compile(r"<(/?)h([1-6])(\s[^>]*)?>")
_HREF = re.compile(r'href="([^"]*)"')
_IMG = re.compile(r"<img\b[^>]*>")
_ALT = re.compile(r'alt="([^"]*)"')
_SAFE_HREF = re.compile(r"^(https?:|mailto:|ftp:|#|/|\.|[^:]*$)", re.IGNORECASE)


def _safe_body(body: str) -> str:
    """A body's HTML for the page: headings below the point's, no scripts, nothing fetched."""
    rendered = render_markdown(normalise_nested_lists(sanitize(body)))
    rendered = _HEADING_TAG.sub(
        lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + 3)}{m.group(3) or ''}>", rendered)
    # Markdown keeps link targets as written; "javascript:" ones must not become clickable.
    rendered = _HREF.sub(
        lambda m: m.group(0) if _SAFE_HREF.match(html.unescape(m.group(1)).strip())
        else 'href="#"', rendered)

    # A print page loads nothing from the network (no tracking, works offline): images
    # are shown as their alt text.
    def alt(m: re.Match[str]) -> str:
        a = _ALT.search(m.group(0))
        return f'<span class="image">[{a.group(1)}]</span>' if a and a.group(1) else ""

    return _IMG.sub(alt, rendered)


def _e(text: str) -> str:
    return html.escape(sanitize(text), quote=True)


def _html_point(point: DocPoint, anchor: str, language: str) -> list[str]:
    t = labels(language)
    title = " ".join(sanitize(point.title).split())
    number = " ".join(sanitize(point.number).split())
    text = " ".join((point.title, point.summary, point.objective, point.body))
    direction = ' dir="rtl"' if looks_right_to_left(sanitize(text)) else ""
    written_in = point_language(point.language, point.title, point.summary, point.objective,
                                point.body)
    if written_in and written_in != language:
        direction += f' lang="{_e(written_in)}"'
    out = [f'<article class="point" id="{anchor}"{direction}>',
           f"<h3>{_e(number + ' ' if number else '')}{_e(title)}</h3>"]
    if point.decision == "not_applicable":
        # Set aside in this plan: the heading and the reason, not the whole text (as in Word).
        return [*out, f'<p class="decision">{_e(not_applicable_text(point, language))}</p>',
                "</article>"]
    summary = sanitize(point.summary).strip()
    if summary:
        out.append(f'<p class="summary">{_e(summary)}</p>')
    decision = decision_text(point, language)
    if decision:
        out.append(f'<p class="decision"><strong>{_e(t["decision"])}{_e(t["sep"])}</strong>'
                   f"{_e(decision)}</p>")
    if point.changed_upstream:
        out.append(f'<p class="warning">⚠ {_e(t["changed_upstream"])}</p>')
    rows: list[tuple[str, str]] = []

    def row(key: str, value: str) -> None:
        value = sanitize(value).strip()
        if value:
            rows.append((t[key], _e(value).replace("\n", "<br>")))

    row("objective", point.objective)
    actions = [a for a in (sanitize(a).strip() for a in point.actions) if a]
    if actions:
        rows.append((t["actions"], "<ul>" + "".join(f"<li>{_e(a)}</li>" for a in actions)
                     + "</ul>"))
    indicators = [i for i in point.indicators if any((i.name, i.baseline, i.target, i.unit))]
    if indicators:
        head = "".join(f"<th>{_e(t[k])}</th>" for k in ("indicator", "baseline", "target", "unit"))
        body = "".join("<tr>" + "".join(f"<td>{_e(v)}</td>" for v in (
            i.name, i.baseline, i.target, i.unit)) + "</tr>" for i in indicators)
        rows.append((t["indicators"], f"<table><tr>{head}</tr>{body}</table>"))
    row("responsible", point.responsible)
    row("timeline", timeline(point.start, point.end, language))
    row("resources", point.resources)
    row("level", t.get(point.level, point.level) if point.level else "")
    row("tags", ", ".join(sanitize(tag).strip() for tag in point.tags))
    if rows:
        out.append('<table class="fields">')
        out += [f"<tr><th>{_e(label)}</th><td>{value}</td></tr>" for label, value in rows]
        out.append("</table>")
    if sanitize(point.body).strip():
        out.append(f'<div class="body">{_safe_body(point.body)}</div>')
    out += _html_figures(point.figures, t)
    out.append("</article>")
    return out


def _html_activity(activity: DocActivity, anchor: str, heading: str, language: str) -> list[str]:
    out = [f'<article class="point" id="{anchor}">', f"<h3>{_e(heading)}</h3>",
           '<table class="fields">']
    for row in activity_rows(activity, language):
        cell = "<br>".join(_e(line).replace("\n", "<br>") for line in row.lines)
        out.append(f"<tr><th>{_e(row.label)}</th><td>{cell}</td></tr>")
    return [*out, "</table>", "</article>"]


def _html_annex(annex: DocAnnex, n: int, language: str) -> list[str]:
    t = labels(language)
    out = [f'<section class="annex" id="annex-{n}">',
           f"<h2>{_e(t['annex'])}{_e(t['sep'])}{_e(annex.title)}</h2>"]
    out += [f'<p class="rules">{_e(line)}</p>' for line in annex.intro]
    cols = max([len(annex.header), *(len(r) for r in annex.rows)], default=0)
    if cols:
        out.append("<table>")
        if annex.header:
            cells = list(annex.header) + [""] * (cols - len(annex.header))
            out.append("<thead><tr>" + "".join(f"<th>{_e(c)}</th>" for c in cells)
                       + "</tr></thead>")
        out.append("<tbody>")
        for r in annex.rows:
            cells = [str(c) for c in r] + [""] * (cols - len(r))
            out.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>")
        out.append("</tbody></table>")
    out.append("</section>")
    return out


def write_html(model: DocModel) -> str:
    """A complete HTML page of the document, styled for printing on A4."""
    meta = model.meta
    t = labels(meta.language)
    lang = meta.language if meta.language in ("en", "lt", "fr", "es") else "en"
    title = " ".join(sanitize(meta.title).split())
    out = ["<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(title)}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
           '<header class="cover">', f"<h1>{_e(title)}</h1>"]
    below = subtitle(model)
    if below:
        out.append(f'<p class="subtitle">{_e(below)}</p>')
    facts = cover_facts(model)
    if facts:
        out.append("<dl>" + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts)
                   + "</dl>")
    out.append("</header>")
    toc = [f'<nav class="contents"><h2>{_e(t["contents"])}</h2><ol>']
    numbers = section_numbers(model)
    body: list[str] = []
    for n, section in enumerate(model.sections, start=1):
        heading = f"{numbers[n - 1]} {' '.join(sanitize(section.title).split())}".strip()
        toc.append(f'<li><a href="#section-{n}">{_e(heading)}</a><ol>')
        body += [f'<section class="section" id="section-{n}">', f"<h2>{_e(heading)}</h2>"]
        if section.intro.strip():
            body.append(f'<div class="intro">{_safe_body(section.intro)}</div>')
        body += _html_figures(section.figures, t)
        if not section.points and not section.activities and not section.intro.strip():
            body.append(f'<p class="empty">{_e(t[_empty_key(model)])}</p>')
        for m, point in enumerate(section.points, start=1):
            anchor = f"point-{n}-{m}"
            label = " ".join(f"{sanitize(point.number)} {sanitize(point.title)}".split())
            toc.append(f'<li><a href="#{anchor}">{_e(label)}</a></li>')
            body += _html_point(point, anchor, meta.language)
        for m, activity in enumerate(section.activities, start=1):
            anchor = f"point-{n}-{m}"
            number = " ".join(sanitize(activity.number).split()) or f"{n}.{m}"
            label = f"{number} {activity_title(activity)}"
            toc.append(f'<li><a href="#{anchor}">{_e(label)}</a></li>')
            body += _html_activity(activity, anchor, label, meta.language)
        toc.append("</ol></li>")
        body.append("</section>")
    for n, annex in enumerate(model.annexes, start=1):
        toc.append(f'<li><a href="#annex-{n}">{_e(t["annex"])}{_e(t["sep"])}'
                   f"{_e(annex.title)}</a></li>")
        body += _html_annex(annex, n, meta.language)
    toc.append("</ol></nav>")
    out += toc + body + ["</body>", "</html>"]
    return "\n".join(out) + "\n"
