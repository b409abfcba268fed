"""Delegated votes, for random electorates and mandates: the same result whatever their order,
and the rules hold (own ballots override, no chains by default, chains end at a voter)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from stratplan.core.voting.delegation import MandateFact, resolve

ORGS = [f"o{n}" for n in range(6)]


@st.composite
def situations(draw: st.DrawFn) -> tuple[set[str], set[str], list[MandateFact]]:
    electorate = set(draw(st.sets(st.sampled_from(ORGS), min_size=1)))
    voted = set(draw(st.sets(st.sampled_from(sorted(electorate)))))
    givers = draw(st.lists(st.sampled_from(ORGS), unique=True, max_size=6))
    mandates = [MandateFact(f"m{n}", giver, draw(st.sampled_from(ORGS))) for n, giver in enumerate(givers)]
    return electorate, voted, [m for m in mandates if m.giver != m.delegate]


@settings(deadline=None, max_examples=300)
@given(situations(), st.booleans(), st.randoms())
def test_the_rules_hold_in_any_order(case: tuple[set[str], set[str], list[MandateFact]], chains: bool,
                                     rng: object) -> None:
    electorate, voted, mandates = case
    shuffled = list(mandates)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    result = resolve(electorate, voted, mandates, chains=chains)
    assert resolve(electorate, voted, shuffled, chains=chains) == result
    # Only mandates within the electorate take part (the others are set aside first).
    by_giver = {m.giver: m for m in mandates if m.giver in electorate and m.delegate in electorate}
    for giver, through in result.through.items():
        assert giver not in voted and giver in electorate  # one's own ballot always overrides
        assert through in voted and through in electorate
        if not chains:
            assert through == by_giver[giver].delegate and through not in by_giver
    # Every mandate either counts or is set aside with a reason, never both.
    assert result.counting.isdisjoint(result.ignored)
    assert result.counting | set(result.ignored) == {m.id for m in mandates}
