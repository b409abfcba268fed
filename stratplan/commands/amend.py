"""Commands for amendments: propose, list, show, accept (or modify), reject, choose among rivals."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from sqlalchemy.orm import Session

from stratplan.commands.common import (
    JsonObject,
    emit,
    read_body,
    resolve_release,
    say,
    store_action,
)
from stratplan.core.errors import ValidationError
from stratplan.core.messages import Message, msg
from stratplan.core.services import amend_merge, amendments, proposals
from stratplan.core.workspace import Workspace

# The words of an amendment's state, for people.
STATE_WORDS: dict[str, Message] = {
    "open": msg("open"), "accepted": msg("accepted, waiting to be merged"), "rejected": msg("rejected"),
    "set-aside": msg("set aside for a competing amendment"), "merged": msg("merged into the text"),
    "outdated": msg("outdated: its passage has changed"), "invalid": msg("does not fit its revision"),
}


CHANGE_WORDS: dict[str, Message] = {"replace": msg("replace"), "insert": msg("insert"), "delete": msg("delete")}
DECISION_WORDS: dict[str, Message] = {
    "accept": msg("accepted"), "modify": msg("accepted with a modification"), "reject": msg("rejected"),
    "aside": msg("set aside"),
}


def cmd_amend(args: argparse.Namespace) -> int:
    handlers = {"add": _add, "list": _list, "show": _show, "accept": _accept, "reject": _reject,
                "choose": _choose}
    with store_action(args) as (ws, s):
        data, text = handlers[args.action_name](args, ws, s)
    emit(args, data, lambda: text)
    return 0


def _lines(value: str) -> tuple[int, int]:
    """"3" or "3-5", as typed."""
    first, _, last = value.partition("-")
    try:
        return int(first), int(last or first)
    except ValueError as exc:
        raise ValidationError("Write lines as a number or a range, e.g. 14 or 14-16, not '{value}'.",
                              value=value) from exc


def inline_text(segments: Any) -> str:
    """Inline changes in plain text: [-deleted-] and {+inserted+}, as word diffs print them."""
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    return "".join(marks[seg.kind].format(seg.text) for seg in segments)


def _json(info: amendments.AmendmentInfo) -> JsonObject:
    return dataclasses.asdict(info)


def where_words(change: str, first: int, last: int) -> Message:
    """ "line 7", "lines 3-4", "after line 2": where an amendment lies, for people."""
    if change == "insert":
        return msg("after line {n}", n=first) if first else msg("before the first line")
    if first == last:
        return msg("line {n}", n=first)
    return msg("lines {first}-{last}", first=first, last=last)


def _summary(info: amendments.AmendmentInfo) -> str:
    first, last = ((info.current_first, info.current_last) if info.current_start >= 0
                   else (info.first_line, info.last_line))
    rivals = (" " + say(msg("(competes with {ids})", ids=", ".join(i[:8] for i in info.competes_with)))
              if info.competes_with else "")
    return (f"{info.id[:8]}  {info.organisation:<6}  {say(where_words(info.change, first, last)):<16}  "
            f"{say(CHANGE_WORDS[info.change]):<10}  {say(STATE_WORDS[info.state])}{rivals}")


def _detail(info: amendments.AmendmentInfo) -> str:
    out = [_summary(info), "", inline_text(info.segments), "", f"{say(msg('Reason'))}: {info.reason}"]
    for d in info.decisions:
        counts = "" if d.counts else f"  ({say(msg('does not count: not an owner or coordinator'))})"
        words = say(DECISION_WORDS[d.decision])
        out.append(f"  {words} ({d.organisation}, {d.author}){counts}{': ' + d.reason if d.reason else ''}")
    return "\n".join(out)


def _merge_text(outcome: amend_merge.MergeOutcome | None) -> list[str]:
    if outcome is None:
        return []
    out = []
    if outcome.revision:
        out.append(say(msg("Merged into a new revision {revision}: {ids}.", revision=outcome.revision[:8],
                           ids=", ".join(i[:8] for i in outcome.merged))))
    for comp in outcome.competing:
        out.append(say(msg("Competing amendments on lines {first}-{last}: choose one with `stratplan amend "
                           "choose ID`, or combine them with `--text`.", first=comp.first_line, last=comp.last_line)))
        out += [f"  {alt.amendment_id[:8]} {alt.organisation}: {inline_text(alt.segments)}"
                for alt in comp.alternatives]
    return out


def _text_arg(args: argparse.Namespace) -> str | None:
    if getattr(args, "text_file", None):
        # A file's last line ends with a line break that is not part of the new text.
        return (read_body(args.text_file) or "").rstrip("\n")
    text: str | None = args.text
    return text


def _add(args: argparse.Namespace, ws: Workspace, s: Session) -> tuple[object, str]:
    revision = args.revision or ""
    if args.release:
        pid, revision = amendments.release_point(s, release_id=resolve_release(s, args.release), point=args.proposal)
    else:
        pid = proposals.resolve_proposal_id(s, args.proposal)
    first, last = _lines(args.lines) if args.lines else (0, 0)
    if args.change == "insert" and args.after is not None:
        first = last = args.after
    if not args.lines and args.after is None and not args.passage:
        raise ValidationError("Say where: --lines 14-16, --after 14 (insert) or --passage \"exact words\".")
    info = amendments.propose_amendment(s, writer=ws.writer, proposal_id=pid, change=args.change,
                                        reason=args.reason, text=_text_arg(args) or "", first=first, last=last,
                                        passage=args.passage or "", revision_id=revision)
    return _json(info), "\n".join([say(msg("Amendment {id} proposed.", id=info.id[:8])), _detail(info)])


def _list(args: argparse.Namespace, ws: Workspace, s: Session) -> tuple[object, str]:
    pid = proposals.resolve_proposal_id(s, args.proposal)
    listed = amendments.list_amendments(s, proposal_id=pid)
    lines = amendments.numbered_text(s, proposal_id=pid)
    data: Any = [_json(a) for a in listed]
    if args.numbered:
        data = {"lines": [dataclasses.asdict(x) for x in lines], "amendments": data}
    text = [f"{x.number:>4}  {x.text}" for x in lines] + [""] if args.numbered else []
    text += [_summary(a) for a in listed] or [say(msg("No amendments to this proposal yet."))]
    return data, "\n".join(text)


def _show(args: argparse.Namespace, ws: Workspace, s: Session) -> tuple[object, str]:
    info = amendments.get_amendment(s, args.id)
    return _json(info), _detail(info)


def _decided(out: amend_merge.DecideOutcome) -> tuple[object, str]:
    data = {"amendment": _json(out.amendment), "merge": dataclasses.asdict(out.merge) if out.merge else None}
    return data, "\n".join([_summary(out.amendment), *_merge_text(out.merge)])


def _accept(args: argparse.Namespace, ws: Workspace, s: Session) -> tuple[object, str]:
    modified = _text_arg(args)
    if len(args.ids) == 1:
        return _decided(amend_merge.decide(s, writer=ws.writer, amendment_id=args.ids[0],
                                           decision="modify" if modified is not None else "accept",
                                           text=modified or "", reason=args.reason or ""))
    if modified is not None:
        raise ValidationError("A modified text is for one amendment at a time.")
    # Several at once: all accepted, then one merge, which reports the ones that compete.
    infos = [amendments.decide_amendment(s, writer=ws.writer, amendment_id=i, decision="accept",
                                         reason=args.reason or "") for i in args.ids]
    if len({i.proposal_id for i in infos}) > 1:
        raise ValidationError("Accept the amendments of one proposal at a time.")
    outcome = amend_merge.merge_accepted(s, writer=ws.writer, proposal_id=infos[0].proposal_id)
    return dataclasses.asdict(outcome), "\n".join(_merge_text(outcome))


def _reject(args: argparse.Namespace, ws: Workspace, s: Session) -> tuple[object, str]:
    return _decided(amend_merge.decide(s, writer=ws.writer, amendment_id=args.id, decision="reject",
                                       reason=args.reason or ""))


def _choose(args: argparse.Namespace, ws: Workspace, s: Session) -> tuple[object, str]:
    ids = [amendments.resolve_amendment_id(s, i) for i in args.ids]
    pid = amendments.get_amendment(s, ids[0]).proposal_id
    combined = _text_arg(args)
    if combined is None and len(ids) > 1:
        raise ValidationError("Choose one amendment, or give the combined text with --text.")
    outcome = amend_merge.resolve_competition(s, writer=ws.writer, proposal_id=pid, choose="" if combined else ids[0],
                                              text=combined, among=tuple(ids))
    return dataclasses.asdict(outcome), "\n".join(_merge_text(outcome))


def cmd_proposal_book(args: argparse.Namespace) -> int:
    """`stratplan export proposal-book OUT [--group G]`: Word, or PDF through LibreOffice."""
    import tempfile
    from pathlib import Path

    from stratplan.commands.common import resolve_group
    from stratplan.core.export import libreoffice
    from stratplan.core.export.book_docx import write_book_docx
    from stratplan.core.services.proposal_book import proposal_book

    target = Path(args.out)
    fmt = args.format or target.suffix.lower().lstrip(".") or "docx"
    if fmt not in ("docx", "pdf", "odt"):
        raise ValidationError("The proposal book is written as Word (.docx), or as PDF or ODT through LibreOffice.")
    with store_action(args) as (_ws, s):
        book = proposal_book(s, group_id=resolve_group(s, args.group) if args.group else "", language=args.language)
    office = libreoffice.available()
    numbers = office and not args.no_page_numbers
    if fmt == "docx":
        write_book_docx(book, target, page_numbers_pass=numbers)
    else:
        if not office:
            raise ValidationError("A PDF or ODT proposal book needs LibreOffice, which is not installed on this "
                                  "computer. Export to Word (.docx) instead.")
        with tempfile.TemporaryDirectory(prefix="stratplan-export-") as tmp:
            source = Path(tmp) / f"{target.stem or 'book'}.docx"
            write_book_docx(book, source, page_numbers_pass=numbers)
            libreoffice.convert(source, target, fmt)
    count = sum(len(g.proposals) for g in book.groups)
    emit(args, {"written": str(target), "format": fmt, "proposals": count,
                "amendments": sum(len(p.amendments) for g in book.groups for p in g.proposals)},
         lambda: say(msg("Written {file}.", file=target)))
    return 0
