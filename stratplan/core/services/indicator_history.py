"""One indicator of one programme point across the periods: the coalition's mean and one member's
values, against the release's target, ready to be drawn."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from stratplan.core.services.progress_view import CoalitionView, IndicatorRollup, decimal_value

# Period id -> roll-ups: a point's own history (progress_view.point_indicators_by_period) when
# the view at hand holds one period's values only.
ByPeriod = Mapping[str, tuple[IndicatorRollup, ...]]


@dataclass(frozen=True)
class IndicatorHistory:
    """Values per period (None where nobody, or not this member, reported one)."""

    name: str
    unit: str                          # the members' common unit; '' when they differ
    periods: tuple[str, ...]           # period names, in order
    mean: tuple[float | None, ...]     # the coalition's mean, where the units agree
    ours: tuple[float | None, ...]     # the chosen member's own value
    target: float | None


def indicator_names(view: CoalitionView, point_id: str, by_period: ByPeriod | None = None) -> tuple[str, ...]:
    """The indicators members reported on this point in any period, or that the release names."""
    point = next((p for p in view.points if p.id == point_id), None)
    if point is None:
        return ()
    history = point.indicators if by_period is None else by_period
    names = {r.name for rollups in history.values() for r in rollups} | set(point.targets)
    return tuple(sorted(names))


def indicator_history(view: CoalitionView, point_id: str, name: str, org_code: str = "",
                      by_period: ByPeriod | None = None) -> IndicatorHistory | None:
    """The history of `name` on `point_id`, or None when the point is not in the view."""
    point = next((p for p in view.points if p.id == point_id), None)
    if point is None:
        return None
    history = point.indicators if by_period is None else by_period
    mean: list[float | None] = []
    ours: list[float | None] = []
    units: set[str] = set()
    for period in view.periods:
        rollup = next((r for r in history.get(period.id, ()) if r.name == name), None)
        if rollup is None:
            mean.append(None)
            ours.append(None)
            continue
        units.update(unit for _code, _value, unit in rollup.values)
        # A mean over different units means nothing: the line leaves a gap there.
        mean.append(float(rollup.mean) if rollup.unit and rollup.mean else None)
        own = next((decimal_value(v) for code, v, _unit in rollup.values if code == org_code), None)
        ours.append(float(own) if own is not None else None)
    target = point.targets.get(name)
    return IndicatorHistory(name, units.pop() if len(units) == 1 else "", tuple(p.name for p in view.periods),
                            tuple(mean), tuple(ours), float(target) if target is not None else None)
