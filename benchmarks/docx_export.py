"""Word export benchmark: a 500-point programme through write_docx and pandoc; 2,500 points.

Usage: python benchmarks/docx_export.py [--no-pass]   (writes benchmarks/results/docx_export.md)
Goals: a ratio under 1 at 500 points (StratPlan's export no slower than pandoc on the same
text), and 2,500 points under 3 s. The contents pass (one LibreOffice rendering for the page
numbers) is timed apart: it is an optional extra, run when LibreOffice is installed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from stratplan.core.export.document import (
    DocIndicator,
    DocMeta,
    DocModel,
    DocPoint,
    DocSection,
)
from stratplan.core.export.docx_writer import write_docx
from stratplan.core.export.text_writers import write_markdown

HERE = Path(__file__).resolve().parent
POINTS = 500
WORDS = ("bendruomenė", "koalicija", "mokymai", "savanoriai", "jaunimas", "skaidrumas",
         "participation", "advocacy", "budget", "monitoring", "égalité", "réseau", "partners",
         "capacity", "strategy", "regional", "local", "national", "evaluation", "report",
         "the", "and", "of", "to", "with", "for", "in", "a", "žmogaus", "teisės")


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def body(rng: random.Random) -> str:
    """About 300 words: paragraphs, a numbered list, a nested bulleted list, emphasis, a link."""
    return "\n\n".join([
        f"{sentence(rng, 40)} **{sentence(rng, 4)}** {sentence(rng, 30)}",
        "\n".join(f"{i}. {sentence(rng, 12)}" for i in range(1, 5)),
        f"{sentence(rng, 35)} *{sentence(rng, 5)}* "
        f"[more](https://example.org/{rng.randint(1, 99)})",
        "- " + sentence(rng, 10) + "\n  - " + sentence(rng, 10) + "\n  - " + sentence(rng, 8)
        + "\n- " + sentence(rng, 10),
        "\n".join(f"{i}. {sentence(rng, 10)}" for i in range(1, 4)),
        sentence(rng, 40),
    ])


def programme(points: int = POINTS) -> DocModel:
    rng = random.Random(2026)
    sections = []
    per_section = points // 10
    for s in range(1, 11):
        points = tuple(
            DocPoint(
                number=f"{s}.{p}", title=sentence(rng, 6)[:-1], summary=sentence(rng, 25),
                body=body(rng), objective=sentence(rng, 15),
                actions=tuple(sentence(rng, 6) for _ in range(3)),
                indicators=(DocIndicator(sentence(rng, 3)[:-1], "10", "50", "%"),),
                responsible="Koordinacinė taryba", start="2027-01-01", end="2028-12-31",
                resources=f"{rng.randint(1, 90)} 000 EUR",
                level=rng.choice(("local", "national", "international")),
                tags=("švietimas", "advocacy"))
            for p in range(1, per_section + 1))
        sections.append(DocSection(f"Kryptis {s}: {sentence(rng, 3)[:-1]}", points))
    meta = DocMeta(kind="programme", title="Bendroji programa 2027–2030",
                   coalition="Koalicija", organisation="", country="LT", release="1.0",
                   date="2026-05-09", language="lt")
    return DocModel(meta=meta, sections=tuple(sections))


def best_of(runs: int, fn: object) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-pass", action="store_true", help="skip the LibreOffice pass")
    args = parser.parse_args(argv)
    model = programme()
    big = programme(2500)
    words = sum(len(p.body.split()) for s in model.sections for p in s.points)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "programme.docx"
        ours = best_of(3, lambda: write_docx(model, out))
        size = out.stat().st_size
        large = best_of(3, lambda: write_docx(big, Path(tmp) / "big.docx"))
        large_size = (Path(tmp) / "big.docx").stat().st_size
        with_pass = None
        if not args.no_pass:
            numbered = Path(tmp) / "numbered.docx"
            start = time.perf_counter()
            write_docx(model, numbered, page_numbers_pass=True)
            with_pass = time.perf_counter() - start
        md = Path(tmp) / "programme.md"
        md.write_text(write_markdown(model), encoding="utf-8")
        pandoc = shutil.which("pandoc")
        if pandoc is None:
            print("pandoc is not installed: apt-get install pandoc (Debian/Ubuntu), then run "
                  "this benchmark again.", file=sys.stderr)
            theirs = None
            version = "not installed"
        else:
            version = subprocess.run([pandoc, "--version"], capture_output=True, text=True,
                                     check=True).stdout.split("\n")[0]
            theirs = best_of(3, lambda: subprocess.run(
                [pandoc, "-f", "markdown", "-t", "docx", "-o", str(Path(tmp) / "p.docx"),
                 str(md)], check=True))
    ratio = f"{ours / theirs:.2f}" if theirs else "n/a"
    rows = [
        f"| write_docx, {POINTS} points, {words:,} body words | {ours:.2f} s "
        f"| {size / 1e6:.1f} MB |",
        f"| pandoc -f markdown -t docx, same text ({version}) | "
        + (f"{theirs:.2f} s |  |" if theirs else "not run |  |"),
        f"| ratio write_docx / pandoc (goal < 1) | {ratio} |  |",
        f"| write_docx, 2,500 points (goal < 3 s) | {large:.2f} s | {large_size / 1e6:.1f} MB |",
        "| write_docx with the contents pass (LibreOffice page numbers), 500 points, once | "
        + (f"{with_pass:.2f} s (pass {with_pass - ours:.2f} s) |  |" if with_pass is not None
           else "not run |  |"),
    ]
    table = "| export | time (best of 3) | file |\n| --- | --- | --- |\n" + "\n".join(rows)
    result = HERE / "results" / "docx_export.md"
    result.parent.mkdir(exist_ok=True)
    result.write_text(
        f"# Word export benchmark ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, "
        f"Python {sys.version.split()[0]})\n\n{table}\n", encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
