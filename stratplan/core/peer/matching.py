"""Rank other members' offers against each need; the coverage grid and a pairing proposal."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from stratplan.core.errors import ValidationError
from stratplan.core.messages import Message, msg, plural
from stratplan.core.peer.catalogue import PRIORITIES

# high 3, medium 2, low 1: built from the catalogue so the two lists cannot drift apart.
PRIORITY_WEIGHTS: dict[str, int] = dict(zip(PRIORITIES, (3, 2, 1), strict=True))

# The score packs its factors into decimal places (see match_score); capping the counts keeps
# one factor from spilling into the next, so the ranking stays lexicographic. No real coalition
# shares ten working languages or asks one partner for help in a hundred areas.
MAX_COUNTED_AREAS = 99
MAX_COUNTED_LANGUAGES = 9

NEED_MET = "need_met"
NEED_UNMET = "need_unmet"
OFFER_ONLY = "offer_only"
NO_ENTRY = "none"
STATUSES = (NEED_MET, NEED_UNMET, OFFER_ONLY, NO_ENTRY)


@dataclass(frozen=True, slots=True)
class Need:
    """A member's need for help in one area; `languages` are the needing member's own."""

    org: str
    area: str
    priority: str
    description: str
    languages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Offer:
    """A tool or practice a member built and can share, in the languages it is available in."""

    org: str
    area: str
    name: str
    description: str
    languages: tuple[str, ...]
    formats: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Match:
    """One candidate offer for one need, with its score and the reasons, for people to judge."""

    need_org: str
    offer_org: str
    area: str
    offer_name: str
    score: int
    shared_languages: tuple[str, ...]
    covered_areas: int
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CoverageCell:
    """One organisation in one area: its need, its own offers, and what others offer there."""

    priority: str | None
    offers: int
    available: int
    status: str


@dataclass(frozen=True, slots=True)
class AreaTotals:
    """An area's column summed: needs shown, how many of them nobody else can meet, offers."""

    area: str
    needs: int
    unmet: int
    offers: int


@dataclass(frozen=True, slots=True)
class CoverageMatrix:
    """Organisations by areas: where help exists and where it does not."""

    orgs: tuple[str, ...]
    areas: tuple[str, ...]
    rows: tuple[tuple[CoverageCell, ...], ...]
    totals: tuple[AreaTotals, ...]

    def cell(self, org: str, area: str) -> CoverageCell:
        """The cell of `org` in `area` (both must be in the matrix)."""
        return self.rows[self.orgs.index(org)][self.areas.index(area)]

    def as_dict(self) -> dict[str, Any]:
        """The matrix as JSON-ready lists and dicts, rows in `orgs` order."""
        return {
            "orgs": list(self.orgs),
            "areas": list(self.areas),
            "cells": [[{"priority": c.priority, "offers": c.offers, "available": c.available,
                        "status": c.status} for c in row] for row in self.rows],
            "totals": [{"area": t.area, "needs": t.needs, "unmet": t.unmet, "offers": t.offers}
                       for t in self.totals],
        }


def match_score(priority: str, shared_languages: int, covered_areas: int) -> int:
    """The integer score of a match; higher is better.

    score = 10_000 * P + 1_000 * S + 10 * min(C, 99) + min(L, 9), where
      P = the need's priority weight: high 3, medium 2, low 1;
      L = how many working languages the needing organisation and the offer share;
      S = 1 when L > 0, else 0 (a common language at all matters far more than how many);
      C = how many of the needing organisation's need areas the offering organisation has
          offers in, this one included (1 or more).

    Each factor has its own decimal places, so the order is lexicographic: priority first
    (the needs assessment decided what is urgent), then whether the two can work in a common
    language, then the depth of the partnership (an organisation that can help with several
    needs ranks above one that can help with this need only: fewer, deeper partnerships),
    then the number of shared languages. E.g. a high-priority need, one shared language,
    a partner able to help in 2 areas: 30_000 + 1_000 + 20 + 1 = 31_021.
    """
    weight = PRIORITY_WEIGHTS.get(priority)
    if weight is None:
        raise ValidationError("The priority '{priority}' is not high, medium or low.",
                              priority=priority)
    return (10_000 * weight + (1_000 if shared_languages > 0 else 0)
            + 10 * min(covered_areas, MAX_COUNTED_AREAS)
            + min(shared_languages, MAX_COUNTED_LANGUAGES))


# One scored candidate before it becomes a Match: (score, offering org, offer name, shared
# languages, covered areas). Plain tuples, because building a frozen Match costs more than
# scoring it, and suggest_pairings only needs Matches for the few candidates it keeps.
_Candidate = tuple[int, str, str, tuple[str, ...], int]


