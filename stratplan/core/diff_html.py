"""Side-by-side HTML of two revisions, with changed words highlighted."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from stratplan.core.diff import Segment, word_diff
from stratplan.core.fields import FIELD_NAMES

DELETE_STYLE = "background-color:#f8d0d0;text-decoration:line-through;"
INSERT_STYLE = "background-color:#c9f0c9;"


def _field_text(fields: Mapping[str, Any], name: str) -> str:
    value = fields.get(name, "")
    if name == "indicators":
        return "\n".join(
            f"{i.get('name', '')}: {i.get('baseline', '')} → {i.get('target', '')} {i.get('unit', '')}"
            for i in value
        )
    if isinstance(value, list | tuple):
        return "\n".join(str(v) for v in value)
    return str(value)


class _Run(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str: ...


def segments_html(segments: Iterable[_Run], *, delete_style: str = DELETE_STYLE, insert_style: str = INSERT_STYLE,
                  ) -> str:
    """Runs of text as HTML: deletions and insertions each in their own style (line breaks kept)."""
    out = []
    for seg in segments:
        text = html.escape(seg.text).replace("\n", "<br/>")
        if seg.kind == "delete":
            out.append(f'<span style="{delete_style}">{text}</span>')
        elif seg.kind == "insert":
            out.append(f'<span style="{insert_style}">{text}</span>')
        else:
            out.append(text)
    return "".join(out)



def side_by_side(
    old: Mapping[str, Any], new: Mapping[str, Any], labels: dict[str, str], *, only_changed: bool = True
) -> tuple[str, str]:
    """Two HTML documents (left = old, right = new), one section per field."""
    left_parts: list[str] = []
    right_parts: list[str] = []
    for name in FIELD_NAMES:
        if name in ("group", "deleted", "language"):
            continue
        a, b = _field_text(old, name), _field_text(new, name)
        if only_changed and a == b:
            continue
        left, right = word_diff(a, b)
        heading = f"<p><b>{html.escape(labels.get(name, name))}</b></p>"
        left_parts.append(f"{heading}<p>{segments_html(left)}</p>")
        right_parts.append(f"{heading}<p>{segments_html(right)}</p>")
    if not left_parts:
        nothing = f"<p><i>{html.escape(labels.get('_same', 'No differences.'))}</i></p>"
        return nothing, nothing
    return "".join(left_parts), "".join(right_parts)


def changes_html(base: str, text: str) -> str:
    """`text` with what it adds to `base` highlighted and what it removes struck through."""
    left, right = word_diff(base, text)
    # Interleave deletions before insertions so one view shows the whole change.
    out: list[Segment] = []
    li = ri = 0
    while li < len(left) or ri < len(right):
        if li < len(left) and left[li].kind == "delete":
            out.append(left[li])
            li += 1
        elif ri < len(right) and right[ri].kind == "insert":
            out.append(right[ri])
            ri += 1
        else:
            if ri < len(right):
                out.append(right[ri])
            li += 1
            ri += 1
    return segments_html(out)
