"""Build tests/data/overlap_eval.json from overlap_eval_source.txt (run after editing the source).

The source is the hand-written part: topics, clusters and proposals. This script only numbers
the proposals, derives the labelled pairs and the split, so the JSON never drifts from it.
Pairs: every two proposals of one cluster (duplicate, or overlap when either is marked ~),
every two of different clusters in one topic (hard negatives: same tags and vocabulary,
different action), and a seeded sample of pairs across topics of one split (easy negatives).
Topics alternate between the tuning and the held-out split, so no cluster is cut and every
hard negative stays inside its split.
"""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
EASY_PER_SPLIT = 60


def parse(lines: list[str]) -> list[dict[str, object]]:
    proposals: list[dict[str, object]] = []
    topic, tags, cluster = "", [""], ""
    homes: dict[str, tuple[str, list[str]]] = {}  # a cluster reopened later keeps its topic
    for line in lines:
        if line.startswith("## "):
            cluster = line[3:].strip()
            topic, tags = homes.setdefault(cluster, (topic, tags))
        elif line.startswith("# ") and "|" in line:
            name, _, tag_text = line[2:].partition("|")
            topic, tags = name.strip(), [t.strip() for t in tag_text.split(",")]
        elif "|" in line and not line.startswith("#"):
            lang, title, summary, body = (x.strip() for x in line.split("|"))
            number = sum(1 for p in proposals if p["cluster"] == cluster) + 1
            proposals.append({
                "id": f"{cluster}-{lang.rstrip('~')}{number}", "topic": topic, "cluster": cluster,
                "tags": tags, "language": lang.rstrip("~"), "overlap": lang.endswith("~"),
                "title": title, "summary": summary, "body": body})
    return proposals


def pairs(proposals: list[dict[str, object]], split: dict[str, str]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for a, b in itertools.combinations(proposals, 2):
        if a["cluster"] == b["cluster"]:
            label = "overlap" if a["overlap"] or b["overlap"] else "duplicate"
            out.append({"a": a["id"], "b": b["id"], "label": label, "hard": False})
        elif a["topic"] == b["topic"]:
            out.append({"a": a["id"], "b": b["id"], "label": "unrelated", "hard": True})
    rng = random.Random(14)
    for part in ("tune", "heldout"):
        mine = [p for p in proposals if split[str(p["topic"])] == part]
        easy = [(a, b) for a, b in itertools.combinations(mine, 2) if a["topic"] != b["topic"]]
        for a, b in rng.sample(easy, EASY_PER_SPLIT):
            out.append({"a": a["id"], "b": b["id"], "label": "unrelated", "hard": False})
    return out


def main() -> None:
    lines = (HERE / "overlap_eval_source.txt").read_text(encoding="utf-8").splitlines()
    proposals = parse(lines)
    topics = list(dict.fromkeys(str(p["topic"]) for p in proposals))
    split = {t: ("tune" if i % 2 == 0 else "heldout") for i, t in enumerate(topics)}
    for p in proposals:
        p["split"] = split[str(p["topic"])]
    data = {"about": "Labelled overlap set for issue 14; see build_overlap_eval.py.",
            "proposals": proposals, "pairs": pairs(proposals, split)}
    (HERE / "overlap_eval.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
