"""Overlap finder: rank groups of proposals that look like duplicates or overlaps of each other."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

# Both tuned on tests/data/overlap_pairs.json (see benchmarks/results/overlaps.md for the
# precision and recall they give). The score only ranks suggestions for people to review.
DEFAULT_THRESHOLD = 0.22
DUPLICATE = 0.45

# Character n-grams inside words match "prostitucija" with "prostitucijos" and "formation" with
# "formations" without a stemmer or a model for each language. On the labelled set every choice
# from 4-grams alone to 3- to 5-grams scores within a pair or two of the others; 5-grams alone
# are four times faster than 3 to 5 on 5,000 proposals, and skip most short function words.
NGRAM_SIZES: tuple[int, ...] = (5,)
MIN_SHARED_WORDS = 4
MAX_PASSAGES = 5


def _word_characters() -> tuple[npt.NDArray[np.bool_], str]:
    """Which code points of the Basic Multilingual Plane belong to words, and a regular
    expression class of the combining marks among them."""
    # Words are what Python's \w matches plus combining marks: \w alone would cut Hindi words
    # at every vowel sign. Built from the Unicode tables rather than typed by hand.
    table = np.zeros(0x10000, dtype=bool)
    marks: list[tuple[int, int]] = []
    for code in range(0x10000):
        char = chr(code)
        is_mark = unicodedata.category(char).startswith("M")
        table[code] = is_mark or char.isalnum() or char == "_"
        if is_mark:
            if marks and marks[-1][1] == code - 1:
                marks[-1] = (marks[-1][0], code)
            else:
                marks.append((code, code))
    ranges = "".join(f"\\u{lo:04x}-\\u{hi:04x}" if hi > lo else f"\\u{lo:04x}" for lo, hi in marks)
    return table, ranges


_IS_WORD, _MARK_RANGES = _word_characters()
_WORD = re.compile(rf"[\w{_MARK_RANGES}]+")
_SPACE = 32
# Hashed features keep memory and time independent of the vocabulary; 4M buckets make
# collisions between the n-grams of a few thousand proposals negligible.
_BUCKET_BITS = 22
_HASH_BASE = np.uint64(1_000_003)
_HASH_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the top bits are well mixed
_BLOCK_ROWS = 512
# The n-grams found in many texts ("tion", " the") are multiplied as a dense matrix (BLAS does
# that fast); the rare ones sparsely. A feature goes dense above this share of the texts, within
# a memory cap on the dense matrix (cells).
_DENSE_SHARE = 1 / 32
_DENSE_CELLS = 1 << 24
# Candidates come from a float32 product; every candidate is then scored exactly in float64,
# so the margin only has to exceed float32 rounding.
_FLOAT32_MARGIN = 1e-4

_IntArray = npt.NDArray[np.int64]
_FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class OverlapText:
    """One proposal as the finder sees it; text is title, summary, body, objective and actions.

    Only text is compared: title and language are for showing the suggestion, since the
    measure needs no setting per language.
    """

    id: str
    title: str
    text: str
    language: str
    group: str


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
    """Two proposals (a < b by id) whose similarity reaches the threshold; score is a cosine."""

    a: str
    b: str
    score: float
    kind: str  # "duplicate" if score >= DUPLICATE, else "overlap"


@dataclass(frozen=True)
class OverlapGroup:
    """Proposals linked by suggested pairs; score is the best pair's, the pairs best first."""

    ids: tuple[str, ...]
    score: float
    pairs: tuple[OverlapPair, ...]