class _Index:
    """Needs and offers checked once and indexed by area, so matching never scans everything."""

    def __init__(self, needs: Iterable[Need], offers: Iterable[Offer]) -> None:
        self.needs = sorted(needs, key=lambda n: (n.org, n.area))
        self.needed: dict[str, set[str]] = defaultdict(set)
        for need in self.needs:
            if need.priority not in PRIORITY_WEIGHTS:
                raise ValidationError("The need of {org} in {area} has the priority "
                                      "'{priority}'; use high, medium or low.",
                                      org=need.org, area=need.area, priority=need.priority)
            if need.area in self.needed[need.org]:
                raise ValidationError("{org} has two needs in {area}; merge them into one.",
                                      org=need.org, area=need.area)
            self.needed[need.org].add(need.area)
        # Language lists become small numbers, so a pair of them is compared only once.
        self.language_sets: list[frozenset[str]] = []
        self._language_ids: dict[frozenset[str], int] = {}
        self.need_languages = [self._language_id(n.languages) for n in self.needs]
        self.offered: dict[str, set[str]] = defaultdict(set)
        self.by_area: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        seen: set[tuple[str, str, str]] = set()
        for offer in offers:
            key = (offer.org, offer.area, offer.name)
            if key in seen:
                raise ValidationError("{org} offers '{name}' in {area} twice.",
                                      org=offer.org, name=offer.name, area=offer.area)
            seen.add(key)
            self.offered[offer.org].add(offer.area)
            self.by_area[offer.area].append(
                (offer.org, offer.name, self._language_id(offer.languages)))
        for listed in self.by_area.values():
            # Sorted once here, so equal scores later keep this order: by organisation, then name.
            listed.sort()

    def _language_id(self, codes: tuple[str, ...]) -> int:
        languages = frozenset(code.casefold() for code in codes)
        found = self._language_ids.get(languages)
        if found is None:
            found = self._language_ids[languages] = len(self.language_sets)
            self.language_sets.append(languages)
        return found

    def scored(self) -> Iterator[tuple[Need, list[_Candidate]]]:
        """Each need (by org, then area) with its candidates, best first; see match_score."""
        # The score is match_score's formula taken apart: the priority part per need, the
        # language part per pair of language lists, the depth part per pair of organisations.
        # Each part is computed once and added up in the inner loop, which runs for every
        # need times every offer in its area.
        depth: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
        language: dict[int, dict[int, tuple[int, tuple[str, ...]]]] = defaultdict(dict)
        for need, need_languages in zip(self.needs, self.need_languages, strict=True):
            base = 10_000 * PRIORITY_WEIGHTS[need.priority]
            needed = self.needed[need.org]
            pair_depth = depth[need.org]
            pair_language = language[need_languages]
            mine = self.language_sets[need_languages]
            candidates: list[_Candidate] = []
            for org, name, offer_languages in self.by_area.get(need.area, ()):
                if org == need.org:
                    continue  # a member never "helps" itself: its own offer is no partnership
                covered = pair_depth.get(org)
                if covered is None:
                    count = len(needed & self.offered[org])
                    covered = pair_depth[org] = (10 * min(count, MAX_COUNTED_AREAS), count)
                shared = pair_language.get(offer_languages)
                if shared is None:
                    common = tuple(sorted(mine & self.language_sets[offer_languages]))
                    points = (1_000 if common else 0) + min(len(common), MAX_COUNTED_LANGUAGES)
                    shared = pair_language[offer_languages] = (points, common)
                candidates.append((base + shared[0] + covered[0], org, name, shared[1],
                                   covered[1]))
            # Stable sort: equal scores keep the by-area order (offering org, then offer name).
            candidates.sort(key=_minus_score)
            yield need, candidates


def _minus_score(candidate: _Candidate) -> int:
    return -candidate[0]


