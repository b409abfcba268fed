"""The overlap finder's shortcuts for large stores give the answers of the plain computation."""

from __future__ import annotations

import numpy as np
import pytest

from stratplan.core.consolidation import ngrams


def _best_by_brute_force(block: np.ndarray, lower: float, per_row: int) -> set[tuple[int, int]]:
    kept = set()
    for r, row in enumerate(block.tolist()):
        cells = sorted((-v, c) for c, v in enumerate(row) if v >= lower)[:per_row]
        kept |= {(r, c) for _, c in cells}
    return kept


@pytest.mark.parametrize("strong_share", [0.01, 0.9])
def test_each_row_keeps_its_best_cells_ties_by_column(strong_share: float) -> None:
    # strong_share 0.9: most cells reach the floor (a text with many near-copies, cut by a
    # partial sort); 0.01: a few do (sorted). Values on a coarse grid make many ties.
    rng = np.random.default_rng(7)
    strong = rng.random((60, 400)) < strong_share
    block = np.where(strong, rng.integers(1, 6, (60, 400)) / 5, 0.0).astype(np.float32)
    rows, cols = ngrams.best_per_row(block.copy(), 0.2, 12)
    assert set(zip(rows.tolist(), cols.tolist(), strict=True)) == _best_by_brute_force(block, 0.2, 12)
    assert np.all(np.diff(rows * 400 + cols) > 0)  # row then column order


def test_group_scores_equal_pair_by_pair_scores_to_the_last_digit() -> None:
    texts = [f"Training for frontline staff on victim identification, module {i % 7}, "
             f"region {i % 3}, shelter {i}" for i in range(40)]
    matrix = ngrams.tfidf(texts)
    members = np.arange(0, 40, 3)
    upper_rows, upper_cols = np.triu_indices(len(members), 1)
    together = ngrams.gram(matrix, members)[upper_rows, upper_cols]
    one_by_one = ngrams.exact_scores(matrix, members[upper_rows], members[upper_cols])
    assert together.tolist() == one_by_one.tolist()
    assert together.max() > 0.5  # the texts do overlap: the comparison is not of zeros


def test_vectors_do_not_depend_on_how_many_texts_are_read_at_a_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["Advocacy for the Nordic model", "", "Šalies teisė ir prostitucija",
             "Formation des travailleurs sociaux", "ﬁnance ﬁrst", "x", "Advocacy for laws"] * 3
    whole = ngrams.tfidf(texts)
    monkeypatch.setattr(ngrams, "_TEXTS_PER_CHUNK", 4)
    chunked = ngrams.tfidf(texts)
    assert (whole != chunked).nnz == 0
    assert whole.indices.tolist() == chunked.indices.tolist()
