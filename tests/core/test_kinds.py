"""The registry of operation kinds: every kind has a payload schema, checked before reducers run."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from stratplan.core.db.models import SyncOp
from stratplan.core.errors import BadOperationError, StratplanError
from stratplan.core.messages import msg
from stratplan.core.oplog.kinds import SCHEMAS, Kind, check_payload, payload_problem
from stratplan.core.oplog.reducers import FAMILIES
from stratplan.core.services import proposals
from stratplan.core.workspace import Workspace


def test_every_kind_has_a_schema_and_a_reducer() -> None:
    assert set(SCHEMAS) == set(Kind)
    assert {k.family for k in Kind} == set(FAMILIES)
    assert Kind.PROPOSAL_REVISE == "proposal.revise" and Kind.PROPOSAL_REVISE.family == "proposal"


@pytest.mark.parametrize("payload,key", [
    ({}, "fields"),
    ({"fields": "not an object"}, "fields"),
    ({"fields": {"title": ["a", "list"]}}, "fields.title"),
    ({"fields": {"tags": ["ok", 3]}}, "fields.tags[1]"),
    ({"fields": {"deleted": 1}}, "fields.deleted"),
    ({"fields": {"indicators": [{"name": "x", "target": 40}]}}, "fields.indicators[0].target"),
    ({"fields": {"colour": "red"}}, "fields.colour"),
    ({"fields": {}, "note": None}, "note"),
])
def test_a_payload_that_does_not_fit_names_its_kind_and_key(payload: dict[str, Any], key: str) -> None:
    with pytest.raises(BadOperationError) as info:
        check_payload(Kind.PROPOSAL_REVISE, payload)
    assert info.value.kind == "proposal.revise" and info.value.key == key
    assert "proposal.revise" in str(info.value) and key in str(info.value)
    assert isinstance(info.value, StratplanError)


def test_a_bool_is_not_a_number_and_a_number_is_not_a_bool() -> None:
    found = payload_problem(Kind.GROUP_MEMBER, {"org": "o", "cl": True}, writing=True)
    assert found is not None and (found[0], str(found[1])) == ("cl", "must be a whole number, not true or false")
    assert payload_problem(Kind.GROUP_MEMBER, {"org": "o", "cl": 3}, writing=True) is None


def test_unknown_keys_are_refused_when_writing_and_ignored_on_arrival() -> None:
    payload = {"name": "Paris coalition", "motto": "added by a newer StratPlan"}
    assert payload_problem(Kind.COALITION_SET, payload, writing=True) == ("motto", msg("is not a known key"))
    assert payload_problem(Kind.COALITION_SET, payload, writing=False) is None
    # Plan-point fields stay closed: an unknown field would block every later save of the point.
    assert payload_problem(Kind.PROPOSAL_REVISE, {"fields": {"x": ""}}, writing=False) == (
        "fields.x", msg("is not a known key"))


def test_unknown_kinds_are_refused_when_writing_and_stored_untouched_on_arrival() -> None:
    with pytest.raises(BadOperationError, match="'proposal.pin' is not a kind"):
        check_payload("proposal.pin", {})
    assert payload_problem("proposal.pin", {"anything": 1}, writing=False) is None


def test_the_writer_refuses_a_bad_payload_before_signing_anything(workspace: Workspace, group_id: str) -> None:
    with workspace.store.transaction() as s:
        before = s.scalar(select(func.count()).select_from(SyncOp))
        with pytest.raises(BadOperationError, match="round.ballot operation's choices is missing"):
            workspace.writer.append(s, kind=Kind.ROUND_BALLOT, entity="r1", payload={"org": "o"})
        assert s.scalar(select(func.count()).select_from(SyncOp)) == before
        # What the services write fits: a point made the ordinary way is stored.
        made = proposals.create_proposal(s, writer=workspace.writer, group_id=group_id,
                                         fields={"title": "Fits", "tags": ["a"],
                                                 "indicators": [{"name": "n", "target": "4"}]})
        assert made.fields["title"] == "Fits"
