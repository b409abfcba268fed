"""Charts of progress as PNG images: statuses per section and indicators against their targets.

Drawn with matplotlib's Agg canvas and its object API (no pyplot, no global state, no display),
so the same picture goes into a Word report, a worker thread of the window and a headless test.
Statuses differ by hatching and by their order as well as by colour, and every bar carries its
count, so a chart printed in black and white still reads.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from stratplan.core.services.progress import STATUSES

# One colour and one hatch per status; colours from the colour-blind-safe Okabe-Ito palette.
_STYLE: dict[str, tuple[str, str]] = {
    "not_started": ("#bbbbbb", ""),
    "on_track": ("#009e73", "//"),
    "delayed": ("#e69f00", "xx"),
    "done": ("#0072b2", ".."),
    "dropped": ("#d55e00", "\\\\"),
}
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
_LINES = ("-", "--", "-.", ":")
_DPI = 120
_MAX_LABEL = 38  # longer section names are shortened on the axis (the document holds them whole)


@dataclass(frozen=True)
class Series:
    """One line of an indicator chart: a member or the whole coalition, one value per period."""

    label: str
    values: tuple[float | None, ...]


@cache
def _canvas_classes() -> tuple[Any, Any]:
    # matplotlib takes a third of a second to import: only the commands that draw pay for it.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    return Figure, FigureCanvasAgg


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_LABEL else text[: _MAX_LABEL - 1].rstrip() + "…"


def _wrapped(text: str, width: int) -> str:
    # A long indicator name would run off the picture; two lines at most, then an ellipsis.
    lines = textwrap.wrap(" ".join(text.split()), width)
    return "\n".join(lines[:1] + [textwrap.shorten(" ".join(lines[1:]), width, placeholder="…")]
                     if len(lines) > 1 else lines)


def _title(fig: Any, text: str, height: float) -> None:
    # Placed as figure text: the axes' own title re-measures every tick label to find its
    # place, a quarter of the drawing time.
    fig.text(0.5, 1 - 0.06 / height, text, ha="center", va="top", fontsize=10)


def _png(figure: Any) -> bytes:
    _, canvas_class = _canvas_classes()
    canvas_class(figure)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=_DPI)
    return out.getvalue()


def status_chart_png(groups: Sequence[tuple[str, Mapping[str, int]]], labels: Mapping[str, str], *,
                     title: str, axis: str) -> bytes:
    """Horizontal stacked bars, one per group (a section, a period), one segment per status.

    `labels` names each status in the document's language; `axis` names the counted thing
    ("reports"). An empty chart (no reports at all) still draws its axes and legend.
    """
    figure_class, _ = _canvas_classes()
    height = 1.5 + 0.42 * max(1, len(groups))
    fig = figure_class(figsize=(7.0, height))
    # Margins in inches, set by hand: matplotlib's automatic layout would triple the drawing time
    # (a report of a hundred points draws a hundred charts).
    longest = max((len(_short(name)) for name, _ in groups), default=4)
    fig.subplots_adjust(left=min(0.45, (0.25 + 0.062 * longest) / 7.0), right=0.97,
                        top=1 - 0.35 / height, bottom=0.95 / height)
    ax = fig.add_subplot()
    names = [_short(name) for name, _ in groups][::-1]  # first group on top
    lefts = [0] * len(groups)
    for status in STATUSES:
        counts = [counts_.get(status, 0) for _, counts_ in groups][::-1]
        colour, hatch = _STYLE[status]
        bars = ax.barh(names, counts, left=lefts, color=colour, hatch=hatch, edgecolor="#333333",
                       linewidth=0.6, label=labels.get(status, status))
        ax.bar_label(bars, labels=[str(c) if c else "" for c in counts], label_type="center", fontsize=8,
                     bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})
        lefts = [a + b for a, b in zip(lefts, counts, strict=True)]
    _title(fig, _wrapped(title, 90), height)
    ax.set_xlabel(axis, fontsize=9)
    ax.tick_params(labelsize=8)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.42 / (height - 1.3)),
              ncols=3, frameon=False)
    return _png(fig)


def indicator_chart_png(periods: Sequence[str], series: Sequence[Series], *, title: str, unit: str,
                        target: float | None, target_label: str, width: float = 7.0) -> bytes:
    """One line per series across the periods, with the target as a dashed level line.

    A period without a value leaves a gap in its line rather than a fall to zero. `width` (inches)
    is narrower for a window's side pane, where the text keeps its size and the plot gives way.
    """
    figure_class, _ = _canvas_classes()
    fig = figure_class(figsize=(width, 3.2))
    # The margins stay the same in inches whatever the width: the legend needs 1.9 of them.
    fig.subplots_adjust(left=0.63 / width, right=1 - 1.96 / width, top=0.84, bottom=0.12)
    ax = fig.add_subplot()
    xs = list(range(len(periods)))
    for i, line in enumerate(series):
        ys = [float("nan") if v is None else v for v in line.values]
        ax.plot(xs, ys, marker=_MARKERS[i % len(_MARKERS)], linestyle=_LINES[(i // len(_MARKERS)) % len(_LINES)],
                linewidth=1.4, markersize=5, label=_short(line.label))
    if target is not None:
        ax.axhline(target, color="#d55e00", linestyle=(0, (6, 3)), linewidth=1.2,
                   label=f"{target_label} ({_number(target)})")
    ax.set_xticks(xs, [_short(p) for p in periods], fontsize=8)
    ax.set_xlim(-0.3, max(0.3, len(periods) - 0.7))
    ax.set_ylim(bottom=0)
    _title(fig, _wrapped(title, int(78 * width / 7.0)), 3.2)
    ax.set_ylabel(_short(unit), fontsize=9)
    ax.tick_params(axis="y", labelsize=8)
    ax.grid(axis="y", linewidth=0.4, alpha=0.6)
    if series or target is not None:
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return _png(fig)


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"
