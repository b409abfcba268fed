"""Character n-gram TF-IDF vectors of proposal texts, and their cosine candidates.

Character n-grams inside words match "prostitucija" with "prostitucijos" and "formation" with
"formations" without a stemmer or a model for each language: the strongest signal for two
proposals in one language. Texts in different languages share few n-grams; the embeddings in
embeddings.py cover those.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

# On the old labelled set every choice from 4-grams alone to 3- to 5-grams scored within a
# pair or two of the others; 5-grams alone are four times faster than 3 to 5 on 5,000
# proposals, and skip most short function words.
NGRAM_SIZES: tuple[int, ...] = (5,)

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
# Rows per block of the candidate product, and a cap on the cells of one block (rows times
# texts): a store of 50,000 near-copies made the sparse part of a 512-row block hold tens of
# millions of products at once.
_BLOCK_ROWS = 512
_BLOCK_CELLS = 1 << 23
# The n-grams found in many texts ("tion", " the") are multiplied as a dense matrix (BLAS does
# that fast); the rare ones sparsely. A feature goes dense above this share of the texts, within
# a memory cap on the dense matrix (cells).
_DENSE_SHARE = 1 / 32
_DENSE_CELLS = 1 << 24
# Texts hashed and weighted at a time: bounded memory, the same numbers.
_TEXTS_PER_CHUNK = 2000

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def words_with_spans(text: str) -> tuple[list[str], list[tuple[int, int]]]:
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
    # A few thousand texts at a time: 50,000 texts end to end made a dozen arrays of 40
    # million code points at once (2.7 GB); every text's n-grams are the same either way.
    per_text: list[IntArray] = []
    buckets_of: list[npt.NDArray[np.int32]] = []
    counts_of: list[FloatArray] = []
    for start in range(0, len(texts), _TEXTS_PER_CHUNK):
        sizes, chunk_buckets, chunk_counts = _chunk_counts(texts[start:start + _TEXTS_PER_CHUNK])
        per_text.append(sizes)
        buckets_of.append(chunk_buckets)
        counts_of.append(chunk_counts)
    buckets = np.concatenate(buckets_of) if buckets_of else np.zeros(0, dtype=np.int32)
    counts = np.concatenate(counts_of) if counts_of else np.zeros(0, dtype=np.float64)
    del buckets_of, counts_of
    # Renumber the buckets in use, keeping their order: smaller matrices, and the column order
    # (hence every float sum) is the same whatever order the texts came in. Both ways give the
    # same numbers; a lookup table beats sorting for many texts, but costs 16 MB to set up.
    if len(buckets) > (1 << _BUCKET_BITS) // 16:
        used = np.flatnonzero(np.bincount(buckets, minlength=1 << _BUCKET_BITS))
        renumber = np.zeros(1 << _BUCKET_BITS, dtype=np.int32)
        renumber[used] = np.arange(len(used), dtype=np.int32)
        columns = renumber[buckets]
    else:
        used, inverse = np.unique(buckets, return_inverse=True)
        columns = inverse.astype(np.int32)
    del buckets
    indptr = np.zeros(len(texts) + 1, dtype=np.int64)
    if per_text:
        np.cumsum(np.concatenate(per_text), out=indptr[1:])
    return sp.csr_matrix((counts, columns, indptr), shape=(len(texts), max(len(used), 1)))


def _chunk_counts(texts: Sequence[str]) -> tuple[IntArray, npt.NDArray[np.int32], FloatArray]:
    """For each text its number of distinct n-gram buckets; then every text's buckets in
    ascending order with their counts, text after text."""
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
    buckets_out = (key[first] & np.uint64((1 << _BUCKET_BITS) - 1)).astype(np.int32)
    return np.bincount(rows, minlength=len(texts)), buckets_out, counts


def tfidf(texts: Sequence[str]) -> sp.csr_matrix:
    """L2-normalised TF-IDF rows (sublinear tf, smoothed idf); an empty text gives a zero row."""
    # The weighting scikit-learn's TfidfTransformer(sublinear_tf=True, smooth_idf=True) gives,
    # written out: importing scikit-learn took two of the five seconds of a whole command.
    counts = _counts(texts)
    n = counts.shape[0]
    document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log((1.0 + n) / (1.0 + document_frequency)) + 1.0
    # In place and a few thousand rows at a time (each row's sums alike): the arrays of the
    # whole matrix at once were half of the memory 50,000 proposals needed.
    weights = counts.data
    indptr = counts.indptr
    for start in range(0, n, _TEXTS_PER_CHUNK):
        stop = min(start + _TEXTS_PER_CHUNK, n)
        cells = slice(indptr[start], indptr[stop])
        w = weights[cells]
        np.log(w, out=w)
        w += 1.0
        w *= idf[counts.indices[cells]]
        rows = np.repeat(np.arange(stop - start), np.diff(indptr[start:stop + 1]))
        norms = np.sqrt(np.bincount(rows, weights=w * w, minlength=stop - start))
        w /= norms[rows]
    counts.sort_indices()
    return counts


def candidate_pairs(matrix: sp.csr_matrix, lower: float, per_text: int, *,
                    report: Callable[[int, int], None] | None = None,
                    ) -> tuple[IntArray, IntArray]:
    """Index pairs i < j whose float32 cosine reaches lower, at most per_text for each i (its
    best), computed block by block so memory stays bounded whatever the store holds; report
    (rows done, rows) after each block."""
    n = matrix.shape[0]
    single = matrix.astype(np.float32)
    freq = np.bincount(single.indices, minlength=single.shape[1])
    dense_cut = max(2, int(n * _DENSE_SHARE))
    order = np.argsort(-freq, kind="stable")
    n_dense = min(int(np.count_nonzero(freq >= dense_cut)), _DENSE_CELLS // max(n, 1))
    is_dense = np.zeros(len(freq), dtype=bool)
    is_dense[order[:n_dense]] = True
    # Each copy is let go as soon as the next is made: at 50,000 proposals each holds 160 MB.
    by_column = single.tocsc()
    del single
    dense = np.ascontiguousarray(by_column[:, np.flatnonzero(is_dense)].toarray())
    # Features found in one text only add nothing to any product; leave them out.
    rare = sp.csr_matrix(by_column[:, np.flatnonzero(~is_dense & (freq >= 2))])
    del by_column
    rare_t = sp.csr_matrix(rare.T)
    step = max(16, min(_BLOCK_ROWS, _BLOCK_CELLS // max(n, 1)))
    found_rows: list[IntArray] = []
    found_cols: list[IntArray] = []
    window, window_start = rare_t, 0
    for start in range(0, n, step):
        stop = min(start + step, n)
        # Cutting the columns of rare_t reads all of it: done once for every block, that was
        # 32 of the 80 s of 50,000 proposals. It is cut again only when the columns left of
        # start (multiplied for nothing) reach a tenth of what it holds.
        if (start - window_start) * 10 > n - window_start:
            window, window_start = rare_t[:, start:], start
        # Only columns from start on: the lower triangle would repeat every pair.
        block = dense[start:stop] @ dense[start:].T
        block += (rare[start:stop] @ window).toarray()[:, start - window_start:]
        block[np.tril_indices(stop - start, 0, block.shape[1])] = 0.0
        r, c = best_per_row(block, lower, per_text)
        found_rows.append(r + start)
        found_cols.append(c + start)
        if report is not None:
            report(stop, n)
    return np.concatenate(found_rows), np.concatenate(found_cols)


def best_per_row(block: npt.NDArray[np.float32], lower: float, per_row: int,
                 ) -> tuple[IntArray, IntArray]:
    """(row, column) of the cells reaching lower, only each row's per_row largest (ties by
    column, so the same texts are kept on every run), in row then column order."""
    reach = block >= lower
    counts = np.count_nonzero(reach, axis=1)
    crowded = np.flatnonzero(counts > per_row)
    if len(crowded) == 0:
        r, c = np.nonzero(reach)
        return r.astype(np.int64), c.astype(np.int64)
    # Rows with more candidates than allowed keep their best. When the crowded rows' cells
    # reaching lower are a small part of them (a coalition of unrelated points), those cells
    # are sorted; when most are (a text with many near-copies), a partial sort of the whole
    # rows finds each one's cut, cheaper than sorting millions of cells.
    if int(counts[crowded].sum()) * 8 < len(crowded) * block.shape[1]:
        return _best_by_sorting(block, reach, counts, per_row)
    part = block[crowded]
    width = part.shape[1]
    cut = np.partition(part, width - per_row, axis=1)[:, width - per_row]
    above = part > cut[:, None]
    tied = part == cut[:, None]
    room = per_row - np.count_nonzero(above, axis=1)
    # Cells equal to the cut are taken in column order until the row is full; only rows
    # with more ties at their cut than room left need them counted in order.
    over = np.flatnonzero(np.count_nonzero(tied, axis=1) > room)
    if len(over):
        tied[over] &= np.cumsum(tied[over], axis=1) <= room[over, None]
    reach[crowded] = above | tied
    r, c = np.nonzero(reach)
    return r.astype(np.int64), c.astype(np.int64)


def _best_by_sorting(block: npt.NDArray[np.float32], reach: npt.NDArray[np.bool_],
                     counts: IntArray, per_row: int) -> tuple[IntArray, IntArray]:
    """best_per_row by sorting the cells of crowded rows, by value then column."""
    r, c = np.nonzero(reach)
    crowded = counts[r] > per_row
    r_many, c_many = r[crowded], c[crowded]
    order = np.lexsort((c_many, -block[r_many, c_many], r_many))
    crowded_counts = counts[counts > per_row]
    starts = np.repeat(np.cumsum(crowded_counts) - crowded_counts, crowded_counts)
    keep = order[np.arange(len(order)) - starts < per_row]
    rows = np.concatenate((r[~crowded], r_many[keep]))
    cols = np.concatenate((c[~crowded], c_many[keep]))
    # In row order, then column order, as np.nonzero gives them.
    back = np.lexsort((cols, rows))
    return rows[back].astype(np.int64), cols[back].astype(np.int64)


def exact_scores(matrix: sp.csr_matrix, rows: IntArray, cols: IntArray) -> FloatArray:
    """Float64 cosines of the given pairs, each summed one feature after the other in column
    order, so a pair's score does not depend on where its texts stand in the input, and equals
    the cell of gram() for the same two texts to the last digit."""
    scores = np.zeros(len(rows), dtype=np.float64)
    ones = np.ones(matrix.shape[1], dtype=np.float64)
    step = 8192
    for start in range(0, len(rows), step):
        part = slice(start, start + step)
        products = matrix[rows[part]].multiply(matrix[cols[part]])
        # A product with a vector of ones sums each row in order; SciPy's sum(axis=1) sums
        # in pairs, which gives other last digits than the matrix product of gram().
        scores[part] = sp.csr_matrix(products) @ ones
    return _rounded(scores)


def gram(matrix: sp.csr_matrix, members: IntArray) -> FloatArray:
    """The exact_scores of every pair among members at once (a square matrix), far cheaper than
    gathering rows pair by pair for a group of dozens of near-copies."""
    part = matrix[members]
    # Only the columns the members use, renumbered in order (so the sums run in the same
    # order): the product otherwise sets up an index of every n-gram of the store per group.
    used, columns = np.unique(part.indices, return_inverse=True)
    part = sp.csr_matrix((part.data, columns.ravel(), part.indptr), shape=(len(members), len(used)))
    return _rounded((part @ part.T).toarray())


def _rounded(scores: FloatArray) -> FloatArray:
    # Six decimals are far finer than any difference that matters to a reader, and rounding
    # lets equal texts tie at 1.0 (ranked by id) instead of ordering them by float noise.
    return np.clip(scores, 0.0, 1.0).round(6)
