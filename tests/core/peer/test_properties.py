"""Properties of matching: the order in which needs and offers arrive changes nothing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from stratplan.core.peer.matching import (
    Need,
    Offer,
    coverage_matrix,
    match_needs,
    match_score,
    suggest_pairings,
)

ORGS = ("A", "B", "C", "D", "E")
AREAS = ("legal-advocacy", "fundraising", "data-research", "digital-safety")
languages = st.lists(st.sampled_from(("en", "fr", "lt", "de")), unique=True, max_size=3).map(tuple)

# Dictionaries keyed like the real data: one need per organisation and area, one offer per
# organisation, area and name, exactly what match_needs accepts.
needs_strategy = st.dictionaries(
    st.tuples(st.sampled_from(ORGS), st.sampled_from(AREAS)),
    st.tuples(st.sampled_from(("high", "medium", "low")), languages), max_size=15,
).map(lambda d: [Need(org, area, p, "need", langs) for (org, area), (p, langs) in d.items()])
offers_strategy = st.dictionaries(
    st.tuples(st.sampled_from(ORGS), st.sampled_from(AREAS), st.sampled_from(("x", "y"))),
    languages, max_size=15,
).map(lambda d: [Offer(org, area, name, "offer", langs, ("training",))
                 for (org, area, name), langs in d.items()])


@settings(max_examples=200, deadline=None)
@given(needs=needs_strategy, offers=offers_strategy, data=st.data())
def test_results_do_not_depend_on_input_order(needs: list[Need], offers: list[Offer],
                                              data: st.DataObject) -> None:
    shuffled_needs = data.draw(st.permutations(needs))
    shuffled_offers = data.draw(st.permutations(offers))
    matches = match_needs(needs, offers)
    again = match_needs(shuffled_needs, shuffled_offers)
    assert list(again.items()) == list(matches.items())  # same keys, same order, same matches
    limit = data.draw(st.integers(min_value=1, max_value=4))
    pairs = suggest_pairings(needs, offers, max_per_org=limit)
    assert suggest_pairings(shuffled_needs, shuffled_offers, max_per_org=limit) == pairs
    assert (coverage_matrix(ORGS, AREAS, shuffled_needs, shuffled_offers)
            == coverage_matrix(ORGS, AREAS, needs, offers))


@settings(max_examples=200, deadline=None)
@given(needs=needs_strategy, offers=offers_strategy, limit=st.integers(min_value=1, max_value=3))
def test_invariants_of_matches_and_pairings(needs: list[Need], offers: list[Offer],
                                            limit: int) -> None:
    matches = match_needs(needs, offers)
    assert set(matches) == {(n.org, n.area) for n in needs}
    for (org, area), candidates in matches.items():
        assert all(m.need_org == org and m.area == area and m.offer_org != org
                   for m in candidates)
        assert [m.score for m in candidates] == sorted((m.score for m in candidates), reverse=True)
        priority = next(n.priority for n in needs if (n.org, n.area) == (org, area))
        # The fast path adds the formula's parts up; it must agree with the documented formula.
        assert all(m.score == match_score(priority, len(m.shared_languages), m.covered_areas)
                   for m in candidates)
        expected = sum(o.area == area and o.org != org for o in offers)
        assert len(candidates) == expected  # every offer from another organisation, once
    pairs = suggest_pairings(needs, offers, max_per_org=limit)
    assert len({(m.need_org, m.area) for m in pairs}) == len(pairs)  # one offer per need
    assert all(sum(m.offer_org == org for m in pairs) <= limit for org in ORGS)
    assert all(m in matches[(m.need_org, m.area)] for m in pairs)
    grid = coverage_matrix(ORGS, AREAS, needs, offers)
    for org, row in zip(ORGS, grid.rows, strict=True):
        for area, cell in zip(AREAS, row, strict=True):
            if cell.status == "need_met":
                assert matches[(org, area)]
            if cell.status == "need_unmet":
                assert matches[(org, area)] == ()
