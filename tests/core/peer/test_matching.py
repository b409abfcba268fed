"""Matching needs with offers on a small hand-built coalition, checked against hand counts."""

from __future__ import annotations

import pytest

from stratplan.core.errors import ValidationError
from stratplan.core.peer.matching import (
    AreaTotals,
    CoverageCell,
    Match,
    Need,
    Offer,
    coverage_matrix,
    match_needs,
    match_score,
    suggest_pairings,
)

LEGAL, EXIT, DATA, FUNDS = "legal-advocacy", "survivor-support", "data-research", "fundraising"

# Four members: A works in Lithuanian, B in Lithuanian and English, C in French and English,
# D in French only. Needs and offers as a needs assessment would report them.
NEEDS = (
    Need("A", LEGAL, "high", "Compensation claims", ("lt",)),
    Need("A", EXIT, "medium", "Start an exit programme", ("lt",)),
    Need("C", DATA, "low", "Shared case indicators", ("fr", "en")),
    Need("C", LEGAL, "medium", "Strategic litigation", ("fr", "en")),
    Need("C", FUNDS, "low", "EU grant writing", ("fr", "en")),  # nobody offers fundraising
    Need("D", EXIT, "high", "Safe housing", ("fr",)),
)
OFFERS = (
    Offer("B", LEGAL, "Strategic litigation guide", "Guide", ("lt", "en"), ("materials",)),
    Offer("B", EXIT, "Exit programme handbook", "Handbook", ("lt", "en"), ("mentoring",)),
    Offer("B", DATA, "Monitoring indicators", "Indicators", ("en",), ("training",)),
    Offer("C", LEGAL, "Court accompaniment training", "Training", ("fr", "en"), ("training",)),
    Offer("D", EXIT, "Safe-house mentoring", "Mentoring", ("fr",), ("mentoring", "study_visit")),
    Offer("D", DATA, "Survey toolkit", "Toolkit", ("fr", "en"), ("materials",)),
    Offer("A", DATA, "Case database", "Database", ("lt",), ("training",)),
)


def ranked(result: dict[tuple[str, str], tuple[Match, ...]]) -> dict[tuple[str, str],
                                                                      list[tuple[str, int]]]:
    return {key: [(m.offer_org, m.score) for m in matches] for key, matches in result.items()}


def test_hand_built_coalition_gives_the_hand_counted_ranking() -> None:
    # score = 10_000 * priority + 1_000 * (any shared language) + 10 * covered areas + shared.
    # Areas each needing organisation needs: A {legal, exit}, C {data, legal, fundraising},
    # D {exit}. Areas each organisation offers: A {data}, B {legal, exit, data}, C {legal},
    # D {exit, data}.
    expected = {
        # high (3); B shares lt and covers both of A's areas: 30000+1000+20+1. C shares no
        # language with A and covers legal only: 30000+0+10+0.
        ("A", LEGAL): [("B", 31021), ("C", 30010)],
        # medium (2); B as above; D speaks French only and covers exit only.
        ("A", EXIT): [("B", 21021), ("D", 20010)],
        # low (1); B shares only en but covers data and legal (2 areas): 10000+1000+20+1.
        # D shares fr and en (2 languages) but covers data only: 10000+1000+10+2. Depth of
        # partnership counts before the number of languages. A shares nothing: 10000+10.
        ("C", DATA): [("B", 11021), ("D", 11012), ("A", 10010)],
        # Nobody offers fundraising: the need is listed with no candidates.
        ("C", FUNDS): [],
        # C offers legal work itself but is never its own candidate; B shares en, covers 2.
        ("C", LEGAL): [("B", 21021)],
        # D's own safe-house offer is left out; B covers exit only and shares no language.
        ("D", EXIT): [("B", 30010)],
    }
    result = match_needs(NEEDS, OFFERS)
    assert ranked(result) == expected
    assert list(result) == sorted(expected)  # keys sorted: the same order for the same data


def test_a_match_carries_its_factors_and_reasons() -> None:
    best = match_needs(NEEDS, OFFERS)[("C", DATA)][1]
    assert (best.need_org, best.offer_org, best.area, best.offer_name) == (
        "C", "D", DATA, "Survey toolkit")
    assert best.shared_languages == ("en", "fr") and best.covered_areas == 1
    assert best.reasons == ("low-priority need", "shared working languages: en, fr",
                            "the offering organisation can help with this need only")
    assert match_needs(NEEDS, OFFERS)[("A", LEGAL)][0].reasons[1:] == (
        "shared working language: lt",
        "the offering organisation can help with 2 of the needing organisation's needs")


