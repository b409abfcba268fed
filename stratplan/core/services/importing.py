"""Bringing proposals in from Word and Markdown files: a preview first, duplicates flagged."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from stratplan.core.errors import BadFileError, ValidationError
from stratplan.core.ids import ProposalId
from stratplan.core.importing.from_docx import import_docx
from stratplan.core.importing.from_markdown import import_markdown
from stratplan.core.importing.points import ImportedPoint
from stratplan.core.messages import Message
from stratplan.core.oplog.writer import OpWriter
from stratplan.core.services import proposals

MAX_BYTES = 50_000_000
# Titles this similar are shown as possible duplicates (decided by the person importing).
SIMILAR = 0.85


@dataclass(frozen=True)
class PreviewPoint:
    point: ImportedPoint
    duplicate_of: str  # the title of an existing proposal it resembles, or ""


@dataclass(frozen=True)
class ImportPreview:
    source: str
    points: tuple[PreviewPoint, ...]
    skipped: tuple[Message, ...]  # what was left out, in the reader's language


def _normal(title: str) -> str:
    return " ".join(title.casefold().split())


def preview_file(session: Session, path: Path) -> ImportPreview:
    """Read a .docx or Markdown file and compare its points with the proposals already here."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BadFileError("Cannot read {name}: {strerror}.",
                           name=path.name, strerror=exc.strerror) from exc
    if size > MAX_BYTES:
        raise BadFileError("{name} is larger than 50 MB; split it before importing.",
                           name=path.name)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        result = import_docx(path)
    elif suffix in (".md", ".markdown", ".txt"):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BadFileError("{name} is not UTF-8 text; save it as UTF-8 and try again.",
                               name=path.name) from exc
        result = import_markdown(text)
    else:
        raise BadFileError("{name}: only Word documents (.docx) and Markdown files (.md) can "
                           "be imported.", name=path.name)
    existing = [p.title for p in proposals.list_proposals(session)]
    normal = {_normal(t): t for t in existing}
    points = []
    for point in result.points:
        key = _normal(point.title)
        duplicate = normal.get(key, "")
        if not duplicate:
            close = difflib.get_close_matches(key, list(normal), n=1, cutoff=SIMILAR)
            duplicate = normal[close[0]] if close else ""
        points.append(PreviewPoint(point, duplicate))
    return ImportPreview(path.name, tuple(points), result.skipped)


def import_points(session: Session, *, writer: OpWriter, preview: ImportPreview, group_id: str,
                  chosen: list[int] | None = None) -> list[ProposalId]:
    """Create the chosen points (all by default) as draft proposals in a working group."""
    indexes = list(range(len(preview.points))) if chosen is None else chosen
    if not indexes:
        raise ValidationError("Nothing was chosen to import.")
    created = []
    for i in indexes:
        p = preview.points[i].point
        detail = proposals.create_proposal(session, writer=writer, group_id=group_id, fields={
            "title": p.title[:200], "summary": p.summary, "body": p.body, "objective": p.objective,
            "actions": list(p.actions), "tags": list(p.tags), "status": "draft"})
        created.append(detail.id)
    return created
