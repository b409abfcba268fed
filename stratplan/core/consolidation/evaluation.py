"""Measure the overlap finder on a labelled set the way a working group meets it.

Group level: two proposals count as suggested together when they stand in one suggested
group; the truth is that they belong to one labelled cluster. Every pair of proposals of a
split counts, not only the labelled ones. Pair level: a labelled pair is found when it is
listed inside a group with a score reaching the threshold. Both are also given for pairs in
one language (per language) and across languages.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stratplan.core.consolidation.overlaps import OverlapGroup, OverlapText


@dataclass(frozen=True)
class Proposal:
    id: str
    cluster: str
    topic: str
    language: str
    split: str
    overlap: bool
    text: OverlapText


@dataclass(frozen=True)
class Labelled:
    a: str
    b: str
    label: str  # duplicate, overlap or unrelated
    hard: bool


@dataclass(frozen=True)
class Score:
    """Precision and recall with their counts (true positives, predicted, actual)."""

    hits: int
    predicted: int
    actual: int

    @property
    def precision(self) -> float:
        return self.hits / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.actual if self.actual else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Report:
    groups: dict[str, Score]  # "all", each language, "across"
    pairs: dict[str, Score]
    largest_group: int
    worst_excess: int  # the most a group exceeds its largest true cluster by
    kinds: Counter[tuple[str, str]]  # (label, suggested kind or "not suggested")


def load(path: Path) -> tuple[list[Proposal], list[Labelled]]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    proposals = []
    for p in data["proposals"]:
        text = "\n\n".join((p["title"], p["summary"], p["body"]))
        proposals.append(Proposal(
            p["id"], p["cluster"], p["topic"], p["language"], p["split"], p["overlap"],
            OverlapText(p["id"], p["title"], text, p["language"], "",
                        gist=f"{p['title']}\n{p['summary']}")))
    pairs = [Labelled(q["a"], q["b"], q["label"], q["hard"]) for q in data["pairs"]]
    return proposals, pairs


def _bucket(a: Proposal, b: Proposal) -> str:
    return a.language if a.language == b.language else "across"


def measure(groups: Sequence[OverlapGroup], proposals: Sequence[Proposal],
            labelled: Iterable[Labelled], *, threshold: float) -> Report:
    """The report for groups found among proposals (one split), against its labels."""
    by_id = {p.id: p for p in proposals}
    where = {i: n for n, g in enumerate(groups) for i in g.ids}
    counts: dict[str, list[int]] = {}

    def add(table: dict[str, list[int]], key: str, found: bool, true: bool) -> None:
        for k in (key, "all"):
            row = table.setdefault(k, [0, 0, 0])
            row[0] += found and true
            row[1] += found
            row[2] += true

    for a, b in itertools.combinations(proposals, 2):
        together = a.id in where and where.get(a.id) == where.get(b.id)
        add(counts, _bucket(a, b), together, a.cluster == b.cluster)
    listed = {frozenset((p.a, p.b)): p for g in groups for p in g.pairs if p.score >= threshold}
    pair_counts: dict[str, list[int]] = {}
    kinds: Counter[tuple[str, str]] = Counter()
    for q in labelled:
        if q.a not in by_id or q.b not in by_id:
            continue
        pair = listed.get(frozenset((q.a, q.b)))
        add(pair_counts, _bucket(by_id[q.a], by_id[q.b]), pair is not None, q.label != "unrelated")
        kinds[q.label, pair.kind if pair else "not suggested"] += 1
    cluster_size = Counter(p.cluster for p in proposals)
    excess = [len(g.ids) - max(cluster_size[by_id[i].cluster] for i in g.ids) for g in groups]
    return Report(
        {k: Score(*v) for k, v in counts.items()},
        {k: Score(*v) for k, v in pair_counts.items()},
        max((len(g.ids) for g in groups), default=0),
        max(excess, default=0),
        kinds,
    )


def table(report: Report) -> str:
    """The report as a Markdown table, one row per language and one across languages."""
    keys = ["all"] + sorted(k for k in report.groups if k not in ("all", "across")) + ["across"]
    lines = ["| pairs of proposals | group P | group R | group pairs (true) | pair P | pair R "
             "| labelled pairs (positive) |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for k in keys:
        g = report.groups.get(k, Score(0, 0, 0))
        p = report.pairs.get(k, Score(0, 0, 0))
        lines.append(f"| {k} | {g.precision:.3f} | {g.recall:.3f} | {g.predicted} ({g.actual}) "
                     f"| {p.precision:.3f} | {p.recall:.3f} | {p.predicted} ({p.actual}) |")
    return "\n".join(lines)