def test_the_score_formula_is_integer_exact_and_lexicographic() -> None:
    assert match_score("high", 1, 2) == 31_021  # the docstring's example
    assert match_score("low", 0, 1) == 10_010
    # Caps keep each factor inside its own digits: 9 languages never reach a covered area,
    # 99 areas never reach the shared-language place, nothing reaches the next priority.
    assert match_score("medium", 12, 1) < match_score("medium", 1, 2)
    assert match_score("medium", 9, 500) < match_score("high", 0, 1)
    with pytest.raises(ValidationError, match="'urgent' is not high, medium or low"):
        match_score("urgent", 0, 1)


def test_an_organisation_never_matches_itself() -> None:
    needs = [Need("A", LEGAL, "high", "x", ("en",))]
    offers = [Offer("A", LEGAL, "Own guide", "x", ("en",), ())]
    assert match_needs(needs, offers) == {("A", LEGAL): ()}
    assert suggest_pairings(needs, offers) == ()
    every = [m for ms in match_needs(NEEDS, OFFERS).values() for m in ms]
    assert every and all(m.need_org != m.offer_org for m in every)


def test_a_shared_language_beats_none_and_more_beats_fewer() -> None:
    need = Need("Z", LEGAL, "medium", "x", ("lt", "EN"))  # codes compare case-insensitively
    offers = [
        Offer("A", LEGAL, "No common language", "x", ("fr",), ()),
        Offer("B", LEGAL, "One common language", "x", ("en",), ()),
        Offer("C", LEGAL, "Two common languages", "x", ("lt", "en"), ()),
    ]
    # Without the language factor A would come first: it has the smallest id.
    result = match_needs([need], offers)[("Z", LEGAL)]
    assert [(m.offer_org, m.shared_languages) for m in result] == [
        ("C", ("en", "lt")), ("B", ("en",)), ("A", ())]


def test_an_organisation_covering_more_needs_ranks_higher() -> None:
    needs = [Need("Z", LEGAL, "high", "x", ("en",)), Need("Z", DATA, "low", "y", ("en",))]
    offers = [
        Offer("A", LEGAL, "Guide", "x", ("en",), ()),
        Offer("B", LEGAL, "Training", "x", ("en",), ()),
        Offer("B", DATA, "Indicators", "x", ("en",), ()),  # B can help Z twice
    ]
    result = match_needs(needs, offers)
    assert [(m.offer_org, m.covered_areas) for m in result[("Z", LEGAL)]] == [("B", 2), ("A", 1)]


def test_equal_scores_are_ordered_by_organisation_then_offer_name() -> None:
    need = Need("Z", LEGAL, "high", "x", ("en",))
    offers = [Offer(org, LEGAL, name, "x", ("en",), ())
              for org, name in (("C", "b"), ("B", "z"), ("C", "a"), ("B", "a"))]
    result = match_needs([need], offers)[("Z", LEGAL)]
    assert [(m.offer_org, m.offer_name) for m in result] == [
        ("B", "a"), ("B", "z"), ("C", "a"), ("C", "b")]
    assert len({m.score for m in result}) == 1


def test_coverage_matrix_shows_where_help_exists_and_where_not() -> None:
    orgs, areas = ["A", "B", "C", "D"], [LEGAL, EXIT, DATA, FUNDS]
    grid = coverage_matrix(orgs, areas, NEEDS, OFFERS)
    met, unmet, offer_only, none = "need_met", "need_unmet", "offer_only", "none"
    # (priority, own offers, offers by others, status) per cell, counted from NEEDS/OFFERS.
    expected = {
        "A": [("high", 0, 2, met), ("medium", 0, 2, met), (None, 1, 2, offer_only),
              (None, 0, 0, none)],
        "B": [(None, 1, 1, offer_only), (None, 1, 1, offer_only), (None, 1, 2, offer_only),
              (None, 0, 0, none)],
        "C": [("medium", 1, 1, met), (None, 0, 2, none), ("low", 0, 3, met),
              ("low", 0, 0, unmet)],
        "D": [(None, 0, 2, none), ("high", 1, 1, met), (None, 1, 2, offer_only),
              (None, 0, 0, none)],
    }
    assert grid.orgs == tuple(orgs) and grid.areas == tuple(areas)
    for org, row in zip(orgs, grid.rows, strict=True):
        assert [(c.priority, c.offers, c.available, c.status) for c in row] == expected[org]
    assert grid.totals == (AreaTotals(LEGAL, 2, 0, 2), AreaTotals(EXIT, 2, 0, 2),
                           AreaTotals(DATA, 1, 0, 3), AreaTotals(FUNDS, 1, 1, 0))
    assert grid.cell("C", FUNDS) == CoverageCell("low", 0, 0, unmet)
    plain = grid.as_dict()
    assert plain["cells"][2][3] == {"priority": "low", "offers": 0, "available": 0,
                                    "status": unmet}
    assert plain["totals"][3] == {"area": FUNDS, "needs": 1, "unmet": 1, "offers": 0}


