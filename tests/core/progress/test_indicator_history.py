"""An indicator's history across the periods: the coalition's mean where units agree, one member's
own values, gaps where nothing was reported, and the release's target."""

from __future__ import annotations

from stratplan.core.services.indicator_history import indicator_history, indicator_names
from stratplan.core.services.progress import Period
from stratplan.core.services.progress_view import (
    CoalitionView,
    IndicatorRollup,
    PointRollup,
    targets_of,
)


def _period(pid: str, name: str) -> Period:
    return Period(pid, name, "2026-01-01", "2026-06-30", "2026-07-31")


def _view() -> CoalitionView:
    periods = (_period("p1", "H1"), _period("p2", "H2"), _period("p3", "H3"))
    point = PointRollup(
        "pt", "1.1", "Training", 2, 0, 0, {}, {},
        {"p1": (IndicatorRollup("Trained", "people", 2, "30", "15", (("AAA", "10", "people"), ("BBB", "20", "people"))),),
         "p2": (),
         "p3": (IndicatorRollup("Trained", "", 2, "", "", (("AAA", "4", "people"), ("BBB", "7", "groups"))),
                IndicatorRollup("Shelters", "beds", 1, "3", "3", (("BBB", "3", "beds"),)))},
        targets_of({"indicators": [{"name": "Trained", "target": "40"}, {"name": "Hotline", "target": "n/a"}]}))
    return CoalitionView(periods, (point,), "p3", (), (), ())


def test_means_per_period_with_gaps_and_our_own_values() -> None:
    history = indicator_history(_view(), "pt", "Trained", "AAA")
    assert history is not None
    assert history.periods == ("H1", "H2", "H3")
    # H2 has no report; H3's units differ, so no mean is drawn there (our own value still is).
    assert history.mean == (15.0, None, None)
    assert history.ours == (10.0, None, 4.0)
    assert history.target == 40.0
    assert history.unit == ""  # people and groups: no single unit to label the axis with


def test_names_come_from_reports_and_numeric_targets() -> None:
    view = _view()
    assert indicator_names(view, "pt") == ("Shelters", "Trained")
    assert view.points[0].targets == {"Trained": "40"}  # "n/a" is no target to draw
    assert indicator_history(view, "missing", "Trained") is None
    shelters = indicator_history(view, "pt", "Shelters", "AAA")
    assert shelters is not None and shelters.unit == "beds" and shelters.ours == (None, None, None)
