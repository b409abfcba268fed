"""The proposal list as the command line prints it: text or JSON, streamed in blocks."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator
from typing import Any

import orjson

from stratplan.core.messages import environment_language
from stratplan.core.services.proposal_rows import ProposalSummary
from stratplan.core.vocabulary import label

_LIST_FIELDS = tuple(f.name for f in dataclasses.fields(ProposalSummary) if f.name != "search_text")


def json_list(rows: Iterator[ProposalSummary]) -> Iterator[bytes]:
    """The same bytes as `json.dumps(rows, ensure_ascii=False, indent=2)`, row by row.

    orjson's two-space indent writes exactly that layout for these values (text, integers,
    booleans, lists of text); each row is indented one level more as an item of the list."""
    first = True
    for row in rows:
        item = orjson.dumps({name: getattr(row, name) for name in _LIST_FIELDS}, option=orjson.OPT_INDENT_2)
        yield (b"[\n  " if first else b",\n  ") + item.replace(b"\n", b"\n  ")
        first = False
    yield b"[]\n" if first else b"\n]\n"


def text_list(rows: Iterator[ProposalSummary]) -> Iterator[bytes]:
    first = True
    language = environment_language()
    for r in rows:
        status = label("status", r.status, language)
        yield ("" if first else "\n").encode() + f"{r.id[:8]}  {status:<13} {r.organisation:<6} {r.title}".encode()
        first = False
    yield b"\n"


def write_out(chunks: Iterator[bytes]) -> None:
    """Write a streamed output to stdout in blocks of about a megabyte."""
    out = getattr(sys.stdout, "buffer", None)
    sys.stdout.flush()
    block: list[bytes] = []
    size = 0
    for chunk in chunks:
        block.append(chunk)
        size += len(chunk)
        if size >= 1 << 20:
            _write_block(out, block)
            block, size = [], 0
    _write_block(out, block)
    if out is not None:
        out.flush()


def _write_block(out: Any, block: list[bytes]) -> None:
    data = b"".join(block)
    if out is None:  # a text stream put in place of stdout (tests, embedding)
        sys.stdout.write(data.decode("utf-8"))
    else:
        out.write(data)
