"""Needs-and-offers matching benchmark: 200 organisations x 30 areas, goal under 1 s in total."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from pathlib import Path

from stratplan.core.peer.matching import (
    Need,
    Offer,
    coverage_matrix,
    match_needs,
    suggest_pairings,
)

HERE = Path(__file__).resolve().parent
ORGS = 200
AREAS = 30
RUNS = 3  # best of three: the figure is the code's speed, not a busy machine's
LANGUAGES = ("en", "fr", "lt", "de", "es", "it", "pl", "ro", "nl", "pt")


def coalition(seed: int = 2026) -> tuple[list[str], list[str], list[Need], list[Offer]]:
    """A seeded coalition far larger than the real one: each member needs help in 5 to 12
    areas, offers 1 or 2 tools in 3 to 8 areas, and works in 1 to 3 languages."""
    rng = random.Random(seed)
    orgs = [f"org-{i:03}" for i in range(ORGS)]
    areas = [f"area-{i:02}" for i in range(AREAS)]
    needs: list[Need] = []
    offers: list[Offer] = []
    for org in orgs:
        own = rng.sample(LANGUAGES, rng.randint(1, 3))
        if "en" not in own and rng.random() < 0.6:
            own.append("en")  # as in the real coalition, many members also work in English
        langs = tuple(own)
        for area in rng.sample(areas, rng.randint(5, 12)):
            needs.append(Need(org, area, rng.choice(("high", "medium", "low")), "need", langs))
        for area in rng.sample(areas, rng.randint(3, 8)):
            for n in range(rng.randint(1, 2)):
                offer_langs = langs if rng.random() < 0.7 else tuple(rng.sample(LANGUAGES, 2))
                offers.append(Offer(org, area, f"tool {n}", "offer", offer_langs, ("training",)))
    return orgs, areas, needs, offers


def best_of(fn: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    orgs, areas, needs, offers = coalition()
    matches = match_needs(needs, offers)
    candidates = sum(len(group) for group in matches.values())
    pairs = suggest_pairings(needs, offers)
    rows = [
        ("match_needs", best_of(lambda: match_needs(needs, offers))),
        ("coverage_matrix", best_of(lambda: coverage_matrix(orgs, areas, needs, offers))),
        ("suggest_pairings (max 3 per organisation)",
         best_of(lambda: suggest_pairings(needs, offers))),
    ]
    rows.append(("total", sum(seconds for _, seconds in rows)))
    table = "| step | seconds | goal |\n| --- | --- | --- |\n" + "\n".join(
        f"| {label} | {seconds:.3f} | {'under 1 s' if label == 'total' else ''} |"
        for label, seconds in rows)
    scale = (f"{ORGS} organisations, {AREAS} areas, {len(needs):,} needs, {len(offers):,} offers, "
             f"{candidates:,} candidate matches, {len(pairs):,} pairings proposed; "
             f"best of {RUNS} runs.")
    out = HERE / "results" / "matching.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(f"# Matching benchmark ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores)\n\n"
                   f"{scale}\n\n{table}\n", encoding="utf-8")
    print(scale)
    print(table)


if __name__ == "__main__":
    main()
