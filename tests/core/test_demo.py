"""The demo coalition is realistic and signed by each organisation's own device."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from stratplan.core.db.models import SyncDevice, SyncOp
from stratplan.core.services import coalition, comments, groups, proposals, role_grants, rounds
from stratplan.core.services.demo import install_demo, load_demo_file
from stratplan.core.workspace import open_workspace
from stratplan.resources import resource_path


def test_demo_coalition(tmp_path: Path, stratplan_home: Path) -> None:
    ws = open_workspace(tmp_path / "d.sqlite", stratplan_home / "keys")
    with ws.store.transaction() as s:
        install_demo(s, writer=ws.writer, data=load_demo_file(resource_path("demo", "coalition.json")))
    with ws.store.transaction() as s:
        orgs = coalition.list_organisations(s)
        assert len(orgs) == 33 and len({o.country for o in orgs}) == 26
        assert [g.name for g in groups.list_groups(s)] == [
            "Local and international advocacy and strategy", "International strategic advocacy",
            "Individualised peer-to-peer training"]
        rows = proposals.list_proposals(s)
        assert len(rows) == 60
        languages = {r.language for r in rows}
        assert {"en", "lt", "fr"} <= languages
        assert sum(r.revision_count > 1 for r in rows) >= 10
        assert sum(bool(comments.list_comments(s, proposal_id=r.id)) for r in rows) >= 10
        # this laptop belongs to a Lithuanian organisation; other organisations signed their own work
        me = next(o for o in orgs if o.id == ws.profile.org_id)
        assert me.country == "LT"
        assert s.scalar(select(func.count(func.distinct(SyncOp.device)))) > 20
        assert s.scalar(select(func.count()).select_from(SyncDevice)) > 20
        # The secretariat convenes with this laptop's organisation (so it can try every window),
        # and each working group has its coordinator; every demo round counts.
        data = load_demo_file(resource_path("demo", "coalition.json"))
        code = {o["key"]: o["code"] for o in data["organisations"]}
        roles = [(r.role, r.org_code, r.group_name) for r in role_grants.list_roles(s)]
        assert roles == [("convener", code["fr-1"], ""), ("convener", code["lt-1"], ""),
                         ("coordinator", code["nl-1"], "Individualised peer-to-peer training"),
                         ("coordinator", code["be-1"], "International strategic advocacy"),
                         ("coordinator", code["se-1"], "Local and international advocacy and strategy")]
        assert len(rounds.list_rounds(s)) == 3 and rounds.ignored_rounds(s) == []
    ws.close()
