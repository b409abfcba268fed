"""Merge of concurrent plan-point revisions field by field, and their best common ancestor."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from stratplan.core.fields import FIELD_NAMES, INDICATOR_KEYS, default_fields
from stratplan.core.merge.text3 import Unit, merge_many

# How each field merges (decided). Fields not listed here, unknown ones included, are scalars.
PARAGRAPH_FIELDS = frozenset({"body"})
LINE_FIELDS = frozenset({"summary", "objective", "resources", "status_reason"})
LIST_FIELDS = frozenset({"actions", "indicators"})
SET_FIELDS = frozenset({"tags"})


@dataclass(frozen=True)
class FieldConflict:
    """Heads changed a field differently; `chosen` indexes the candidate in the merged fields.

    For scalar fields base and candidates are whole values. For text and list fields they are
    the conflicting region only (a string, or a list of actions or indicators), and `index` is
    the region's first unit in the base.
    """

    field: str
    base: object
    candidates: tuple[object, ...]
    chosen: int
    index: int | None = None


@dataclass(frozen=True)
class FieldsMerge:
    """The merged fields and every conflict that was decided automatically."""

    fields: dict[str, Any]
    conflicts: tuple[FieldConflict, ...]

    @property
    def clean(self) -> bool:
        """True when no field needed a choice."""
        return not self.conflicts


def _text(value: object) -> str:
    # Old or hand-made revisions may hold None where a string belongs.
    return "" if value is None else str(value)


def _items(value: object) -> list[object]:
    # A missing list field (None in an old revision) is an empty list.
    return list(value) if isinstance(value, list | tuple) else []


def _lines_to_list(text: str) -> list[str]:
    parts = text.split("\n")
    if parts[-1] == "":
        parts.pop()
    return parts


def _indicator_line(row: object) -> str:
    # One canonical line per indicator, so that line merging treats an indicator as a unit.
    return json.dumps(row, sort_keys=True, ensure_ascii=False)


def _indicator(line: str) -> Any:
    row = json.loads(line)
    if not isinstance(row, dict):
        return row
    # Back in the order the editor shows, so merged revisions look like typed ones.
    ordered = {k: row[k] for k in INDICATOR_KEYS if k in row}
    ordered.update({k: v for k, v in row.items() if k not in ordered})
    return ordered


def _to_text(field: str, value: object) -> str:
    if field == "actions":
        items = [_text(v) for v in _items(value)]
    elif field == "indicators":
        items = [_indicator_line(v) for v in _items(value)]
    else:
        return _text(value)
    # Every item ends with its own newline, so that appending an item never edits the last one.
    return "".join(item + "\n" for item in items)


def _from_text(field: str, text: str) -> object:
    if field == "actions":
        return _lines_to_list(text)
    if field == "indicators":
        return [_indicator(line) for line in _lines_to_list(text)]
    return text


def _dedup(values: Sequence[object]) -> list[object]:
    # Lists and dicts are not hashable, so equality is checked one by one; order is kept.
    out: list[object] = []
    for value in values:
        if value not in out:
            out.append(value)
    return out


def _scalar(
    field: str, base: object, values: Sequence[object]
) -> tuple[object, FieldConflict | None]:
    changed = [v for v in values if v != base]
    if not changed:
        return base, None
    candidates = _dedup(changed)
    latest = changed[-1]
    if len(candidates) == 1:
        return latest, None
    return latest, FieldConflict(field, base, tuple(candidates), candidates.index(latest))


def _merge_text_like(
    field: str, base: object, values: Sequence[object], unit: Unit
) -> tuple[object, list[FieldConflict]]:
    merged = merge_many(_to_text(field, base), [_to_text(field, v) for v in values], unit=unit)
    conflicts = [
        FieldConflict(
            field,
            _from_text(field, c.base),
            tuple(_from_text(field, candidate) for candidate in c.candidates),
            c.chosen,
            c.index,
        )
        for c in merged.conflicts
    ]
    return _from_text(field, merged.text), conflicts


def _tags(base: object, values: Sequence[object]) -> list[str]:
    # A set: each head's removals and additions apply; removing and keeping is no conflict.
    start = {_text(t) for t in _items(base)}
    result = set(start)
    for value in values:
        tags = {_text(t) for t in _items(value)}
        result -= start - tags
    for value in values:
        result |= {_text(t) for t in _items(value)} - start
    return sorted(result)


def _copy(value: object) -> object:
    # Results must not share lists or dicts with the inputs a caller may still change.
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return value


def _merge_field(
    field: str, base: object, values: Sequence[object]
) -> tuple[object, list[FieldConflict]]:
    if field in SET_FIELDS:
        return _tags(base, values), []
    changed = _dedup([v for v in values if v != base])
    if len(changed) <= 1:
        # Nothing to combine: keep the value exactly, even one that line merging would reshape.
        return _copy(changed[0] if changed else base), []
    if field in PARAGRAPH_FIELDS:
        return _merge_text_like(field, base, values, "paragraph")
    if field in LINE_FIELDS or field in LIST_FIELDS:
        return _merge_text_like(field, base, values, "line")
    value, conflict = _scalar(field, base, values)
    return _copy(value), [conflict] if conflict else []


def merge_fields(base: Mapping[str, Any], heads: Sequence[Mapping[str, Any]]) -> FieldsMerge:
    """Merge head revisions ordered oldest to newest by (clock, id) against their ancestor.

    A field changed by one head takes that change; text and list fields merge by paragraph
    or line; tags merge as a set; a scalar changed differently takes the newest head's value.
    Deleting a point while another head edits it keeps the point, flagged on "deleted".
    """
    if not heads:
        raise ValueError("merge_fields needs at least one head.")
    defaults = default_fields()
    extra = sorted((set(base) | {k for h in heads for k in h}) - set(FIELD_NAMES))
    names = [*FIELD_NAMES, *extra]

    def get(fields: Mapping[str, Any], name: str) -> Any:
        return fields[name] if name in fields else defaults.get(name)

    merged: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    for name in names:
        value, found = _merge_field(name, get(base, name), [get(h, name) for h in heads])
        merged[name] = value
        conflicts.extend(found)

    base_deleted = bool(get(base, "deleted"))
    deleters = [i for i, h in enumerate(heads) if bool(get(h, "deleted")) and not base_deleted]
    editors = [
        i
        for i, h in enumerate(heads)
        if not bool(get(h, "deleted"))
        and any(get(h, n) != get(base, n) for n in names if n != "deleted")
    ]
    if deleters and editors:
        # Deleting and editing at once: losing the edit silently is worse than keeping a point
        # someone wanted gone, which they can delete again once they have seen the edit.
        conflicts = [c for c in conflicts if c.field != "deleted"]
        proposed = [i in deleters for i in sorted({*deleters, *editors})]
        candidates = _dedup(proposed)
        merged["deleted"] = False
        conflicts.append(
            FieldConflict("deleted", base_deleted, tuple(candidates), candidates.index(False))
        )
        conflicts.sort(key=lambda c: names.index(c.field))
    return FieldsMerge(merged, tuple(conflicts))


def _ancestors(parents_by_rev: Mapping[str, Sequence[str]], rev: str) -> set[str]:
    """The revision and everything before it; unknown revisions count as roots."""
    seen = {rev}
    stack = [rev]
    while stack:
        for parent in parents_by_rev.get(stack.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return seen


def common_ancestor(
    parents_by_rev: Mapping[str, Sequence[str]],
    heads: Sequence[str],
    order_key: Callable[[str], tuple[Any, ...]],
) -> str | None:
    """The best common ancestor of all heads, or None when their histories never meet.

    Best means not an ancestor of another common ancestor; among several such (criss-cross
    histories) the greatest by order_key, then by id, so every machine picks the same one.
    """
    if not heads:
        return None
    common = _ancestors(parents_by_rev, heads[0])
    for head in heads[1:]:
        common &= _ancestors(parents_by_rev, head)
    # Common ancestors are closed under "parent of", so one is an ancestor of another exactly
    # when one of its children is common too: removing the parents of common revisions is
    # enough, without an ancestor walk per candidate.
    dominated = {p for rev in common for p in parents_by_rev.get(rev, ())}
    best = common - dominated
    if not best:
        return None
    return max(best, key=lambda rev: (order_key(rev), rev))
