"""The programme: sections, ranking order, releases frozen in time, differences between them."""

from __future__ import annotations

import pytest

from stratplan.core.errors import ValidationError
from stratplan.core.services import localplans, programme, proposals, rounds
from stratplan.core.workspace import Workspace


@pytest.fixture
def adopted(workspace: Workspace, group_id: str) -> list[str]:
    w = workspace.writer
    with workspace.store.transaction() as s:
        return [proposals.create_proposal(s, writer=w, group_id=group_id, fields={
            "title": t, "status": "adopted", "body": "Programme text.", "actions": ["Train"]}).id
            for t in ("Police training", "Exit programme", "Mokyklų prevencija")]


def test_unplaced_points_follow_the_ranking_then_a_release_freezes_the_text(
        workspace: Workspace, adopted: list[str]) -> None:
    w = workspace.writer
    with workspace.store.transaction() as s:
        r = rounds.open_round(s, writer=w, title="Priorities", method="ranking", proposal_ids=adopted)
        rounds.cast_ballot(s, writer=w, round_id=r.id, choices=[[adopted[2]], [adopted[0]], [adopted[1]]])
        rounds.close_round(s, writer=w, round_id=r.id)
        layout = programme.get_layout(s)
        assert [p.id for p in layout.unplaced] == [adopted[2], adopted[0], adopted[1]]
        programme.save_layout(s, writer=w, sections=[("", "Prevention", [adopted[2]]),
                                                     ("", "Justice", [adopted[0], adopted[1]])])
        layout = programme.get_layout(s)
        assert [sec.title for sec in layout.sections] == ["Prevention", "Justice"] and layout.unplaced == ()
        v1 = programme.create_release(s, writer=w, name="Paris 2026, v1")
        assert v1.points == 3
        proposals.revise_proposal(s, writer=w, proposal_id=adopted[0], changes={"body": "New programme text."})
        content = programme.get_release(s, v1.id)
        assert content.point(adopted[0]).fields["body"] == "Programme text."  # type: ignore[union-attr]
        assert content.point(adopted[0]).number == "2.1"  # type: ignore[union-attr]
        v2 = programme.create_release(s, writer=w, name="Paris 2026, v2")
        changes = programme.diff_releases(s, old_id=v1.id, new_id=v2.id)
        assert [(c.kind, c.title, c.fields) for c in changes] == [("changed", "Police training", ("body",))]
        with pytest.raises(ValidationError, match="already a release"):
            programme.create_release(s, writer=w, name="paris 2026, V1")


def test_bad_layouts_and_empty_releases_are_refused(workspace: Workspace, adopted: list[str]) -> None:
    w = workspace.writer
    with workspace.store.transaction() as s:
        with pytest.raises(ValidationError, match="at least one point"):
            programme.create_release(s, writer=w, name="Empty")
        with pytest.raises(ValidationError, match="only one place"):
            programme.save_layout(s, writer=w, sections=[("", "A", [adopted[0]]), ("", "B", [adopted[0]])])
        with pytest.raises(ValidationError, match="needs a title"):
            programme.save_layout(s, writer=w, sections=[("", " ", [])])


