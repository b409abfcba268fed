"""Overlap finder benchmark: 500 to 50,000 proposals in process, and the whole command.

Usage: python benchmarks/overlaps.py [--command-only]
The whole-command part builds a 5,000-proposal store of near-copies (benchmarks/make_store.py:
the demo's texts, each copied about 80 times) and times `stratplan overlaps` in fresh processes:
once cold (the model reads every proposal) and then warm (vectors cached), with peak memory,
beside `python -c pass`.
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path

from stratplan.core.consolidation.overlaps import (
    DEFAULT_THRESHOLD,
    DUPLICATE,
    OverlapText,
    find_overlaps,
)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LABELLED = ROOT / "tests" / "data" / "overlap_pairs.json"
DEMO = ROOT / "resources" / "demo" / "coalition.json"
# (proposals, seed texts per new point, goal in seconds): the third row doubles the length of
# every proposal (about 1,600 characters, longer than the demo's 1,200) to show the margin.
SIZES = ((500, 1, 0.5), (5000, 1, 5.0), (5000, 2, 5.0), (50000, 1, 60.0))
# Stores where most texts have near-copies (the worst case for candidate generation).
NEAR_COPY_SIZES = ((5000, 5.0), (50000, 60.0))
RUNS = 3  # best of three: the figure is the code's speed, not a busy machine's
GROUPS = ("g-advocacy", "g-international", "g-peer")
LANGUAGE_SHARE = (("en", 0.7), ("fr", 0.15), ("lt", 0.15))
VERSION_SHARE = 0.15  # another member's version of an earlier point: a near-duplicate
OVERLAP_SHARE = 0.15  # the first half of an earlier point, then new lines: an overlap


def seed_texts() -> list[tuple[str, str]]:
    """(language, text) of every labelled text and demo proposal, built as the app builds them."""
    texts: dict[str, tuple[str, str]] = {}
    for pair in json.loads(LABELLED.read_text(encoding="utf-8")):
        for side in (pair["a"], pair["b"]):
            texts[side["id"]] = (side["language"], side["text"])
    for p in json.loads(DEMO.read_text(encoding="utf-8"))["proposals"]:
        fields = [p["title"], p["summary"], p["body"], p["objective"], *p["actions"]]
        texts[p["key"]] = (p["language"], "\n".join(fields))
    return [texts[key] for key in sorted(texts)]


def coalition(size: int, seed: int = 2026, length: int = 1) -> list[OverlapText]:
    """A seeded coalition of size proposals, most of them unrelated; a new point is made of
    length seed texts of one language.

    A new point is a seed text with three in four of its longer words given two random letters
    of its language: the shape and n-gram statistics of a real proposal, but content words of
    its own, so unrelated points score as low as real ones do. Then planted versions (a tenth
    of the words changed, a line dropped) and overlaps (the first half kept, the rest from
    another new point) of earlier new points, never of versions, so groups stay plan-sized.
    """
    rng = random.Random(seed)
    seeds = seed_texts()
    letters: dict[str, str] = {}
    for language, text in seeds:
        letters[language] = "".join(sorted(set(letters.get(language, "")) |
                                           {c for c in text.casefold() if c.isalpha()}))

    def mutate(word: str, language: str) -> str:
        chars = list(word)
        for _ in range(2):
            chars[rng.randrange(len(chars))] = rng.choice(letters[language])
        return "".join(chars)

    def rewrite(lines: list[str], language: str, share: float) -> list[str]:
        return [" ".join(mutate(w, language) if len(w) >= 4 and rng.random() < share else w
                         for w in line.split()) for line in lines]

    languages = [lang for lang, _ in LANGUAGE_SHARE]
    weights = [share for _, share in LANGUAGE_SHARE]
    made: list[tuple[str, str, list[str]]] = []  # language, group, lines
    originals: list[int] = []
    for _ in range(size):
        roll = rng.random()
        if originals and roll < VERSION_SHARE + OVERLAP_SHARE:
            language, group, earlier = made[rng.choice(originals)]
            if roll < VERSION_SHARE:
                dropped = rng.randrange(1, len(earlier))
                new = rewrite([x for i, x in enumerate(earlier) if i != dropped], language, 0.1)
            else:
                other = [text for lang, text in seeds if lang == language]
                fresh = rewrite(rng.choice(other).split("\n"), language, 0.75)
                new = earlier[: 1 + len(earlier) // 2] + fresh[1 + len(fresh) // 2:]
        else:
            language = rng.choices(languages, weights)[0]
            chosen = rng.sample([text for lang, text in seeds if lang == language], length)
            group = rng.choice(GROUPS)
            new = rewrite("\n".join(chosen).split("\n"), language, 0.75)
            originals.append(len(made))
        made.append((language, group, new))
    return [OverlapText(f"p{i:05}", new[0], "\n".join(new), language, group)
            for i, (language, group, new) in enumerate(made)]


def near_copies(size: int, seed: int = 14) -> list[OverlapText]:
    """A store where every text is one of 200 seeds with a twentieth of its words changed:
    about 25 near-copies of each text at 5,000 proposals, 250 at 50,000."""
    rng = random.Random(seed)
    base = coalition(200, seed=seed)
    out = []
    for i in range(size):
        words = rng.choice(base).text.split(" ")
        for _ in range(max(1, len(words) // 20)):
            words[rng.randrange(len(words))] = rng.choice(words)
        out.append(OverlapText(f"n{i:05}", words[0], " ".join(words), "en", "g"))
    return out


def labelled_quality() -> tuple[float, float, str]:
    """Precision and recall of the default setting on the labelled set (positive = duplicate or
    overlap), and a table of labels against the kind suggested."""
    pairs = json.loads(LABELLED.read_text(encoding="utf-8"))
    texts = {side["id"]: OverlapText(side["id"], side["title"], side["text"], side["language"], "")
             for pair in pairs for side in (pair["a"], pair["b"])}
    found = {frozenset((p.a, p.b)): p.kind
             for g in find_overlaps(list(texts.values())) for p in g.pairs}
    kinds = [found.get(frozenset((p["a"]["id"], p["b"]["id"])), "not suggested") for p in pairs]
    truth = [p["label"] != "unrelated" for p in pairs]
    positive = [kind != "not suggested" for kind in kinds]
    hits = sum(f and t for f, t in zip(positive, truth, strict=True))
    counts = Counter(zip((p["label"] for p in pairs), kinds, strict=True))
    columns = ("duplicate", "overlap", "not suggested")
    table = ("| labelled \\ suggested | " + " | ".join(columns) + " |\n"
             "| --- | --- | --- | --- |\n" + "\n".join(
                 f"| {label} ({sum(counts[label, c] for c in columns)}) | "
                 + " | ".join(str(counts[label, c]) for c in columns) + " |"
                 for label in ("duplicate", "overlap", "unrelated")))
    return hits / max(sum(positive), 1), hits / sum(truth), table


def best_of(fn: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def best_of_one(texts: list[OverlapText]) -> float:
    start = time.perf_counter()
    find_overlaps(texts)
    return time.perf_counter() - start


# Runs the command line in this interpreter and reports its own peak memory on stderr.
_MEASURED = ("import atexit, resource, sys\n"
             "atexit.register(lambda: print('PEAK_KB', resource.getrusage(resource.RUSAGE_SELF)"
             ".ru_maxrss, file=sys.stderr))\n"
             "from stratplan.cli import main\n"
             "sys.argv = ['stratplan', *sys.argv[1:]]\n"
             "main()\n")


def _run(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds and peak kB of one whole `stratplan` process."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _MEASURED, *args], env=env, check=True,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    peak = [int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("PEAK_KB")]
    return seconds, peak[-1]


def whole_command(size: int = 5000) -> str:
    """The table of the whole command on a store of near-copies: cold, warm, n-grams only."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "STRATPLAN_HOME": str(Path(tmp) / "home")}
        db = str(Path(tmp) / "store.sqlite")
        subprocess.run([sys.executable, str(HERE / "make_store.py"), str(size), db], env=env,
                       check=True, capture_output=True)
        floor = statistics.median(
            _timed([sys.executable, "-c", "pass"]) for _ in range(RUNS))
        cold, cold_kb = _run(["--db", db, "overlaps"], env)
        warm = [_run(["--db", db, "overlaps"], env) for _ in range(RUNS)]
        alone = [_run(["--db", db, "overlaps", "--ngrams-only"], env) for _ in range(RUNS)]
    for label, runs in (("first run (model reads every proposal)", [(cold, cold_kb)]),
                        ("again (vectors cached)", warm), ("--ngrams-only", alone)):
        seconds = statistics.median(r[0] for r in runs)
        peak = max(r[1] for r in runs) / 1024
        rows.append(f"| {size:,} near-copies, {label} | {seconds:.2f} | {peak:.0f} | "
                    f"{floor:.3f} | {seconds / floor:.0f}x | under 5 s, under 1 GB |")
    return ("| `stratplan overlaps` | seconds (median) | peak MB | `python -c pass` | ratio | goal |\n"
            "| --- | --- | --- | --- | --- | --- |\n" + "\n".join(rows))


