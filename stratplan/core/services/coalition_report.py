"""The coalition's progress report for a period, as a document model: roll-ups, charts, matrix."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from stratplan.core.db.models import Coalition
from stratplan.core.export.document import (
    DocAnnex,
    DocFigure,
    DocMeta,
    DocModel,
    DocPoint,
    DocSection,
)
from stratplan.core.export.locale_text import country_name, long_date, share
from stratplan.core.export.progress_charts import Series, indicator_chart_png, status_chart_png
from stratplan.core.locale_format import format_number
from stratplan.core.services import progress, progress_view
from stratplan.core.services.coalition_report_labels import words
from stratplan.core.services.programme import ReleaseContent, ReleasePoint, doc_point
from stratplan.core.services.progress import STATUSES, Period
from stratplan.core.services.progress_view import MARKS, CoalitionView, PointRollup, decimal_value

_MATRIX_COLUMNS = 14  # points per matrix table: a landscape page holds that many mark columns


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "/").split())


def _num(value: Decimal | str, language: str) -> str:
    number = decimal_value(value)
    return format_number(number, language) if number is not None else str(value)


def coalition_report(session: Session, *, period: str, language: str, today: str = "",
                     charts: bool = True) -> DocModel:
    """Everything the convener reports to the coalition for `period` and the periods before it."""
    w = words(language)
    chosen = progress.get_period(session, period)
    view = progress_view.coalition_view(session, period_id=chosen.id, today=today)
    periods = tuple(p for p in view.periods if p.start <= chosen.start)
    release = progress_view.latest_release(session)
    coalition = session.scalars(select(Coalition)).first()
    meta = DocMeta(kind="coalition_report", title=f"{w['title']}{w['sep']}{chosen.name}",
                   coalition=coalition.name if coalition else "", organisation="", country="",
                   release=release.info.name if release else "", date=today or dt.date.today().isoformat(),
                   language=language)
    rollups = {r.id: r for r in view.points}
    sections: list[DocSection] = [_overview(view, chosen, periods, release, w, language, charts)]
    for sec in release.sections if release else ():
        points = tuple(_point(p, rollups[p.id], chosen, periods, w, language, charts)
                       for p in sec.points if p.id in rollups)
        sections.append(DocSection(sec.title, points))
    return DocModel(meta=meta, sections=tuple(sections), annexes=_matrix_annexes(view, chosen, w)
                    + _overdue_annex(view, chosen, w, language))


def _overview(view: CoalitionView, chosen: Period, periods: tuple[Period, ...],
              release: ReleaseContent | None, w: dict[str, str], language: str, charts: bool) -> DocSection:
    expected = sum(1 for row in view.matrix for c in row.cells if c not in ("none", "set_aside"))
    received = sum(1 for row in view.matrix for c in row.cells if c in STATUSES)
    late = [o for o in view.overdue if o.period_id == chosen.id]
    numbers = {r.id: r.number for r in view.points}
    idle = ", ".join(numbers[i] for i in view.idle) or w["none"]
    lines = [f"- {w['members_points'].format(members=_num(str(len(view.matrix)), language), points=_num(str(len(view.points)), language))}",
             f"- {w['received'].format(period=chosen.name, share=share(received, expected, language))}",
             f"- {w['overdue_line'].format(reports=_num(str(len(late)), language), members=_num(str(len({o.org_id for o in late})), language))}",
             f"- {w['idle'].format(period=chosen.name, points=idle)}"]
    figures: tuple[DocFigure, ...] = ()
    if charts:
        by_section = _section_counts(view, chosen, release)
        by_period = [(p.name, _period_counts(view, p.id)) for p in periods]
        status_names = {s: w[s] for s in STATUSES}
        figures = (
            _status_figure(w["status_by_section"].format(period=chosen.name), by_section, status_names, w),
            _status_figure(w["status_by_period"], by_period, status_names, w),
        )
    return DocSection(w["overview"], (), intro="\n".join(lines), figures=figures, numbered=False)


def _status_figure(title: str, groups: list[tuple[str, dict[str, int]]], names: dict[str, str],
                   w: dict[str, str]) -> DocFigure:
    totals: Counter[str] = Counter()
    for _, counts in groups:
        totals.update(counts)
    alt = w["status_alt"].format(values=", ".join(f"{names[s]} {totals[s]}" for s in STATUSES))
    return DocFigure(title, status_chart_png(groups, names, title=title, axis=w["reports_axis"]), alt)


def _period_counts(view: CoalitionView, period_id: str) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for r in view.points:
        counts.update(r.statuses.get(period_id, {}))
    return dict(counts)


def _section_counts(view: CoalitionView, chosen: Period, release: ReleaseContent | None) -> list[tuple[str, dict[str, int]]]:
    rollups = {r.id: r for r in view.points}
    out = []
    for sec in release.sections if release else ():
        counts: Counter[str] = Counter()
        for p in sec.points:
            if p.id in rollups:
                counts.update(rollups[p.id].statuses.get(chosen.id, {}))
        out.append((sec.title, dict(counts)))
    return out


def _point(point: ReleasePoint, rollup: PointRollup, chosen: Period, periods: tuple[Period, ...],
           w: dict[str, str], language: str, charts: bool) -> DocPoint:
    body = [w["adoption"].format(adopt=_num(str(rollup.adopted), language), adapt=_num(str(rollup.adapted), language),
                                 aside=_num(str(rollup.set_aside), language)), ""]
    working = rollup.adopted + rollup.adapted
    body += [f"| {w['period']} | " + " | ".join(w[s] for s in STATUSES) + f" | {w['no_report']} |",
             "| --- " * (len(STATUSES) + 2) + "|"]
    for p in periods:
        counts = rollup.statuses.get(p.id, {})
        missing = max(0, working - sum(counts.values()))
        body.append(f"| {_cell(p.name)} | " + " | ".join(_num(str(counts.get(s, 0)), language) for s in STATUSES)
                    + f" | {_num(str(missing), language)} |")
    body.append("")
    rolled = rollup.indicators.get(chosen.id, ())
    summed = [r for r in rolled if r.unit]
    if summed:
        body += [f"| {w['indicator']} | {w['unit']} | {w['members_reporting']} | {w['total']} | {w['mean']} |",
                 "| --- | --- | --- | --- | --- |"]
        body += [f"| {_cell(r.name)} | {_cell(r.unit)} | {_num(str(r.reporting), language)} | {_num(r.total, language)} "
                 f"| {_num(r.mean, language)} |" for r in summed]
        body.append("")
    for r in rolled:
        if not r.unit:
            body += [w["units_differ"].format(indicator=r.name), ""]
            body += [f"- {code}: {_num(value, language)} {unit}" for code, value, unit in r.values] + [""]
    countries = {c: by.get(chosen.id, {}) for c, by in sorted(rollup.countries.items()) if by.get(chosen.id)}
    if countries:
        # One line per country naming only the statuses it has: a full status grid per country
        # would be mostly zeros.
        body += [f"| {w['by_country'].format(period=chosen.name)} | {w['status']} |", "| --- | --- |"]
        body += [f"| {_cell(country_name(c, language) or c)} | "
                 + "; ".join(f"{w[s]} {_num(str(counts[s]), language)}" for s in STATUSES if counts.get(s)) + " |"
                 for c, counts in countries.items()]
    figures = _indicator_figures(point, rollup, periods, w, language) if charts else ()
    fields = {k: point.fields[k] for k in ("title", "objective", "indicators") if point.fields.get(k)}
    fields.setdefault("title", "")
    base = doc_point(point.number, {**fields, "body": "\n".join(body).strip()})
    return DocPoint(**{**base.__dict__, "level": "", "figures": figures})


def _indicator_figures(point: ReleasePoint, rollup: PointRollup, periods: tuple[Period, ...],
                       w: dict[str, str], language: str) -> tuple[DocFigure, ...]:
    """One chart per indicator that members report in one unit: the mean per member by period."""
    targets = rollup.targets
    means: dict[str, dict[str, Decimal]] = {}
    units: dict[str, str] = {}
    for p in periods:
        for r in rollup.indicators.get(p.id, ()):
            if r.unit and units.setdefault(r.name, r.unit) == r.unit:
                means.setdefault(r.name, {})[p.id] = Decimal(r.mean)
    figures = []
    for name, by_period in sorted(means.items()):
        values = tuple(float(by_period[p.id]) if p.id in by_period else None for p in periods)
        target = targets.get(name)
        title = w["indicator_chart"].format(indicator=name)
        alt = w["indicator_alt"].format(
            indicator=name, unit=units[name],
            values=", ".join(f"{p.name} {_num(by_period[p.id], language)}" for p in periods if p.id in by_period),
            target=_num(target, language) if target is not None else "—")
        png = indicator_chart_png([p.name for p in periods], [Series(w["mean_line"], values)], title=title,
                                  unit=units[name], target=float(target) if target is not None else None,
                                  target_label=w["target"])
        figures.append(DocFigure(title, png, alt))
    return tuple(figures)


def _legend(w: dict[str, str]) -> str:
    names = {**{s: w[s] for s in STATUSES}, "set_aside": w["set_aside"], "missing": w["missing"]}
    marks = [f"{MARKS[key]} {name}" for key, name in names.items()]
    return w["legend"].format(marks=", ".join(marks) + f", (—) {w['no_plan']}")


def _matrix_annexes(view: CoalitionView, chosen: Period, w: dict[str, str]) -> tuple[DocAnnex, ...]:
    """Members down, points across, one mark per cell; a table per run of points that fits a page."""
    numbers = [r.number for r in view.points]
    annexes = []
    for start in range(0, len(numbers), _MATRIX_COLUMNS):
        part = numbers[start:start + _MATRIX_COLUMNS]
        title = (w["matrix"].format(period=chosen.name) if len(numbers) <= _MATRIX_COLUMNS else
                 w["matrix_part"].format(period=chosen.name, first=part[0], last=part[-1]))
        rows = tuple((row.code, row.country, *(MARKS[c] or "—" for c in row.cells[start:start + _MATRIX_COLUMNS]))
                     for row in view.matrix)
        annexes.append(DocAnnex(title=title, header=(w["member"], w["country"], *part), rows=rows,
                                intro=(_legend(w),)))
    return tuple(annexes)


def _overdue_annex(view: CoalitionView, chosen: Period, w: dict[str, str], language: str) -> tuple[DocAnnex, ...]:
    late: dict[tuple[str, str], list[str]] = {}
    due: dict[str, str] = {}
    shown = {p.id for p in view.periods if p.start <= chosen.start}
    for o in view.overdue:
        if o.period_id in shown:
            late.setdefault((o.code, o.period), []).append(o.number)
            due[o.period] = o.due
    if not late:
        return ()
    rows = tuple((code, period, long_date(due[period], language), _num(str(len(numbers)), language),
                  ", ".join(numbers)) for (code, period), numbers in sorted(late.items()))
    return (DocAnnex(title=w["overdue"], header=(w["member"], w["period"], w["due"], w["count"], w["points"]),
                     rows=rows),)