def test_a_local_plan_adapts_rejects_adds_and_sees_upstream_changes(workspace: Workspace,
                                                                     adopted: list[str]) -> None:
    w = workspace.writer
    with workspace.store.transaction() as s:
        programme.save_layout(s, writer=w, sections=[("", "Justice", adopted)])
        v1 = programme.create_release(s, writer=w, name="v1")
        plan = localplans.start_plan(s, writer=w, release_id=v1.id, title="Lietuvos planas")
        localplans.decide(s, writer=w, plan_id=plan.id, point_id=adopted[0], decision="adapt",
                          local={"body": "Vietos tekstas: Kauno policija.", "responsible": "Rūta",
                                 "start": "2027-02-01", "end": "2027-12-31",
                                 "indicators": [{"name": "Pareigūnai", "baseline": "0", "target": "25",
                                                 "unit": "žm."}], "resources": "EUR 5,000"})
        with pytest.raises(ValidationError, match="reason is required"):
            localplans.decide(s, writer=w, plan_id=plan.id, point_id=adopted[1], decision="not_applicable")
        localplans.decide(s, writer=w, plan_id=plan.id, point_id=adopted[1], decision="not_applicable",
                          reason="Covered by the national exit programme.")
        localplans.add_local_point(s, writer=w, plan_id=plan.id, fields={"title": "Pagalbos linija"})
        proposals.revise_proposal(s, writer=w, proposal_id=adopted[0], changes={"body": "Updated text."})
        v2 = programme.create_release(s, writer=w, name="v2")
        view = localplans.rebase(s, writer=w, plan_id=plan.id, release_id=v2.id)
        flagged = [p for p in view.points if p.changed_upstream]
        assert [(p.id, p.changed_upstream) for p in flagged] == [(adopted[0], ("body",))]
        assert flagged[0].local["body"] == "Vietos tekstas: Kauno policija."
        doc = localplans.plan_document(s, plan_id=plan.id, language="lt")
        assert doc.meta.title == "Lietuvos planas" and doc.meta.release == "v2"
        points = {p.title: p for sec in doc.sections for p in sec.points}
        assert points["Police training"].body == "Vietos tekstas: Kauno policija."
        assert points["Police training"].changed_upstream
        assert points["Exit programme"].decision == "not_applicable"
        assert points["Pagalbos linija"].decision == "local"
        view = localplans.keep_local(s, writer=w, plan_id=plan.id, point_id=adopted[0])
        assert not [p for p in view.points if p.changed_upstream]
        view = localplans.accept_change(s, writer=w, plan_id=plan.id, point_id=adopted[0])
        assert next(p for p in view.points if p.id == adopted[0]).decision == "adopt"


def test_the_programme_document_has_a_voting_annex(workspace: Workspace, adopted: list[str]) -> None:
    w = workspace.writer
    with workspace.store.transaction() as s:
        r = rounds.open_round(s, writer=w, title="Paris", method="approval", proposal_ids=adopted)
        rounds.cast_ballot(s, writer=w, round_id=r.id, choices={adopted[0]: "yes", adopted[1]: "no"})
        rounds.close_round(s, writer=w, round_id=r.id)
        programme.save_layout(s, writer=w, sections=[("", "A", adopted)])
        release = programme.create_release(s, writer=w, name="v1")
        doc = programme.release_document(s, release_id=release.id, language="lt")
    assert [a.title for a in doc.annexes] == ["Balsavimo rezultatai: Paris", "Vardinis sąrašas: Paris"]
    assert doc.annexes[1].rows == (("Centras Laisvė (CNT)", "pati", ""),)
    from stratplan.core.export.text_writers import write_markdown

    text = write_markdown(doc)
    assert "## Priedas: Vardinis sąrašas: Paris" in text and "| Centras Laisvė (CNT) | pati |" in text
    assert doc.annexes[0].header[0] == "Pasiūlymas"
    # Support as the count it is ("1 iš 1 (100 %)"), never a reduced fraction; rules above.
    assert ("Police training", "1", "0", "0", "1\u00a0iš\u00a01 (100\u00a0%)",
            "priimtas") in doc.annexes[0].rows
    assert doc.annexes[0].intro[0].startswith("Metodas: pritarimas. Slenkstis: ")


def test_the_newest_of_many_arrangements_is_the_programme(workspace: Workspace, adopted: list[str]) -> None:
    w = workspace.writer
    with workspace.store.transaction() as s:
        for n in range(1, 4):  # each arrangement is kept; only the newest is shown
            saved = programme.save_layout(s, writer=w, sections=[("", f"Version {n}", adopted[:n])])
        layout = programme.get_layout(s)
    assert layout == saved
    assert [(sec.title, [p.id for p in sec.points]) for sec in layout.sections] == [("Version 3", adopted)]
    assert layout.unplaced == ()
