"""Points from a Word document: each heading at the points' level starts one."""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx.document import Document as DocxDocument

from stratplan.core.errors import BadFileError
from stratplan.core.export.document import LABELS
from stratplan.core.export.markdown_lines import md_escape
from stratplan.core.export.template import DECISION_STYLE, SUMMARY_STYLE, open_template
from stratplan.core.importing.docx_reader import Block, DocxReader
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
)
from stratplan.core.messages import msg

MAX_DOCX_BYTES = 50 * 1024 * 1024
# A .docx is a zip: a small file can unpack to gigabytes ("zip bomb"); refuse those.
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _fields_from_table(block: Block) -> dict[str, list[str]] | None:
    """The fields of an exported point's two-column table, or None for any other table."""
    if not block.cells or any(len(row) != 2 for row in block.cells):
        return None
    fields: dict[str, list[str]] = {}
    for label_cell, value_cell in block.cells:
        key = label_key(" ".join(label_cell))
        if key is None:
            return None
        fields[key] = [v for v in value_cell if v]
    return fields


def _trivial_block(block: Block) -> bool:
    # A table's caption goes with its table: an annex heading over both still only groups.
    return block.kind == "table" or block.style == "Caption" or not block.plain.strip() or \
        block.plain.strip().casefold() in NO_POINTS


def _join_markdown(blocks: list[Block], points_level: int) -> str:
    out: list[str] = []
    previous = ""
    for block in blocks:
        if block.kind == "head":
            text = md_escape(block.plain.strip())
            if not text:
                continue
            chunk = "#" * max(1, min(6, block.level - points_level)) + " " + text
        elif block.kind == "table":
            chunk = block.markdown
        else:
            if not block.markdown:
                continue
            indent = "    " * max(0, block.depth - 1)
            if block.list_kind == "bullet":
                chunk = f"{indent}- {block.markdown}"
            elif block.list_kind == "number":
                chunk = f"{indent}1. {block.markdown}"
            elif block.list_kind == "continue":
                chunk = "    " * max(1, block.depth) + block.markdown.replace("\n", "\n    ")
            elif block.list_kind == "quote":
                chunk = "> " + block.markdown.replace("\n", "\n> ")
            else:
                chunk = block.markdown
        if not chunk:
            continue
        is_item = block.kind == "para" and block.list_kind in ("bullet", "number")
        # Items of one list follow each other; a top-level item of the other kind starts
        # a new list, which Markdown only sees after a blank line.
        same_list = is_item and previous.startswith("item") and not (
            block.depth <= 1 and previous != f"item-{block.list_kind}")
        if out:
            out.append("\n" if same_list else "\n\n")
        out.append(chunk)
        previous = f"item-{block.list_kind}" if is_item and block.depth <= 1 else (
            previous if is_item else block.kind)
    return "".join(out)


def _open_docx(path: Path) -> DocxDocument:
    if not path.is_file():
        raise BadFileError("{path} does not exist or is not a file.", path=path)
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as exc:
        raise BadFileError("{name} cannot be read: {strerror}.",
                           name=path.name, strerror=exc.strerror) from exc
    if size > MAX_DOCX_BYTES:
        raise BadFileError(
            "{name} is {size:.0f} MB; Word files up to 50 MB can be imported. Remove or "
            "compress its pictures and try again.", name=path.name, size=size / 1024 / 1024)
    if head == _OLE_MAGIC:
        raise BadFileError(
            "{name} is protected with a password or is an old Word 97–2003 (.doc) file. Open "
            "it in Word, remove the password or save it as a Word Document (.docx), and import "
            "that file.", name=path.name)
    not_word = BadFileError(
        "{name} is not a Word document (.docx). Save it from Word or LibreOffice as 'Word "
        "Document (.docx)', or import a Markdown file instead.", name=path.name)
    if not zipfile.is_zipfile(path):
        raise not_word
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            unpacked = sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise BadFileError("{name} is damaged: it cannot be unpacked.", name=path.name) from exc
    if "[Content_Types].xml" not in names or not any(
            n.startswith("word/") and n.endswith(".xml") for n in names):
        raise not_word
    if unpacked > MAX_UNPACKED_BYTES:
        raise BadFileError("{name} unpacks to more than 500 MB; it cannot be imported.",
                           name=path.name)
    try:
        return open_template(path)
    except Exception as exc:  # python-docx, zipfile and lxml raise many kinds for damaged files
        raise BadFileError(
            "{name} is damaged or is not a Word document ({error}). Open it in Word or "
            "LibreOffice, save it again as .docx and retry.",
            name=path.name, error=type(exc).__name__) from exc