def test_a_need_only_the_organisation_itself_can_meet_is_unmet() -> None:
    grid = coverage_matrix(["A"], [LEGAL], [Need("A", LEGAL, "low", "x", ())],
                           [Offer("A", LEGAL, "Own", "x", (), ())])
    assert grid.cell("A", LEGAL) == CoverageCell("low", 1, 0, "need_unmet")
    assert grid.totals == (AreaTotals(LEGAL, 1, 1, 1),)


def test_suggest_pairings_follows_the_scores_and_the_limit() -> None:
    def pairs(limit: int) -> list[tuple[str, str, str]]:
        return [(m.need_org, m.area, m.offer_org)
                for m in suggest_pairings(NEEDS, OFFERS, max_per_org=limit)]

    # All matches, best first: A-legal<-B 31021; A-legal<-C and D-exit<-B 30010 (tie: need org
    # A before D); A-exit<-B and C-legal<-B 21021; A-exit<-D 20010; C-data<-B 11021;
    # C-data<-D 11012; C-data<-A 10010. With 3 per organisation, B takes the first three
    # needs it meets, C-legal then has nobody else, and C-data falls to D.
    assert pairs(3) == [("A", LEGAL, "B"), ("D", EXIT, "B"), ("A", EXIT, "B"), ("C", DATA, "D")]
    # One need each: B takes A-legal only, so D-exit (only B offers) stays unpaired,
    # A-exit goes to D and C-data, refused by full B and D, to A.
    assert pairs(1) == [("A", LEGAL, "B"), ("A", EXIT, "D"), ("C", DATA, "A")]
    # No limit worth the name: B, which can help the most, gets every need it meets.
    assert pairs(10) == [("A", LEGAL, "B"), ("D", EXIT, "B"), ("A", EXIT, "B"), ("C", LEGAL, "B"),
                         ("C", DATA, "B")]
    assert suggest_pairings(NEEDS, OFFERS) == suggest_pairings(NEEDS, OFFERS, max_per_org=3)


def test_suggest_pairings_is_deterministic_and_respects_the_limit() -> None:
    needs = [Need(f"N{i:02}", LEGAL, ("high", "medium", "low")[i % 3], "x", ("en",))
             for i in range(12)]
    offers = [Offer(org, LEGAL, "Guide", "x", ("en",), ()) for org in ("P", "Q", "R")]
    first = suggest_pairings(needs, offers, max_per_org=2)
    assert len(first) == 6  # 3 offering organisations x 2 needs each
    assert max(sum(m.offer_org == org for m in first) for org in "PQR") == 2
    # Equal offers: high-priority needs first, then medium ones by id; P, Q, R in turn.
    assert [(m.need_org, m.offer_org) for m in first] == [
        ("N00", "P"), ("N03", "P"), ("N06", "Q"), ("N09", "Q"), ("N01", "R"), ("N04", "R")]
    assert suggest_pairings(list(reversed(needs)), list(reversed(offers)), max_per_org=2) == first


@pytest.mark.parametrize(
    ("needs", "offers", "message"),
    [
        ([Need("A", LEGAL, "high", "x", ()), Need("A", LEGAL, "low", "y", ())], [],
         "A has two needs in legal-advocacy"),
        ([], [Offer("A", LEGAL, "Guide", "x", (), ()), Offer("A", LEGAL, "Guide", "y", (), ())],
         "A offers 'Guide' in legal-advocacy twice"),
        ([Need("A", LEGAL, "urgent", "x", ())], [], "the priority 'urgent'"),
    ],
)
def test_inconsistent_input_is_refused(needs: list[Need], offers: list[Offer],
                                       message: str) -> None:
    for call in (lambda: match_needs(needs, offers), lambda: suggest_pairings(needs, offers),
                 lambda: coverage_matrix(["A"], [LEGAL], needs, offers)):
        with pytest.raises(ValidationError, match=message):
            call()


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValidationError, match="at least one need"):
        suggest_pairings(NEEDS, OFFERS, max_per_org=0)
    with pytest.raises(ValidationError, match="listed twice"):
        coverage_matrix(["A", "A"], [LEGAL], NEEDS, OFFERS)
