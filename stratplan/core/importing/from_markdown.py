"""Points from a Markdown file, such as one StratPlan exported: headings, fields, bodies."""

from __future__ import annotations

import re

from stratplan.core.errors import BadFileError
from stratplan.core.export.markdown_lines import fenced, shift_headings
from stratplan.core.fields import clean_text
from stratplan.core.importing.points import (
    NO_POINTS,
    Head,
    ImportResult,
    Notes,
    RawPoint,
    clean_title,
    finish,
    label_key,
    point_level,
    unescape,
)
from stratplan.core.messages import msg

MAX_MARKDOWN_CHARS = 20_000_000
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")
_CLOSING = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_SUMMARY_LINE = re.compile(r"^\*\*(.+?):\*\*[ \t]?(.*)$")
_FIELD_LINE = re.compile(r"^- \*\*(.+?):\*\*[ \t]?(.*)$")
_WARNING_LINE = re.compile(r"^- \*\*⚠ .*\*\*$")


def _markdown_heads(lines: list[str]) -> list[Head]:
    heads: list[Head] = []
    for i, (line, kind) in enumerate(fenced(lines)):
        if kind != "text":
            continue  # a "#" in fenced code is a comment, not a heading
        h = _ATX.match(line)
        if h:
            title = _CLOSING.sub("", h.group(2) or "").strip()
            heads.append(Head(i, len(h.group(1)), unescape(title)))
    for k, head in enumerate(heads):
        end = heads[k + 1].index if k + 1 < len(heads) else len(lines)
        head.next_level = heads[k + 1].level if k + 1 < len(heads) else 0
        head.trivial = all(_trivial_line(line) for line in lines[head.index + 1:end])
    return heads


def _trivial_line(line: str) -> bool:
    text = line.strip()
    return not text or text.startswith("|") or text.strip("*_ ").casefold() in NO_POINTS


def _parse_fields(lines: list[str]) -> tuple[str, dict[str, list[str]], dict[str, list[str]],
                                              list[str]]:
    """Summary, field texts and field items at the top of a point; the rest is the body."""
    i, n = 0, len(lines)
    while i < n and not lines[i].strip():
        i += 1
    summary = ""
    m = _SUMMARY_LINE.match(lines[i]) if i < n else None
    if m and label_key(m.group(1)) == "summary":
        parts = [m.group(2)]
        i += 1
        while i < n and lines[i].strip() and not _FIELD_LINE.match(lines[i]):
            parts.append(lines[i])
            i += 1
        summary = unescape("\n".join(parts)).strip()
        while i < n and not lines[i].strip():
            i += 1
    values: dict[str, list[str]] = {}
    items: dict[str, list[str]] = {}
    current = ""
    j = i
    while j < n:
        line = lines[j]
        f = _FIELD_LINE.match(line)
        key = label_key(f.group(1)) if f else None
        if f and key:
            current = key
            values[key] = [f.group(2)] if f.group(2) else []
            items[key] = []
        elif _WARNING_LINE.match(line) and current:
            j += 1  # the "changed in the programme" warning line carries no field value
            continue
        elif current and line.startswith("    - ") and current in ("actions", "indicators"):
            items[current].append(line[6:])
        elif current and line.startswith("    ") and line.strip():
            values[current].append(line[4:])
        else:
            break
        j += 1
    if values:
        i = j
    return summary, values, items, lines[i:]


def import_markdown(text: str) -> ImportResult:
    """Points from a Markdown document, such as one written by write_markdown."""
    if len(text) > MAX_MARKDOWN_CHARS:
        raise BadFileError(
            "The Markdown file has {n:,} characters; at most {max_markdown_chars:,} can be "
            "imported at once. Split it and import the parts one by one.",
            n=len(text), max_markdown_chars=MAX_MARKDOWN_CHARS)
    lines = clean_text(text.lstrip("\ufeff")).split("\n")
    notes = Notes()
    heads = _markdown_heads(lines)
    level = point_level(heads)
    if level is None:
        notes.extra.append(msg("no headings found: start each point with a line such as '## Title'"))
        return ImportResult(points=(), skipped=notes.render())
    raw: list[RawPoint] = []
    for k, head in enumerate(heads):
        if head.level != level:
            if head.level < level and not head.trivial and head.level > 1:
                notes.outside += 1
            continue
        end = len(lines)
        for later in heads[k + 1:]:
            if later.level <= level:
                end = later.index
                break
        summary, values, items, rest = _parse_fields(lines[head.index + 1:end])
        body = shift_headings("\n".join(rest).strip("\n"), -level)
        objective = unescape("\n".join(values.get("objective", []))).strip()
        actions = tuple(a for a in (unescape(x).strip() for x in items.get("actions", [])) if a)
        tags_text = unescape(" ".join(values.get("tags", [])))
        tags = tuple(t for t in (x.strip() for x in tags_text.split(",")) if t)
        raw.append((clean_title(head.title, notes), body, summary, objective, actions, tags))
    return finish(raw, notes)
