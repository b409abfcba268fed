"""Foundation benchmarks: start-up, filter latency, memory, rebuild speed.

Usage: python benchmarks/foundation.py [--small]   (writes benchmarks/results/foundation.md)
--small uses a tenth of the sizes, for a quick check that the script works.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from make_store import make_store  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def startup(store: Path, runs: int = 5) -> tuple[float, float, float]:
    """Median seconds from process start to a shown window (bare PySide6, StratPlan), and
    to StratPlan's store being open behind it (every action works)."""
    probe = str(HERE / "startup_probe.py")
    # As on a user's machine, Python may cache compiled bytecode (this sandbox sets
    # PYTHONDONTWRITEBYTECODE, which would recompile every module at every start).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    times: dict[str, list[float]] = {"bare": [], "app": [], "ready": []}
    for warm_up in (True, *([False] * runs)):
        for mode in ("bare", "app"):
            out = subprocess.run([sys.executable, probe, mode, str(store)], check=True, capture_output=True,
                                 text=True, env=env).stdout
            if not warm_up:
                times[mode].append(float(out.split("shown_after")[1].split()[0]))
                if mode == "app":
                    times["ready"].append(float(out.split("ready_after")[1].split()[0]))
    return statistics.median(times["bare"]), statistics.median(times["app"]), statistics.median(times["ready"])


def filter_and_memory(store: Path) -> tuple[float, float, float, int]:
    """Median and worst per-keystroke filter latency (ms), RSS (MB) with the window open."""
    from PySide6.QtWidgets import QApplication

    from stratplan.core import paths
    from stratplan.core.workspace import open_workspace
    from stratplan.ui.main_window import MainWindow
    from stratplan.ui.settings import Settings, make_qsettings

    app = QApplication.instance() or QApplication([])
    ws = open_workspace(store, paths.key_dir())
    window = MainWindow(ws, Settings(make_qsettings()))
    window.show()
    app.processEvents()
    memory = rss_mb()
    latencies = []
    for text in ("training police", "survivor exit", "nordic model #12"):
        window.filter_edit.clear()
        app.processEvents()
        for i in range(1, len(text) + 1):
            start = time.perf_counter()
            window.filter_edit.setText(text[:i])
            app.processEvents()  # the list is repainted before the next key
            latencies.append((time.perf_counter() - start) * 1000)
    shown = window.list_model.total
    window.close()
    ws.close()
    return statistics.median(latencies), max(latencies), memory, shown


def rebuild(store: Path) -> tuple[int, float]:
    from stratplan.core import paths
    from stratplan.core.oplog import materialise
    from stratplan.core.workspace import open_workspace

    ws = open_workspace(store, paths.key_dir())
    start = time.perf_counter()
    with ws.store.transaction() as s:
        count = materialise.rebuild(s)
    elapsed = time.perf_counter() - start
    ws.close()
    return count, elapsed


def main() -> None:
    small = "--small" in sys.argv
    scale = 10 if small else 1
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["STRATPLAN_HOME"] = tmp
        store10k, store50k = Path(tmp, "10k.sqlite"), Path(tmp, "50k.sqlite")
        made10 = make_store(10_000 // scale, store10k, revisions=0)
        made50 = make_store(50_000 // scale, store50k, revisions=1)
        bare, app, ready = startup(store10k)
        median_ms, worst_ms, memory, shown = filter_and_memory(store50k)
        ops, seconds = rebuild(store50k)
    rows = [
        ("start-up, bare PySide6 window (s, median of 5)", f"{bare:.2f}", ""),
        (f"start-up, StratPlan on {10_000 // scale:,} proposals (s)", f"{app:.2f}", ""),
        ("start-up ratio", f"{app / bare:.2f}x", "at most 3x"),
        ("start-up, until the store behind the window is open (s)", f"{ready:.2f}", ""),
        (f"filter latency per keystroke, {shown:,} proposals (median ms)", f"{median_ms:.1f}", "under 50 ms"),
        ("filter latency, worst keystroke (ms)", f"{worst_ms:.1f}", ""),
        (f"resident memory, window open on {shown:,} proposals (MB)", f"{memory:.0f}", "under 400 MB"),
        (f"rebuild from {ops:,} operations (s)", f"{seconds:.2f}", ""),
        ("rebuild speed (operations/s)", f"{ops / seconds:,.0f}", "over 20,000"),
        ("(building the test stores took, s)", f"{made10:.0f} + {made50:.0f}", ""),
    ]
    table = "| measure | value | goal |\n| --- | --- | --- |\n" + "\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows)
    # For benchmarks/run_all.py's summary.
    (HERE / "results" / ("foundation-small.json" if small else "foundation.json")).write_text(json.dumps(
        {"bare_s": bare, "app_s": app, "ready_s": ready, "filter_median_ms": median_ms, "filter_worst_ms": worst_ms,
         "shown": shown, "window_proposals": 10_000 // scale}), encoding="utf-8")
    out = HERE / "results" / ("foundation-small.md" if small else "foundation.md")
    out.parent.mkdir(exist_ok=True)
    out.write_text(f"# Foundation benchmarks ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores)\n\n{table}\n",
                   encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
