"""The fields of a plan point: names, defaults, limits, cleaning of user input, and `Fields`,
the frozen record the services hand out."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, NoReturn, TypeAlias

from stratplan.core.errors import ValidationError
from stratplan.core.messages import Message, msg, plural
from stratplan.core.vocabulary import term

LEVELS = ("local", "national", "international")
STATUSES = (
    "draft",
    "submitted",
    "in_discussion",
    "merged",
    "adopted",
    "rejected",
    "withdrawn",
    "retired",
)
# Statuses that need a sentence of explanation for the other organisations.
STATUSES_NEEDING_REASON = frozenset({"withdrawn", "rejected", "retired"})

TEXT_LIMITS: dict[str, int] = {
    "title": 200,
    "summary": 2_000,
    "body": 200_000,
    "objective": 2_000,
    "responsible": 500,
    "resources": 5_000,
    "status_reason": 1_000,
}
SINGLE_LINE = frozenset({"title", "responsible"})
MAX_ACTIONS = 50
MAX_ACTION_CHARS = 1_000
MAX_INDICATORS = 30
MAX_INDICATOR_CHARS = 200
MAX_TAGS = 30
MAX_TAG_CHARS = 50
INDICATOR_KEYS = ("name", "baseline", "target", "unit")

FIELD_NAMES = (
    "title",
    "summary",
    "body",
    "objective",
    "actions",
    "indicators",
    "responsible",
    "start",
    "end",
    "resources",
    "level",
    "tags",
    "status",
    "status_reason",
    "language",
    "group",
    "deleted",
)


def default_fields() -> dict[str, Any]:
    """An empty plan point."""
    return {
        "title": "",
        "summary": "",
        "body": "",
        "objective": "",
        "actions": [],
        "indicators": [],
        "responsible": "",
        "start": "",
        "end": "",
        "resources": "",
        "level": "national",
        "tags": [],
        "status": "draft",
        "status_reason": "",
        "language": "",
        "group": "",
        "deleted": False,
    }


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(value: object, *, single_line: bool = False) -> str:
    """NFC text without control characters (tabs and newlines kept unless single-line)."""
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    # Unpaired surrogates cannot be stored as UTF-8; drop them rather than fail later.
    text = text.encode("utf-8", "ignore").decode("utf-8")
    if single_line:
        text = " ".join(text.split())
    return text


# A field named in a sentence, as the editor labels it ("... both changed 'X' (Actions)").
FIELD_LABELS: dict[str, Message] = {
    "title": msg("Title"), "summary": msg("Summary"), "body": msg("Text"),
    "objective": msg("Objective"), "actions": msg("Actions"), "indicators": msg("Indicators"),
    "responsible": msg("Responsible"), "start": msg("Start"), "end": msg("End"),
    "resources": msg("Resources / budget"), "level": msg("Level"), "tags": msg("Tags"),
    "status": msg("Status"), "status_reason": msg("Status reason"), "language": msg("Language"),
    "group": msg("Working group"), "deleted": msg("Deleted"),
}
# What a too-long text is called in the message ("Title is too long: ...").
_LABELS = {
    "title": msg("Title"), "summary": msg("Summary"), "body": msg("Body"),
    "objective": msg("Objective"), "responsible": msg("Responsible"),
    "resources": msg("Resources"), "status_reason": msg("Status reason"),
    "actions": msg("One of the actions"), "tags": msg("One of the tags"),
    "name": msg("An indicator's name"), "baseline": msg("An indicator's baseline"),
    "target": msg("An indicator's target"), "unit": msg("An indicator's unit"),
}


def _limited(name: str, text: str, limit: int, part: str | None = None) -> str:
    """`text` if it fits; `part` names an indicator's key ("target") inside the field."""
    if len(text) > limit:
        raise ValidationError(
            plural("{label} is too long: {n:,} character, the limit is {limit:,}.",
                   "{label} is too long: {n:,} characters, the limit is {limit:,}.", len(text),
                   label=_LABELS.get(part or name, name), limit=limit),
            field=name,
        )
    return text


def _clean_date(name: str, value: object) -> str:
    text = clean_text(value or "", single_line=True)
    if not text:
        return ""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError as exc:
        raise ValidationError(
            "The {name} date '{text}' is not a date like 2027-03-31.", name=name, text=text[:40], field=name
        ) from exc


def _clean_list(name: str, value: object, max_items: int, max_chars: int) -> list[str]:
    items = value.splitlines() if isinstance(value, str) else list(value or [])  # type: ignore[call-overload]
    out = [clean_text(v, single_line=True) for v in items]
    out = [v for v in out if v]
    if len(out) > max_items:
        raise ValidationError(_too_many(name, len(out), max_items), field=name)
    for v in out:
        _limited(name, v, max_chars)
    return out


def _too_many(name: str, n: int, limit: int) -> Message:
    if name == "tags":
        return plural("Too many tags: {n}, the limit is {limit}.",
                      "Too many tags: {n}, the limit is {limit}.", n, limit=limit)
    return plural("Too many actions: {n}, the limit is {limit}.",
                  "Too many actions: {n}, the limit is {limit}.", n, limit=limit)


def _clean_indicators(value: object) -> list[dict[str, str]]:
    rows = list(value or [])  # type: ignore[call-overload]
    if len(rows) > MAX_INDICATORS:
        raise ValidationError(
            plural("Too many indicators: {n}, the limit is {limit}.",
                   "Too many indicators: {n}, the limit is {limit}.", len(rows),
                   limit=MAX_INDICATORS),
            field="indicators",
        )
    out: list[dict[str, str]] = []
    for row in rows:
        if not isinstance(row, Mapping):
            raise ValidationError("An indicator must have a name, baseline, target and unit.")
        clean = {k: clean_text(row.get(k, ""), single_line=True) for k in INDICATOR_KEYS}
        for k, v in clean.items():
            _limited("indicators", v, MAX_INDICATOR_CHARS, k)
        if any(clean.values()):
            out.append(clean)
    return out


