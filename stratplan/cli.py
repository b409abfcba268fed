"""Command line: every capability scriptable; with no sub-command the window opens."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select

from stratplan import __version__
from stratplan.core import paths
from stratplan.core.db.models import SyncOp
from stratplan.core.errors import StratplanError, ValidationError
from stratplan.core.export.results import results_csv, results_docx
from stratplan.core.oplog import materialise
from stratplan.core.oplog.hlc import unpack
from stratplan.core.oplog.identity import (
    KEY_FILE,
    key_is_protected,
    load_or_create_identity,
    save_identity,
)
from stratplan.core.oplog.ops import from_body
from stratplan.core.services import (
    ballot_csv,
    coalition,
    groups,
    localplans,
    peer,
    programme,
    proposals,
    rounds,
)
from stratplan.core.services.demo import demo_needs, install_demo, load_demo_file
from stratplan.core.voting.fractions_input import parse_fraction
from stratplan.core.workspace import Workspace, open_workspace
from stratplan.resources import resource_path


def hlc_text(stamp: int) -> str:
    """A clock stamp as local date and time, for people."""
    ms, _ = unpack(stamp)
    return dt.datetime.fromtimestamp(ms / 1000).strftime("%Y-%m-%d %H:%M")


def _emit(args: argparse.Namespace, data: Any, text: Callable[[], str]) -> None:
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=list))
    else:
        print(text())


def _open(args: argparse.Namespace) -> Workspace:
    return open_workspace(
        Path(args.db) if args.db else paths.default_store_path(),
        paths.key_dir(),
        passphrase=os.environ.get("STRATPLAN_PASSPHRASE") or None,
    )


def cmd_demo(args: argparse.Namespace) -> int:
    data = load_demo_file(resource_path("demo", "coalition.json"))
    ws = _open(args)
    try:
        with ws.store.transaction() as s:
            counts = install_demo(s, writer=ws.writer, data=data,
                                  needs_csv=demo_needs(resource_path("demo")))
    finally:
        ws.close()
    _emit(args, counts, lambda: "Demo coalition added: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


def cmd_setup(args: argparse.Namespace) -> int:
    ws = _open(args)
    try:
        with ws.store.transaction() as s:
            if coalition.coalition_info(s) is not None:
                raise ValidationError("This store already belongs to a coalition.")
            info = coalition.create_coalition(
                s, writer=ws.writer, name=args.coalition, org_name=args.org, org_code=args.code,
                country=args.country, language=args.language, person_name=args.name,
            )
    finally:
        ws.close()
    _emit(args, dataclasses.asdict(info), lambda: f"Coalition '{info.name}' created ({info.id}).")
    return 0


def _org_id(s: Any, code: str) -> str:
    listed = coalition.list_organisations(s)
    for org in listed:
        if org.code.casefold() == code.casefold():
            return org.id
    for org in listed:
        if len(code) >= 4 and org.id.startswith(code.lower()):
            return org.id
    raise ValidationError(f"No member organisation has the code '{code}'.")


def cmd_groups(args: argparse.Namespace) -> int:
    ws = _open(args)
    try:
        with ws.store.transaction() as s:
            if args.action_name == "add":
                groups.create_group(s, writer=ws.writer, name=args.name, description=args.description or "")
            elif args.action_name == "edit":
                groups.edit_group(s, writer=ws.writer, group_id=_group_id(s, args.group), name=args.name,
                                  description=args.description,
                                  archived=True if args.archive else (False if args.unarchive else None))
            elif args.action_name == "member":
                gid = _group_id(s, args.group)
                for code in args.add or []:
                    groups.set_member(s, writer=ws.writer, group_id=gid, org_id=_org_id(s, code), present=True)
                for code in args.remove or []:
                    groups.set_member(s, writer=ws.writer, group_id=gid, org_id=_org_id(s, code), present=False)
            rows = groups.list_groups(s, include_archived=True)
    finally:
        ws.close()
    _emit(args, [dataclasses.asdict(g) for g in rows],
          lambda: "\n".join(f"{g.id[:8]}  {g.proposal_count:4d}  {g.name}" for g in rows))
    return 0


def _group_id(s: Any, value: str) -> str:
    """A group by its number in the list, its name, or the first 4+ characters of its id."""
    all_groups = groups.list_groups(s, include_archived=True)
    if value.isdigit() and len(value) < 4:
        for g in all_groups:
            if g.position + 1 == int(value):
                return g.id
    for g in all_groups:
        if g.name.casefold() == value.casefold():
            return g.id
    if len(value) >= 4:
        for g in all_groups:
            if g.id.startswith(value.lower()):
                return g.id
    raise ValidationError(f"No working group matches '{value}'. See `stratplan group list`.")


def _read_body(value: str | None) -> str | None:
    if value is None:
        return None
    if value == "-":
        return sys.stdin.read()
    try:
        return Path(value).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"Cannot read the body file {value}: {exc}") from exc


def _changes(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ("title", "summary", "objective", "responsible", "resources", "level", "start",
                 "end", "status", "language"):
        value = getattr(args, name, None)
        if value is not None:
            out[name] = value
    if getattr(args, "reason", None) is not None:
        out["status_reason"] = args.reason
    body = _read_body(getattr(args, "body_file", None))
    if body is not None:
        out["body"] = body
    if getattr(args, "tag", None):
        out["tags"] = args.tag
    if getattr(args, "action", None):
        out["actions"] = args.action
    return out


def _detail_text(d: proposals.ProposalDetail) -> str:
    f = d.fields
    lines = [f"{f['title']}", f"id {d.id}  status {f['status']}  level {f['level']}  "
             f"by {d.author} ({d.organisation})  {d.revision_count} revision(s)"]
    if d.conflict:
        lines.append("! edited on two laptops at once: open it in the window to resolve")
    for name in ("summary", "objective", "responsible", "resources"):
        if f[name]:
            lines.append(f"{name.capitalize()}: {f[name]}")
    if f["actions"]:
        lines.append("Actions:\n" + "\n".join(f"  - {a}" for a in f["actions"]))
    if f["tags"]:
        lines.append("Tags: " + ", ".join(f["tags"]))
    if f["body"]:
        lines.append("\n" + f["body"])
    return "\n".join(lines)


def cmd_proposal(args: argparse.Namespace) -> int:
    ws = _open(args)
    try:
        with ws.store.transaction() as s:
            if args.action_name == "list":
                gid = _group_id(s, args.group) if args.group else None
                rows = proposals.list_proposals(s, group_id=gid)
                data = [{k: v for k, v in dataclasses.asdict(r).items() if k != "search_text"} for r in rows]
                _emit(args, data, lambda: "\n".join(
                    f"{r.id[:8]}  {r.status:<13} {r.organisation:<6} {r.title}" for r in rows))
                return 0
            if args.action_name == "add":
                fields = _changes(args)
                detail = proposals.create_proposal(s, writer=ws.writer, group_id=_group_id(s, args.group),
                                                   fields=fields)
            elif args.action_name == "edit":
                pid = proposals.resolve_proposal_id(s, args.id)
                if args.group:
                    changes = {**_changes(args), "group": _group_id(s, args.group)}
                else:
                    changes = _changes(args)
                detail = proposals.revise_proposal(s, writer=ws.writer, proposal_id=pid, changes=changes)
            else:
                detail = proposals.get_proposal(s, proposals.resolve_proposal_id(s, args.id))
    finally:
        ws.close()
    _emit(args, dataclasses.asdict(detail), lambda: _detail_text(detail))
    return 0


def cmd_key(args: argparse.Namespace) -> int:
    folder = paths.key_dir()
    current = os.environ.get("STRATPLAN_PASSPHRASE") or None
    if key_is_protected(folder) and current is None:
        current = getpass.getpass("Current passphrase: ")
    identity = load_or_create_identity(folder, current)
    if args.action_name == "passphrase":
        new = getpass.getpass("New passphrase (empty for none): ")
        if new != getpass.getpass("Repeat the new passphrase: "):
            raise ValidationError("The two passphrases differ; nothing was changed.")
        save_identity(identity, folder, new or None)
    data = {"device_id": identity.device_id, "fingerprint": identity.fingerprint,
            "key_file": str(folder / KEY_FILE), "protected": key_is_protected(folder)}
    _emit(args, data, lambda: "\n".join(f"{k.replace('_', ' ')}: {v}" for k, v in data.items()))
    return 0


def _round_id(s: Any, value: str) -> str:
    listed = rounds.list_rounds(s)
    for r in listed:
        if r.title.casefold() == value.casefold():
            return r.id
    for r in listed:
        if len(value) >= 4 and r.id.startswith(value.lower()):
            return r.id
    raise ValidationError(f"No voting round matches '{value}'. See `stratplan round list`.")


def _round_text(r: rounds.RoundInfo) -> str:
    return (f"{r.id[:8]}  {r.status:<6} {r.method:<8} {r.ballots_cast}/{len(r.electorate)} voted  {r.title}")


def _tally_text(data: dict[str, Any]) -> str:
    titles = {p["id"]: p["title"] for p in data.get("proposals", [])}
    lines = [f"{data['title']} ({data['method']}, {data['status']})"]
    for place, group in enumerate(data.get("order", []), start=1):
        names = " = ".join(titles.get(pid, pid) for pid in group)
        lines.append(f"{place:3d}. {names}")
    for p in data.get("proposals", []):
        if "adopted" in p:
            lines.append(f"     {'ADOPTED' if p['adopted'] else 'not adopted':<12} {p['support']:>7}  {p['title']}")
    return "\n".join(lines)


def cmd_round(args: argparse.Namespace) -> int:
    ws = _open(args)
    try:
        with ws.store.transaction() as s:
            action = args.action_name
            if action == "list":
                listed = rounds.list_rounds(s)
                _emit(args, [_round_json(r) for r in listed], lambda: "\n".join(map(_round_text, listed)))
                return 0
            if action == "open":
                pids = [proposals.resolve_proposal_id(s, p) for p in args.proposal]
                electorate = None
                if args.org:
                    electorate = [(_org_id(s, spec.split("=")[0]), spec.split("=")[1] if "=" in spec else "1")
                                  for spec in args.org]
                info = rounds.open_round(s, writer=ws.writer, title=args.title, method=args.method,
                                         proposal_ids=pids, electorate=electorate, threshold=args.threshold,
                                         quorum=args.quorum, basis=args.basis, closes=args.closes or "",
                                         group_id=_group_id(s, args.group) if args.group else "")
                _emit(args, _round_json(info), lambda: _round_text(info))
                return 0
            rid = _round_id(s, args.round)
            if action == "ballot":
                choices = json.loads(args.choices)
                info = rounds.get_round(s, rid)
                by_number = {f"P{p.number}": p.id for p in info.proposals}
                choices = _choices_from_labels(choices, by_number)
                behalf = _org_id(s, args.on_behalf_of) if args.on_behalf_of else ""
                ballot = rounds.cast_ballot(s, writer=ws.writer, round_id=rid, choices=choices, on_behalf_of=behalf)
                _emit(args, dataclasses.asdict(ballot), lambda: f"Ballot recorded for {ballot.org_code}.")
                return 0
            if action == "import-ballots":
                data = _read_bytes(args.file)
                count = ballot_csv.import_ballots_csv(s, writer=ws.writer, round_id=rid, data=data)
                _emit(args, {"imported": count}, lambda: f"{count} ballot(s) imported.")
                return 0
            if action == "results":
                data = rounds.tally_json(rounds.tally(s, round_id=rid))
                target = Path(args.file)
                if args.format == "docx" or (args.format is None and target.suffix.lower() == ".docx"):
                    results_docx(data, target, language=args.language)
                else:
                    target.write_text(results_csv(data), encoding="utf-8")
                _emit(args, {"written": args.file}, lambda: f"Written {args.file}.")
                return 0
            if action in ("export", "template"):
                text = ballot_csv.export_ballots_csv(s, round_id=rid)
                Path(args.file).write_text(text, encoding="utf-8")
                _emit(args, {"written": args.file}, lambda: f"Written {args.file}.")
                return 0
            result = (rounds.close_round(s, writer=ws.writer, round_id=rid) if action == "close"
                      else rounds.tally(s, round_id=rid))
            data = rounds.tally_json(result)
    finally:
        ws.close()
    _emit(args, data, lambda: _tally_text(data))
    return 0


def _round_json(r: rounds.RoundInfo) -> dict[str, Any]:
    return {"id": r.id, "title": r.title, "method": r.method, "status": r.status,
            "ballots_cast": r.ballots_cast, "electorate": len(r.electorate),
            "threshold": str(r.threshold), "quorum": str(r.quorum),
            "proposals": [{"label": f"P{p.number}", "id": p.id, "title": p.title} for p in r.proposals]}


def _choices_from_labels(choices: Any, by_number: dict[str, str]) -> Any:
    def one(key: str) -> str:
        return by_number.get(key, key)

    if isinstance(choices, dict):
        return {one(k): v for k, v in choices.items()}
    if isinstance(choices, list):
        return [[one(k) for k in group] for group in choices]
    return choices


def _read_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError(f"Cannot read {path}: {exc.strerror}.") from exc


def cmd_count(args: argparse.Namespace) -> int:
    data = ballot_csv.count_csv(_read_bytes(args.file), method=args.method,
                                threshold=parse_fraction(args.threshold), quorum=parse_fraction(args.quorum),
                                basis=args.basis)
    _emit(args, data, lambda: json.dumps(data, ensure_ascii=False, indent=2))
    return 0


def cmd_peer(args: argparse.Namespace) -> int:
    ws = _open(args)
    try:
        with ws.store.transaction() as s:
            codes = {o.id: o.code for o in coalition.list_organisations(s)}
            if args.command == "needs" and args.action_name == "import":
                needs, offers = peer.import_csv(s, writer=ws.writer, data=_read_bytes(args.file))
                data: Any = {"needs": needs, "offers": offers}
                text = f"Imported {needs} needs and {offers} offers."
            elif args.command == "needs":
                data = [{"id": n.id, "organisation": codes.get(n.need.org, "?"), "area": n.need.area,
                         "priority": n.need.priority, "description": n.need.description}
                        for n in peer.list_needs(s)]
                text = "\n".join(f"{d['organisation']:<6} {d['area']:<26} {d['priority']:<6} {d['description']}"
                                 for d in data)
            elif args.command == "offers":
                data = [{"id": o.id, "organisation": codes.get(o.offer.org, "?"), "area": o.offer.area,
                         "name": o.offer.name, "languages": list(o.offer.languages),
                         "formats": list(o.offer.formats), "description": o.offer.description}
                        for o in peer.list_offers(s)]
                text = "\n".join(f"{d['organisation']:<6} {d['area']:<26} {d['name']}" for d in data)
            else:
                found = peer.matches(s)
                data = [{"need_organisation": codes.get(org, "?"), "area": area,
                         "matches": [{"organisation": codes.get(m.offer_org, "?"), "offer": m.offer_name,
                                      "score": m.score, "shared_languages": list(m.shared_languages),
                                      "reasons": list(m.reasons)} for m in ms]}
                        for (org, area), ms in found.items()]
                text = "\n".join(f"{d['need_organisation']:<6} {d['area']:<26} <- "
                                 + (", ".join(m["organisation"] for m in d["matches"]) or "(nobody yet)")
                                 for d in data)
    finally:
        ws.close()
    _emit(args, data, lambda: text)
    return 0


def cmd_programme(args: argparse.Namespace) -> int:
    ws = _open(args)
    try:
        with ws.store.transaction() as s:
            if args.action_name == "place":
                layout = programme.get_layout(s)
                sections = [(sec.id, sec.title, [p.id for p in sec.points]) for sec in layout.sections]
                target = next((sec for sec in sections if sec[1].casefold() == args.section.casefold()), None)
                if target is None:
                    target = ("", args.section, [])
                    sections.append(target)
                target[2].extend(proposals.resolve_proposal_id(s, p) for p in args.proposal)
                programme.save_layout(s, writer=ws.writer, sections=sections)
            layout = programme.get_layout(s)
    finally:
        ws.close()
    data = {"sections": [{"title": sec.title, "points": [{"id": p.id, "title": p.title} for p in sec.points]}
                         for sec in layout.sections],
            "unplaced": [{"id": p.id, "title": p.title} for p in layout.unplaced]}
    _emit(args, data, lambda: "\n".join(
        [f"{i}. {sec['title']}\n" + "\n".join(f"   {i}.{j} {p['title']}" for j, p in enumerate(sec["points"], 1))
         for i, sec in enumerate(data["sections"], 1)]
        + ([f"Not placed yet: {len(data['unplaced'])} adopted point(s)"] if data["unplaced"] else [])))
    return 0


def _release_id(s: Any, value: str) -> str:
    listed = programme.list_releases(s)
    for r in listed:
        if r.name.casefold() == value.casefold():
            return r.id
    for r in listed:
        if len(value) >= 4 and r.id.startswith(value.lower()):
            return r.id
    raise ValidationError(f"No release is named '{value}'. See `stratplan release list`.")


def cmd_release(args: argparse.Namespace) -> int:
    ws = _open(args)
    try:
        with ws.store.transaction() as s:
            if args.action_name == "create":
                info = programme.create_release(s, writer=ws.writer, name=args.name)
                data: Any = dataclasses.asdict(info)
                text = f"Release '{info.name}' created with {info.points} points."
            elif args.action_name == "list":
                data = [dataclasses.asdict(r) for r in programme.list_releases(s)]
                text = "\n".join(f"{r['created']}  {r['points']:4d} points  {r['name']}" for r in data)
            else:
                changes = programme.diff_releases(s, old_id=_release_id(s, args.old),
                                                  new_id=_release_id(s, args.new))
                data = [dataclasses.asdict(c) for c in changes]
                text = "\n".join(f"{c.kind:<8} {c.new_number or c.old_number:<6} {c.title}"
                                 + (f" ({', '.join(c.fields)})" if c.fields else "") for c in changes)
    finally:
        ws.close()
    _emit(args, data, lambda: text or "No changes.")
    return 0


def _plan_id(s: Any, ws: Workspace, value: str | None) -> str:
    plans = localplans.list_plans(s, org_id=ws.profile.org_id)
    if value:
        for p in plans:
            if p.title.casefold() == value.casefold() or (len(value) >= 4 and p.id.startswith(value.lower())):
                return p.id
        raise ValidationError(f"No local plan of yours matches '{value}'.")
    if not plans:
        raise ValidationError("Your organisation has no local plan yet: `stratplan local-plan start RELEASE`.")
    return plans[0].id


def cmd_local_plan(args: argparse.Namespace) -> int:
    ws = _open(args)
    try:
        with ws.store.transaction() as s:
            action = args.action_name
            if action == "start":
                view = localplans.start_plan(s, writer=ws.writer, release_id=_release_id(s, args.release),
                                             title=args.title or "")
            elif action == "list":
                plans = localplans.list_plans(s, org_id=ws.profile.org_id)
                data = [{"id": p.id, "title": p.title, "release": p.release_name} for p in plans]
                _emit(args, data, lambda: "\n".join(f"{d['id'][:8]}  {d['release']:<20} {d['title']}" for d in data))
                return 0
            else:
                plan_id = _plan_id(s, ws, args.plan)
                if action == "decide":
                    local = {}
                    if args.text_file:
                        local["body"] = _read_body(args.text_file)
                    for name in ("responsible", "start", "end", "resources"):
                        if getattr(args, name):
                            local[name] = getattr(args, name)
                    if args.action:
                        local["actions"] = args.action
                    view = localplans.decide(s, writer=ws.writer, plan_id=plan_id,
                                             point_id=proposals.resolve_proposal_id(s, args.point),
                                             decision=args.decision, local=local, reason=args.reason or "")
                elif action == "rebase":
                    view = localplans.rebase(s, writer=ws.writer, plan_id=plan_id,
                                             release_id=_release_id(s, args.release))
                elif action == "add-point":
                    view = localplans.add_local_point(s, writer=ws.writer, plan_id=plan_id,
                                                      fields={"title": args.title, "summary": args.summary or ""})
                else:
                    view = localplans.plan_view(s, plan_id)
    finally:
        ws.close()
    data = {"id": view.id, "title": view.title, "release": view.release_name,
            "points": [{"number": p.number, "id": p.id, "title": p.programme["title"],
                        "decision": p.decision or "adopt", "reason": p.reason,
                        "changed_upstream": list(p.changed_upstream)} for p in view.points],
            "local_points": [{"id": lp.id, "title": lp.fields["title"]} for lp in view.local_points]}
    _emit(args, data, lambda: "\n".join(
        [f"{view.title or 'Local plan'} ({view.release_name})"]
        + [f"{p['number']:<6} {p['decision']:<15} {p['title']}" + (" [changed upstream]" if p["changed_upstream"] else "")
           for p in data["points"]] + [f"L      local          {lp['title']}" for lp in data["local_points"]]))
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    ws = _open(args)
    try:
        with ws.store.transaction() as s:
            stmt = select(SyncOp.body, SyncOp.sig).order_by(SyncOp.hlc, SyncOp.id)
            ops = [from_body(b, sig, trusted=True) for b, sig in s.execute(stmt)]
    finally:
        ws.close()
    if args.limit:
        ops = ops[-args.limit:]
    data = [{"id": o.id, "sig": o.sig, "body": json.loads(o.body)} for o in ops]
    _emit(args, data, lambda: "\n".join(
        f"{hlc_text(o.hlc)}  {o.id[:12]}  {o.kind:<18} {o.entity[:8]}  device {o.device[:8]} #{o.seq}"
        for o in ops))
    return 0


def cmd_rebuild(args: argparse.Namespace) -> int:
    ws = _open(args)
    try:
        with ws.store.transaction() as s:
            count = materialise.rebuild(s)
    finally:
        ws.close()
    _emit(args, {"operations": count}, lambda: f"Rebuilt the views from {count} operations.")
    return 0


def cmd_window(args: argparse.Namespace) -> int:
    from stratplan.app import run_app  # Qt is loaded only when a window is wanted

    return run_app(Path(args.db) if args.db else None, demo_if_empty=args.demo_if_empty,
                   smoke=args.smoke_test)


def _proposal_fields(p: argparse.ArgumentParser, *, required_title: bool) -> None:
    p.add_argument("--title", required=required_title)
    p.add_argument("--summary")
    p.add_argument("--body-file", help="a Markdown file with the body, or - for standard input")
    p.add_argument("--objective")
    p.add_argument("--action", action="append", help="one action (repeat for several)")
    p.add_argument("--responsible")
    p.add_argument("--resources")
    p.add_argument("--level", choices=("local", "national", "international"))
    p.add_argument("--start", help="YYYY-MM-DD")
    p.add_argument("--end", help="YYYY-MM-DD")
    p.add_argument("--tag", action="append", help="a tag (repeat for several)")
    p.add_argument("--language", help="language code of the text, e.g. en, lt, fr")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stratplan", description="StratPlan: one strategic programme, built together.")
    parser.add_argument("--version", action="version", version=f"StratPlan {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help="the store file (default: in your user data folder)")
    common.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--db", help="the store file (default: in your user data folder)")
    parser.add_argument("--demo-if-empty", action="store_true",
                        help="open on the demo coalition when the store is empty")
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(func=cmd_window, json=False)
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("demo", parents=[common], help="add the demo coalition to an empty store")
    p.set_defaults(func=cmd_demo)
    p = sub.add_parser("setup", parents=[common], help="start a new coalition in an empty store")
    p.add_argument("--coalition", required=True)
    p.add_argument("--org", required=True, help="your organisation's name")
    p.add_argument("--code", required=True, help="its short code")
    p.add_argument("--country", required=True, help="ISO code, e.g. LT")
    p.add_argument("--language", required=True, help="working language, e.g. lt")
    p.add_argument("--name", required=True, help="your name")
    p.set_defaults(func=cmd_setup)

    gp = sub.add_parser("group", help="working groups")
    gsub = gp.add_subparsers(dest="action_name", required=True)
    p = gsub.add_parser("list", parents=[common])
    p.set_defaults(func=cmd_groups)
    p = gsub.add_parser("add", parents=[common], help="create a working group")
    p.add_argument("name")
    p.add_argument("--description")
    p.set_defaults(func=cmd_groups)
    p = gsub.add_parser("edit", parents=[common], help="rename, describe or archive a group")
    p.add_argument("group", help="group id prefix, name or number")
    p.add_argument("--name")
    p.add_argument("--description")
    p.add_argument("--archive", action="store_true")
    p.add_argument("--unarchive", action="store_true")
    p.set_defaults(func=cmd_groups)
    p = gsub.add_parser("member", parents=[common], help="add or remove member organisations")
    p.add_argument("group", help="group id prefix, name or number")
    p.add_argument("--add", action="append", metavar="ORG_CODE")
    p.add_argument("--remove", action="append", metavar="ORG_CODE")
    p.set_defaults(func=cmd_groups)

    kp = sub.add_parser("key", help="this laptop's signing key")
    ksub = kp.add_subparsers(dest="action_name", required=True)
    p = ksub.add_parser("show", parents=[common], help="fingerprint and where the key file is")
    p.set_defaults(func=cmd_key)
    p = ksub.add_parser("passphrase", parents=[common], help="set, change or remove the key's passphrase")
    p.set_defaults(func=cmd_key)

    pp = sub.add_parser("proposal", help="draft plan points")
    psub = pp.add_subparsers(dest="action_name", required=True)
    p = psub.add_parser("list", parents=[common])
    p.add_argument("--group", help="group id prefix, name or number")
    p.set_defaults(func=cmd_proposal)
    p = psub.add_parser("show", parents=[common])
    p.add_argument("id", help="proposal id or its first characters")
    p.set_defaults(func=cmd_proposal)
    p = psub.add_parser("add", parents=[common])
    p.add_argument("--group", required=True, help="group id prefix, name or number")
    _proposal_fields(p, required_title=True)
    p.set_defaults(func=cmd_proposal)
    p = psub.add_parser("edit", parents=[common])
    p.add_argument("id", help="proposal id or its first characters")
    p.add_argument("--group", help="move to this group")
    _proposal_fields(p, required_title=False)
    p.add_argument("--status", choices=("draft", "submitted", "in_discussion", "merged", "adopted",
                                        "rejected", "withdrawn"))
    p.add_argument("--reason", help="why (needed for withdrawn or rejected)")
    p.set_defaults(func=cmd_proposal)

    rp = sub.add_parser("round", help="voting rounds")
    rsub = rp.add_subparsers(dest="action_name", required=True)
    p = rsub.add_parser("list", parents=[common])
    p.set_defaults(func=cmd_round)
    p = rsub.add_parser("open", parents=[common], help="open a round on proposals' current revisions")
    p.add_argument("--title", required=True)
    p.add_argument("--method", required=True, choices=("approval", "ranking", "score"))
    p.add_argument("--proposal", action="append", required=True, help="proposal id (repeat)")
    p.add_argument("--org", action="append", help="electorate member CODE or CODE=WEIGHT (default: all)")
    p.add_argument("--threshold", default="2/3", help="e.g. 2/3, 66.67%% (exact)")
    p.add_argument("--quorum", default="1/2")
    p.add_argument("--basis", default="expressed", choices=("expressed", "electorate"))
    p.add_argument("--closes", help="closing date shown to voters, YYYY-MM-DD")
    p.add_argument("--group", help="a working group's own ranking round")
    p.set_defaults(func=cmd_round)
    for name, helptext in (("ballot", "cast or change this organisation's ballot"),
                           ("import-ballots", "enter paper or online-form ballots from CSV"),
                           ("export", "write the round's ballots as CSV"),
                           ("template", "write a CSV ballot sheet to fill in"),
                           ("close", "close with the signed list of counted ballots"),
                           ("results", "write the results as CSV or as a Word annex (.docx)"),
                           ("tally", "count the round")):
        p = rsub.add_parser(name, parents=[common], help=helptext)
        p.add_argument("round", help="round id (first characters) or title")
        if name == "ballot":
            p.add_argument("choices", help='JSON, e.g. \'{"P1": "yes"}\' or \'[["P2"], ["P1", "P3"]]\'')
            p.add_argument("--on-behalf-of", help="organisation code (the round's opener only)")
        if name in ("import-ballots", "export", "template", "results"):
            p.add_argument("file")
        if name == "results":
            p.add_argument("--format", choices=("csv", "docx"), help="default: from the file name")
            p.add_argument("--language", default="en", choices=("en", "lt", "fr"), help="labels of the annex")
        p.set_defaults(func=cmd_round)
    p = sub.add_parser("count", help="recount a ballot CSV with no store at all")
    p.add_argument("file")
    p.add_argument("--method", required=True, choices=("approval", "schulze", "borda", "score"))
    p.add_argument("--threshold", default="2/3")
    p.add_argument("--quorum", default="1/2")
    p.add_argument("--basis", default="expressed", choices=("expressed", "electorate"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_count)

    for name, helptext in (("needs", "organisations' needs (peer-to-peer)"), ("offers", "tools and practices offered")):
        np_ = sub.add_parser(name, help=helptext)
        nsub = np_.add_subparsers(dest="action_name", required=True)
        p = nsub.add_parser("list", parents=[common])
        p.set_defaults(func=cmd_peer)
        if name == "needs":
            p = nsub.add_parser("import", parents=[common], help="the needs assessment, as CSV (needs and offers)")
            p.add_argument("file")
            p.set_defaults(func=cmd_peer)
    p = sub.add_parser("match", parents=[common], help="for each need, who can help (best first)")
    p.set_defaults(func=cmd_peer, action_name="match")

    pp = sub.add_parser("programme", help="the unified programme's sections")
    psub = pp.add_subparsers(dest="action_name", required=True)
    p = psub.add_parser("show", parents=[common])
    p.set_defaults(func=cmd_programme)
    p = psub.add_parser("place", parents=[common], help="place points in a section (made if new)")
    p.add_argument("section")
    p.add_argument("proposal", nargs="+")
    p.set_defaults(func=cmd_programme)
    rp2 = sub.add_parser("release", help="named, immutable versions of the programme")
    r2 = rp2.add_subparsers(dest="action_name", required=True)
    p = r2.add_parser("create", parents=[common])
    p.add_argument("name")
    p.set_defaults(func=cmd_release)
    p = r2.add_parser("list", parents=[common])
    p.set_defaults(func=cmd_release)
    p = r2.add_parser("diff", parents=[common], help="what changed between two releases")
    p.add_argument("old")
    p.add_argument("new")
    p.set_defaults(func=cmd_release)
    lp = sub.add_parser("local-plan", help="your organisation's local plan")
    lsub = lp.add_subparsers(dest="action_name", required=True)
    p = lsub.add_parser("start", parents=[common])
    p.add_argument("release")
    p.add_argument("--title")
    p.set_defaults(func=cmd_local_plan)
    p = lsub.add_parser("list", parents=[common])
    p.set_defaults(func=cmd_local_plan)
    p = lsub.add_parser("show", parents=[common])
    p.add_argument("--plan")
    p.set_defaults(func=cmd_local_plan)
    p = lsub.add_parser("decide", parents=[common], help="adopt, adapt or not_applicable for one point")
    p.add_argument("point")
    p.add_argument("decision", choices=("adopt", "adapt", "not_applicable"))
    p.add_argument("--plan")
    p.add_argument("--reason")
    p.add_argument("--text-file", help="the local text (Markdown), for adapt")
    p.add_argument("--action", action="append")
    p.add_argument("--responsible")
    p.add_argument("--start")
    p.add_argument("--end")
    p.add_argument("--resources")
    p.set_defaults(func=cmd_local_plan)
    p = lsub.add_parser("rebase", parents=[common], help="follow a newer release")
    p.add_argument("release")
    p.add_argument("--plan")
    p.set_defaults(func=cmd_local_plan)
    p = lsub.add_parser("add-point", parents=[common], help="a point of your own")
    p.add_argument("--title", required=True)
    p.add_argument("--summary")
    p.add_argument("--plan")
    p.set_defaults(func=cmd_local_plan)

    p = sub.add_parser("log", parents=[common], help="the signed operations")
    p.add_argument("--limit", type=int, default=0)
    p.set_defaults(func=cmd_log)
    p = sub.add_parser("rebuild", parents=[common], help="recompute every view from the log")
    p.set_defaults(func=cmd_rebuild)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except StratplanError as exc:
        print(f"stratplan: {exc}", file=sys.stderr)
        return 1
