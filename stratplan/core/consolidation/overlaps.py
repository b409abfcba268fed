"""Overlap finder: cohesive groups of proposals that look like duplicates or overlaps.

Each pair of candidates gets a score: the estimated chance that the two proposals belong
together, from two signals, weighted by a logistic model fitted on the tuning half of
tests/data/overlap_eval.json (figures for the held-out half in benchmarks/results/overlaps.md):
- the cosine of TF-IDF character n-grams (ngrams.py), strong within one language;
- when vectors are given, the cosine of language-centred multilingual sentence vectors
  (embeddings.py), which finds the same proposal written in another language.
Groups come from average linkage (clustering.py): every member must be similar to the group
as a whole, so one shared sentence never chains two clusters together.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from stratplan.core.consolidation import embeddings
from stratplan.core.consolidation.clustering import average_linkage
from stratplan.core.consolidation.ngrams import (
    FloatArray,
    IntArray,
    best_per_row,
    candidate_pairs,
    exact_scores,
    gram,
    tfidf,
    words_with_spans,
)
from stratplan.core.consolidation.progress import Cancelled, Progress, Steps

# Chosen on the tuning split by benchmarks/overlaps_tune.py (the best minimum of group precision
# and recall, no group larger than its cluster by more than one); the held-out split was never
# looked at while choosing. The score is a probability-like number in [0, 1]. The first finder's
# 0.5 left a sixth of the held-out pairs apart (group recall 0.834) for no gain in precision.
DEFAULT_THRESHOLD = 0.225
# A pair at or above this score is called a duplicate, below it an overlap: the cut that best
# separates the two labels among the suggested true pairs of the tuning split (112 of 121 right).
DUPLICATE = 0.34
MIN_SHARED_WORDS = 4
MAX_PASSAGES = 5
# At most this many candidates per proposal and per signal: a store where most texts have
# near-copies then costs time and memory in proportion to its size, not to its square.
CANDIDATES_PER_TEXT = 12
# Candidates need at least these cosines before being scored (far below any suggestion).
NGRAM_FLOOR = 0.06
VECTOR_FLOOR = 0.2
# Links weaker than this are left out of the clustering (they could never lift a mean).
LINK_FLOOR = 0.02
_FLOAT32_MARGIN = 1e-4


@dataclass(frozen=True)
class Weights:
    """Logistic weights: score = sigmoid(bias + ngram * n + vector * v + cross * c + ...)."""

    bias: float
    ngram: float
    vector: float = 0.0
    cross: float = 0.0  # the two texts are in different languages
    cross_vector: float = 0.0  # vector weight added across languages


# Fitted on the tuning split (benchmarks/overlaps.py --tune prints them).
WITH_VECTORS = Weights(bias=-7.46, ngram=3.96, vector=12.77, cross=-0.28, cross_vector=8.54)
NGRAMS_ONLY = Weights(bias=-9.69, ngram=28.24, cross=5.46)


@dataclass(frozen=True)
class OverlapText:
    """One proposal as the finder sees it; text is title, summary, body, objective and actions.

    gist (title and summary) is what the sentence vectors read; by default the text's start.
    Title is for showing the suggestion; language is used to centre sentence vectors and to
    tell pairs across languages apart.
    """

    id: str
    title: str
    text: str
    language: str
    group: str
    gist: str = ""


@dataclass(frozen=True)
class SharedPassage:
    """A run of shared words: character offsets into each text, and the words as written in a."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    text: str


@dataclass(frozen=True)
class OverlapPair:
    """Two proposals (a < b by id) and their score in [0, 1]."""

    a: str
    b: str
    score: float
    kind: str  # "duplicate" if score >= DUPLICATE, else "overlap"


@dataclass(frozen=True)
class OverlapGroup:
    """A cohesive group: score is the mean of every pair's score inside it (all pairs listed,
    best first); kind is "duplicate" when every pair is one."""

    ids: tuple[str, ...]
    score: float
    pairs: tuple[OverlapPair, ...]
    kind: str = "overlap"


def gist_of(text: OverlapText) -> str:
    return text.gist or text.text[: embeddings.MAX_CHARS]


