"""Big-store benchmarks: rebuild, `proposal list --json`, `programme place` and the programme export.

Usage: python benchmarks/big.py [--proposals N] [--points N] [--cache DIR] [--only NAME ...]
Writes benchmarks/results/big.md. Every figure is a whole process (what a user waits for),
with its peak resident memory (the child's ru_maxrss), beside a floor measured in the same run:
`sqlite3` reading the same rows, or `python -c pass`.

The stores are built once and kept in --cache (default: a folder in /tmp), since building
100,000 signed operations takes longer than every measurement together.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "stratplan-bench-big"

REBUILD_PROBE = """
import resource, sys, time
from stratplan.core import paths
from stratplan.core.oplog import materialise
from stratplan.core.workspace import open_workspace
ws = open_workspace(sys.argv[1], paths.key_dir())
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
with ws.store.transaction() as s:
    count = materialise.rebuild(s)
print(count, time.perf_counter() - start, before / 1024)
ws.close()
"""


# Linux keeps a process's peak resident memory across fork and exec: a command started
# from this process (hundreds of megabytes once it has built the stores) would report at
# least this process's own peak. A small launcher starts it instead and reports the
# command's own time and peak on its last line of standard error.
_LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(proc.pid, 0)
seconds = time.perf_counter() - start
sys.stderr.write(f"\\nMEASURED {seconds} {usage.ru_maxrss}\\n")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run(cmd: list[str], env: dict[str, str], stdout: int | None = subprocess.DEVNULL) -> tuple[float, float, str]:
    """Seconds, peak resident MB and standard output of one whole process."""
    proc = subprocess.run([sys.executable, "-c", _LAUNCHER, *cmd], env=env, stdout=stdout,
                          stderr=subprocess.PIPE, text=True, check=False)
    err = proc.stderr or ""
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)[:200]} failed: {err[-2000:]}")
    seconds, peak_kb = err.rsplit("MEASURED ", 1)[1].split()
    return float(seconds), int(peak_kb) / 1024, proc.stdout or ""


def median_run(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    results = [run(cmd, env) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def environment(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["STRATPLAN_HOME"] = str(cache / "home")
    return env


def big_store(cache: Path, proposals: int) -> Path:
    """`proposals` proposals, each revised once: 2 x proposals operations."""
    path = cache / f"store-{proposals}.sqlite"
    if not path.exists():
        from make_store import make_store

        os.environ["STRATPLAN_HOME"] = str(cache / "home")
        part = path.with_suffix(".part")
        part.unlink(missing_ok=True)
        print(f"building {path} ...", flush=True)
        make_store(proposals, part, revisions=1)
        os.replace(part, path)
    return path


def programme_store(cache: Path, points: int) -> tuple[Path, str]:
    """A store whose programme holds `points` points in sections of 100 (placed section by
    section, as a convener does) plus one proposal not placed yet; returns its id."""
    path = cache / f"programme-{points}.sqlite"
    spare = cache / f"programme-{points}.spare"
    if not path.exists():
        from make_store import make_store
        from sqlalchemy import select

        from stratplan.core import paths
        from stratplan.core.db.models import Proposal
        from stratplan.core.services import programme
        from stratplan.core.workspace import open_workspace

        os.environ["STRATPLAN_HOME"] = str(cache / "home")
        part = path.with_suffix(".part")
        part.unlink(missing_ok=True)
        make_store(points + 1, part, revisions=0)
        ws = open_workspace(part, paths.key_dir())
        with ws.store.transaction() as s:
            ids = list(s.scalars(select(Proposal.id).order_by(Proposal.id)))
        sections: list[tuple[str, str, list[str]]] = []
        for start in range(0, points, 100):
            with ws.store.transaction() as s:
                sections = [(sec.id, sec.title, [p.id for p in sec.points])
                            for sec in programme.get_layout(s).sections]
                sections.append(("", f"Section {start // 100 + 1}", ids[start:start + 100]))
                programme.save_layout(s, writer=ws.writer, sections=sections)
        with ws.store.transaction() as s:
            programme.create_release(s, writer=ws.writer, name="Benchmark release")
        ws.close()
        spare.write_text(ids[points], encoding="utf-8")
        os.replace(part, path)
    return path, spare.read_text(encoding="utf-8")


def floor_read(store: Path, table: str, columns: str) -> float:
    """sqlite3 reading the same rows: the floor of any read of them."""
    conn = sqlite3.connect(store)
    start = time.perf_counter()
    rows = conn.execute(f"SELECT {columns} FROM {table}").fetchall()
    seconds = time.perf_counter() - start
    conn.close()
    del rows
    return seconds


def python_floor(env: dict[str, str], runs: int) -> float:
    return median_run([sys.executable, "-c", "pass"], env, runs)[0]


FIGURES: dict[str, float] = {}
"""Raw figures by name, written to big.json for benchmarks/run_all.py."""


def measure_rebuild(store: Path, env: dict[str, str]) -> list[tuple[str, str, str, str, str]]:
    _, peak, out = run([sys.executable, "-c", REBUILD_PROBE, str(store)], env, stdout=subprocess.PIPE)
    count, seconds, base = out.split()
    ops, secs = int(count), float(seconds)
    floor = floor_read(store, "sync_op", "id, body, sig")
    FIGURES.update(rebuild_ops=ops, rebuild_s=secs, rebuild_peak_mb=peak, rebuild_floor_s=floor)
    return [(f"rebuild from {ops:,} operations", f"{ops / secs:,.0f} ops/s ({secs:.2f} s), peak {peak:.0f} MB "
             f"(of which {float(base):.0f} MB before it started)", f"sqlite3 reads them in {floor:.2f} s",
             f"{secs / floor:.1f}x", "over 50,000 ops/s, under 300 MB")]


def measure_list(store: Path, env: dict[str, str], runs: int) -> list[tuple[str, str, str, str, str]]:
    cmd = [sys.executable, "-m", "stratplan", "--db", str(store), "proposal", "list", "--json"]
    seconds, peak = median_run(cmd, env, runs)
    conn = sqlite3.connect(store)
    count = conn.execute("SELECT count(*) FROM proposal").fetchone()[0]
    conn.close()
    floor = floor_read(store, "proposal", "*")
    FIGURES.update(list_count=count, list_s=seconds, list_peak_mb=peak, list_floor_s=floor)
    return [(f"`proposal list --json` on {count:,} proposals", f"{seconds:.2f} s, peak {peak:.0f} MB",
             f"sqlite3 reads the rows in {floor:.2f} s", f"{seconds / floor:.1f}x", "under 1.5 s, under 200 MB")]


def measure_programme(store: Path, spare: str, env: dict[str, str], points: int,
                      runs: int) -> list[tuple[str, str, str, str, str]]:
    py = python_floor(env, runs)
    work = Path(tempfile.mkdtemp(prefix="stratplan-bench-place-"))
    try:
        times, peaks = [], []
        for _ in range(runs):
            copy = work / "store.sqlite"
            shutil.copyfile(store, copy)
            seconds, peak, _ = run([sys.executable, "-m", "stratplan", "--db", str(copy), "programme", "place",
                                    f"Section {points // 100}", spare], env)
            times.append(seconds)
            peaks.append(peak)
        place = statistics.median(times)
        out = work / "programme.docx"
        # The writer alone: the LibreOffice contents pass is timed by benchmarks/docx_export.py.
        export, export_peak = median_run([sys.executable, "-m", "stratplan", "--db", str(store), "export",
                                          "programme", str(out), "--no-page-numbers"], env, runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    FIGURES.update(python_s=py, place_s=place, place_peak_mb=max(peaks), export_s=export,
                   export_peak_mb=export_peak, points=points)
    return [
        (f"`programme place` one point, {points:,} points placed", f"{place:.2f} s, peak {max(peaks):.0f} MB",
         f"`python -c pass` {py:.3f} s", f"{place / py:.0f}x", "under 1 s"),
        (f"`export programme` .docx, {points:,} points", f"{export:.2f} s, peak {export_peak:.0f} MB",
         f"`python -c pass` {py:.3f} s", f"{export / py:.0f}x", "under 3 s"),
    ]


def main(argv: list[str] | None = None) -> list[tuple[str, str, str, str, str]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=50_000, help="proposals of the big store (2 ops each)")
    parser.add_argument("--points", type=int, default=2_500, help="points placed in the programme")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (median)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--only", nargs="*", choices=("rebuild", "list", "programme"),
                        default=["rebuild", "list", "programme"])
    args = parser.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    (args.cache / "home").mkdir(exist_ok=True)
    env = environment(args.cache)
    rows: list[tuple[str, str, str, str, str]] = []
    if "rebuild" in args.only or "list" in args.only:
        store = big_store(args.cache, args.proposals)
        if "rebuild" in args.only:
            rows += measure_rebuild(store, env)
        if "list" in args.only:
            rows += measure_list(store, env, args.runs)
    if "programme" in args.only:
        pstore, spare = programme_store(args.cache, args.points)
        rows += measure_programme(pstore, spare, env, args.points, args.runs)
    table = "| what | figure | floor | ratio | goal |\n| --- | --- | --- | --- | --- |\n" + "\n".join(
        "| " + " | ".join(r) + " |" for r in rows)
    out = HERE / "results" / "big.md"
    out.write_text(f"# Big-store benchmarks ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores)\n\n{table}\n",
                   encoding="utf-8")
    print(table)
    (HERE / "results" / "big.json").write_text(json.dumps(FIGURES), encoding="utf-8")
    return rows


if __name__ == "__main__":
    main()
