"""The small coalition progress tests report in: three members, a release of three points, two periods."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from stratplan.core.oplog.identity import DeviceIdentity
from stratplan.core.oplog.writer import OpWriter, Profile
from stratplan.core.services import coalition, localplans, programme, progress, proposals
from stratplan.core.workspace import Workspace

TRAINED = "Police officers trained"
SUPPORTED = "Victims supported"


@dataclass
class World:
    points: list[str]
    h1: str
    h2: str
    laptops: dict[str, OpWriter]
    plans: dict[str, str]


def _indicator(name: str, unit: str) -> dict[str, str]:
    return {"name": name, "baseline": "0", "target": "50", "unit": unit}


@pytest.fixture
def world(workspace: Workspace, group_id: str) -> World:
    w = workspace.writer
    with workspace.store.transaction() as s:
        points = [proposals.create_proposal(s, writer=w, group_id=group_id, fields={
            "title": title, "status": "adopted", "indicators": indicators}).id
            for title, indicators in (("Police training", [_indicator(TRAINED, "people")]),
                                      ("Victim support", [_indicator(SUPPORTED, "people")]),
                                      ("Public campaign", []))]
        programme.save_layout(s, writer=w, sections=[("", "Programme", points)])
        release = programme.create_release(s, writer=w, name="Paris 2026, v1")
        h1 = progress.set_period(s, writer=w, name="2027 H1", start="2027-01-01", end="2027-06-30",
                                 due="2027-07-15").id
        h2 = progress.set_period(s, writer=w, name="2027 H2", start="2027-07-01", end="2027-12-31").id
        orgs = {code: coalition.add_organisation(s, writer=w, name=code, code=code, country=country,
                                                 language="fr")
                for code, country in (("AUBE", "FR"), ("NORD", "FR"), ("SUD", "ES"))}
        laptops = {code: OpWriter(DeviceIdentity.generate(), w.clock, Profile(w.profile.coalition_id, o.id, ""))
                   for code, o in orgs.items()}
        plans = {}
        for code, laptop in laptops.items():
            laptop.register_device(s)
            plans[code] = localplans.start_plan(s, writer=laptop, release_id=release.id).id
        localplans.decide(s, writer=laptops["NORD"], plan_id=plans["NORD"], point_id=points[0], decision="adapt",
                          local={"indicators": [_indicator(TRAINED, "officers")]})
        localplans.decide(s, writer=laptops["NORD"], plan_id=plans["NORD"], point_id=points[2],
                          decision="not_applicable", reason="A national campaign already runs.")
    return World(points, h1, h2, laptops, plans)
