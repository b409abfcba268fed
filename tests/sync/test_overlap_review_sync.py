"""Overlap reviews travel between laptops: the same dismissals and related links everywhere,
whatever order the bundles arrive in, equal to a rebuild; forged ones are refused."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from stratplan.core.errors import ForgedDataError
from stratplan.core.oplog.overlap_reducer import pair_entity
from stratplan.core.services import overlap_review as review
from tests.sync.laptops import Laptop, bundle_of, coalition_of_three, copy_of_coalition
from tests.sync.test_attacks import hand_made, join_fourth


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("coalition")
    for laptop in coalition_of_three(root):
        laptop.close()
    return root


@pytest.fixture
def three(template: Path, tmp_path: Path) -> Iterator[tuple[Laptop, Laptop, Laptop]]:
    laptops = copy_of_coalition(template, tmp_path)
    yield laptops
    for laptop in laptops:
        laptop.close()


@pytest.fixture
def closing() -> Iterator[list[Laptop]]:
    made: list[Laptop] = []
    yield made
    for laptop in made:
        laptop.close()


def state(laptop: Laptop) -> list[tuple[tuple[str, ...], bool, bool]]:
    """(the two titles, dismissed, related) of every reviewed pair."""
    with laptop.ws.store.transaction() as s:
        return sorted((tuple(sorted((p.a_title, p.b_title))), p.dismissed, p.related) for p in review.reviewed(s))


def dismiss(laptop: Laptop, a: str, b: str) -> None:
    with laptop.ws.store.transaction() as s:
        review.dismiss(s, writer=laptop.ws.writer, pairs=[(a, b)])


def test_reviews_converge_in_every_order_and_equal_a_rebuild(three: tuple[Laptop, Laptop, Laptop],
                                                            tmp_path: Path, closing: list[Laptop]) -> None:
    a, b, c = three
    d = join_fourth(a, tmp_path, closing)
    p1, p2, p3 = a.draft("Police training"), a.draft("Training the police"), a.draft("Police academies")
    a.send(tmp_path / "a1.bundle")
    for x in (b, c, d):
        x.receive(tmp_path / "a1.bundle")
    # B and C both dismiss p1-p2 without seeing each other; C also links p2-p3 and dismisses p1-p3;
    # A, having seen B's dismissal, takes it back (review again), which must win everywhere.
    dismiss(b, p1, p2)
    dismiss(c, p2, p1)
    dismiss(c, p1, p3)
    with c.ws.store.transaction() as s:
        review.relate(s, writer=c.ws.writer, a=p3, b=p2)
    b.send(tmp_path / "b-early.bundle", peer="ALPHA")
    a.receive(tmp_path / "b-early.bundle")
    with a.ws.store.transaction() as s:
        review.review_again(s, writer=a.ws.writer, a=p2, b=p1)
    bundles = [a.send(tmp_path / "a2.bundle").path, b.send(tmp_path / "b.bundle").path,
               c.send(tmp_path / "c.bundle").path]
    expected = [(("Police academies", "Police training"), True, False),
                (("Police academies", "Training the police"), False, True)]
    snapshots = []
    for number, order in enumerate(itertools.permutations(bundles)):
        twin = d.clone(f"delta-{number}")
        closing.append(twin)
        twin.receive(*(Path(p) for p in order))
        assert state(twin) == expected
        snapshots.append(twin.snapshot())
    assert all(s == snapshots[0] for s in snapshots)
    assert len(snapshots[0]["overlap_review"]) == 3  # p1-p2 is kept, reviewed again
    for x in (a, b, c):
        x.receive(*(Path(p) for p in bundles))
        assert x.snapshot() == snapshots[0] == x.rebuilt_snapshot()


def test_dismissal_forged_in_another_organisations_name_refuses_the_bundle(
        three: tuple[Laptop, Laptop, Laptop], tmp_path: Path) -> None:
    a, b, c = three
    p1, p2 = a.draft("Police training"), a.draft("Training the police")
    a.send(tmp_path / "a.bundle")
    b.receive(tmp_path / "a.bundle")
    c.receive(tmp_path / "a.bundle")
    first, second = sorted((p1, p2))
    forged = hand_made(b, kind="overlap.dismiss", org=a.org_id, payload={"a": first, "b": second, "cl": 1})
    path = bundle_of(tmp_path / "forged.bundle", sender=b.ws.identity, coalition=b.ws.writer.profile.coalition_id,
                     ops=[forged], credentials=b.credentials())
    before = c.dump()
    with pytest.raises(ForgedDataError, match="another organisation"):
        c.receive(path)
    assert c.dump() == before and state(c) == []


def test_hand_made_review_naming_another_pair_or_the_wrong_length_is_ignored_everywhere(
        three: tuple[Laptop, Laptop, Laptop], tmp_path: Path) -> None:
    a, b, _c = three
    p1, p2 = a.draft("Police training"), a.draft("Training the police")
    a.send(tmp_path / "a.bundle")
    b.receive(tmp_path / "a.bundle")
    first, second = sorted((p1, p2))
    # hand_made gives each operation a random entity: not the pair's own.
    wrong_entity = hand_made(b, kind="overlap.dismiss", payload={"a": first, "b": second, "cl": 1})
    assert wrong_entity.entity != pair_entity(first, second)
    path = bundle_of(tmp_path / "odd.bundle", sender=b.ws.identity, coalition=b.ws.writer.profile.coalition_id,
                     ops=[wrong_entity], credentials=b.credentials())
    a.receive(path)
    assert state(a) == [] and a.snapshot() == a.rebuilt_snapshot()