def import_docx(path: Path) -> ImportResult:
    """Points from a Word document: each heading at the points' level starts one."""
    document = _open_docx(path)
    notes = Notes()
    reader = DocxReader(document, notes)
    try:
        blocks = list(reader.blocks())
    except (ValueError, KeyError) as exc:
        raise BadFileError("{name} is damaged: its text cannot be read.", name=path.name) from exc
    heads: list[Head] = []
    for i, block in enumerate(blocks):
        if block.kind == "head":
            heads.append(Head(i, block.level, block.plain))
    for k, head in enumerate(heads):
        end = heads[k + 1].index if k + 1 < len(heads) else len(blocks)
        head.next_level = heads[k + 1].level if k + 1 < len(heads) else 0
        head.trivial = all(_trivial_block(b) for b in blocks[head.index + 1:end])
    level = point_level(heads)
    if level is None:
        notes.extra.append(msg("no headings found: give each point a Heading 1, 2 or 3 style"))
        return ImportResult(points=(), skipped=notes.render())
    raw: list[RawPoint] = []
    for k, head in enumerate(heads):
        end = len(blocks)
        for later in heads[k + 1:]:
            if later.level <= level:
                end = later.index
                break
        if head.level != level:
            if head.level < level:
                stop = next((h.index for h in heads[k + 1:]), len(blocks))
                notes.outside += _outside_count(blocks[head.index + 1:stop])
            continue
        raw.append(_docx_point(head, blocks[head.index + 1:end], level, notes))
    _count_preamble(blocks, heads, notes)
    return finish(raw, notes)


def _docx_point(head: Head, blocks: list[Block], level: int, notes: Notes) -> RawPoint:
    summary = ""
    fields: dict[str, list[str]] = {}
    body: list[Block] = []
    at_start = True
    for block in blocks:
        if block.kind == "para" and block.style == SUMMARY_STYLE and not summary:
            summary = block.plain.strip()
            continue
        if block.kind == "para" and block.style == DECISION_STYLE:
            continue  # the local decision belongs to the plan, not to a proposal
        if at_start and block.kind == "table":
            found = _fields_from_table(block)
            at_start = False
            if found is not None:
                fields = found
                continue
        if block.kind != "para" or block.plain.strip():
            at_start = False
        body.append(block)
    objective = "\n".join(fields.get("objective", [])).strip()
    actions = tuple(a.strip() for a in fields.get("actions", []) if a.strip())
    tags = tuple(t for t in (x.strip() for x in ",".join(fields.get("tags", [])).split(",")) if t)
    return (clean_title(head.title, notes), _join_markdown(body, level), summary, objective, actions,
            tags)


_FRONT_STYLES = ("Title", "Subtitle", "TOC Heading", "Table of Contents")


def _outside_count(blocks: list[Block]) -> int:
    """Paragraphs of text outside the points, leaving out a cover page and the contents."""
    return sum(1 for block in blocks if not (
        _trivial_block(block) or block.style in _FRONT_STYLES or block.style.casefold().startswith("toc")
        or _is_toc_placeholder(block.plain)))


def _count_preamble(blocks: list[Block], heads: list[Head], notes: Notes) -> None:
    notes.outside += _outside_count(blocks[:heads[0].index if heads else len(blocks)])


def _is_toc_placeholder(text: str) -> bool:
    return any(text.strip() == LABELS[lang]["update_toc"] for lang in LABELS)
