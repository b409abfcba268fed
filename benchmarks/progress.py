"""The coalition's progress view on a large coalition: members x points x periods of signed reports.

Usage: python benchmarks/progress.py [--members 200] [--points 100] [--periods 8] [--db FILE]
                                    [--no-rebuild]

Builds the store through the services and signed operations (reports are written as prepared
payloads, skipping the per-report checks, which a real member pays once per report), then
times the coalition view (three runs, median and worst), the coalition's progress report in
Word with its charts, the .xlsx of every value, and a full rebuild. With --db naming an existing
file (built by an earlier run, its keys beside it), the store is reused.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from stratplan.core.export.docx_writer import write_docx  # noqa: E402
from stratplan.core.oplog import materialise  # noqa: E402
from stratplan.core.oplog.identity import DeviceIdentity  # noqa: E402
from stratplan.core.oplog.progress_reducer import report_entity  # noqa: E402
from stratplan.core.oplog.writer import OpWriter, Profile  # noqa: E402
from stratplan.core.services import (  # noqa: E402
    coalition,
    coalition_report,
    groups,
    localplans,
    programme,
    progress,
    progress_view,
    progress_xlsx,
    proposals,
)
from stratplan.core.workspace import open_workspace  # noqa: E402

STATUSES = ("not_started", "on_track", "delayed", "done")


def _median(work: Callable[[], object], runs: int = 5) -> tuple[float, float]:
    """(median, worst) seconds of `work` over `runs` runs."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times)


def _floor(session: Any) -> float:
    """sqlite3 alone fetching the reports' columns the view reads (median of 5)."""
    cursor = session.connection().connection.cursor()

    def fetch() -> None:
        cursor.execute("SELECT org_id, point_id, period_id, status, values_json FROM progress_report")
        cursor.fetchall()

    return _median(fetch)[0]


def build(db: Path, keys: Path, members: int, points: int, periods: int) -> tuple[float, int]:
    ws = open_workspace(db, keys)
    started = time.perf_counter()
    count = 0
    with ws.store.transaction() as s:
        w = ws.writer
        coalition.create_coalition(s, writer=w, name="Bench", org_name="Secretariat", org_code="SEC",
                                   country="FR", language="fr", person_name="Convener")
        group = groups.list_groups(s)[0].id
        ids = [proposals.create_proposal(s, writer=w, group_id=group, fields={
            "title": f"Point {i}", "status": "adopted",
            "indicators": [{"name": "People reached", "baseline": "0", "target": "100", "unit": "people"}]}).id
            for i in range(points)]
        programme.save_layout(s, writer=w, sections=[("", "Programme", ids)])
        release = programme.create_release(s, writer=w, name="v1").id
        spans = [progress.set_period(s, writer=w, name=f"P{k}", start=f"{2027 + k // 2}-{1 + 6 * (k % 2):02d}-01",
                                     end=f"{2027 + k // 2}-{6 + 6 * (k % 2):02d}-28") for k in range(periods)]
        for m in range(members):
            org = coalition.add_organisation(s, writer=w, name=f"Member {m}", code=f"M{m:03d}",
                                             country=("FR", "LT", "ES", "AR")[m % 4], language="en")
            laptop = OpWriter(DeviceIdentity.generate(), w.clock, Profile(w.profile.coalition_id, org.id, ""))
            laptop.register_device(s)
            plan = localplans.start_plan(s, writer=laptop, release_id=release).id
            for p, pid in enumerate(ids):
                for k, span in enumerate(spans):
                    laptop.append(s, kind="progress.report", entity=report_entity(org.id, pid, span.id), payload={
                        "org": org.id, "plan": plan, "point": pid, "period": span.id,
                        "status": STATUSES[(m + p + k) % 4], "reason": "", "narrative": "Work goes on.",
                        "evidence": [], "values": [{"indicator": "People reached", "value": str((m * p + k) % 90),
                                                    "unit": "people", "date": span.start, "source": "Register"}]})
                    count += 1
    ws.close()
    return time.perf_counter() - started, count


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--points", type=int, default=100)
    parser.add_argument("--periods", type=int, default=8)
    parser.add_argument("--db")
    parser.add_argument("--no-rebuild", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="stratplan-progress-"))
    db = Path(args.db) if args.db else folder / "store.sqlite"
    keys = db.parent / f"{db.stem}-keys"
    if not db.exists():
        built, reports = build(db, keys, args.members, args.points, args.periods)
        print(f"built {reports} reports in {built:.1f} s")
    ws = open_workspace(db, keys)
    with ws.store.transaction() as s:
        period = progress.list_periods(s)[-1].id
        floor = _floor(s)
        # What the window reads on opening: every status, the chosen period's values; then, when
        # a point is chosen, that point's values in every period. Then the full view (command line).
        window = _median(lambda: progress_view.coalition_view(s, period_id=period, every_period=False))
        view = progress_view.coalition_view(s, period_id=period, every_period=False)
        one_point = _median(lambda: progress_view.point_indicators_by_period(s, view.points[0].id))
        full = _median(lambda: progress_view.coalition_view(s, period_id=period))
        print(f"coalition view as the window opens it ({len(view.points)} points, {len(view.matrix)} members, "
              f"goal 1 s): median {window[0]:.2f} s, worst {window[1]:.2f} s; "
              f"sqlite3 reads the same rows in {floor:.2f} s ({window[0] / floor:.1f}x)")
        print(f"  one point's history for its chart: median {one_point[0] * 1000:.0f} ms")
        print(f"  every period's values (command line, report): median {full[0]:.2f} s")
        started = time.perf_counter()
        model = coalition_report.coalition_report(s, period=period, language="en")
        drawn = time.perf_counter() - started
        write_docx(model, folder / "coalition.docx")
        total = time.perf_counter() - started
        figures = sum(len(p.figures) for sec in model.sections for p in sec.points) + sum(
            len(sec.figures) for sec in model.sections)
        print(f"coalition report .docx ({figures} charts, goal 10 s): {total:.1f} s "
              f"(of which the model and its charts {drawn:.1f} s)")
        started = time.perf_counter()
        values, reports = progress_xlsx.write_values(s, folder / "values.xlsx", language="en")
        print(f"values .xlsx ({values} values, {reports} reports): {time.perf_counter() - started:.1f} s")
        if not args.no_rebuild:
            started = time.perf_counter()
            materialise.rebuild(s)
            print(f"rebuild: {time.perf_counter() - started:.1f} s")
    ws.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
