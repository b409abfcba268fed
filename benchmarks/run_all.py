"""Run every benchmark and write benchmarks/results/summary.md: issue 16's table.

Usage: python benchmarks/run_all.py [--quick] [--skip NAME ...]
On demand only, never as a timed test. Each row gives the figure, the floor it is compared
with (measured in the same run: a bare Qt window, `python -c pass`, a plain `executemany`,
`sqlite3` reading the same rows), the ratio, the goal and whether it is met. Each
benchmark runs in its own process, one after the other (the machine's cores are shared: ratios from one run are what
to compare, not seconds from different days). --quick uses smaller stores, to check that
the scripts work; its figures do not count.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
BENCHMARKS = ("cli", "foundation", "bundles", "big", "hub")


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["STRATPLAN_HOME"] = str(home)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def _median_s(cmd: list[str], env: dict[str, str], runs: int = 5) -> float:
    times = []
    for _ in range(runs + 1):  # the first run warms the file cache and the bytecode cache
        start = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def cli_figures() -> dict[str, float]:
    """`stratplan --version` and `proposal list` on the demo, against `python -c pass`."""
    with tempfile.TemporaryDirectory() as tmp:
        env = _env(Path(tmp))
        store = str(Path(tmp, "demo.sqlite"))
        stratplan = [sys.executable, "-m", "stratplan"]
        subprocess.run([*stratplan, "--db", store, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        return {"python_s": _median_s([sys.executable, "-c", "pass"], env),
                "version_s": _median_s([*stratplan, "--version"], env),
                "list_demo_s": _median_s([*stratplan, "--db", store, "proposal", "list"], env)}


def _script(name: str, quick: bool) -> list[str]:
    args = {"foundation": ["--small"] if quick else [], "bundles": ["2000"] if quick else [],
            "big": ["--proposals", "5000", "--points", "300", "--runs", "1"] if quick else [],
            "hub": ["--ops", "1000"] if quick else []}[name]
    return [sys.executable, str(HERE / f"{name}.py"), *args]


def _load(name: str) -> dict[str, float]:
    path = RESULTS / f"{name}.json"
    return dict(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else {}


def _ratio(value: float, floor: float) -> str:
    return f"{value / floor:.1f}x" if floor else ""


def _met(ok: bool) -> str:
    return "yes" if ok else "no"


def table(figures: dict[str, dict[str, float]]) -> str:
    """Issue 16's table from the figures of one run (a missing benchmark leaves its row empty)."""
    cli, found, bun, big, hub = (figures.get(n, {}) for n in BENCHMARKS)
    rows: list[tuple[str, str, str, str, str, str]] = []
    if found:
        rows.append((f"window on {int(found['window_proposals']):,} proposals, start to shown",
                     f"{found['app_s']:.2f} s", f"bare PySide6 window {found['bare_s']:.2f} s",
                     _ratio(found["app_s"], found["bare_s"]), "at most 3x",
                     _met(found["app_s"] <= 3 * found["bare_s"])))
        if "ready_s" in found:
            # Shown means the list is painted; the store opens just after, before input is handled.
            rows.append(("same, until the store behind it is open (every action works)",
                         f"{found['ready_s']:.2f} s", f"bare PySide6 window {found['bare_s']:.2f} s",
                         _ratio(found["ready_s"], found["bare_s"]), "", ""))
    if cli:
        rows.append(("`stratplan --version`", f"{cli['version_s']:.3f} s",
                     f"`python -c pass` {cli['python_s']:.3f} s", _ratio(cli["version_s"], cli["python_s"]),
                     "under 0.15 s", _met(cli["version_s"] < 0.15)))
        rows.append(("`stratplan proposal list` on the demo", f"{cli['list_demo_s']:.3f} s",
                     f"`python -c pass` {cli['python_s']:.3f} s", _ratio(cli["list_demo_s"], cli["python_s"]),
                     "under 0.35 s", _met(cli["list_demo_s"] < 0.35)))
    if bun:
        rows.append((f"import a {int(bun['operations']):,}-operation bundle", f"{bun['import_s']:.2f} s",
                     f"`executemany` of the same rows {bun['floor_s']:.3f} s (one Ed25519 check per operation: "
                     f"{bun['signatures_s']:.2f} s)", _ratio(bun["import_s"], bun["floor_s"]),
                     "at most 10x, every operation authenticated",
                     _met(bun["import_s"] <= 10 * bun["floor_s"])))
    if big.get("rebuild_s"):
        rows.append((f"rebuild from {int(big['rebuild_ops']):,} operations",
                     f"{big['rebuild_ops'] / big['rebuild_s']:,.0f} ops/s ({big['rebuild_s']:.2f} s), "
                     f"peak {big['rebuild_peak_mb']:.0f} MB",
                     f"`sqlite3` reads the same rows in {big['rebuild_floor_s']:.2f} s",
                     _ratio(big["rebuild_s"], big["rebuild_floor_s"]), "over 50,000 ops/s, under 300 MB",
                     _met(big["rebuild_ops"] / big["rebuild_s"] > 50_000 and big["rebuild_peak_mb"] < 300)))
    if big.get("list_s"):
        rows.append((f"`proposal list --json` on {int(big['list_count']):,} proposals",
                     f"{big['list_s']:.2f} s, peak {big['list_peak_mb']:.0f} MB",
                     f"`sqlite3` reads the same rows in {big['list_floor_s']:.2f} s",
                     _ratio(big["list_s"], big["list_floor_s"]), "under 1.5 s, under 200 MB",
                     _met(big["list_s"] < 1.5 and big["list_peak_mb"] < 200)))
    if big.get("place_s"):
        points = int(big["points"])
        py = f"`python -c pass` {big['python_s']:.3f} s"
        rows.append((f"`programme place` one point, {points:,} points placed",
                     f"{big['place_s']:.2f} s, peak {big['place_peak_mb']:.0f} MB", py,
                     _ratio(big["place_s"], big["python_s"]), "under 1 s", _met(big["place_s"] < 1)))
        rows.append((f"`export programme` .docx, {points:,} points",
                     f"{big['export_s']:.2f} s, peak {big['export_peak_mb']:.0f} MB", py,
                     _ratio(big["export_s"], big["python_s"]), "under 3 s", _met(big["export_s"] < 3)))
    if hub:
        rows.append((str(hub["label"]), f"{hub['pull_s']:.2f} s", "", "", "under 1.5 s", _met(hub["pull_s"] < 1.5)))
    if found:
        rows.append((f"filter keystroke on {int(found['shown']):,} proposals",
                     f"median {found['filter_median_ms']:.0f} ms, worst {found['filter_worst_ms']:.0f} ms", "", "",
                     "worst under 50 ms", _met(found["filter_worst_ms"] < 50)))
    head = "| what | figure | floor | ratio | goal | met? |\n| --- | --- | --- | --- | --- | --- |\n"
    return head + "\n".join("| " + " | ".join(r) + " |" for r in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small stores: checks the scripts, not the goals")
    parser.add_argument("--skip", nargs="*", default=[], choices=BENCHMARKS)
    args = parser.parse_args()
    figures: dict[str, dict[str, float]] = {}
    for name in BENCHMARKS:
        if name in args.skip:
            # The figures of its last run, if any (the summary says which were not re-run).
            figures[name] = {} if name == "cli" else _load(name)
            continue
        print(f"== {name}", flush=True)
        if name == "cli":
            figures[name] = cli_figures()
            continue
        result = subprocess.run(_script(name, args.quick), env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        if result.returncode:
            print(f"   {name} failed (exit {result.returncode}); its rows are left out", flush=True)
            continue
        figures[name] = _load("foundation-small" if name == "foundation" and args.quick else name)
    text = table(figures)
    note = " (--quick: small stores, the figures do not count)" if args.quick else ""
    if args.skip:
        note += f" (not re-run, figures of their last run: {', '.join(args.skip)})"
    out = RESULTS / "summary.md"
    out.write_text(f"# Issue 16: fast at every size ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores)"
                   f"{note}\n\nProduced by `python benchmarks/run_all.py`; every ratio is from this one run.\n\n"
                   f"{text}\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
