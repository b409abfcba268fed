"""Reviewing overlap suggestions: dismiss a pair as "not a duplicate", or link two points as related.

Each decision is a signed operation on the pair (overlap.* kinds, see oplog/overlap_reducer.py),
so it is shared with every laptop and nobody reviews the same pair twice. A decision names
pairs, never a group: a proposal that joins a dismissed group later is still suggested with
each of its members. Both decisions can be taken back ("review again", "remove the link").

Suggestions are filtered here, on top of the finder (overlap_service), which knows nothing of
reviews: a reviewed pair never appears inside a suggestion again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from stratplan.core.db.models import Organisation, OverlapReview, Person, Proposal
from stratplan.core.errors import NotFoundError, StratplanError, ValidationError
from stratplan.core.oplog.kinds import Kind
from stratplan.core.oplog.overlap_reducer import pair_entity
from stratplan.core.oplog.writer import OpWriter

if TYPE_CHECKING:  # the finder loads NumPy: imported only where suggestions are made
    from stratplan.core.services.overlap_service import Suggestion

Pair = tuple[str, str]


class SearchCancelledError(StratplanError):
    """The person looking for suggestions cancelled; nothing was read into the window."""


@dataclass(frozen=True)
class ReviewedPair:
    """A pair someone decided on: dismissed (not a duplicate), related, or both."""

    a: str
    b: str
    a_title: str
    b_title: str
    dismissed: bool
    related: bool
    dismissed_by: str  # organisation code ("" when not dismissed)
    related_by: str


@dataclass(frozen=True)
class RelatedLink:
    """A point linked as related to the one being shown."""

    other: str
    title: str
    organisation: str
    person: str


def pair_of(a: str, b: str) -> Pair:
    first, second = sorted((a, b))
    return first, second


def _row(session: Session, a: str, b: str) -> OverlapReview | None:
    return session.get(OverlapReview, pair_entity(a, b))


def _check_pair(session: Session, a: str, b: str) -> Pair:
    """The pair in order, once both proposals are known and in the store (not deleted)."""
    if a == b:
        raise ValidationError("A proposal cannot be compared with itself; name two different proposals.")
    for pid in (a, b):
        row = session.get(Proposal, pid)
        if row is None:
            raise NotFoundError("That proposal does not exist in this store.")
        if row.deleted:
            raise ValidationError("'{title}' was deleted; it can no longer be reviewed.", title=row.title)
    return pair_of(a, b)


def _write(session: Session, writer: OpWriter, kind: Kind, pair: Pair, cl: int) -> None:
    writer.append(session, kind=kind, entity=pair_entity(*pair), payload={"a": pair[0], "b": pair[1], "cl": cl})


def dismiss(session: Session, *, writer: OpWriter, pairs: Iterable[Pair]) -> int:
    """Dismiss these pairs as "not a duplicate"; return how many were newly dismissed.

    Pairs already dismissed (perhaps on another laptop, received meanwhile) are left as they
    are; naming only such pairs is an error, so a reviewer is told their work was done already.
    """
    wanted = list(dict.fromkeys(_check_pair(session, a, b) for a, b in pairs))
    if not wanted:
        raise ValidationError("Name at least two proposals to dismiss as not a duplicate.")
    written = 0
    for pair in wanted:
        row = _row(session, *pair)
        cl = row.dismiss_cl if row else 0
        if cl % 2 == 0:
            _write(session, writer, Kind.OVERLAP_DISMISS, pair, cl + 1)
            written += 1
    if not written:
        raise ValidationError("These proposals were already dismissed as not duplicates.")
    return written


def review_again(session: Session, *, writer: OpWriter, a: str, b: str) -> None:
    """Take back a dismissal: the pair can be suggested again."""
    pair = _check_pair(session, a, b)
    row = _row(session, *pair)
    if row is None or row.dismiss_cl % 2 == 0:
        raise ValidationError("These two proposals were not dismissed; there is nothing to review again.")
    _write(session, writer, Kind.OVERLAP_REVIEW_AGAIN, pair, row.dismiss_cl + 1)


def relate(session: Session, *, writer: OpWriter, a: str, b: str) -> None:
    """Link two points as related without merging them (the link shows on both)."""
    pair = _check_pair(session, a, b)
    row = _row(session, *pair)
    cl = row.relate_cl if row else 0
    if cl % 2 == 1:
        raise ValidationError("These two proposals are already linked as related.")
    _write(session, writer, Kind.OVERLAP_RELATE, pair, cl + 1)


def unrelate(session: Session, *, writer: OpWriter, a: str, b: str) -> None:
    """Remove the related link between two points."""
    pair = _check_pair(session, a, b)
    row = _row(session, *pair)
    if row is None or row.relate_cl % 2 == 0:
        raise ValidationError("These two proposals are not linked as related.")
    _write(session, writer, Kind.OVERLAP_UNRELATE, pair, row.relate_cl + 1)


def _on(cl: int) -> bool:
    return cl % 2 == 1


def reviewed(session: Session) -> list[ReviewedPair]:
    """Every pair that is dismissed or related now, between proposals still in the store."""
    rows = list(session.scalars(select(OverlapReview).where(
        or_(OverlapReview.dismiss_cl % 2 == 1, OverlapReview.relate_cl % 2 == 1))))
    ids = {p for r in rows for p in (r.a, r.b)}
    titles = dict(session.execute(select(Proposal.id, Proposal.title)
                                  .where(Proposal.id.in_(ids), Proposal.deleted.is_(False))).all())
    orgs = dict(session.execute(select(Organisation.id, Organisation.code)).all())
    out = [ReviewedPair(r.a, r.b, titles[r.a], titles[r.b], _on(r.dismiss_cl), _on(r.relate_cl),
                        orgs.get(r.dismiss_org, "") if _on(r.dismiss_cl) else "",
                        orgs.get(r.relate_org, "") if _on(r.relate_cl) else "")
           for r in rows if r.a in titles and r.b in titles]
    return sorted(out, key=lambda p: (p.a_title.casefold(), p.b_title.casefold(), p.a, p.b))


def reviewed_pairs(session: Session) -> frozenset[Pair]:
    """Pairs a reviewer decided on (dismissed or related): never suggested again."""
    rows = session.execute(select(OverlapReview.a, OverlapReview.b).where(
        or_(OverlapReview.dismiss_cl % 2 == 1, OverlapReview.relate_cl % 2 == 1))).all()
    return frozenset((a, b) for a, b in rows)


def related_to(session: Session, proposal_id: str) -> list[RelatedLink]:
    """The points linked as related to this one, by title."""
    rows = session.scalars(select(OverlapReview).where(
        OverlapReview.relate_cl % 2 == 1,
        or_(OverlapReview.a == proposal_id, OverlapReview.b == proposal_id)))
    by_other = {(r.b if r.a == proposal_id else r.a): r for r in rows}
    titles = dict(session.execute(select(Proposal.id, Proposal.title)
                                  .where(Proposal.id.in_(list(by_other)), Proposal.deleted.is_(False))).all())
    orgs = dict(session.execute(select(Organisation.id, Organisation.code)).all())
    people = dict(session.execute(select(Person.id, Person.name)).all())
    links = [RelatedLink(other, titles[other], orgs.get(r.relate_org, ""), people.get(r.relate_author, ""))
             for other, r in by_other.items() if other in titles]
    return sorted(links, key=lambda x: (x.title.casefold(), x.other))


# ---------------------------------------------------------------- suggestions without reviewed pairs


def _clear_sets(members: Sequence[str], blocked: frozenset[Pair]) -> list[tuple[str, ...]]:
    """The largest sets of members (two or more) with no blocked pair inside, in a fixed order.

    Bron-Kerbosch on "may sit together"; groups are small and blocked pairs few, so the sets
    are few (at most two per blocked pair in the common case)."""
    allowed = {m: {o for o in members if o != m and pair_of(m, o) not in blocked} for m in members}
    found: list[tuple[str, ...]] = []

    def extend(chosen: set[str], candidates: set[str], excluded: set[str]) -> None:
        if not candidates and not excluded:
            if len(chosen) >= 2:
                found.append(tuple(sorted(chosen)))
            return
        pivot = max(candidates | excluded, key=lambda m: (len(allowed[m] & candidates), m))
        for member in sorted(candidates - allowed[pivot]):
            extend(chosen | {member}, candidates & allowed[member], excluded & allowed[member])
            candidates = candidates - {member}
            excluded = excluded | {member}

    extend(set(), set(members), set())
    return sorted(found)


def _part(suggestion: Suggestion, ids: tuple[str, ...]) -> Suggestion:
    from stratplan.core.consolidation.overlaps import OverlapGroup
    from stratplan.core.services.overlap_service import Suggestion

    inside = set(ids)
    pairs = tuple(p for p in suggestion.group.pairs if p.a in inside and p.b in inside)
    score = round(sum(p.score for p in pairs) / len(pairs), 6) if pairs else 0.0
    kind = "duplicate" if pairs and all(p.kind == "duplicate" for p in pairs) else "overlap"
    return Suggestion(OverlapGroup(ids, score, pairs, kind), {i: suggestion.titles[i] for i in ids},
                      {i: suggestion.texts[i] for i in ids})


def without_reviewed(suggestions: Sequence[Suggestion], blocked: frozenset[Pair], *,
                     threshold: float | None = None) -> list[Suggestion]:
    """The suggestions with no reviewed pair inside, in the finder's order.

    A group holding a reviewed pair is split into the largest sets that hold none (each kept
    when its mean score still reaches the threshold), ranked among themselves as the finder
    ranks groups, at the place the group had (threshold None: the finder's default)."""
    from stratplan.core.consolidation.overlaps import DEFAULT_THRESHOLD

    floor = DEFAULT_THRESHOLD if threshold is None else threshold
    out: list[Suggestion] = []
    for suggestion in suggestions:
        group = suggestion.group
        if not any((p.a, p.b) in blocked for p in group.pairs):
            out.append(suggestion)
            continue
        parts = [_part(suggestion, ids) for ids in _clear_sets(group.ids, blocked)]
        parts = [p for p in parts if p.group.pairs and p.group.score >= floor]
        out += sorted(parts, key=lambda p: (-p.group.score, -len(p.group.ids), p.group.ids))
    return out


def suggest_unreviewed(session: Session, *, group_id: str | None = None,
                       threshold: float | None = None, cache: Path | None = None,
                       progress: Callable[[int, int], None] | None = None,
                       cancelled: Callable[[], bool] | None = None,
                       ngrams_only: bool = False) -> list[Suggestion]:
    """The finder's suggestions (overlap_service.suggest) less every pair already reviewed.

    `cancelled` is handed to a finder that polls it (its SuggestCancelledError propagates);
    it is checked once more here, so a cancel always stops before anything is shown."""
    from stratplan.core.consolidation.overlaps import DEFAULT_THRESHOLD
    from stratplan.core.services.overlap_service import suggest

    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    found = suggest(session, group_id=group_id, threshold=threshold, cache=cache,
                    progress=progress, cancelled=cancelled, ngrams_only=ngrams_only)
    if cancelled is not None and cancelled():
        raise SearchCancelledError("Cancelled; nothing was changed.")
    return without_reviewed(found, reviewed_pairs(session), threshold=threshold)
