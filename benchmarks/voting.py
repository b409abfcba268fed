"""Voting benchmarks: Schulze 300 x 2,000, approval 1,000 x 33, score 1,000 x 33.

Usage: python benchmarks/voting.py   (writes benchmarks/results/voting.md)
"""

from __future__ import annotations

import os
import random
import time
from fractions import Fraction
from pathlib import Path

from stratplan.core.voting.approval import count_approval
from stratplan.core.voting.model import ApprovalBallot, RankingBallot, ScoreBallot
from stratplan.core.voting.ranking import count_borda, count_schulze
from stratplan.core.voting.score import count_score

HERE = Path(__file__).resolve().parent


def timed(label: str, fn: object) -> tuple[str, float]:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return label, time.perf_counter() - start


def main() -> None:
    rng = random.Random(2026)
    candidates = [f"C{i}" for i in range(300)]
    ranking_ballots = []
    for v in range(2000):
        order = candidates[:]
        rng.shuffle(order)
        cut = rng.randint(5, 300)  # partial rankings, with some ties
        groups: list[list[str]] = []
        for c in order[:cut]:
            if groups and rng.random() < 0.1:
                groups[-1].append(c)
            else:
                groups.append([c])
        ranking_ballots.append(RankingBallot(f"V{v}", groups))
    proposals = [f"P{i}" for i in range(1000)]
    orgs = [f"O{i}" for i in range(33)]
    approval_ballots = [ApprovalBallot(o, {p: rng.choice(("yes", "no", "abstain")) for p in proposals}) for o in orgs]
    score_ballots = [ScoreBallot(o, {p: rng.choice((None, 0, 1, 2, 3, 4, 5)) for p in proposals}) for o in orgs]
    rows = [
        timed("Schulze, 300 candidates, 2,000 ballots", lambda: count_schulze(candidates, ranking_ballots)),
        timed("Borda, 300 candidates, 2,000 ballots", lambda: count_borda(candidates, ranking_ballots)),
        timed("approval, 1,000 proposals, 33 organisations",
              lambda: count_approval(proposals, approval_ballots, 33, threshold=Fraction(2, 3))),
        timed("score, 1,000 proposals, 33 organisations", lambda: count_score(proposals, score_ballots)),
    ]
    table = "| count | seconds | goal |\n| --- | --- | --- |\n" + "\n".join(
        f"| {label} | {seconds:.3f} | under 1 s |" for label, seconds in rows)
    out = HERE / "results" / "voting.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(f"# Voting benchmarks ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores)\n\n{table}\n",
                   encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
