"""The unified programme: sections, placed points, immutable releases and their differences."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stratplan.core.db.models import Coalition, LayoutVersion, Proposal, Release, Round, SyncOp
from stratplan.core.errors import NotFoundError, ValidationError
from stratplan.core.export.document import (
    DocAnnex,
    DocIndicator,
    DocMeta,
    DocModel,
    DocPoint,
    DocSection,
    labels,
)
from stratplan.core.fields import clean_text
from stratplan.core.oplog.hlc import unpack
from stratplan.core.oplog.writer import OpWriter, new_id
from stratplan.core.roles import Action, check, conveners_of, load_roles
from stratplan.core.services import proposals

PROGRAMME_ID = "programme"
# Fields a release freezes for each point (the text people adopt locally).
FROZEN = ("title", "summary", "body", "objective", "actions", "indicators", "responsible", "start", "end",
          "resources", "level", "tags")


@dataclass(frozen=True)
class LayoutPoint:
    id: str
    title: str
    status: str


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    points: tuple[LayoutPoint, ...]


@dataclass(frozen=True)
class Layout:
    sections: tuple[Section, ...]
    unplaced: tuple[LayoutPoint, ...]  # adopted points not yet in a section, in ranking order


@dataclass(frozen=True)
class ReleaseInfo:
    id: str
    name: str
    created: str
    points: int


@dataclass(frozen=True)
class ReleasePoint:
    id: str
    number: str
    revision: str
    fields: dict[str, Any]


@dataclass(frozen=True)
class ReleaseSection:
    title: str
    points: tuple[ReleasePoint, ...]


@dataclass(frozen=True)
class ReleaseContent:
    info: ReleaseInfo
    sections: tuple[ReleaseSection, ...]

    def point(self, point_id: str) -> ReleasePoint | None:
        return next((p for s in self.sections for p in s.points if p.id == point_id), None)


@dataclass(frozen=True)
class Change:
    kind: str  # added, removed, changed, moved; section_renamed, section_added, section_removed
    point_id: str  # "" for a section's change
    title: str
    old_number: str
    new_number: str
    fields: tuple[str, ...]
    old_title: str = ""  # a renamed section's former title


def _ranking_order(session: Session) -> dict[str, int]:
    """Places from the latest closed ranking round (its signed close lists the order)."""
    from stratplan.core.services.rounds import counting_rows  # rounds imports proposals

    closed = list(session.scalars(select(Round).where(Round.status == "closed", Round.method == "ranking")
                                  .order_by(Round.closed_hlc.desc())))
    row = next(iter(counting_rows(session, closed)), None)
    if row is None or not row.close_op:
        return {}
    body = session.scalar(select(SyncOp.body).where(SyncOp.id == row.close_op))
    order = json.loads(body)["payload"].get("order", []) if body else []
    return {pid: place for place, group in enumerate(order) for pid in group}


def _counting_layout(session: Session) -> LayoutVersion | None:
    """The latest arrangement made by a convener: one made by anyone else is kept, not shown."""
    conveners = conveners_of(session)
    # Every arrangement is kept, each holding the whole layout: read who made them, newest
    # first, and load only the one that counts, so the cost does not grow with the history.
    versions = session.execute(select(LayoutVersion.id, LayoutVersion.org_id)
                               .where(LayoutVersion.layout_id == PROGRAMME_ID)
                               .order_by(LayoutVersion.hlc.desc(), LayoutVersion.id.desc()))
    chosen = next((vid for vid, org in versions if org in conveners), None)
    return session.get(LayoutVersion, chosen) if chosen is not None else None


def get_layout(session: Session) -> Layout:
    row = _counting_layout(session)
    stored = json.loads(row.layout_json)["sections"] if row else []
    # Three columns, not whole rows: a programme of 2,500 points would load every text.
    info = {p.id: p for p in session.execute(select(Proposal.id, Proposal.title, Proposal.status)
                                             .where(~Proposal.deleted))}
    placed: set[str] = set()
    sections = []
    for s in stored:
        points = tuple(LayoutPoint(pid, info[pid].title, info[pid].status) for pid in s["points"] if pid in info)
        placed.update(p.id for p in points)
        sections.append(Section(s["id"], s["title"], points))
    rank = _ranking_order(session)
    unplaced = sorted((p for p in info.values() if p.status == "adopted" and p.id not in placed),
                      key=lambda p: (rank.get(p.id, 10**9), p.title.casefold()))
    return Layout(tuple(sections), tuple(LayoutPoint(p.id, p.title, p.status) for p in unplaced))


def adopted_among(session: Session, *, proposal_ids: Collection[str]) -> frozenset[str]:
    """Which of these proposals are adopted and not deleted (so they belong in the layout)."""
    ids, found = list(proposal_ids), set[str]()
    for start in range(0, len(ids), 500):  # well under SQLite's limit on bound parameters
        found.update(session.scalars(select(Proposal.id).where(
            Proposal.id.in_(ids[start:start + 500]), Proposal.status == "adopted", ~Proposal.deleted)))
    return frozenset(found)


def _existing(session: Session, proposal_ids: list[str]) -> set[str]:
    """Which of these proposals exist (deleted ones too), in a few queries, not one per point."""
    found: set[str] = set()
    for start in range(0, len(proposal_ids), 500):
        found.update(session.scalars(select(Proposal.id).where(Proposal.id.in_(proposal_ids[start:start + 500]))))
    return found


def save_layout(session: Session, *, writer: OpWriter, sections: list[tuple[str, str, list[str]]]) -> Layout:
    """Replace the layout: (section id or '', title, point ids) in order."""
    seen: set[str] = set()
    payload = []
    existing = _existing(session, [pid for _, _, points in sections for pid in points])
    for sid, title, points in sections:
        clean = clean_text(title, single_line=True)
        if not clean:
            raise ValidationError("Every section needs a title.")
        if len(clean) > 200:
            raise ValidationError("A section title is too long (limit 200 characters).")
        for pid in points:
            if pid in seen:
                raise ValidationError("A point can stand in only one place in the programme.")
            if pid not in existing:
                raise NotFoundError("A point placed in the programme does not exist.")
            seen.add(pid)
        payload.append({"id": sid or new_id(), "title": clean, "points": list(points)})
    # After the checks that need no read: a refused title does not touch the store.
    check(session, load_roles(session), writer.profile.org_id, Action.ARRANGE_PROGRAMME)
    writer.append(session, kind="programme.layout", entity=PROGRAMME_ID, payload={"sections": payload})
    return get_layout(session)


def _when(stamp: int) -> str:
    ms, _ = unpack(stamp)
    return dt.datetime.fromtimestamp(ms / 1000).strftime("%Y-%m-%d")


def create_release(session: Session, *, writer: OpWriter, name: str) -> ReleaseInfo:
    """Freeze the programme as it stands now under a name (e.g. "Paris 2026, v1")."""
    check(session, load_roles(session), writer.profile.org_id, Action.CREATE_RELEASE)
    clean = clean_text(name, single_line=True)
    if not clean:
        raise ValidationError("A release needs a name, such as 'Paris 2026, v1'.")
    if any(r.name.casefold() == clean.casefold() for r in list_releases(session)):
        raise ValidationError("There is already a release named '{name}'.", name=clean)
    layout = get_layout(session)
    if not any(s.points for s in layout.sections):
        raise ValidationError("Place at least one point in a section before releasing the programme.")
    sections = []
    for s_number, section in enumerate(layout.sections, start=1):
        points = []
        for p_number, point in enumerate(section.points, start=1):
            detail = proposals.get_proposal(session, point.id)
            points.append({"id": point.id, "number": f"{s_number}.{p_number}", "revision": detail.head_revision,
                           "fields": {k: detail.fields[k] for k in FROZEN}})
        sections.append({"title": section.title, "points": points})
    entity = new_id()
    writer.append(session, kind="release.create", entity=entity, payload={"name": clean, "sections": sections})
    return get_release(session, entity).info


def list_releases(session: Session) -> list[ReleaseInfo]:
    """The releases that count: those created by a convener (others stay in the log, unseen)."""
    conveners = conveners_of(session)
    return [_info(r) for r in session.scalars(select(Release).order_by(Release.hlc)) if r.org_id in conveners]


def _info(row: Release) -> ReleaseInfo:
    content = json.loads(row.content_json)
    return ReleaseInfo(row.id, row.name, _when(row.hlc), sum(len(s["points"]) for s in content["sections"]))


def get_release(session: Session, release_id: str) -> ReleaseContent:
    row = session.get(Release, release_id)
    if row is None or row.org_id not in conveners_of(session):
        raise NotFoundError("That release does not exist in this store.")
    content = json.loads(row.content_json)
    sections = tuple(
        ReleaseSection(s["title"], tuple(ReleasePoint(p["id"], p["number"], p["revision"], p["fields"])
                                         for p in s["points"]))
        for s in content["sections"])
    return ReleaseContent(_info(row), sections)


def diff_releases(session: Session, *, old_id: str, new_id: str) -> list[Change]:
    """What changed from one release to another: points added, removed, moved, edited."""
    old, new = get_release(session, old_id), get_release(session, new_id)
    old_points = {p.id: p for s in old.sections for p in s.points}
    new_points = {p.id: p for s in new.sections for p in s.points}
    changes: list[Change] = []
    for pid, point in new_points.items():
        before = old_points.get(pid)
        if before is None:
            changes.append(Change("added", pid, point.fields["title"], "", point.number, ()))
            continue
        edited = tuple(f for f in FROZEN if before.fields.get(f) != point.fields.get(f))
        if edited:
            changes.append(Change("changed", pid, point.fields["title"], before.number, point.number, edited))
        elif before.number != point.number:
            changes.append(Change("moved", pid, point.fields["title"], before.number, point.number, ()))
    for pid, point in old_points.items():
        if pid not in new_points:
            changes.append(Change("removed", pid, point.fields["title"], point.number, "", ()))
    order = {"section_renamed": 0, "section_added": 0, "section_removed": 0,
             "added": 1, "changed": 2, "moved": 3, "removed": 4}
    changes.extend(_section_changes(old, new))
    return sorted(changes, key=lambda c: (order[c.kind], c.new_number or c.old_number))


def _section_changes(old: ReleaseContent, new: ReleaseContent) -> list[Change]:
    """Sections renamed, added or removed. Sections have no identity in a release, so a new
    section is the old one renamed when no old section has its title and they share the most points."""
    old_titles = {s.title for s in old.sections}
    new_titles = {s.title for s in new.sections}
    gone = [(i, s) for i, s in enumerate(old.sections, 1) if s.title not in new_titles]
    changes: list[Change] = []
    for number, section in enumerate(new.sections, 1):
        if section.title in old_titles:
            continue
        ids = {p.id for p in section.points}
        best = max(gone, key=lambda pair: len(ids & {p.id for p in pair[1].points}), default=None)
        if best is not None and (ids & {p.id for p in best[1].points} or not ids and not best[1].points):
            gone.remove(best)
            changes.append(Change("section_renamed", "", section.title, str(best[0]), str(number), (),
                                  old_title=best[1].title))
        else:
            changes.append(Change("section_added", "", section.title, "", str(number), ()))
    changes.extend(Change("section_removed", "", s.title, str(i), "", ()) for i, s in gone)
    return changes


def doc_point(number: str, fields: dict[str, Any], **extra: Any) -> DocPoint:
    """A point for the document writers."""
    return DocPoint(
        number=number, title=fields["title"], summary=fields.get("summary", ""), body=fields.get("body", ""),
        objective=fields.get("objective", ""), actions=tuple(fields.get("actions", ())),
        indicators=tuple(DocIndicator(i.get("name", ""), i.get("baseline", ""), i.get("target", ""),
                                      i.get("unit", "")) for i in fields.get("indicators", ())),
        responsible=fields.get("responsible", ""), start=fields.get("start", ""), end=fields.get("end", ""),
        resources=fields.get("resources", ""), level=fields.get("level", "national"),
        tags=tuple(fields.get("tags", ())), **extra)


def point_languages(session: Session, ids: list[str]) -> dict[str, str]:
    """The language each proposal is written in, as its author set it (releases freeze the
    text, not the language), so the documents can tag a French point inside an English one."""
    found: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        rows = session.execute(select(Proposal.id, Proposal.language).where(
            Proposal.id.in_(ids[start:start + 500])))
        found.update((pid, language) for pid, language in rows)
    return found


def release_document(session: Session, *, release_id: str, language: str) -> DocModel:
    """The programme release as a document model (for Word, Markdown, HTML, PDF)."""
    content = get_release(session, release_id)
    coalition = session.scalars(select(Coalition)).first()
    meta = DocMeta(kind="programme", title=labels(language)["programme"],
                   coalition=coalition.name if coalition else "", organisation="", country="",
                   release=content.info.name, date=dt.date.today().isoformat(), language=language)
    languages = point_languages(session, [p.id for s in content.sections for p in s.points])
    sections = tuple(DocSection(s.title, tuple(
        doc_point(p.number, p.fields, language=languages.get(p.id, "")) for p in s.points))
        for s in content.sections)
    return DocModel(meta=meta, sections=sections, annexes=release_annexes(session, language))


def release_annexes(session: Session, language: str) -> tuple[DocAnnex, ...]:
    """Two annexes per closed round: its rules, turnout and support as counts; then its roll call."""
    from stratplan.core.export.results import LABELS, annex_intro, roll_call_table, round_annex
    from stratplan.core.services import rounds  # rounds imports proposals; keep the graph simple

    title = LABELS.get(language, LABELS["en"])["title"]
    annexes = []
    for info in reversed(rounds.list_rounds(session)):
        if info.status != "closed":
            continue
        data = rounds.tally_json(rounds.tally(session, round_id=info.id))
        header, rows = round_annex(data, language)
        annexes.append(DocAnnex(f"{title}{labels(language)['sep']}{info.title}", header, rows,
                                intro=annex_intro(data, language)))
        if data.get("roll_call"):  # who voted in person, by delegation (through whom), who did not
            call_header, call = roll_call_table(data, language)
            annexes.append(DocAnnex(f"{LABELS.get(language, LABELS['en'])['roll_call']}{labels(language)['sep']}"
                                    f"{info.title}", call_header, call))
    return tuple(annexes)