def find_overlaps(
    texts: Sequence[OverlapText],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    same_group_only: bool = False,
) -> tuple[OverlapGroup, ...]:
    """Groups of proposals whose pairwise score reaches threshold, best group first.

    The score is the cosine of TF-IDF weighted character n-grams, with document frequencies
    taken from the texts given, so a phrase every proposal uses counts for little. Texts in
    different languages share few n-grams, so a mixed set does not hide same-language
    duplicates; translations of one another are not found (that would need a model).
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], not {threshold}")
    ids = [t.id for t in texts]
    if len(set(ids)) != len(ids):
        raise ValueError("proposal ids must be unique")
    if len(texts) < 2:
        return ()
    matrix = _tfidf([t.text for t in texts])
    # The bound stays above zero for tiny thresholds, where every pair would be a candidate.
    rows, cols = _candidate_pairs(matrix, max(threshold - _FLOAT32_MARGIN, threshold / 2))
    if same_group_only:
        numbers: dict[str, int] = {}
        codes = np.array([numbers.setdefault(t.group, len(numbers)) for t in texts])
        same = codes[rows] == codes[cols]
        rows, cols = rows[same], cols[same]
    scores = _exact_scores(matrix, rows, cols)
    keep = scores >= threshold
    pairs = [
        _pair(ids[i], ids[j], s)
        for i, j, s in zip(rows[keep].tolist(), cols[keep].tolist(), scores[keep].tolist(),
                           strict=True)
    ]
    return _group(pairs)


def pair_score(a: OverlapText, b: OverlapText) -> float:
    """The find_overlaps score of two texts on their own (frequencies from just these two)."""
    matrix = _tfidf([a.text, b.text])
    return float(_exact_scores(matrix, np.array([0]), np.array([1]))[0])


def shared_passages(a: str, b: str) -> tuple[SharedPassage, ...]:
    """The longest runs of at least MIN_SHARED_WORDS words found in both texts, in a's order.

    Case, accents' encoding and punctuation between words are ignored. Each run found is taken
    out before looking for the next, so passages never overlap and may come in a different
    order in b (reordered action lists are common).
    """
    words_a, spans_a = _words_with_spans(a)
    words_b, spans_b = _words_with_spans(b)
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


def _words_with_spans(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    for match in _WORD.finditer(text):
        words.append(unicodedata.normalize("NFKC", match.group()).casefold())
        spans.append(match.span())
    return words, spans


def _codes(texts: Sequence[str]) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """The texts' code points end to end, every non-word character turned into a space and a
    space before each text and after the last, with the index of the text each belongs to."""
    # NFKC so that composed and decomposed accents and ligatures give the same n-grams; casefold
    # rather than lower for "ß" and friends. Accents are kept: "šalis" and "salis" differ.
    folded = [unicodedata.normalize("NFKC", t).casefold() for t in texts]
    joined = " " + " ".join(folded) + " "
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    # Classified with a table rather than a regular expression: five times faster on 5,000
    # proposals. The few code points beyond the table (emoji, rare ideographs) ask Python.
    is_word = np.zeros(len(codes), dtype=bool)
    basic = codes < 0x10000
    is_word[basic] = _IS_WORD[codes[basic]]
    beyond = np.flatnonzero(~basic)
    if len(beyond):
        distinct, which = np.unique(codes[beyond], return_inverse=True)
        flags = [chr(c).isalnum() or unicodedata.category(chr(c)).startswith("M")
                 for c in distinct.tolist()]
        is_word[beyond] = np.array(flags, dtype=bool)[which]
    codes[~is_word] = _SPACE
    # Text i owns its leading space and its characters; the closing space goes to the last.
    owners = np.repeat(np.arange(len(folded), dtype=np.uint64), [len(f) + 1 for f in folded])
    return codes, np.append(owners, np.uint64(max(len(folded) - 1, 0)))


def _counts(texts: Sequence[str]) -> sp.csr_matrix:
    """Counts of hashed character n-grams inside words (padded with spaces), one row per text."""
    codes, text_of = _codes(texts)
    # Every word has a space on each side, so an n-gram with a space anywhere but at its ends
    # would join two words (or two texts): those are dropped below.
    is_space = codes == _SPACE
    keys: list[npt.NDArray[np.uint64]] = []
    for n in NGRAM_SIZES:
        m = len(codes) - n + 1
        if m <= 0:
            continue
        hashes = np.full(m, n, dtype=np.uint64)  # seeded with n: sizes never share a hash
        for k in range(n):
            hashes *= _HASH_BASE  # wraps modulo 2**64, as intended
            hashes += codes[k:k + m]
        inside = np.ones(m, dtype=bool)
        for k in range(1, n - 1):
            inside &= ~is_space[k:k + m]
        positions = np.flatnonzero(inside)
        buckets = (hashes[positions] * _HASH_MIX) >> np.uint64(64 - _BUCKET_BITS)
        keys.append((text_of[positions] << np.uint64(_BUCKET_BITS)) | buckets)
    # One sort of (text, bucket) keys counts every n-gram of every text and leaves each row's
    # buckets in ascending order: several times faster than letting SciPy sum duplicates.
    key = np.sort(np.concatenate(keys)) if keys else np.zeros(0, dtype=np.uint64)
    first = np.flatnonzero(np.concatenate(([len(key) > 0], key[1:] != key[:-1])))
    counts = np.diff(np.append(first, len(key))).astype(np.float64)
    rows = (key[first] >> np.uint64(_BUCKET_BITS)).astype(np.int64)
    buckets = (key[first] & np.uint64((1 << _BUCKET_BITS) - 1)).astype(np.int64)
    # Renumber the buckets in use, keeping their order: smaller matrices, and the column order
    # (hence every float sum) is the same whatever order the texts came in. Both ways give the
    # same numbers; a lookup table beats sorting for many texts, but costs 64 MB to set up.
    if len(buckets) > (1 << _BUCKET_BITS) // 16:
        used = np.flatnonzero(np.bincount(buckets, minlength=1 << _BUCKET_BITS))
        renumber = np.zeros(1 << _BUCKET_BITS, dtype=np.int64)
        renumber[used] = np.arange(len(used))
        columns = renumber[buckets]
    else:
        used, inverse = np.unique(buckets, return_inverse=True)
        columns = inverse.astype(np.int64)
    indptr = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=len(texts)), out=indptr[1:])
    return sp.csr_matrix((counts, columns, indptr), shape=(len(texts), max(len(used), 1)))


def _tfidf(texts: Sequence[str]) -> sp.csr_matrix:
    """L2-normalised TF-IDF rows (sublinear tf, smoothed idf); an empty text gives a zero row."""
    # Imported on first use: scikit-learn takes about a second to import, which the app should
    # not pay at start-up for a view that many sessions never open.
    from sklearn.feature_extraction.text import TfidfTransformer

    transformer = TfidfTransformer(norm="l2", use_idf=True, smooth_idf=True, sublinear_tf=True)
    matrix = sp.csr_matrix(transformer.fit_transform(_counts(texts)))
    matrix.sort_indices()
    return matrix


def _candidate_pairs(matrix: sp.csr_matrix, lower: float) -> tuple[_IntArray, _IntArray]:
    """Index pairs i < j whose float32 cosine reaches lower, computed block by block."""
    n = matrix.shape[0]
    single = matrix.astype(np.float32)
    freq = np.bincount(single.indices, minlength=single.shape[1])
    dense_cut = max(2, int(n * _DENSE_SHARE))
    order = np.argsort(-freq, kind="stable")
    n_dense = min(int(np.count_nonzero(freq >= dense_cut)), _DENSE_CELLS // n)
    is_dense = np.zeros(len(freq), dtype=bool)
    is_dense[order[:n_dense]] = True
    by_column = single.tocsc()
    dense = np.ascontiguousarray(by_column[:, np.flatnonzero(is_dense)].toarray())
    # Features found in one text only add nothing to any product; leave them out.
    rare = sp.csr_matrix(by_column[:, np.flatnonzero(~is_dense & (freq >= 2))])
    found_rows: list[_IntArray] = []
    found_cols: list[_IntArray] = []
    for start in range(0, n, _BLOCK_ROWS):
        stop = min(start + _BLOCK_ROWS, n)
        # Only columns from start on: the lower triangle would repeat every pair.
        block = dense[start:stop] @ dense[start:].T
        block += (rare[start:stop] @ rare[start:].T).toarray()
        r, c = np.nonzero(np.triu(block >= lower, k=1))
        found_rows.append(r.astype(np.int64) + start)
        found_cols.append(c.astype(np.int64) + start)
    return np.concatenate(found_rows), np.concatenate(found_cols)


def _exact_scores(matrix: sp.csr_matrix, rows: _IntArray, cols: _IntArray) -> _FloatArray:
    """Float64 cosines of the given pairs, each a sum over one row's features in column order,
    so a pair's score does not depend on where its texts stand in the input."""
    scores = np.zeros(len(rows), dtype=np.float64)
    step = 8192
    for start in range(0, len(rows), step):
        part = slice(start, start + step)
        products = matrix[rows[part]].multiply(matrix[cols[part]])
        scores[part] = np.asarray(products.sum(axis=1)).ravel()
    # Six decimals are far finer than any difference that matters to a reader, and rounding
    # lets equal texts tie at 1.0 (ranked by id) instead of ordering them by float noise.
    return np.clip(scores, 0.0, 1.0).round(6)


def _pair(x: str, y: str, score: float) -> OverlapPair:
    a, b = (x, y) if x < y else (y, x)
    return OverlapPair(a, b, score, "duplicate" if score >= DUPLICATE else "overlap")


def _group(pairs: Sequence[OverlapPair]) -> tuple[OverlapGroup, ...]:
    """Connected components of the pairs (union-find), ranked by best score then ids."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # path halving keeps the trees shallow
            x = parent[x]
        return x

    for pair in pairs:
        ra, rb = root(pair.a), root(pair.b)
        if ra != rb:
            # The smaller id becomes the root, so the forest does not depend on input order.
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[str]] = {}
    for x in parent:
        members.setdefault(root(x), []).append(x)
    linked: dict[str, list[OverlapPair]] = {}
    for pair in pairs:
        linked.setdefault(root(pair.a), []).append(pair)
    groups = []
    for key, group_pairs in linked.items():
        ordered = tuple(sorted(group_pairs, key=lambda p: (-p.score, p.a, p.b)))
        groups.append(OverlapGroup(tuple(sorted(members[key])), ordered[0].score, ordered))
    return tuple(sorted(groups, key=lambda g: (-g.score, g.ids)))

