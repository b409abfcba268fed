"""Needs and offers in the store: entered, imported, matched, confirmed, as a training plan."""

from __future__ import annotations

import pytest

from stratplan.core.errors import ValidationError
from stratplan.core.oplog import materialise
from stratplan.core.services import coalition, peer
from stratplan.core.workspace import Workspace


@pytest.fixture
def orgs(workspace: Workspace) -> dict[str, str]:
    w = workspace.writer
    with workspace.store.transaction() as s:
        ids = {"CNT": w.profile.org_id}
        for code, lang in (("AUBE", "fr"), ("NORD", "en")):
            ids[code] = coalition.add_organisation(s, writer=w, name=code, code=code, country="FR",
                                                   language=lang).id
        return ids


def test_enter_import_match_confirm_and_plan(workspace: Workspace, orgs: dict[str, str]) -> None:
    w = workspace.writer
    with workspace.store.transaction() as s:
        peer.add_need(s, writer=w, area="data-research", priority="high", description="We need a case database.")
        with pytest.raises(ValidationError, match="already has a need"):
            peer.add_need(s, writer=w, area="data-research", priority="low", description="Again")
        with pytest.raises(ValidationError, match="Describe"):
            peer.add_offer(s, writer=w, area="fundraising", name="Grant clinic", description=" ")
        data = ("organisation,kind,area,priority,name,description,languages,formats\n"
                "AUBE,offer,data-research,,Base de données ouverte,Notre outil de suivi des cas.,fr en,training;materials\n"
                "NORD,offer,data-research,,Case tracker,Open-source case management.,en,mentoring\n"
                "AUBE,need,police-prosecutors,high,,Formation des procureurs.,,\n").encode()
        assert peer.import_csv(s, writer=w, data=data) == (1, 2)
        assert peer.import_csv(s, writer=w, data=data) == (0, 0)  # the same file twice adds nothing
        found = peer.matches(s)[(orgs["CNT"], "data-research")]
        assert {m.offer_org for m in found} == {orgs["NORD"], orgs["AUBE"]}
        assert found[0].score == found[1].score  # neither shares Lithuanian: tie broken by id
        matrix = peer.coverage(s)
        assert matrix.cell(orgs["CNT"], "data-research").status == "need_met"
        assert matrix.cell(orgs["AUBE"], "police-prosecutors").status == "need_unmet"
        pairing = peer.confirm_pairing(s, writer=w, match=found[0])
        with pytest.raises(ValidationError, match="already confirmed"):
            peer.confirm_pairing(s, writer=w, match=found[0])
        plan = peer.training_plan(s, org_id=orgs["CNT"], language="lt")
        assert plan.meta.title == "Mokymų planas"
        assert [len(sec.activities) for sec in plan.sections] == [1, 0]
        assert plan.sections[0].activities[0].tool == pairing.offer_name
        given = peer.training_plan(s, org_id=found[0].offer_org, language="en")
        assert [len(sec.activities) for sec in given.sections] == [0, 1]
        before = (peer.list_needs(s), peer.list_offers(s), peer.list_pairings(s))
        materialise.rebuild(s)
        assert (peer.list_needs(s), peer.list_offers(s), peer.list_pairings(s)) == before


def test_a_bad_needs_file_imports_nothing(workspace: Workspace, orgs: dict[str, str]) -> None:
    data = (b"organisation,kind,area,priority,name,description,languages,formats\n"
            b"AUBE,need,data-research,high,,Fine.,,\n"
            b"ZZZ,need,nowhere,high,,,,\n")
    with pytest.raises(ValidationError, match="line 3"), workspace.store.transaction() as s:
        peer.import_csv(s, writer=workspace.writer, data=data)
    with workspace.store.transaction() as s:
        assert peer.list_needs(s) == []
