"""Reviewing suggestions: dismissed and related pairs are remembered, shared and never suggested again."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from stratplan.core.consolidation.overlaps import OverlapGroup, OverlapPair
from stratplan.core.errors import NotFoundError, ValidationError
from stratplan.core.oplog import materialise
from stratplan.core.services import overlap_review as review
from stratplan.core.services import proposals
from stratplan.core.services.overlap_service import Suggestion
from stratplan.core.workspace import Workspace

BODY = ("Train police officers and labour inspectors to identify victims of trafficking early, "
        "with a referral card and a contact point in every region, and a yearly refresher course.")


def _create(workspace: Workspace, group_id: str, title: str, body: str = BODY) -> str:
    with workspace.store.transaction() as s:
        return proposals.create_proposal(s, writer=workspace.writer, group_id=group_id,
                                         fields={"title": title, "body": body}).id


@pytest.fixture
def trio(workspace: Workspace, group_id: str) -> list[str]:
    """Three near-copies: the finder suggests them as one group."""
    return [_create(workspace, group_id, t) for t in (
        "Police training on victim identification", "Training police to identify victims",
        "Identify victims: police training")]


def _suggested(workspace: Workspace) -> list[tuple[str, ...]]:
    with workspace.store.transaction() as s:
        return [x.group.ids for x in review.suggest_unreviewed(s)]


def test_dismissed_group_is_never_suggested_again_but_a_newcomer_is(workspace: Workspace, group_id: str,
                                                                    trio: list[str]) -> None:
    assert _suggested(workspace) == [tuple(sorted(trio))]
    a, b, c = trio
    with workspace.store.transaction() as s:
        assert review.dismiss(s, writer=workspace.writer, pairs=[(a, b), (a, c), (b, c)]) == 3
    assert _suggested(workspace) == []
    newcomer = _create(workspace, group_id, "Police training to identify trafficking victims")
    found = _suggested(workspace)
    # The dismissed pairs stay apart; the newcomer is suggested with each of them.
    assert found and all(newcomer in ids and len(ids) == 2 for ids in found)
    assert {i for ids in found for i in ids} == {*trio, newcomer}


def test_review_again_brings_the_pair_back(workspace: Workspace, trio: list[str]) -> None:
    a, b, c = trio
    with workspace.store.transaction() as s:
        review.dismiss(s, writer=workspace.writer, pairs=[(b, a)])
        assert [(p.a, p.b, p.dismissed) for p in review.reviewed(s)] == [(*sorted((a, b)), True)]
    # A and B may no longer sit together: two suggestions, each without that pair.
    assert sorted(_suggested(workspace)) == sorted([tuple(sorted((a, c))), tuple(sorted((b, c)))])
    with workspace.store.transaction() as s:
        review.review_again(s, writer=workspace.writer, a=a, b=b)
        assert review.reviewed(s) == []
    assert _suggested(workspace) == [tuple(sorted(trio))]


def test_related_link_shows_on_both_points_and_can_be_removed(workspace: Workspace, trio: list[str]) -> None:
    a, b, _c = trio
    with workspace.store.transaction() as s:
        review.relate(s, writer=workspace.writer, a=a, b=b)
        assert [x.other for x in review.related_to(s, a)] == [b]
        assert [x.title for x in review.related_to(s, b)] == ["Police training on victim identification"]
        assert review.related_to(s, b)[0].organisation
        with pytest.raises(ValidationError, match="already linked"):
            review.relate(s, writer=workspace.writer, a=b, b=a)
    assert all(not {a, b} <= set(ids) for ids in _suggested(workspace))
    with workspace.store.transaction() as s:
        review.unrelate(s, writer=workspace.writer, a=b, b=a)
        assert review.related_to(s, a) == []
        with pytest.raises(ValidationError, match="not linked"):
            review.unrelate(s, writer=workspace.writer, a=a, b=b)


def test_bad_reviews_are_refused_and_change_nothing(workspace: Workspace, trio: list[str]) -> None:
    a, b, c = trio
    with workspace.store.transaction() as s:
        before = s.execute(text("SELECT count(*) FROM sync_op")).scalar()
        with pytest.raises(NotFoundError, match="does not exist"):
            review.dismiss(s, writer=workspace.writer, pairs=[(a, "0" * 32)])
        with pytest.raises(ValidationError, match="itself"):
            review.relate(s, writer=workspace.writer, a=a, b=a)
        with pytest.raises(ValidationError, match="nothing to review again"):
            review.review_again(s, writer=workspace.writer, a=a, b=b)
        assert s.execute(text("SELECT count(*) FROM sync_op")).scalar() == before
        review.dismiss(s, writer=workspace.writer, pairs=[(a, b)])
        with pytest.raises(ValidationError, match="already dismissed"):
            review.dismiss(s, writer=workspace.writer, pairs=[(b, a)])
        proposals.revise_proposal(s, writer=workspace.writer, proposal_id=c, changes={"deleted": True})
        with pytest.raises(ValidationError, match="was deleted"):
            review.dismiss(s, writer=workspace.writer, pairs=[(a, c)])


def test_a_deleted_point_drops_out_of_the_reviewed_list(workspace: Workspace, trio: list[str]) -> None:
    a, b, _c = trio
    with workspace.store.transaction() as s:
        review.relate(s, writer=workspace.writer, a=a, b=b)
        proposals.revise_proposal(s, writer=workspace.writer, proposal_id=b, changes={"deleted": True})
        assert review.reviewed(s) == [] and review.related_to(s, a) == []


def test_reviews_rebuild_to_the_same_rows(workspace: Workspace, trio: list[str]) -> None:
    a, b, c = trio
    with workspace.store.transaction() as s:
        review.dismiss(s, writer=workspace.writer, pairs=[(a, b), (a, c)])
        review.review_again(s, writer=workspace.writer, a=c, b=a)
        review.relate(s, writer=workspace.writer, a=b, b=c)
        rows = sorted(map(tuple, s.execute(text("SELECT * FROM overlap_review"))))
        materialise.rebuild(s)
        assert sorted(map(tuple, s.execute(text("SELECT * FROM overlap_review")))) == rows
        assert len(rows) == 3


def _suggestion(ids: str, scores: dict[str, float]) -> Suggestion:
    pairs = tuple(OverlapPair(k[0], k[1], v, "overlap") for k, v in scores.items())
    return Suggestion(OverlapGroup(tuple(ids), sum(scores.values()) / len(scores), pairs),
                      {i: i.upper() for i in ids}, {i: i for i in ids})


def test_a_group_with_a_reviewed_pair_splits_into_the_largest_clear_sets() -> None:
    group = _suggestion("abcd", {"ab": 0.9, "ac": 0.8, "ad": 0.7, "bc": 0.6, "bd": 0.7, "cd": 0.9})
    other = _suggestion("xy", {"xy": 0.55})
    parts = review.without_reviewed([group, other], frozenset({("a", "b")}), threshold=0.5)
    assert [p.group.ids for p in parts] == [("a", "c", "d"), ("b", "c", "d"), ("x", "y")]
    assert [round(p.group.score, 3) for p in parts] == [0.8, 0.733, 0.55]
    assert all(("a", "b") not in {(q.a, q.b) for q in p.group.pairs} for p in parts)
    # A part whose mean falls below the threshold is not suggested.
    assert [p.group.ids for p in review.without_reviewed([group], frozenset({("a", "b")}), threshold=0.75)] \
        == [("a", "c", "d")]
