"""An organisation's progress report for one period, as a document model (Word, Markdown, HTML)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from stratplan.core.db.models import Coalition, Organisation
from stratplan.core.export.document import (
    DocAnnex,
    DocFigure,
    DocMeta,
    DocModel,
    DocPoint,
    DocSection,
    labels,
)
from stratplan.core.services import localplans, progress
from stratplan.core.services.coalition_report_labels import words
from stratplan.core.services.programme import doc_point
from stratplan.core.services.progress_view import decimal_value


def _cell(text: str) -> str:
    # A pipe or a line break would end a Markdown table cell early.
    return " ".join(text.replace("|", "/").split())


def _body(report: progress.Report | None, t: dict[str, str]) -> str:
    """The point's progress as Markdown: status, values table, narrative, evidence."""
    if report is None:
        return f"**{t['status']}**{t['sep']}{t['not_reported']}"
    status = t[report.status]
    lines = [f"**{t['status']}**{t['sep']}{status}" + (f" ({report.reason})" if report.reason else ""), ""]
    if report.values:
        lines += [f"| {t['indicator']} | {t['value']} | {t['unit']} | {t['date']} | {t['source']} |",
                  "| --- | --- | --- | --- | --- |"]
        lines += [f"| {_cell(v.indicator)} | {v.value} | {_cell(v.unit)} | {v.date} | {_cell(v.source)} |"
                  for v in report.values]
        lines.append("")
    if report.narrative:
        lines += [report.narrative, ""]
    if report.evidence:
        lines += [f"**{t['evidence']}**", ""] + [f"- {e}" for e in report.evidence]
    return "\n".join(lines).strip()


def progress_document(session: Session, *, plan_id: str, period: str, language: str) -> DocModel:
    """Every point of the organisation's plan it works on, with what it reported for the period."""
    t = labels(language)
    found = progress.get_period(session, period)
    view = localplans.plan_view(session, plan_id)
    org = session.get(Organisation, view.org_id)
    coalition = session.scalars(select(Coalition)).first()
    every = progress.list_reports(session, org_id=view.org_id)
    reports = {r.point_id: r for r in every if r.period_id == found.id}
    periods = [p for p in progress.list_periods(session) if p.start <= found.start]
    history: dict[str, dict[str, progress.Report]] = {}
    for r in every:
        history.setdefault(r.point_id, {})[r.period_id] = r
    meta = DocMeta(kind="progress_report", title=f"{t['progress_report']}: {found.name}",
                   coalition=coalition.name if coalition else "", organisation=org.name if org else "",
                   country=org.country if org else "", release=view.release_name,
                   date=dt.date.today().isoformat(), language=language)
    sections: dict[str, list[DocPoint]] = {}
    rows: list[tuple[str, ...]] = []
    for p in view.points:
        if p.decision == "not_applicable":
            continue
        fields = {**p.programme, **p.local} if p.decision == "adapt" else p.programme
        report = reports.get(p.id)
        sections.setdefault(p.section, []).append(_point(p.number, fields, report, t, _charts(
            fields, periods, history.get(p.id, {}), language, org.code if org else "")))
        rows += _rows(p.number, report)
    for i, lp in enumerate(view.local_points, start=1):
        report = reports.get(lp.id)
        sections.setdefault(t["local_points"], []).append(_point(f"L.{i}", lp.fields, report, t, _charts(
            lp.fields, periods, history.get(lp.id, {}), language, org.code if org else "")))
        rows += _rows(f"L.{i}", report)
    annexes = (DocAnnex(title=t["values"], header=(t["point"], t["indicator"], t["value"], t["unit"], t["date"],
                                                    t["source"]), rows=tuple(rows)),) if rows else ()
    return DocModel(meta=meta, sections=tuple(DocSection(title, tuple(points)) for title, points in sections.items()),
                    annexes=annexes)


def _charts(fields: dict[str, object], periods: list[progress.Period], by_period: dict[str, progress.Report],
            language: str, org_code: str) -> tuple[DocFigure, ...]:
    """One chart per indicator with a value in one of the periods: ours against our target."""
    from stratplan.core.export.progress_charts import Series, indicator_chart_png

    w = words(language)
    figures = []
    for ind in fields.get("indicators") or ():  # type: ignore[attr-defined]
        name = str(ind.get("name", ""))
        found: dict[str, Decimal] = {}
        for p in periods:
            report = by_period.get(p.id)
            for v in sorted(report.values if report else (), key=lambda v: v.date):
                number = decimal_value(v.value)
                if v.indicator == name and number is not None:
                    found[p.id] = number  # the period's last value stands for it
        if not found:
            continue
        target = decimal_value(ind.get("target", ""))
        title = name
        values = tuple(float(found[p.id]) if p.id in found else None for p in periods)
        alt = w["indicator_values_alt"].format(
            indicator=name, values=", ".join(f"{p.name} {found[p.id]}" for p in periods if p.id in found),
            target=target if target is not None else "—")
        png = indicator_chart_png([p.name for p in periods], [Series(org_code, values)], title=name,
                                  unit=str(ind.get("unit", "")), target=float(target) if target is not None else None,
                                  target_label=w["target"])
        figures.append(DocFigure(title, png, alt))
    return tuple(figures)


def _point(number: str, fields: dict[str, object], report: progress.Report | None, t: dict[str, str],
           figures: tuple[DocFigure, ...] = ()) -> DocPoint:
    # The plan point's own text stays in the plan; the report shows its title, objective and
    # indicators (baseline and target) beside what was achieved.
    kept = {k: fields[k] for k in ("objective", "indicators", "responsible", "start", "end", "level")
            if fields.get(k)}
    kept["title"] = fields.get("title") or ""
    return doc_point(number, {**kept, "body": _body(report, t)}, figures=figures)


def _rows(number: str, report: progress.Report | None) -> list[tuple[str, ...]]:
    if report is None:
        return []
    return [(number, v.indicator, v.value, v.unit, v.date, v.source) for v in report.values]
