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
        row_i = sums.get(i)
        if row_i is None:
            row_i = sums[i] = {}
        row_j = sums.get(j)
        if row_j is None:
            row_j = sums[j] = {}
        row_i[j] = row_i.get(j, 0.0) + s
        row_j[i] = row_j.get(i, 0.0) + s
    members: dict[int, list[int]] = {i: [i] for i in sums}
    size: dict[int, int] = dict.fromkeys(sums, 1)
    version: dict[int, int] = dict.fromkeys(sums, 0)
    # Entries (-mean, a, b, version of a, version of b) with a < b: the heap pops the same
    # order whether it is built at once or entry by entry, as no two entries compare equal
    # unless they are the same. Written inline: 50,000 near-copies push two million entries.
    heap = [(-s, a, b, 0, 0) for a, row in sums.items() for b, s in row.items()
            if a < b and s >= threshold]
    heapq.heapify(heap)
    pop, push = heapq.heappop, heapq.heappush
    while heap:
        _, a, b, va, vb = pop(heap)
        if version.get(a) != va or version.get(b) != vb:
            continue  # one of them has grown since: its means were pushed again
        _merge(sums, members, a, b)
        size[a] += size.pop(b)
        del version[b]
        va += 1
        version[a] = va
        na = size[a]
        for c, s in sums[a].items():
            mean = s / (na * size[c])
            if mean >= threshold:
                push(heap, (-mean, a, c, va, version[c]) if a < c
                     else (-mean, c, a, version[c], va))
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
        del row_c[b]
        row_c[a] = row_c.get(a, 0.0) + s
