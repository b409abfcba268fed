"""Arrivals: payloads are checked against their kind's schema up front, reducer bugs show as
bugs (not as "bad file"), and new credentials tell the windows that the roster changed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stratplan.core import changes
from stratplan.core.errors import BadOperationError
from stratplan.core.fields import clean_fields
from stratplan.core.oplog import reducers
from stratplan.core.oplog.ops import create_op
from stratplan.core.oplog.writer import new_id
from stratplan.core.services import sharing
from stratplan.core.sync import importer
from tests.sync.laptops import Laptop, bundle_of, coalition_of_three, copy_of_coalition


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


def signed_by(laptop: Laptop, kind: str, payload: dict[str, Any], out: Path) -> Path:
    """A bundle from `laptop` holding one operation it signed, whatever its contents."""
    w = laptop.ws.writer
    seq = 1 + max((o.seq for o in laptop.ops() if o.device == laptop.device), default=0)
    op = create_op(laptop.ws.identity, kind=kind, entity=new_id(), coalition=w.profile.coalition_id,
                   org=w.profile.org_id, author=w.profile.person_id, seq=seq, hlc=w.clock.now(), payload=payload)
    return bundle_of(out, sender=laptop.ws.identity, coalition=w.profile.coalition_id, ops=[op],
                     credentials=laptop.credentials())


def test_a_ballot_without_choices_is_refused_naming_kind_and_key(three: tuple[Laptop, Laptop, Laptop],
                                                                 tmp_path: Path) -> None:
    a, b, _c = three
    path = signed_by(b, "round.ballot", {"org": b.org_id}, tmp_path / "odd.bundle")
    before = a.dump()
    with pytest.raises(BadOperationError, match=r"odd.bundle holds a round.ballot change .*choices is missing"):
        a.receive(path)
    assert a.dump() == before


def test_an_unknown_key_from_a_newer_version_is_accepted(three: tuple[Laptop, Laptop, Laptop],
                                                         tmp_path: Path) -> None:
    a, b, _c = three
    payload = {"fields": clean_fields({"title": "From a newer laptop", "group": b.group()}), "pinned": True}
    (summary,) = a.receive(signed_by(b, "proposal.revise", payload, tmp_path / "new.bundle"))
    assert summary.applied == 1 and "From a newer laptop" in a.titles()


def test_a_reducer_bug_is_not_reported_as_a_bad_file(three: tuple[Laptop, Laptop, Laptop], tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, _c = three
    b.draft("Good point")
    b.send(tmp_path / "b.bundle")

    def broken(entity: str, ops: list[Any]) -> reducers.Rows:
        raise KeyError("a bug in a reducer")

    family = reducers.FAMILIES["proposal"]
    monkeypatch.setitem(reducers.FAMILIES, "proposal", reducers.Family(broken, family.tables))
    before = a.dump()
    with pytest.raises(KeyError, match="a bug in a reducer"):
        a.receive(tmp_path / "b.bundle")
    assert a.dump() == before


def test_new_credentials_are_reported_as_a_roster_change(three: tuple[Laptop, Laptop, Laptop],
                                                         tmp_path: Path) -> None:
    a, b, _c = three
    with a.ws.store.transaction() as s:
        sharing.revoke(s, signer_key=a.org_key(), device=b.device[:10], from_seq=99, reason="lost")
    revocation = a.partial_bundle(tmp_path / "revoke.bundle", ops=lambda _o: False)
    with b.ws.store.transaction() as s:
        changes.collect(s)
        importer.import_bundle_file(s, revocation, local_device=b.device)
        assert changes.collect(s).roster
    with b.ws.store.transaction() as s:  # the same credentials again: nothing new
        importer.import_bundle_file(s, revocation, local_device=b.device)
        assert not changes.collect(s).roster
