"""Build a large store for benchmarks: N proposals (from the demo texts), each revised once.

Usage: python benchmarks/make_store.py N PATH
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

from stratplan.core import paths
from stratplan.core.fields import clean_fields
from stratplan.core.oplog.ops import create_op
from stratplan.core.oplog.writer import new_id, store_ops
from stratplan.core.services import coalition, groups
from stratplan.core.workspace import open_workspace
from stratplan.resources import resource_path


def make_store(count: int, path: Path, *, revisions: int = 1) -> float:
    """Create `path` with `count` proposals; return the seconds it took."""
    start = time.perf_counter()
    demo = json.loads(resource_path("demo", "coalition.json").read_text(encoding="utf-8"))["proposals"]
    ws = open_workspace(path, paths.key_dir())
    rng = random.Random(7)
    with ws.store.transaction() as s:
        coalition.create_coalition(s, writer=ws.writer, name="Benchmark coalition", org_name="Centras",
                                   org_code="CNT", country="LT", language="lt", person_name="Rūta")
        group_ids = [g.id for g in groups.list_groups(s)]
    w = ws.writer
    seq = 1000
    batch = []
    for i in range(count):
        src = demo[i % len(demo)]
        fields = clean_fields({
            "title": f"{src['title']} #{i}", "summary": src["summary"], "body": src["body"],
            "objective": src["objective"], "actions": src["actions"], "tags": src["tags"],
            "level": src["level"], "status": src["status"], "status_reason": src["status_reason"],
            "group": rng.choice(group_ids),
        })
        entity = new_id()
        parent = None
        for r in range(1 + revisions):
            seq += 1
            if r:
                fields = {**fields, "summary": fields["summary"] + f" (rev {r})"}
            op = create_op(w.identity, kind="proposal.revise", entity=entity, coalition=w.profile.coalition_id,
                           org=w.profile.org_id, author=w.profile.person_id, seq=seq, hlc=w.clock.now(),
                           parents=(parent,) if parent else (), payload={"fields": fields})
            parent = op.id
            batch.append(op)
        if len(batch) >= 4000:
            with ws.store.transaction() as s:
                store_ops(s, batch)
            batch = []
    if batch:
        with ws.store.transaction() as s:
            store_ops(s, batch)
    ws.close()
    return time.perf_counter() - start


if __name__ == "__main__":
    n, target = int(sys.argv[1]), Path(sys.argv[2])
    print(f"{n} proposals in {make_store(n, target):.1f} s -> {target}")