def find_overlaps(
    texts: Sequence[OverlapText],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    same_group_only: bool = False,
    vectors: npt.NDArray[np.float32] | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> tuple[OverlapGroup, ...]:
    """Cohesive groups of proposals whose mean pair score reaches threshold, best first.

    vectors, when given, are the embeddings.embed rows of each text's gist, in the order of
    texts; without them only character n-grams are compared (one language at a time).
    progress(done, total) is called as the comparison goes; when cancelled() turns True the
    finder stops with SuggestCancelledError.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], not {threshold}")
    ids = [t.id for t in texts]
    if len(set(ids)) != len(ids):
        raise ValueError("proposal ids must be unique")
    if vectors is not None and len(vectors) != len(texts):
        raise ValueError("one vector per text")
    if len(texts) < 2:
        return ()
    n = len(texts)
    steps = Steps(n * (1 if vectors is None else 2) + 1, progress, cancelled)
    steps.check()
    # Sorted by id: the same groups and scores whatever order the texts came in.
    order = sorted(range(len(texts)), key=lambda i: ids[i])
    texts = [texts[i] for i in order]
    scorer = _Scorer(texts, None if vectors is None else np.asarray(vectors)[order])
    rows, cols = scorer.candidates(steps)
    if same_group_only:
        numbers: dict[str, int] = {}
        codes = np.array([numbers.setdefault(t.group, len(numbers)) for t in texts])
        same = codes[rows] == codes[cols]
        rows, cols = rows[same], cols[same]
    scores = scorer.scores(rows, cols)
    keep = scores >= LINK_FLOOR
    links = list(zip(rows[keep].tolist(), cols[keep].tolist(), scores[keep].tolist(),
                     strict=True))
    groups = [scorer.group(members) for members in average_linkage(links, threshold=threshold)]
    steps.advance()
    return tuple(sorted(groups, key=lambda g: (-g.score, -len(g.ids), g.ids)))


def pair_score(a: OverlapText, b: OverlapText,
               vectors: npt.NDArray[np.float32] | None = None) -> float:
    """The score of two texts on their own (n-gram frequencies from just these two)."""
    scorer = _Scorer([a, b], vectors)
    return float(scorer.scores(np.array([0]), np.array([1]))[0])


class _Scorer:
    """The signals of one set of texts, and the pair scores built from them."""

    def __init__(self, texts: Sequence[OverlapText],
                 vectors: npt.NDArray[np.float32] | None) -> None:
        self.texts = texts
        self.matrix: sp.csr_matrix = tfidf([t.text for t in texts])
        self.languages = np.array([t.language for t in texts])
        self.vectors = (None if vectors is None
                        else embeddings.centred(vectors, [t.language for t in texts]))
        self.weights = NGRAMS_ONLY if vectors is None else WITH_VECTORS
        # Pair cosines are summed in float64 (the same digits however the pairs are batched);
        # converting once here, not per batch of gathered rows, took a 5,000-proposal store's
        # scoring from 1.6 s to 0.1 s.
        self._vectors64 = None if self.vectors is None else self.vectors.astype(np.float64)

    def candidates(self, steps: Steps | None = None) -> tuple[IntArray, IntArray]:
        n = len(self.texts)
        steps = steps or Steps(2 * n + 1)
        rows, cols = candidate_pairs(self.matrix, NGRAM_FLOOR - _FLOAT32_MARGIN,
                                     CANDIDATES_PER_TEXT, report=steps.part(n))
        if self.vectors is not None:
            more_rows, more_cols = _vector_pairs(self.vectors, VECTOR_FLOOR, CANDIDATES_PER_TEXT,
                                                 report=steps.part(n))
            rows, cols = np.concatenate((rows, more_rows)), np.concatenate((cols, more_cols))
            pairs = np.unique(rows * len(self.texts) + cols)
            rows, cols = pairs // len(self.texts), pairs % len(self.texts)
        return rows, cols

    def features(self, rows: IntArray, cols: IntArray,
                 ngram: FloatArray | None = None) -> dict[str, FloatArray]:
        """The signals of each pair (what Weights combine; benchmarks/overlaps.py --tune
        fits the weights on them); ngram, when given, holds the pairs' exact_scores."""
        cross = (self.languages[rows] != self.languages[cols]).astype(np.float64)
        if ngram is None:
            ngram = exact_scores(self.matrix, rows, cols)
        out = {"ngram": ngram, "cross": cross}
        if self._vectors64 is not None:
            cosines = np.zeros(len(rows), dtype=np.float64)
            for start in range(0, len(rows), _PAIR_BATCH):  # bounded memory: 8,192 x 384 x 2
                part = slice(start, start + _PAIR_BATCH)
                cosines[part] = np.einsum("ij,ij->i", self._vectors64[rows[part]],
                                          self._vectors64[cols[part]])
            out["vector"] = cosines
        return out

    def scores(self, rows: IntArray, cols: IntArray,
               ngram: FloatArray | None = None) -> FloatArray:
        w = self.weights
        f = self.features(rows, cols, ngram)
        logit = w.bias + w.ngram * f["ngram"] + w.cross * f["cross"]
        if "vector" in f:
            logit += (w.vector + w.cross_vector * f["cross"]) * f["vector"]
        # Six decimals: equal texts tie exactly (ranked by id) instead of by float noise.
        return np.asarray(1.0 / (1.0 + np.exp(-logit)), dtype=np.float64).round(6)

    def group(self, members: list[int]) -> OverlapGroup:
        """Every pair inside the group, scored (groups are small), best first."""
        # members is sorted and texts are sorted by id, so each pair comes as (a, b) with a < b.
        index = np.asarray(members, dtype=np.int64)
        upper_rows, upper_cols = np.triu_indices(len(index), 1)
        rows, cols = index[upper_rows], index[upper_cols]
        scores = self.scores(rows, cols, gram(self.matrix, index)[upper_rows, upper_cols])
        ids = [self.texts[i].id for i in members]
        rank = np.lexsort((upper_cols, upper_rows, -scores))  # best first, then by ids
        # ids[i] < ids[j] already (see above), and the kinds come from one comparison: a group
        # of 85 near-copies holds 3,570 pairs.
        kinds = [_KINDS[d] for d in (scores[rank] >= DUPLICATE).tolist()]
        pairs = [OverlapPair(ids[i], ids[j], s, k)
                 for i, j, s, k in zip(upper_rows[rank].tolist(), upper_cols[rank].tolist(),
                                       scores[rank].tolist(), kinds, strict=True)]
        mean = round(math.fsum(scores.tolist()) / len(pairs), 6)
        kind = "duplicate" if all(k == "duplicate" for k in kinds) else "overlap"
        return OverlapGroup(tuple(ids), mean, tuple(pairs), kind)


_PAIR_BATCH = 8192
_KINDS = ("overlap", "duplicate")


def _vector_pairs(vectors: npt.NDArray[np.float32], lower: float, per_text: int, *,
                  report: Progress | None = None) -> tuple[IntArray, IntArray]:
    """Index pairs i < j whose vector cosine reaches lower, at most per_text for each i."""
    n = len(vectors)
    step = max(16, min(512, (1 << 23) // max(n, 1)))
    found_rows: list[IntArray] = []
    found_cols: list[IntArray] = []
    for start in range(0, n, step):
        stop = min(start + step, n)
        block = vectors[start:stop] @ vectors[start:].T
        block[np.tril_indices(stop - start, 0, block.shape[1])] = 0.0
        r, c = best_per_row(block, lower, per_text)
        found_rows.append(r + start)
        found_cols.append(c + start)
        if report is not None:
            report(stop, n)
    return np.concatenate(found_rows), np.concatenate(found_cols)


def shared_passages(a: str, b: str) -> tuple[SharedPassage, ...]:
    """The longest runs of at least MIN_SHARED_WORDS words found in both texts, in a's order.

    Case, accents' encoding and punctuation between words are ignored. Each run found is taken
    out before looking for the next, so passages never overlap and may come in a different
    order in b (reordered action lists are common).
    """
    words_a, spans_a = words_with_spans(a)
    words_b, spans_b = words_with_spans(b)
    seq_a: list[str | tuple[str, int]] = list(words_a)
    seq_b: list[str | tuple[str, int]] = list(words_b)
    found: list[SharedPassage] = []
    for _ in range(MAX_PASSAGES):
        # A new matcher each round: set_seqs would keep its index of a list changed in place.
        matcher = difflib.SequenceMatcher(None, seq_a, seq_b, autojunk=False)
        match = matcher.find_longest_match(0, len(seq_a), 0, len(seq_b))
        if match.size < MIN_SHARED_WORDS:
            break
        a_start, a_end = spans_a[match.a][0], spans_a[match.a + match.size - 1][1]
        b_start, b_end = spans_b[match.b][0], spans_b[match.b + match.size - 1][1]
        found.append(SharedPassage(a_start, a_end, b_start, b_end, a[a_start:a_end]))
        # Sentinels that equal nothing in the other text, so a used run cannot match again.
        for k in range(match.size):
            seq_a[match.a + k] = ("a", match.a + k)
            seq_b[match.b + k] = ("b", match.b + k)
    return tuple(sorted(found, key=lambda p: (p.a_start, p.b_start)))

