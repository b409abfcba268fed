"""The demo's life after adoption: members' local plans and two periods of progress reports."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from stratplan.core.oplog.writer import OpWriter
from stratplan.core.services import localplans, progress
from stratplan.core.services.progress_view import reportable_points

# Points each member reports on, drawn across its plan so that every section has reports:
# enough to fill the coalition view without making the demo slow to install.
POINTS_PER_MEMBER = 6
# Most members report on time for the first period, fewer for the second (some are late).
REPORTING = (0.85, 0.6)


def install(session: Session, *, data: dict[str, Any], release_id: str, convener: Callable[[], OpWriter],
            members: list[Callable[[], OpWriter]], home: Callable[[], OpWriter]) -> dict[str, int]:
    """Periods (convener), plans of the members that have none, and their reports."""
    rng = random.Random(18)  # the same demo on every laptop
    periods = [progress.set_period(session, writer=convener(), **p) for p in data["periods"]]
    writers = [home(), *(m() for m in members)]
    reports = 0
    for w in writers:
        plan = next(iter(localplans.list_plans(session, org_id=w.profile.org_id)), None)
        if plan is None:
            plan = localplans.start_plan(session, writer=w, release_id=release_id)
            if rng.random() < 0.3:
                point = rng.choice(plan.points)
                plan = localplans.decide(session, writer=w, plan_id=plan.id, point_id=point.id,
                                         decision="not_applicable", reason=data["set_aside_reason"])
        reportable = reportable_points(plan)
        chosen = sorted(rng.sample(range(len(reportable)), min(POINTS_PER_MEMBER, len(reportable))))
        points = [reportable[i] for i in chosen]
        for period, share in zip(periods, REPORTING, strict=True):
            if rng.random() > share:
                continue  # this member has not reported for the period (yet)
            for pid, _number, indicators in points:
                progress.report(session, writer=w, plan_id=plan.id, point_id=pid, period=period.id,
                                **_report(rng, data, period, indicators))
                reports += 1
    return {"periods": len(periods), "progress_reports": reports}


def _report(rng: random.Random, data: dict[str, Any], period: progress.Period,
            indicators: list[dict[str, str]]) -> dict[str, Any]:
    status = rng.choices(progress.STATUSES, weights=(1, 6, 3, 2, 0.3))[0]
    start, end = dt.date.fromisoformat(period.start), dt.date.fromisoformat(period.end)
    values = []
    if status in ("on_track", "delayed", "done"):
        for ind in indicators[:2]:
            target = _number(ind.get("target", ""))
            day = start + dt.timedelta(days=rng.randrange((end - start).days + 1))
            values.append({"indicator": ind.get("name", ""), "unit": "", "date": day.isoformat(),
                           "source": rng.choice(data["sources"]),
                           "value": str(rng.randint(0, max(1, int(target * Decimal("0.6")))))})
    name = period.name.replace(" ", "-").lower()
    return {"status": status, "reason": data["narratives"]["dropped"][0] if status == "dropped" else "",
            "narrative": rng.choice(data["narratives"][status]), "values": values,
            "evidence": [e.format(period=name) for e in rng.sample(data["evidence"], rng.randint(0, 2))]}


def _number(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "").split()[0]) if text.strip() else Decimal(10)
    except ArithmeticError:
        return Decimal(10)
    return value if value.is_finite() and value > 0 else Decimal(10)
