"""Commands for progress reports: periods, reports, the coalition's roll-up, spreadsheet import."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from sqlalchemy.orm import Session

from stratplan.commands.common import (
    JsonObject,
    emit,
    read_bytes,
    resolve_org,
    resolve_plan,
    say,
    store_action,
)
from stratplan.core.errors import ValidationError
from stratplan.core.export.document import labels
from stratplan.core.messages import environment_language, msg, plural
from stratplan.core.services import coalition, localplans, progress, progress_csv, progress_view
from stratplan.core.workspace import Workspace


def cmd_progress(args: argparse.Namespace) -> int:
    handlers = {"period-add": _period_add, "periods": _periods, "add": _add, "list": _list, "show": _show,
                "import": _import}
    with store_action(args) as (ws, s):
        data, text = handlers[args.action_name](args, ws, s)
    emit(args, data, lambda: text)
    return 0


def _period_json(p: progress.Period) -> JsonObject:
    return dataclasses.asdict(p)


def _period_add(args: argparse.Namespace, ws: Workspace, s: Session) -> tuple[object, str]:
    period = progress.set_period(s, writer=ws.writer, name=args.name, start=args.start, end=args.end,
                                 due=args.due or "")
    return _period_json(period), say(msg("Reporting period '{name}' set: {start} to {end}, reports due {due}.",
                                         name=period.name, start=period.start, end=period.end, due=period.due))


def _periods(args: argparse.Namespace, ws: Workspace, s: Session) -> tuple[object, str]:
    listed = progress.list_periods(s)
    return [_period_json(p) for p in listed], "\n".join(
        f"{p.start} – {p.end}  ({p.due})  {p.name}" for p in listed) or say(msg("No reporting periods yet."))


def _point(plan: localplans.PlanView, value: str) -> str:
    """A point of the plan by its number ("1.2", "L.1") or the start of its id."""
    for pid, number, _indicators in progress_view.reportable_points(plan):
        if value == number or (len(value) >= 4 and pid.startswith(value.lower())):
            return pid
    for p in plan.points:
        if p.number == value:
            return p.id  # set aside: the service says so
    raise ValidationError("No point of your local plan is numbered '{value}'.", value=value)


def _value(text: str, source: str) -> dict[str, str]:
    """INDICATOR=VALUE@DATE, as typed on the command line."""
    name, equals, rest = text.rpartition("=")
    value, at, day = rest.partition("@")
    if not equals or not at or not name.strip():
        raise ValidationError("Write a value as INDICATOR=VALUE@DATE, e.g. \"Officers trained=25@2027-05-30\".")
    return {"indicator": name.strip(), "value": value.strip(), "unit": "", "date": day.strip(), "source": source}


def _report_json(s: Session, r: progress.Report, codes: dict[str, str]) -> JsonObject:
    data = dataclasses.asdict(r)
    data["organisation"] = codes.get(r.org_id, "?")
    data["period"] = progress.get_period(s, r.period_id).name
    return data


def _report_text(d: JsonObject) -> str:
    values = "; ".join(f"{v['indicator']} = {v['value']} {v['unit']} ({v['date']})" for v in d["values"])
    return (f"{d['organisation']:<6} {d['period']:<10} {d['point_id'][:8]}  "
            f"{progress_view.MARKS[d['status']]} {_status(d['status']):<12} {values}").rstrip()


def _status(key: str) -> str:
    """A status ("on_track") as people read it, in the command line's language ("On track")."""
    return labels(environment_language()).get(key, key)


def _add(args: argparse.Namespace, ws: Workspace, s: Session) -> tuple[object, str]:
    plan_id = resolve_plan(s, ws, args.plan)
    plan = localplans.plan_view(s, plan_id)
    report = progress.report(s, writer=ws.writer, plan_id=plan_id, point_id=_point(plan, args.point),
                             period=args.period, status=args.status, reason=args.reason or "",
                             narrative=args.narrative or "",
                             values=[_value(v, args.source or "") for v in args.value or ()],
                             evidence=args.evidence or [])
    codes = {o.id: o.code for o in coalition.list_organisations(s)}
    data = _report_json(s, report, codes)
    note = say(plural("Report saved ({n} revision).", "Report saved ({n} revisions).", report.revisions))
    return data, f"{_report_text(data)}\n{note}"


def _list(args: argparse.Namespace, ws: Workspace, s: Session) -> tuple[object, str]:
    codes = {o.id: o.code for o in coalition.list_organisations(s)}
    period = progress.get_period(s, args.period).id if args.period else ""
    org = resolve_org(s, args.org) if args.org else ""
    data = [_report_json(s, r, codes) for r in progress.list_reports(s, org_id=org, period_id=period)]
    return data, "\n".join(_report_text(d) for d in data) or say(msg("No progress reports yet."))


def _show(args: argparse.Namespace, ws: Workspace, s: Session) -> tuple[object, str]:
    period = progress.get_period(s, args.period).id if args.period else ""
    view = progress_view.coalition_view(s, period_id=period, today=args.today or "")
    data: dict[str, Any] = dataclasses.asdict(view)
    return data, _view_text(view)


def _view_text(view: progress_view.CoalitionView) -> str:
    names = {p.id: p.name for p in view.periods}
    lines = []
    for p in view.points:
        lines.append(f"{p.number:<6} {p.title}  " + say(msg(
            "adopted {adopted}, adapted {adapted}, set aside {set_aside}",
            adopted=p.adopted, adapted=p.adapted, set_aside=p.set_aside)))
        for period_id, counts in p.statuses.items():
            if counts:
                lines.append(f"       {names[period_id]:<10} "
                             + ", ".join(f"{progress_view.MARKS[k]} {_status(k)} {n}" for k, n in counts.items()))
            for ind in p.indicators.get(period_id, ()):
                figure = (say(msg("total {total} {unit}, mean {mean}", total=ind.total, unit=ind.unit,
                                  mean=ind.mean)) if ind.unit else
                          "; ".join(f"{code} {value} {unit}" for code, value, unit in ind.values))
                lines.append(f"       {'':<10} {ind.name}: {figure}")
    if view.matrix:
        lines.append("")
        lines.append(say(msg("Members x points ({period}):", period=names.get(view.matrix_period, "-"))))
        lines.append("       " + " ".join(f"{p.number:>5}" for p in view.points))
        for row in view.matrix:
            lines.append(f"{row.code:<6} " + " ".join(f"{progress_view.MARKS[c]:>5}" for c in row.cells))
        lines.append("       " + "  ".join(f"{m} {k}" for k, m in progress_view.MARKS.items() if m))
    numbers = {p.id: p.number for p in view.points}
    if view.idle:
        lines.append(say(msg("Nobody is working on: {points}", points=", ".join(numbers[i] for i in view.idle))))
    for o in view.overdue:
        lines.append(say(msg("Overdue: {org} on {point} for {period} (due {due})", org=o.code, point=o.number,
                             period=o.period, due=o.due)))
    return "\n".join(lines) or say(msg("No programme release yet."))


def _import(args: argparse.Namespace, ws: Workspace, s: Session) -> tuple[object, str]:
    count = progress_csv.import_csv(s, writer=ws.writer, plan_id=resolve_plan(s, ws, args.plan),
                                    data=read_bytes(args.file))
    return {"reports": count}, say(plural("Imported {n} progress report.", "Imported {n} progress reports.", count))
