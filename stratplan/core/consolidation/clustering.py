"""Average-linkage clustering on a sparse similarity graph: cohesive groups, never chains.

Two groups merge only while the mean similarity over every pair across them (a pair with no
link counts as zero) reaches the threshold. One strong link cannot glue two clusters, so
the GRETA cluster does not absorb the CEDAW one through a single shared sentence, as the
connected components of the first finder did.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence


def average_linkage(
    links: Sequence[tuple[int, int, float]], *, threshold: float
) -> list[list[int]]:
    """Groups (sorted lists of at least two indices) from links (i, j, similarity in [0, 1]).

    Ties are broken by the smallest index of each group, so indices given in a fixed order
    (the finder sorts texts by id) give the same groups on every run.
    """
    sums: dict[int, dict[int, float]] = {}
    for i, j, s in links:
        if i == j or s <= 0.0:
            continue
        sums.setdefault(i, {})[j] = sums.get(i, {}).get(j, 0.0) + s
        sums.setdefault(j, {})[i] = sums.get(j, {}).get(i, 0.0) + s
    members: dict[int, list[int]] = {i: [i] for i in sums}
    version: dict[int, int] = dict.fromkeys(sums, 0)
    heap: list[tuple[float, int, int, int, int]] = []

    def push(a: int, b: int) -> None:
        a, b = min(a, b), max(a, b)
        mean = sums[a][b] / (len(members[a]) * len(members[b]))
        if mean >= threshold:
            heapq.heappush(heap, (-mean, a, b, version[a], version[b]))

    for a, row in sums.items():
        for b in row:
            if a < b:
                push(a, b)
    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        if version.get(a) != va or version.get(b) != vb:
            continue  # one of them has grown since: its means were pushed again
        _merge(sums, members, a, b)
        del version[b]
        version[a] += 1
        for c in sums[a]:
            push(a, c)
    return sorted(sorted(m) for m in members.values() if len(m) > 1)


def _merge(sums: dict[int, dict[int, float]], members: dict[int, list[int]],
           a: int, b: int) -> None:
    """Fold group b into group a (a < b keeps the smallest index as the key)."""
    members[a].extend(members.pop(b))
    row_b = sums.pop(b)
    row_a = sums[a]
    row_a.pop(b, None)
    for c, s in row_b.items():
        if c == a:
            continue
        row_a[c] = row_a.get(c, 0.0) + s
        row_c = sums[c]
        row_c.pop(b)
        row_c[a] = row_c.get(a, 0.0) + s
