"""An amendment's change shown inline, as a reader takes it in: what stays, what goes, what comes.

A word diff alone interleaves a rewritten sentence word by word ("~~Judges~~ __Kaune__ ~~decide~~
__ir__ ..."), which nobody can read. Changes separated only by spaces or one short word are
therefore shown as one: the whole old wording struck, then the whole new one underlined.
"""

from __future__ import annotations

import difflib

from stratplan.core.diff import tokens

# An unchanged run this short (in tokens, spaces included: " a ") between two changes is
# shown inside the change rather than as a lone word left standing among them.
_BRIDGE = 3


def inline_runs(old: str, new: str) -> list[tuple[str, str]]:
    """(kind, text) runs in reading order, kind one of equal, delete, insert; joining the equal
    and delete runs gives `old` back, the equal and insert runs `new`."""
    a, b = tokens(old), tokens(new)
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    # Merged changes: (old text, new text) or an equal run between them.
    chunks: list[tuple[str, str, str]] = []  # (tag, old part, new part)
    for index, (tag, i1, i2, j1, j2) in enumerate(ops):
        old_part, new_part = "".join(a[i1:i2]), "".join(b[j1:j2])
        short = tag == "equal" and (i2 - i1 <= _BRIDGE and (not old_part.strip() or len(old_part.strip()) <= 3))
        between = 0 < index < len(ops) - 1
        if tag == "equal" and not (short and between):
            chunks.append(("equal", old_part, new_part))
        elif chunks and chunks[-1][0] == "change":
            _, o, n = chunks[-1]
            chunks[-1] = ("change", o + old_part, n + new_part)
        else:
            chunks.append(("change", old_part, new_part))
    out: list[tuple[str, str]] = []
    for kind, o, n in chunks:
        if kind == "equal":
            out.append(("equal", o))
            continue
        if o:  # a replacement shows its deletion first, as Word does
            out.append(("delete", o))
        if n:
            out.append(("insert", n))
    return out
