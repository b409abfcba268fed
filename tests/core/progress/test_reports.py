"""Progress reports: periods, reports and corrections, bad input, and the coalition's roll-up."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlalchemy import select

from stratplan.core.db.models import SyncDevice, SyncOp
from stratplan.core.errors import NotFoundError, ValidationError
from stratplan.core.oplog import materialise
from stratplan.core.oplog.identity import DeviceIdentity
from stratplan.core.oplog.ops import from_body
from stratplan.core.oplog.progress_reducer import report_entity
from stratplan.core.oplog.writer import OpWriter, store_ops
from stratplan.core.services import (
    progress,
    progress_view,
)
from stratplan.core.workspace import Workspace, open_workspace
from tests.core.progress.conftest import SUPPORTED, TRAINED, World


def _report(s, world: World, code: str, point: int, status: str, values=(), period: str = "", **kw):  # type: ignore[no-untyped-def]
    return progress.report(s, writer=world.laptops[code], plan_id=world.plans[code],
                           point_id=world.points[point], period=period or world.h1, status=status,
                           values=[{"indicator": n, "value": v, "unit": "", "date": d, "source": "Register"}
                                   for n, v, d in values], **kw)


def _fill(workspace: Workspace, world: World) -> None:
    with workspace.store.transaction() as s:
        _report(s, world, "AUBE", 0, "on_track", [(TRAINED, "4", "2027-02-01"), (TRAINED, "10", "2027-05-30")])
        _report(s, world, "AUBE", 1, "delayed", [(SUPPORTED, "3", "2027-06-30")])
        _report(s, world, "AUBE", 2, "dropped", reason="No funding this year.")
        _report(s, world, "NORD", 0, "done", [(TRAINED, "7", "2027-06-01")])
        _report(s, world, "SUD", 0, "on_track", [(TRAINED, "5", "2027-03-01")])
        _report(s, world, "SUD", 1, "delayed", [(SUPPORTED, "8", "2027-04-01")])
        _report(s, world, "SUD", 0, "on_track", [(TRAINED, "2", "2027-08-01")], period=world.h2)


def test_the_roll_up_matches_the_hand_computed_figures(workspace: Workspace, world: World) -> None:
    _fill(workspace, world)
    with workspace.store.transaction() as s:
        view = progress_view.coalition_view(s, today="2027-08-10")
    p1, p2, p3 = view.points
    assert (p1.adopted, p1.adapted, p1.set_aside) == (2, 1, 0)
    assert (p3.adopted, p3.adapted, p3.set_aside) == (2, 0, 1)
    assert p1.statuses[world.h1] == {"on_track": 2, "done": 1}
    assert p1.countries == {"FR": {world.h1: {"on_track": 1, "done": 1}}, "ES": {world.h1: {"on_track": 1},
                                                                              world.h2: {"on_track": 1}}}
    # NORD counts officers, the others people: listed, not added up; AUBE's later value stands.
    (trained,) = p1.indicators[world.h1]
    assert trained.unit == "" and trained.total == ""
    assert trained.values == (("AUBE", "10", "people"), ("NORD", "7", "officers"), ("SUD", "5", "people"))
    (supported,) = p2.indicators[world.h1]
    assert (supported.unit, supported.reporting, supported.total, supported.mean) == ("people", 2, "11", "5.5")
    assert p2.statuses[world.h1] == {"delayed": 2}
    # The campaign: AUBE dropped it, SUD never reported, NORD set it aside.
    assert world.points[2] in view.idle and world.points[0] not in view.idle
    assert [(o.code, o.number) for o in view.overdue] == [("NORD", "1.2"), ("SUD", "1.3")]
    assert view.matrix_period == world.h2
    with workspace.store.transaction() as s:
        matrix = progress_view.coalition_view(s, period_id=world.h1, today="2027-08-10").matrix
    assert [(r.code, r.cells) for r in matrix] == [
        ("AUBE", ("on_track", "delayed", "dropped")), ("CNT", ("none", "none", "none")),
        ("NORD", ("done", "missing", "set_aside")), ("SUD", ("on_track", "delayed", "missing"))]


def test_the_windows_lighter_view_and_one_points_history_agree_with_the_full_view(
        workspace: Workspace, world: World) -> None:
    _fill(workspace, world)
    with workspace.store.transaction() as s:
        full = progress_view.coalition_view(s, period_id=world.h1, today="2027-08-10")
        light = progress_view.coalition_view(s, period_id=world.h1, today="2027-08-10", every_period=False)
        histories = [progress_view.point_indicators_by_period(s, p.id) for p in full.points]
    # The window's view rolls up the chosen period's values only; everything else is the same.
    assert [p.indicators[world.h1] for p in light.points] == [p.indicators[world.h1] for p in full.points]
    assert all(p.indicators[world.h2] == () for p in light.points)
    assert any(p.indicators[world.h2] for p in full.points)  # SUD's value in H2 is left out of it
    assert [(p.statuses, p.countries) for p in light.points] == [(p.statuses, p.countries) for p in full.points]
    assert (light.matrix, light.overdue, light.idle) == (full.matrix, full.overdue, full.idle)
    # One point's history, read apart, is what the full view holds for it in every period.
    assert histories == [{per: rollups for per, rollups in p.indicators.items() if rollups} for p in full.points]


def test_a_correction_is_a_new_revision_and_keeps_the_old_one(workspace: Workspace, world: World) -> None:
    _fill(workspace, world)
    with workspace.store.transaction() as s:
        fixed = _report(s, world, "AUBE", 0, "on_track", [(TRAINED, "12", "2027-05-30")], narrative="Recounted.")
        assert fixed.revisions == 2 and not fixed.conflict and fixed.values[0].value == "12"
        assert [r.values[-1].value for r in progress.history(s, fixed.id)] == ["10", "12"]
        (trained,) = progress_view.coalition_view(s).points[0].indicators[world.h1]
    assert trained.values[0] == ("AUBE", "12", "people")


@pytest.mark.parametrize(("values", "status", "kwargs", "error"), [
    ([(TRAINED, "12", "2027-01-05")], "on_track", {"unit": "euros"}, "counted in 'people', not 'euros'"),
    ([(TRAINED, "twelve", "2027-01-05")], "on_track", {}, "'twelve' of 'Police officers trained' is not a number"),
    ([(TRAINED, "NaN", "2027-01-05")], "on_track", {}, "is not a number"),
    ([(TRAINED, "12", "2027-07-01")], "on_track", {}, "outside the period 2027 H1"),
    ([(TRAINED, "12", "1 July")], "on_track", {}, "not a date"),
    ([(SUPPORTED, "12", "2027-01-05")], "on_track", {}, "not an indicator of this point"),
    ([], "finished", {}, "status must be one of"),
    ([], "dropped", {}, "reason is required"),
])
def test_bad_values_are_refused_with_a_clear_message(workspace: Workspace, world: World, values: list,
                                                     status: str, kwargs: dict, error: str) -> None:
    with workspace.store.transaction() as s:
        before = s.scalar(select(SyncOp.id).order_by(SyncOp.seq.desc()).limit(1))
        items = [{"indicator": n, "value": v, "unit": kwargs.get("unit", ""), "date": d} for n, v, d in values]
        with pytest.raises(ValidationError, match=error):
            progress.report(s, writer=world.laptops["AUBE"], plan_id=world.plans["AUBE"],
                            point_id=world.points[0], period=world.h1, status=status, values=items)
        assert s.scalar(select(SyncOp.id).order_by(SyncOp.seq.desc()).limit(1)) == before
        assert progress.list_reports(s) == []


def test_unknown_periods_set_aside_points_and_other_plans_are_refused(workspace: Workspace, world: World) -> None:
    with workspace.store.transaction() as s:
        with pytest.raises(NotFoundError, match="no reporting period '2031 H1'"):
            _report(s, world, "AUBE", 0, "on_track", period="2031 H1")
        with pytest.raises(ValidationError, match="set aside in the local plan"):
            _report(s, world, "NORD", 2, "on_track")
        with pytest.raises(ValidationError, match="Only the organisation that owns"):
            progress.report(s, writer=world.laptops["SUD"], plan_id=world.plans["AUBE"],
                            point_id=world.points[0], period=world.h1, status="done")
        with pytest.raises(ValidationError, match="may not set the reporting periods: it is not a convener"):
            progress.set_period(s, writer=world.laptops["SUD"], name="Mine", start="2027-01-01", end="2027-02-01")
        with pytest.raises(ValidationError, match="ends .* before it starts"):
            progress.set_period(s, writer=workspace.writer, name="Back", start="2027-03-01", end="2027-02-01")
        # A period's name works as well as its id.
        assert _report(s, world, "AUBE", 0, "not_started", period="2027 H2").period_id == world.h2


def test_text_is_cleaned_limited_and_right_to_left_kept(workspace: Workspace, world: World) -> None:
    with workspace.store.transaction() as s:
        with pytest.raises(ValidationError, match="narrative is too long: 20,001 characters"):
            _report(s, world, "AUBE", 0, "on_track", narrative="x" * 20_001)
        arabic = "تم تدريب ٢٠ شرطيا"
        r = _report(s, world, "AUBE", 0, "on_track", narrative=f"A\x00B\x1b \u202e{arabic}\u202c",
                    evidence=["report.pdf\x07", "  ", "https://example.org/a"])
    assert r.narrative == f"AB {arabic}" and r.evidence == ("report.pdf", "https://example.org/a")


def test_a_report_in_another_organisations_name_is_ignored(workspace: Workspace, world: World) -> None:
    with workspace.store.transaction() as s:
        real = _report(s, world, "AUBE", 0, "on_track")
        payload = {"org": real.org_id, "plan": real.plan_id, "point": real.point_id, "period": world.h1,
                   "status": "dropped", "reason": "forged", "narrative": "", "values": [], "evidence": []}
        # NORD's laptop signs a report in AUBE's name, on AUBE's entity and on its own.
        world.laptops["NORD"].append(s, kind="progress.report", entity=real.id, payload=payload,
                                     parents=(real.head,))
        nord = world.laptops["NORD"].profile.org_id
        world.laptops["NORD"].append(s, kind="progress.report", entity=report_entity(nord, real.point_id, world.h1),
                                     payload=payload)
        assert progress.get_report(s, real.id).status == "on_track"
        assert progress.find_report(s, org_id=nord, point_id=real.point_id, period_id=world.h1) is None
        materialise.rebuild(s)
        assert progress.get_report(s, real.id).status == "on_track"
        assert len(progress.list_reports(s)) == 1


def test_three_replicas_in_shuffled_order_and_rebuilt_show_the_same_roll_up(
        workspace: Workspace, world: World, tmp_path: Path, stratplan_home: Path) -> None:
    _fill(workspace, world)
    with workspace.store.transaction() as s:
        _report(s, world, "AUBE", 0, "done", [(TRAINED, "12", "2027-05-30")])  # a correction
        expected = progress_view.coalition_view(s, today="2027-08-10")
        rows = list(s.execute(select(SyncOp.body, SyncOp.sig)))
        devices = [(d.device_id, d.public_key, d.org_id) for d in s.scalars(select(SyncDevice))]
    assert expected.points[0].statuses[world.h1] == {"on_track": 1, "done": 2}
    ops = [from_body(body, sig) for body, sig in rows]
    for attempt in range(3):
        replica = open_workspace(tmp_path / f"replica{attempt}.sqlite", stratplan_home / "keys")
        shuffled = ops[:]
        random.Random(attempt).shuffle(shuffled)
        with replica.store.transaction() as s:
            for device_id, key, org in devices:
                s.merge(SyncDevice(device_id=device_id, public_key=key, org_id=org, label=""))
            for start in range(0, len(shuffled), 5):
                store_ops(s, shuffled[start:start + 5])
            assert progress_view.coalition_view(s, today="2027-08-10") == expected
            materialise.rebuild(s)
            assert progress_view.coalition_view(s, today="2027-08-10") == expected
        replica.close()


def test_only_the_convener_changes_a_period_and_two_laptops_of_one_member_are_flagged(
        workspace: Workspace, world: World) -> None:
    with workspace.store.transaction() as s:
        # A member's laptop signs a change to the coalition's period: ignored everywhere.
        world.laptops["SUD"].append(s, kind="period.set", entity=world.h1,
                                    payload={"name": "2027 H1", "start": "2027-01-01", "end": "2027-12-31"})
        assert progress.get_period(s, world.h1).end == "2027-06-30"
        first = _report(s, world, "AUBE", 0, "on_track")
        # AUBE's second laptop, offline, reports on the same point without having seen the first.
        other = OpWriter(DeviceIdentity.generate(), workspace.writer.clock, world.laptops["AUBE"].profile)
        other.register_device(s)
        payload = progress.prepare(s, writer=other, plan_id=world.plans["AUBE"], point_id=world.points[0],
                                   period=world.h1, status="delayed", reason="", narrative="", values=[],
                                   evidence=[])
        other.append(s, kind="progress.report", entity=first.id, payload=payload)
        both = progress.get_report(s, first.id)
        assert both.conflict and both.revisions == 2 and both.status == "delayed"
        # Saving again names both as parents: the flag goes away, the history keeps all three.
        settled = _report(s, world, "AUBE", 0, "on_track")
        assert not settled.conflict and len(progress.history(s, first.id)) == 3
