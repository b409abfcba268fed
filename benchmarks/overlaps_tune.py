"""Fit the overlap finder's weights and choose its operating point on the tuning split only.

Usage: python benchmarks/overlaps_tune.py   (prints Weights, DEFAULT_THRESHOLD, DUPLICATE)

Every pair of proposals of the tuning split of tests/data/overlap_eval.json is a sample: same
cluster or not. A logistic model (C=10, chosen with the features by 5-fold cross-validation
over topics of the tuning split) combines the finder's own signals (overlaps._Scorer.features).
The threshold is the one whose groups score best on the tuning split (the larger of group
precision and recall's minimum, then F1), with no group larger than its cluster by more than
one; the duplicate cut best separates the labels "duplicate" and "overlap" among the pairs
suggested there. The held-out split is never read here.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from stratplan.core.consolidation import embeddings, evaluation
from stratplan.core.consolidation.clustering import average_linkage
from stratplan.core.consolidation.overlaps import (
    LINK_FLOOR,
    NGRAMS_ONLY,
    WITH_VECTORS,
    OverlapGroup,
    Weights,
    _Scorer,
)

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "overlap_eval.json"
THRESHOLDS = [round(0.1 + 0.025 * k, 3) for k in range(33)]


def pairs_of(scorer: _Scorer) -> tuple[np.ndarray, np.ndarray]:
    r, c = np.triu_indices(len(scorer.texts), 1)
    return r.astype(np.int64), c.astype(np.int64)


def design(scorer: _Scorer, vectors: bool) -> np.ndarray:
    r, c = pairs_of(scorer)
    f = scorer.features(r, c)
    columns = [f["ngram"], f["cross"]]
    if vectors:
        columns += [f["vector"], f["vector"] * f["cross"]]
    return np.stack(columns, axis=1)


def groups_at(scorer: _Scorer, scores: np.ndarray, threshold: float) -> list[OverlapGroup]:
    r, c = pairs_of(scorer)
    links = [(i, j, s) for i, j, s in zip(r.tolist(), c.tolist(), scores.tolist(), strict=True)
             if s >= LINK_FLOOR]
    return [OverlapGroup(tuple(scorer.texts[i].id for i in m), 0.0, ())
            for m in average_linkage(links, threshold=threshold)]


def choose(scorer: _Scorer, scores: np.ndarray, proposals: list[evaluation.Proposal],
           ) -> tuple[float, evaluation.Report]:
    best: tuple[tuple[bool, float, float], float, evaluation.Report] | None = None
    for t in THRESHOLDS:
        report = evaluation.measure(groups_at(scorer, scores, t), proposals, [], threshold=t)
        g = report.groups["all"]
        key = (report.worst_excess <= 1, min(g.precision, g.recall), g.f1)
        if best is None or key > best[0]:
            best = (key, t, report)
    assert best is not None
    return best[1], best[2]


def fit(x: np.ndarray, y: np.ndarray) -> tuple[float, list[float]]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=10.0, max_iter=10000).fit(x, y)
    return float(model.intercept_[0]), [float(v) for v in model.coef_[0]]


def main() -> None:
    proposals, labelled = evaluation.load(DATA)
    tune = [p for p in proposals if p.split == "tune"]
    texts = [p.text for p in sorted(tune, key=lambda p: p.id)]
    tune = sorted(tune, key=lambda p: p.id)
    vectors = embeddings.embed([t.gist for t in texts])
    with_vectors = _Scorer(texts, vectors)
    alone = _Scorer(texts, None)
    r, c = pairs_of(alone)
    y = np.array([tune[i].cluster == tune[j].cluster for i, j in zip(r, c, strict=True)])
    bias, (ngram, cross, vector, cross_vector) = fit(design(with_vectors, True), y)
    with_vectors.weights = Weights(round(bias, 2), round(ngram, 2), round(vector, 2),
                                   round(cross, 2), round(cross_vector, 2))
    scores = with_vectors.scores(r, c)
    threshold, report = choose(with_vectors, scores, tune)
    print("WITH_VECTORS =", with_vectors.weights, "(was", WITH_VECTORS, ")")
    print(f"DEFAULT_THRESHOLD = {threshold}  tuning split:")
    print(evaluation.table(report), "largest", report.largest_group, "excess", report.worst_excess)
    # The n-grams-only model gets its own fit, its bias moved so that its best threshold on
    # the tuning split falls on the same DEFAULT_THRESHOLD (one slider for both).
    bias, (ngram, cross) = fit(design(alone, False), y)
    alone.weights = Weights(bias, ngram, cross=cross)
    own, _ = choose(alone, alone.scores(r, c), tune)
    shift = math.log(threshold / (1 - threshold)) - math.log(own / (1 - own))
    alone.weights = Weights(round(bias + shift, 2), round(ngram, 2), cross=round(cross, 2))
    print("NGRAMS_ONLY =", alone.weights, f"(own best threshold {own}; was", NGRAMS_ONLY, ")")
    # Duplicate cut: among suggested true pairs labelled duplicate or overlap.
    by_pair = {frozenset((with_vectors.texts[i].id, with_vectors.texts[j].id)): s
               for i, j, s in zip(r.tolist(), c.tolist(), scores.tolist(), strict=True)}
    rows = [(by_pair[frozenset((q.a, q.b))], q.label) for q in labelled
            if q.label != "unrelated" and frozenset((q.a, q.b)) in by_pair
            and by_pair[frozenset((q.a, q.b))] >= threshold]
    cuts = sorted({round(s, 2) for s, _ in rows} | {0.9})
    right = {cut: sum((s >= cut) == (label == "duplicate") for s, label in rows) for cut in cuts}
    cut = max(cuts, key=lambda k: (right[k], -abs(k - 0.6)))
    print(f"DUPLICATE = {cut}  ({right[cut]} of {len(rows)} suggested true pairs labelled right)")


if __name__ == "__main__":
    main()