def clean_fields(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Validate and normalise a full set of fields; raise ValidationError naming the field."""
    unknown = set(raw) - set(FIELD_NAMES)
    if unknown:
        raise ValidationError(plural("Unknown field: {unknown}.", "Unknown fields: {unknown}.",
                                     len(unknown), unknown=", ".join(sorted(unknown))))
    fields = default_fields()
    fields.update(raw)
    out: dict[str, Any] = {}
    for name, limit in TEXT_LIMITS.items():
        text = clean_text(fields[name] or "", single_line=name in SINGLE_LINE)
        if name in SINGLE_LINE or name == "summary" or not text.strip():
            # A field of only spaces or blank lines says nothing: store it empty, so it
            # is not shown as filled in (and does not count as a reason or an objective).
            text = text.strip()
        out[name] = _limited(name, text, limit)
    if not out["title"]:
        raise ValidationError("A plan point needs a title.", field="title")
    out["actions"] = _clean_list("actions", fields["actions"], MAX_ACTIONS, MAX_ACTION_CHARS)
    out["indicators"] = _clean_indicators(fields["indicators"])
    tags = _clean_list("tags", fields["tags"], MAX_TAGS, MAX_TAG_CHARS)
    out["tags"] = sorted({t.casefold() for t in tags})
    out["start"] = _clean_date("start", fields["start"])
    out["end"] = _clean_date("end", fields["end"])
    if out["start"] and out["end"] and out["end"] < out["start"]:
        raise ValidationError("The end date is before the start date.", field="end")
    if fields["level"] not in LEVELS:
        raise ValidationError("Level must be one of: {levels}.", levels=', '.join(LEVELS), field="level")
    out["level"] = fields["level"]
    if fields["status"] not in STATUSES:
        raise ValidationError("Unknown status '{status}'.", status=fields['status'], field="status")
    out["status"] = fields["status"]
    if out["status"] in STATUSES_NEEDING_REASON and not out["status_reason"].strip():
        raise ValidationError(
            "Please give a reason when a point is {status}.",
            status=term("status", out["status"], inside=True), field="status_reason"
        )
    out["language"] = clean_text(fields["language"] or "", single_line=True)[:8]
    out["group"] = clean_text(fields["group"] or "", single_line=True)[:64]
    out["deleted"] = bool(fields["deleted"])
    return out


# ---------------------------------------------------------------- the frozen record

# What a plan point's field holds (indicators are FrozenDicts of text).
FieldValue: TypeAlias = "str | bool | tuple[str, ...] | tuple[FrozenDict, ...]"


def _freeze(value: object) -> Any:
    """Lists become tuples and objects FrozenDicts, all the way down."""
    if isinstance(value, FrozenDict):
        return value
    if isinstance(value, Mapping):
        return FrozenDict(value)
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    return value


def _thaw(value: object) -> Any:
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_thaw(v) for v in value]
    return value


class FrozenDict(dict[str, Any]):
    """A dict that cannot change and can be hashed; its lists are tuples, its objects FrozenDicts.

    A dict subclass (not a bare Mapping) on purpose: `json.dumps`, orjson, canonical JSON,
    `dataclasses.asdict`, `{**fields}` and `isinstance(x, dict)` keep treating it as the plain
    dict the services used to return. Equality ignores list-versus-tuple, so a record compares
    equal to the plain dict it was made from.
    """

    __slots__ = ("_hash",)

    def __init__(self, values: Mapping[str, object] | Iterable[tuple[str, object]] = (), /,
                 **more: object) -> None:
        super().__init__()
        for key, value in dict(values, **more).items():
            dict.__setitem__(self, key, _freeze(value))
        self._hash: int | None = None

    def _refuse(self, *_args: object, **_kwargs: object) -> NoReturn:
        raise TypeError(f"{type(self).__name__} cannot change; build a new one (replace, dict(...))")

    __setitem__ = _refuse
    __delitem__ = _refuse
    __ior__ = _refuse
    clear = _refuse
    pop = _refuse
    popitem = _refuse
    setdefault = _refuse
    update = _refuse

    def __hash__(self) -> int:  # type: ignore[override]
        if self._hash is None:
            self._hash = hash(frozenset(self.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        return dict.__eq__(self, other if isinstance(other, FrozenDict) else FrozenDict(other))

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict.__repr__(self)})"

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (dict(self),)

    def __copy__(self) -> FrozenDict:
        return self

    def __deepcopy__(self, _memo: dict[int, object]) -> FrozenDict:
        return self

    def thaw(self) -> dict[str, Any]:
        """A plain, mutable copy: lists and dicts again (for editing or a payload)."""
        thawed: dict[str, Any] = _thaw(self)
        return thawed

    def replace(self, **changes: object) -> FrozenDict:
        """A copy with these keys changed."""
        return type(self)({**self, **changes})


class Fields(FrozenDict):
    """A plan point's fields as the services return them (ProposalDetail.fields and others):
    read like a dict (`fields["title"]`, `fields.get(...)`, `dict(fields)`), never changed."""

    def replace(self, **changes: object) -> Fields:
        return Fields({**self, **changes})


def point_fields(raw: Mapping[str, object]) -> Fields:
    """Every field of a plan point: `raw` over the defaults, frozen."""
    return Fields({**default_fields(), **raw})
