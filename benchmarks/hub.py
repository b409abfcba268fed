"""Hub benchmark: push and pull 10,000 signed operations through a PostgreSQL hub.

Usage: python benchmarks/hub.py [--ops N] [--url postgresql+psycopg://user@host:port/empty_db]
Without --url it starts a throwaway local server (tests/sync/pg.py; needs the 'postgresql'
package that scripts/install.sh --dev installs). Writes benchmarks/results/hub.md.

One laptop writes N operations (proposals, each revised once) and pushes them; another pulls
them, which includes fetching, verifying every signature again and importing (materialising).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from stratplan.core.oplog.ops import create_op  # noqa: E402
from stratplan.core.oplog.writer import new_id, store_ops  # noqa: E402
from stratplan.core.sync import hub  # noqa: E402
from tests.sync.laptops import Laptop, coalition_of_three  # noqa: E402
from tests.sync.pg import PostgresServer  # noqa: E402


def write_ops(laptop: Laptop, count: int) -> None:
    """`count` operations by this laptop: count/2 proposals, each revised once."""
    w = laptop.ws.writer
    group = laptop.group()
    # Numbered and chained as the application's writer does: each names the laptop's previous one.
    own = [o for o in laptop.ops() if o.device == w.identity.device_id]
    last = max(own, key=lambda o: o.seq, default=None)
    seq, prev = (last.seq, last.id) if last else (0, "")
    batch = []
    for i in range(0, count, 2):
        entity, parent = new_id(), ""
        for r in range(min(2, count - i)):
            seq += 1
            fields = {"title": f"Point {i // 2}", "body": f"Text of point {i // 2}, version {r}.", "group": group}
            op = create_op(w.identity, kind="proposal.revise", entity=entity, coalition=w.profile.coalition_id,
                           org=w.profile.org_id, author=w.profile.person_id, seq=seq, hlc=w.clock.now(),
                           parents=(parent,) if parent else (), payload={"fields": fields}, prev=prev)
            parent = prev = op.id
            batch.append(op)
    for start in range(0, len(batch), 4000):
        with laptop.ws.store.transaction() as s:
            store_ops(s, batch[start:start + 4000])


def sync(laptop: Laptop, url: str) -> tuple[hub.HubSummary, float]:
    start = time.perf_counter()
    with laptop.ws.store.transaction() as s:
        summary = hub.sync_hub(s, url, identity=laptop.ws.identity, local_device=laptop.ws.identity.device_id,
                               clock=laptop.ws.writer.clock)
    return summary, time.perf_counter() - start


def measure(url: str, count: int, tmp: Path) -> list[tuple[str, float, str]]:
    a, b, c = coalition_of_three(tmp)
    try:
        start = time.perf_counter()
        write_ops(b, count)
        made = time.perf_counter() - start
        sync(a, url)  # the coalition's set-up, so the timed runs below move only the new operations
        imports: list[float] = []
        real_import = hub.import_ops

        def timed_import(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return real_import(*args, **kwargs)
            finally:
                imports.append(time.perf_counter() - began)

        hub.import_ops = timed_import  # type: ignore[assignment]
        pushed, push_s = sync(b, url)
        pulled, pull_s = sync(a, url)
        idle, idle_s = sync(a, url)
        hub.import_ops = real_import  # type: ignore[assignment]
        assert pushed.pushed >= count and pulled.pulled == pushed.pushed and idle.pulled == idle.pushed == 0
        assert a.snapshot() == b.snapshot()
        fetch_verify = pull_s - imports[1]
        n = pulled.pulled
        return [
            (f"push {pushed.pushed:,} operations", push_s, f"{pushed.pushed / push_s:,.0f}"),
            (f"pull {n:,} operations (fetch, verify, import)", pull_s, f"{n / pull_s:,.0f}"),
            ("  of which fetch and verify (one signature per chain)", fetch_verify, f"{n / fetch_verify:,.0f}"),
            ("  of which import into the store (materialise)", imports[1], f"{n / imports[1]:,.0f}"),
            (f"sync with nothing new ({n:,} operations on each side)", idle_s, ""),
            (f"(writing the {count:,} operations locally)", made, ""),
        ]
    finally:
        for x in (a, b, c):
            x.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", type=int, default=10_000)
    parser.add_argument("--url", help="an empty hub database to use instead of a throwaway local server")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.url:
            rows, where = measure(args.url, args.ops, Path(tmp)), "given server"
        else:
            # Default settings (fsync on), as on a real hub; only the port and folder are chosen.
            with PostgresServer(fast=False) as server:
                rows, where = measure(server.new_database(), args.ops, Path(tmp)), "local server, loopback"
    # For benchmarks/run_all.py's summary: the pull row.
    pull = next(r for r in rows if r[0].startswith("pull"))
    (HERE / "results" / "hub.json").write_text(json.dumps({"pull_s": pull[1], "label": pull[0]}), encoding="utf-8")
    table = "| measure | seconds | operations/s |\n| --- | --- | --- |\n" + "\n".join(
        f"| {label} | {seconds:.2f} | {rate} |" for label, seconds, rate in rows)
    out = HERE / "results" / "hub.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(f"# Hub benchmark ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, PostgreSQL {where})\n\n"
                   f"{table}\n", encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