def _timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True)
    return time.perf_counter() - start


def main() -> None:
    command = whole_command()
    print(command, flush=True)
    if "--command-only" in sys.argv[1:]:
        out = HERE / "results" / "overlaps-command.md"
        out.write_text(f"# `stratplan overlaps`, whole command ({time.strftime('%Y-%m-%d')}, "
                       f"{os.cpu_count()} cores)\n\n{command}\n", encoding="utf-8")
        return
    find_overlaps(coalition(20))  # a first call, so the timed runs do not pay for imports
    rows = []
    for size, length, goal in SIZES:
        texts = coalition(size, length=length)
        groups = find_overlaps(texts)
        pairs = sum(len(g.pairs) for g in groups)
        seconds = best_of(partial(find_overlaps, texts)) if size <= 5000 else best_of_one(texts)
        chars = sum(len(t.text) for t in texts) // size
        rows.append(f"| {size:,} | {chars:,} | {len(groups):,} | {pairs:,} | {seconds:.3f} "
                    f"| under {goal:g} s |")
    for size, goal in NEAR_COPY_SIZES:
        texts = near_copies(size)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        groups = find_overlaps(texts)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        rows.append(f"| {size:,} near-copies | {sum(len(t.text) for t in texts) // size:,} "
                    f"| {len(groups):,} | {sum(len(g.pairs) for g in groups):,} | {seconds:.3f} "
                    f"| under {goal:g} s (peak RSS {max(peak, before) / 1024:.0f} MB) |")
        print(rows[-1], flush=True)
    precision, recall, kinds = labelled_quality()
    table = ("| proposals | mean characters | groups | pairs | seconds | goal |\n"
             "| --- | --- | --- | --- | --- | --- |\n" + "\n".join(rows))
    quality = (f"Labelled set, tests/data/overlap_pairs.json: precision {precision:.3f}, recall "
               f"{recall:.3f} (positive = duplicate or overlap) at the default threshold "
               f"{DEFAULT_THRESHOLD}, duplicate from {DUPLICATE}.")
    scale = (f"Synthetic coalitions built from the labelled set and the demo proposals "
             f"({VERSION_SHARE:.0%} planted versions, {OVERLAP_SHARE:.0%} planted overlaps); "
             f"find_overlaps at the default threshold, best of {RUNS} runs after a first call.")
    out = HERE / "results" / "overlaps.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(f"# Overlap finder benchmark ({time.strftime('%Y-%m-%d')}, "
                   f"{os.cpu_count()} cores)\n\n{scale}\n\n{table}\n\n{command}\n\n{quality}\n\n"
                   f"{kinds}\n",
                   encoding="utf-8")
    print(scale)
    print(table)
    print(quality)
    print(kinds)


if __name__ == "__main__":
    main()
