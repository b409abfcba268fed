"""The frozen fields record the services return: read like a dict, never changed, hashable."""

from __future__ import annotations

import dataclasses
import json

import pytest

from stratplan.core.fields import Fields, clean_fields, point_fields
from stratplan.core.services import proposals
from stratplan.core.workspace import Workspace


def test_fields_read_like_a_dict_and_cannot_change(workspace: Workspace, group_id: str) -> None:
    with workspace.store.transaction() as s:
        made = proposals.create_proposal(s, writer=workspace.writer, group_id=group_id, fields={
            "title": "Police training", "tags": ["police"],
            "indicators": [{"name": "Officers", "baseline": "0", "target": "40", "unit": "people"}]})
    fields = made.fields
    assert isinstance(fields, Fields)
    assert fields["title"] == "Police training" and fields.get("summary") == "" and dict(fields)["tags"] == ("police",)
    assert fields["indicators"][0].get("target") == "40"
    with pytest.raises(TypeError, match="cannot change"):
        fields["title"] = "Other"  # type: ignore[misc]
    with pytest.raises(TypeError, match="cannot change"):
        fields["indicators"][0]["target"] = "50"
    assert hash(fields) == hash(point_fields(fields.thaw()))
    # Equal to the plain dict it came from; JSON and asdict see a plain dict.
    assert fields == clean_fields(fields) and clean_fields(fields) == fields
    assert json.loads(json.dumps(dataclasses.asdict(made)))["fields"]["tags"] == ["police"]
    assert fields.replace(title="New")["title"] == "New" and fields["title"] == "Police training"


def test_saving_an_unchanged_record_writes_nothing(workspace: Workspace, group_id: str) -> None:
    with workspace.store.transaction() as s:
        made = proposals.create_proposal(s, writer=workspace.writer, group_id=group_id,
                                         fields={"title": "Same", "actions": ["one", "two"]})
        again = proposals.revise_proposal(s, writer=workspace.writer, proposal_id=made.id, changes=made.fields)
    assert again.revision_count == 1 and again.fields == made.fields
