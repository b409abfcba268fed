"""Bundle benchmarks: export and import of 10,000 operations between two laptops of a coalition.

The import time (read, verify every signature and certificate, store, derive the views) is
compared with a floor measured in the same run: a plain executemany of the same rows into an
empty SQLite table.

Usage: python benchmarks/bundles.py [N]   (writes benchmarks/results/bundles.md)
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from stratplan.core.db.models import SyncOp
from stratplan.core.fields import clean_fields
from stratplan.core.oplog.ops import Operation, check_signature, create_op
from stratplan.core.oplog.writer import new_id, store_ops
from stratplan.core.sync import actions, bundle
from stratplan.resources import resource_path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.sync.laptops import Laptop  # noqa: E402 - the same helper the tests use

HERE = Path(__file__).resolve().parent


def _fill(laptop: Laptop, count: int) -> None:
    """`count` operations: proposals from the demo texts, each revised once."""
    demo = json.loads(resource_path("demo", "coalition.json").read_text(encoding="utf-8"))["proposals"]
    w = laptop.ws.writer
    gid = laptop.group()
    with laptop.ws.store.transaction() as s:
        seq = s.scalar(select(func.max(SyncOp.seq)).where(SyncOp.device == w.identity.device_id)) or 0
        # Chained as the application's writer chains them: each names the device's previous one.
        prev = s.scalar(select(SyncOp.id).where(SyncOp.device == w.identity.device_id,
                                                 SyncOp.seq == seq)) or ""
    batch: list[Operation] = []
    for i in range(count // 2):
        src = demo[i % len(demo)]
        fields = clean_fields({"title": f"{src['title']} #{i}", "summary": src["summary"], "body": src["body"],
                               "tags": src["tags"], "group": gid})
        entity, parent = new_id(), ""
        for r in range(2):
            seq += 1
            if r:
                fields = {**fields, "summary": fields["summary"] + " (revised)"}
            op = create_op(w.identity, kind="proposal.revise", entity=entity, coalition=w.profile.coalition_id,
                           org=w.profile.org_id, author=w.profile.person_id, seq=seq, hlc=w.clock.now(),
                           parents=(parent,) if parent else (), payload={"fields": fields}, prev=prev)
            parent = prev = op.id
            batch.append(op)
    with laptop.ws.store.transaction() as s:
        store_ops(s, batch)


def _floor(rows: list[Operation], folder: Path) -> float:
    conn = sqlite3.connect(folder / "floor.sqlite")
    conn.execute("CREATE TABLE sync_op (id TEXT PRIMARY KEY, body TEXT, sig TEXT, device TEXT, seq INTEGER, "
                 "hlc INTEGER, kind TEXT, entity TEXT)")
    start = time.perf_counter()
    with conn:
        conn.executemany("INSERT INTO sync_op VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         [(o.id, o.body, o.sig, o.device, o.seq, o.hlc, o.kind, o.entity) for o in rows])
    seconds = time.perf_counter() - start
    conn.close()
    return seconds


def _signatures_only(ops: list[Operation], devices: dict[str, str]) -> float:
    """Only the signature checks every import must do: the part no storage trick removes."""
    keys = {d: bytes.fromhex(k) for d, k in devices.items()}
    start = time.perf_counter()
    for op in ops:
        check_signature(op, keys[op.device])
    return time.perf_counter() - start


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    folder = Path(tempfile.mkdtemp(prefix="stratplan-bundles-"))
    source, target = Laptop(folder, "source"), Laptop(folder, "target")
    source.found("Benchmark coalition")
    target.join_request(folder / "t.request")
    source.admit(folder / "t.request")
    source.send(folder / "roster.stratplan")
    target.receive(folder / "roster.stratplan")
    _fill(source, count)
    path = folder / "all.stratplan"
    start = time.perf_counter()
    sent = actions.send(source.ws, path)
    export_s = time.perf_counter() - start
    start = time.perf_counter()
    parsed = bundle.read_bundle(path)
    verify_s = time.perf_counter() - start
    start = time.perf_counter()
    (summary,) = actions.receive(target.ws, [path])
    import_s = time.perf_counter() - start
    assert summary.applied >= count, summary
    floor_s = _floor(list(parsed.ops), folder)
    sig_s = _signatures_only(list(parsed.ops), parsed.devices)
    n = sent.operations
    rows = [
        ("export (collect, sign, gzip, write)", export_s, f"{n / export_s:,.0f} ops/s", ""),
        ("read and verify only (checksum, signatures)", verify_s, f"{n / verify_s:,.0f} ops/s", ""),
        ("import (verify, store, derive views, backup)", import_s, f"{n / import_s:,.0f} ops/s",
         f"{import_s / floor_s:.1f}x the floor"),
        ("floor: executemany of the same rows", floor_s, f"{n / floor_s:,.0f} rows/s", ""),
        ("for comparison: the Ed25519 checks alone", sig_s, f"{n / sig_s:,.0f} ops/s",
         f"{sig_s / floor_s:.1f}x the floor"),
    ]
    table = "| step | seconds | rate | ratio |\n| --- | --- | --- | --- |\n" + "\n".join(
        f"| {label} | {seconds:.3f} | {rate} | {ratio} |" for label, seconds, rate, ratio in rows)
    size = path.stat().st_size
    head = (f"# Bundle benchmarks ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores)\n\n"
            f"{n:,} operations in one bundle of {size / 1e6:.1f} MB; goal: import at most 10x the floor.\n\n")
    out = HERE / "results" / "bundles.md"
    out.write_text(head + table + "\n", encoding="utf-8")
    # For benchmarks/run_all.py's summary.
    (HERE / "results" / "bundles.json").write_text(json.dumps(
        {"operations": n, "import_s": import_s, "floor_s": floor_s, "signatures_s": sig_s}), encoding="utf-8")
    print(head + table)
    source.close()
    target.close()


if __name__ == "__main__":
    main()
