"""A training plan's pairings in words: partner, contact, area, formats, languages, what and when."""

from __future__ import annotations

from dataclasses import dataclass

from stratplan.core import vocabulary
from stratplan.core.export.document import DocActivity, labels
from stratplan.core.export.locale_text import country_name, long_date
from stratplan.core.export.word_xml import sanitize
from stratplan.core.locale_format import language_name

# How each language joins the last two items of a list ("training and mentoring").
_AND = {"en": "and", "lt": "ir", "fr": "et", "es": "y"}
_PROSE = frozenset({"our_need", "their_need", "will_be_done"})


@dataclass(frozen=True)
class ActivityRow:
    label: str
    lines: tuple[str, ...]
    prose: bool = False  # a member's own words (need, tool), perhaps in another language


def joined(items: list[str], language: str) -> str:
    """ "a, b and c" in the language."""
    items = [i for i in items if i]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {_AND.get(language, 'and')} {items[-1]}"


def activity_title(activity: DocActivity) -> str:
    """The heading: the tool and the partner ("Case tracker — Fondation Aube")."""
    tool = " ".join(sanitize(activity.tool).split())
    partner = " ".join(sanitize(activity.partner).split())
    return f"{tool} — {partner}" if tool and partner else tool or partner


def activity_rows(activity: DocActivity, language: str) -> list[ActivityRow]:
    """The labelled facts of one pairing, in the document's language, empty ones left out."""
    t = labels(language)
    rows: list[ActivityRow] = []

    def add(key: str, *lines: str) -> None:
        kept = tuple(x for x in (" ".join(sanitize(line).split()) if key not in _PROSE
            else sanitize(line).strip()
            for line in lines) if x)
        if kept:
            rows.append(ActivityRow(t[key], kept, key in _PROSE))

    country = country_name(activity.partner_country, language) if activity.partner_country else ""
    add("partner", ", ".join(x for x in (activity.partner, country) if x.strip()))
    add("contact", *(_contact(c.name, c.role, language) for c in activity.contacts))
    add("area", vocabulary.area_label(activity.area, activity.area_name, language))
    add("formats", joined([vocabulary.label("format", f, language) for f in activity.formats],
                          language))
    add("languages", joined([language_name(code, language) for code in activity.languages],
                            language))
    need_key = "our_need" if activity.direction == "receive" else "their_need"
    add(need_key, activity.need)
    if activity.priority:
        add("priority", vocabulary.label("priority", activity.priority, language))
    add("will_be_done", activity.offer)
    when = (t["when_agreed"].format(date=long_date(activity.agreed, language))
            if activity.agreed else t["when_open"])
    add("when", when)
    return rows


def _contact(name: str, role: str, language: str) -> str:
    name = " ".join(sanitize(name).split())
    role_name = labels(language).get(f"role_{role}", role)
    return f"{name} ({role_name})" if name and role_name else name
