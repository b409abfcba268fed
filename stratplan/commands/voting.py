"""Commands for voting rounds and store-free recounts."""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from stratplan.commands.common import (
    emit,
    named,
    read_bytes,
    resolve_group,
    resolve_org,
    resolve_round,
    say,
    store_action,
)
from stratplan.core.errors import ValidationError
from stratplan.core.export.results import results_csv, results_docx
from stratplan.core.messages import msg, plural
from stratplan.core.services import (
    ballot_csv,
    proposals,
    rounds,
)
from stratplan.core.voting.fractions_input import parse_fraction
from stratplan.core.workspace import Workspace


def _round_text(r: rounds.RoundInfo) -> str:
    voted = say(msg("{cast}/{electorate} voted", cast=r.ballots_cast, electorate=len(r.electorate)))
    return f"{r.id[:8]}  {named('round_status', r.status):<8} {named('method', r.method):<12} {voted}  {r.title}"


def _tally_text(data: dict[str, Any]) -> str:
    titles = {p["id"]: p["title"] for p in data.get("proposals", [])}
    lines = [f"{data['title']} ({named('method', data['method'])}, {named('round_status', data['status'])})"]
    for place, group in enumerate(data.get("order", []), start=1):
        names = " = ".join(titles.get(pid, pid) for pid in group)
        lines.append(f"{place:3d}. {names}")
    for p in data.get("proposals", []):
        if "adopted" in p:
            verdict = say(msg("ADOPTED") if p["adopted"] else msg("not adopted"))
            lines.append(f"     {verdict:<12} {p['support']:>7}  {p['title']}")
    return "\n".join(lines)


def cmd_round(args: argparse.Namespace) -> int:
    with store_action(args) as (ws, s):
        data, text = _ROUND_ACTIONS[args.action_name](args, ws, s)
    emit(args, data, lambda: text)
    return 0


def _list(args: argparse.Namespace, ws: Workspace, s: Session) -> tuple[object, str]:
    listed = rounds.list_rounds(s)
    # Rounds opened outside their opener's role are kept in the log: say so, and why.
    ignored = [say(msg("Not counted: '{title}': {why}", title=r.title, why=r.reason)) for r in rounds.ignored_rounds(s)]
    return [_round_json(r) for r in listed], "\n".join([*map(_round_text, listed), *ignored])


def _open(args: argparse.Namespace, ws: Workspace, s: Session) -> tuple[object, str]:
    pids = [proposals.resolve_proposal_id(s, p) for p in args.proposal]
    electorate = None
    if args.org:
        electorate = [(resolve_org(s, spec.split("=")[0]), spec.split("=")[1] if "=" in spec else "1")
                      for spec in args.org]
    info = rounds.open_round(s, writer=ws.writer, title=args.title, method=args.method,
                             proposal_ids=pids, electorate=electorate, threshold=args.threshold,
                             quorum=args.quorum, basis=args.basis, closes=args.closes or "",
                             group_id=resolve_group(s, args.group) if args.group else "",
                             allow_chains=bool(getattr(args, "chains", False)))
    return _round_json(info), _round_text(info)


def _ballot(args: argparse.Namespace, ws: Workspace, s: Session) -> tuple[object, str]:
    rid = resolve_round(s, args.round)
    try:
        choices = json.loads(args.choices)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            "The ballot is not valid JSON ({msg} at character {pos}). Write it like '{{\"P1\": "
            "\"yes\", \"P2\": \"no\"}}' or '[[\"P2\"], [\"P1\", \"P3\"]]'.",
            msg=exc.msg, pos=exc.pos + 1
        ) from exc
    by_number = {f"P{p.number}": p.id for p in rounds.get_round(s, rid).proposals}
    behalf = resolve_org(s, args.on_behalf_of) if args.on_behalf_of else ""
    ballot = rounds.cast_ballot(s, writer=ws.writer, round_id=rid, choices=_choices_from_labels(choices, by_number),
                                on_behalf_of=behalf)
    return dataclasses.asdict(ballot), say(msg("Ballot recorded for {org}.", org=ballot.org_code))


def _import_ballots(args: argparse.Namespace, ws: Workspace, s: Session) -> tuple[object, str]:
    rid = resolve_round(s, args.round)
    count = ballot_csv.import_ballots_csv(s, writer=ws.writer, round_id=rid, data=read_bytes(args.file))
    return {"imported": count}, say(plural("{n} ballot imported.", "{n} ballots imported.", count))


def _results(args: argparse.Namespace, ws: Workspace, s: Session) -> tuple[object, str]:
    data = rounds.tally_json(rounds.tally(s, round_id=resolve_round(s, args.round)))
    target = Path(args.file)
    if args.format == "docx" or (args.format is None and target.suffix.lower() == ".docx"):
        results_docx(data, target, language=args.language)
    else:
        target.write_text(results_csv(data), encoding="utf-8")
    return {"written": args.file}, say(msg("Written {file}.", file=args.file))


def _ballot_sheet(args: argparse.Namespace, ws: Workspace, s: Session) -> tuple[object, str]:
    """`export` (the ballots cast) and `template` (a sheet to fill in) write the same CSV."""
    text = ballot_csv.export_ballots_csv(s, round_id=resolve_round(s, args.round))
    Path(args.file).write_text(text, encoding="utf-8")
    return {"written": args.file}, say(msg("Written {file}.", file=args.file))


def _close(args: argparse.Namespace, ws: Workspace, s: Session) -> tuple[object, str]:
    data = rounds.tally_json(rounds.close_round(s, writer=ws.writer, round_id=resolve_round(s, args.round)))
    return data, _tally_text(data)


def _tally(args: argparse.Namespace, ws: Workspace, s: Session) -> tuple[object, str]:
    data = rounds.tally_json(rounds.tally(s, round_id=resolve_round(s, args.round)))
    return data, _tally_text(data)


_ROUND_ACTIONS: dict[str, Callable[[argparse.Namespace, Workspace, Session], tuple[object, str]]] = {
    "list": _list, "open": _open, "ballot": _ballot, "import-ballots": _import_ballots, "results": _results,
    "export": _ballot_sheet, "template": _ballot_sheet, "close": _close, "tally": _tally,
}


def _round_json(r: rounds.RoundInfo) -> dict[str, Any]:
    return {"id": r.id, "title": r.title, "method": r.method, "status": r.status,
            "ballots_cast": r.ballots_cast, "electorate": len(r.electorate), "chains": r.chains,
            "threshold": str(r.threshold), "quorum": str(r.quorum),
            "proposals": [{"label": f"P{p.number}", "id": p.id, "title": p.title} for p in r.proposals]}


def _choices_from_labels(choices: object, by_number: dict[str, str]) -> object:
    def one(key: str) -> str:
        return by_number.get(key, key)

    if isinstance(choices, dict):
        return {one(k): v for k, v in choices.items()}
    if isinstance(choices, list):
        return [[one(k) for k in group] for group in choices]
    return choices


def cmd_count(args: argparse.Namespace) -> int:
    data = ballot_csv.count_csv(read_bytes(args.file), method=args.method,
                                threshold=parse_fraction(args.threshold), quorum=parse_fraction(args.quorum),
                                basis=args.basis)
    emit(args, data, lambda: json.dumps(data, ensure_ascii=False, indent=2))
    return 0