class _Reasons:
    """The reasons shown with a match, built once per distinct combination of factors."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, tuple[str, ...], int], tuple[str, ...]] = {}

    def __call__(self, priority: str, shared: tuple[str, ...], covered: int) -> tuple[str, ...]:
        key = (priority, shared, covered)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = _reasons(priority, shared, covered)
        return found


def _reasons(priority: str, shared: tuple[str, ...], covered: int) -> tuple[str, ...]:
    return tuple(m.english() for m in reason_messages(priority, shared, covered))


def reason_messages(priority: str, shared: tuple[str, ...], covered: int) -> tuple[Message, ...]:
    """Why an offer suits a need, as messages a window or a document renders in its language."""
    if not shared:
        language = msg("no shared working language")
    else:
        language = plural("shared working language: {languages}", "shared working languages: {languages}",
                          len(shared), languages=", ".join(shared))
    depth = (msg("the offering organisation can help with this need only") if covered == 1 else
             plural("the offering organisation can help with {n} of the needing organisation's needs",
                    "the offering organisation can help with {n} of the needing organisation's needs",
                    covered))
    need = {"high": msg("high-priority need"), "medium": msg("medium-priority need"),
            "low": msg("low-priority need")}.get(priority) or msg("{priority}-priority need", priority=priority)
    return (need, language, depth)


def match_needs(needs: Iterable[Need], offers: Iterable[Offer]) -> dict[tuple[str, str],
                                                                        tuple[Match, ...]]:
    """For each need, keyed (need org, area), every offer in its area from another member.

    Best first by `match_score` (see there for the formula); equal scores are ordered by the
    offering organisation's id, then the offer's name. Keys come sorted and a need no other
    member can meet maps to an empty tuple, so the result does not depend on input order.
    Two needs of one organisation in one area, an offer repeated, or an unknown priority
    raise ValidationError.
    """
    reasons = _Reasons()
    result: dict[tuple[str, str], tuple[Match, ...]] = {}
    for need, candidates in _Index(needs, offers).scored():
        org, area, priority = need.org, need.area, need.priority
        result[(org, area)] = tuple(
            Match(org, offer_org, area, name, score, shared, covered,
                  reasons(priority, shared, covered))
            for score, offer_org, name, shared, covered in candidates)
    return result


def coverage_matrix(orgs: Sequence[str], areas: Sequence[str], needs: Iterable[Need],
                    offers: Iterable[Offer]) -> CoverageMatrix:
    """The organisations (rows) by areas (columns) grid of needs and offers.

    A cell holds the organisation's need priority (or None), the number of its own offers in
    the area, the number offered there by other organisations, and a status: "need_met" (a
    need, and another organisation offers in the area), "need_unmet" (a need, and nobody else
    offers there), "offer_only" (offers but no need) or "none". Needs and offers of
    organisations or areas not listed are left out of the rows, but every offer counts as
    help available to the organisations listed. Totals per area count the needs shown, those
    unmet, and all offers in the area.
    """
    if len(set(orgs)) != len(orgs) or len(set(areas)) != len(areas):
        raise ValidationError("An organisation or area is listed twice in the coverage grid.")
    needs = tuple(needs)
    offers = tuple(offers)
    _Index(needs, offers)  # the same checks as matching: one grid, one truth
    priority = {(n.org, n.area): n.priority for n in needs}
    own: dict[tuple[str, str], int] = defaultdict(int)
    in_area: dict[str, int] = defaultdict(int)
    for offer in offers:
        own[(offer.org, offer.area)] += 1
        in_area[offer.area] += 1
    rows: list[tuple[CoverageCell, ...]] = []
    need_count = dict.fromkeys(areas, 0)
    unmet = dict.fromkeys(areas, 0)
    for org in orgs:
        row: list[CoverageCell] = []
        for area in areas:
            mine = own.get((org, area), 0)
            others = in_area.get(area, 0) - mine
            wanted = priority.get((org, area))
            if wanted is not None:
                need_count[area] += 1
                status = NEED_MET if others else NEED_UNMET
                if not others:
                    unmet[area] += 1
            else:
                status = OFFER_ONLY if mine else NO_ENTRY
            row.append(CoverageCell(wanted, mine, others, status))
        rows.append(tuple(row))
    totals = tuple(AreaTotals(a, need_count[a], unmet[a], in_area.get(a, 0)) for a in areas)
    return CoverageMatrix(tuple(orgs), tuple(areas), tuple(rows), totals)


def suggest_pairings(needs: Iterable[Need], offers: Iterable[Offer],
                     max_per_org: int = 3) -> tuple[Match, ...]:
    """A proposal of at most one offer per need, for the coalition to discuss, not a decision.

    Greedy: all matches, best score first (ties by need organisation, area, offering
    organisation, offer name), are taken in turn unless the need already has a partner or the
    offering organisation already takes on `max_per_org` needs, so no member is asked to carry
    everyone. Returned in the order chosen; a need left without partner is simply absent.
    """
    if max_per_org < 1:
        raise ValidationError("Each organisation must be able to take on at least one need.")
    ranked = [(-score, need.org, need.area, org, name, shared, covered, need.priority)
              for need, candidates in _Index(needs, offers).scored()
              for score, org, name, shared, covered in candidates]
    # (need org, area, offering org, name) is unique, so the sort never compares further.
    ranked.sort()
    reasons = _Reasons()
    load: dict[str, int] = defaultdict(int)
    served: set[tuple[str, str]] = set()
    chosen: list[Match] = []
    for minus, need_org, area, org, name, shared, covered, priority in ranked:
        if (need_org, area) in served or load[org] >= max_per_org:
            continue
        served.add((need_org, area))
        load[org] += 1
        chosen.append(Match(need_org, org, area, name, -minus, shared, covered,
                            reasons(priority, shared, covered)))
    return tuple(chosen)
