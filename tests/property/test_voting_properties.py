"""Vote counts do not depend on ballot order, and Schulze keeps its basic guarantees."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from stratplan.core.voting.approval import count_approval
from stratplan.core.voting.model import ApprovalBallot, ApprovalResult, RankingBallot, ScoreBallot
from stratplan.core.voting.ranking import count_borda, count_schulze
from stratplan.core.voting.score import count_score

CANDIDATES = ["A", "B", "C", "D", "E"]
weights = st.one_of(st.integers(1, 5),
                    st.fractions(min_value=Fraction(1, 7), max_value=5, max_denominator=7))


@st.composite
def candidate_sets(draw: st.DrawFn) -> list[str]:
    return draw(st.lists(st.sampled_from(CANDIDATES), min_size=1, max_size=5, unique=True))


@st.composite
def rankings(draw: st.DrawFn, candidates: list[str]) -> list[list[str]]:
    """A partial ranking with ties: a random subset, shuffled, cut into non-empty groups."""
    chosen = draw(st.permutations(candidates))[: draw(st.integers(0, len(candidates)))]
    groups: list[list[str]] = []
    for c in chosen:
        if groups and draw(st.booleans()):
            groups[-1].append(c)
        else:
            groups.append([c])
    return groups


@st.composite
def ranking_rounds(draw: st.DrawFn) -> tuple[list[str], list[RankingBallot]]:
    candidates = draw(candidate_sets())
    count = draw(st.integers(0, 12))
    ballots = [RankingBallot(f"org{i}", draw(rankings(candidates)), draw(weights))
               for i in range(count)]
    return candidates, ballots


@given(ranking_rounds(), st.data())
def test_ranking_results_ignore_ballot_order(round_: tuple[list[str], list[RankingBallot]],
                                             data: st.DataObject) -> None:
    candidates, ballots = round_
    shuffled = data.draw(st.permutations(ballots))
    assert count_schulze(candidates, shuffled) == count_schulze(candidates, ballots)
    assert count_borda(candidates, shuffled) == count_borda(candidates, ballots)


@given(ranking_rounds())
def test_orders_partition_the_candidates(round_: tuple[list[str], list[RankingBallot]]) -> None:
    candidates, ballots = round_
    for result in (count_schulze(candidates, ballots), count_borda(candidates, ballots)):
        flat = [c for group in result.order for c in group]
        assert sorted(flat) == sorted(candidates)
        assert all(result.order)
    schulze = count_schulze(candidates, ballots)
    for rank, group in enumerate(schulze.order):
        for x in group:
            # Nobody in the same or a lower group beats x; someone above does (unless first).
            later = [y for g in schulze.order[rank:] for y in g]
            assert not any(schulze.beats(y, x) for y in later)
            if rank:
                assert any(schulze.beats(y, x) for y in schulze.order[rank - 1])


def condorcet_winner(d: Mapping[str, Mapping[str, Fraction]],
                     candidates: list[str]) -> str | None:
    """The candidate who wins every pairwise contest, if there is one."""
    for x in candidates:
        if all(d[x][y] > d[y][x] for y in candidates if y != x):
            return x
    return None


@given(ranking_rounds(), st.data())
def test_a_condorcet_winner_is_alone_first(round_: tuple[list[str], list[RankingBallot]],
                                           data: st.DataObject) -> None:
    candidates, ballots = round_
    result = count_schulze(candidates, ballots)
    winner = condorcet_winner(result.pairwise, candidates)
    if winner is not None:
        assert result.order[0] == (winner,)
    # Force one: a ballot putting x alone on top and outweighing all others together.
    x = data.draw(st.sampled_from(candidates))
    heavy = sum((Fraction(b.weight) for b in ballots), Fraction(0)) + 1
    forced = count_schulze(candidates, [*ballots, RankingBallot("heavy", [[x]], heavy)])
    assert condorcet_winner(forced.pairwise, candidates) == x
    assert forced.order[0] == (x,)


@given(ranking_rounds(), st.data())
def test_adding_a_ballot_with_x_alone_on_top_keeps_x_winning(
        round_: tuple[list[str], list[RankingBallot]], data: st.DataObject) -> None:
    # With [[x]] only the pairwise counts d[x][*] grow: links out of x can only widen and
    # links into x can only vanish, so p[x][y] never falls and p[y][x] never rises.
    candidates, ballots = round_
    before = count_schulze(candidates, ballots)
    x = data.draw(st.sampled_from(before.order[0]))
    weight = data.draw(weights)
    after = count_schulze(candidates, [*ballots, RankingBallot("late", [[x]], weight)])
    assert x in after.order[0]


@st.composite
def approval_rounds(draw: st.DrawFn) -> tuple[list[str], list[ApprovalBallot], Fraction]:
    proposals = draw(candidate_sets())
    count = draw(st.integers(0, 12))
    votes = st.sampled_from(["yes", "no", "abstain"])
    ballots = [ApprovalBallot(f"org{i}",
                              draw(st.dictionaries(st.sampled_from(proposals), votes)),
                              draw(weights))
               for i in range(count)]
    cast = sum((Fraction(b.weight) for b in ballots), Fraction(0))
    electorate = cast + draw(st.fractions(min_value=0, max_value=10, max_denominator=5))
    if electorate == 0:
        electorate = Fraction(1)
    return proposals, ballots, electorate


fractions_0_1 = st.fractions(min_value=0, max_value=1, max_denominator=12)


@given(approval_rounds(), fractions_0_1, fractions_0_1, st.sampled_from(["expressed", "electorate"]),
       st.data())
def test_approval_ignores_ballot_order(
        round_: tuple[list[str], list[ApprovalBallot], Fraction], quorum: Fraction,
        threshold: Fraction, basis: str, data: st.DataObject) -> None:
    proposals, ballots, electorate = round_
    shuffled = data.draw(st.permutations(ballots))
    def count(given: list[ApprovalBallot]) -> ApprovalResult:
        return count_approval(proposals, given, electorate, quorum=quorum, threshold=threshold,
                              basis=basis)

    assert count(shuffled) == count(ballots)


@given(approval_rounds(), st.sampled_from(["expressed", "electorate"]))
def test_threshold_zero_adopts_everything_with_a_yes(
        round_: tuple[list[str], list[ApprovalBallot], Fraction], basis: str) -> None:
    proposals, ballots, electorate = round_
    result = count_approval(proposals, ballots, electorate, quorum=0, threshold=0, basis=basis)
    assert result.quorum_met
    for item in result.proposals:
        assert item.adopted == (item.yes > 0)
        assert item.yes + item.no + item.abstain == result.cast


@st.composite
def score_rounds(draw: st.DrawFn) -> tuple[list[str], list[ScoreBallot]]:
    proposals = draw(candidate_sets())
    count = draw(st.integers(0, 12))
    grades = st.one_of(st.none(), st.integers(0, 5))
    ballots = [ScoreBallot(f"org{i}", draw(st.dictionaries(st.sampled_from(proposals), grades)),
                           draw(st.integers(1, 4)))
               for i in range(count)]
    return proposals, ballots


@given(score_rounds(), st.data())
def test_score_ignores_ballot_order(round_: tuple[list[str], list[ScoreBallot]],
                                    data: st.DataObject) -> None:
    proposals, ballots = round_
    shuffled = data.draw(st.permutations(ballots))
    result = count_score(proposals, ballots)
    assert count_score(proposals, shuffled) == result
    assert sorted(p for group in result.order for p in group) == sorted(proposals)
    # Majority grades never rise along the order.
    grades = [result.get(group[0]).majority_grade for group in result.order]
    assert grades == sorted(grades, reverse=True)
