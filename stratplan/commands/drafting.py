"""Commands for the coalition, working groups, proposals, keys and the log."""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import json
import os
from pathlib import Path
from typing import Any

from sqlalchemy import select

from stratplan.commands.common import (
    emit,
    hlc_text,
    named,
    read_body,
    resolve_group,
    resolve_org,
    say,
    store_action,
)
from stratplan.commands.proposal_output import json_list, text_list, write_out
from stratplan.core import paths
from stratplan.core.db.models import SyncOp
from stratplan.core.errors import ValidationError
from stratplan.core.fields import FIELD_LABELS
from stratplan.core.messages import Message, msg, plural
from stratplan.core.oplog.identity import (
    KEY_FILE,
    key_is_protected,
    load_or_create_identity,
    save_identity,
)
from stratplan.core.oplog.ops import from_body
from stratplan.core.services import proposals
from stratplan.resources import resource_path


def cmd_demo(args: argparse.Namespace) -> int:
    # Imported here, as below: each command loads only the services it uses.
    from stratplan.core.services.demo import demo_needs, install_demo, load_demo_file

    data = load_demo_file(resource_path("demo", "coalition.json"))
    with store_action(args) as (ws, s):
        counts = install_demo(s, writer=ws.writer, data=data,
                              needs_csv=demo_needs(resource_path("demo")))
    emit(args, counts, lambda: say(msg("Demo coalition added: {counts}.",
                                       counts=", ".join(say(_counted(k, v)) for k, v in counts.items()))))
    return 0


def _counted(what: str, n: int) -> Message:
    """ "33 organisations", in the plural form of the command line's language."""
    forms = {
        "organisations": plural("{n} organisation", "{n} organisations", n),
        "people": plural("{n} person", "{n} people", n), "groups": plural("{n} group", "{n} groups", n),
        "proposals": plural("{n} proposal", "{n} proposals", n),
        "revisions": plural("{n} revision", "{n} revisions", n),
        "comments": plural("{n} comment", "{n} comments", n), "needs": plural("{n} need", "{n} needs", n),
        "offers": plural("{n} offer", "{n} offers", n),
    }
    return forms.get(what) or msg("{n} {what}", n=n, what=what)


def cmd_setup(args: argparse.Namespace) -> int:
    from stratplan.core.services import coalition
    from stratplan.core.services.sharing import start_shared_coalition

    with store_action(args) as (ws, s):
        if coalition.coalition_info(s) is not None:
            raise ValidationError("This store already belongs to a coalition.")
        # Made shareable from the start, like `coalition create` and the window.
        start_shared_coalition(ws, s, name=args.coalition, org_name=args.org, org_code=args.code,
                               country=args.country, language=args.language, person_name=args.name)
        info = coalition.coalition_info(s)
        assert info is not None
    emit(args, dataclasses.asdict(info), lambda: say(msg("Coalition '{name}' created ({id}).",
                                                         name=info.name, id=info.id)))
    return 0


def cmd_groups(args: argparse.Namespace) -> int:
    from stratplan.core.services import groups

    with store_action(args) as (ws, s):
        if args.action_name == "add":
            groups.create_group(s, writer=ws.writer, name=args.name, description=args.description or "")
        elif args.action_name == "edit":
            groups.edit_group(s, writer=ws.writer, group_id=resolve_group(s, args.group), name=args.name,
                              description=args.description,
                              archived=True if args.archive else (False if args.unarchive else None))
        elif args.action_name == "member":
            gid = resolve_group(s, args.group)
            for code in args.add or []:
                groups.set_member(s, writer=ws.writer, group_id=gid, org_id=resolve_org(s, code), present=True)
            for code in args.remove or []:
                groups.set_member(s, writer=ws.writer, group_id=gid, org_id=resolve_org(s, code), present=False)
        rows = groups.list_groups(s, include_archived=True)
    emit(args, [dataclasses.asdict(g) for g in rows],
          lambda: "\n".join(f"{g.id[:8]}  {g.proposal_count:4d}  {g.name}" for g in rows))
    return 0


def _changes(args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ("title", "summary", "objective", "responsible", "resources", "level", "start",
                 "end", "status", "language"):
        value = getattr(args, name, None)
        if value is not None:
            out[name] = value
    if getattr(args, "reason", None) is not None:
        out["status_reason"] = args.reason
    body = read_body(getattr(args, "body_file", None))
    if body is not None:
        out["body"] = body
    if getattr(args, "tag", None):
        out["tags"] = args.tag
    if getattr(args, "action", None):
        out["actions"] = args.action
    return out


def _detail_text(d: proposals.ProposalDetail) -> str:
    f = d.fields
    lines = [f"{f['title']}", say(msg(
        "id {id}  status {status}  level {level}  by {author} ({org})  {revisions}", id=d.id,
        status=named("status", f["status"]), level=named("level", f["level"]), author=d.author,
        org=d.organisation, revisions=plural("{n} revision", "{n} revisions", d.revision_count)))]
    if d.conflict:
        lines.append(say(msg("! edited on two laptops at once: open it in the window to resolve")))
    for name in ("summary", "objective", "responsible", "resources", "actions", "tags"):
        if not f[name]:
            continue
        label_text = say(FIELD_LABELS[name])
        if name == "actions":
            lines.append(f"{label_text}:\n" + "\n".join(f"  - {a}" for a in f["actions"]))
        elif name == "tags":
            lines.append(f"{label_text}: " + ", ".join(f["tags"]))
        else:
            lines.append(f"{label_text}: {f[name]}")
    if f["body"]:
        lines.append("\n" + f["body"])
    return "\n".join(lines)


# The columns of `proposal list --json`: every field of a list row but its search text.
def cmd_proposal(args: argparse.Namespace) -> int:
    with store_action(args) as (ws, s):
        if args.action_name == "list":
            gid = resolve_group(s, args.group) if args.group else None
            rows = proposals.iter_proposals(s, group_id=gid, with_search_text=False)
            write_out(json_list(rows) if args.json else text_list(rows))
            return 0
        if args.action_name == "add":
            fields = _changes(args)
            detail = proposals.create_proposal(s, writer=ws.writer, group_id=resolve_group(s, args.group),
                                               fields=fields)
        elif args.action_name == "edit":
            pid = proposals.resolve_proposal_id(s, args.id)
            if args.group:
                changes = {**_changes(args), "group": resolve_group(s, args.group)}
            else:
                changes = _changes(args)
            detail = proposals.revise_proposal(s, writer=ws.writer, proposal_id=pid, changes=changes)
        else:
            detail = proposals.get_proposal(s, proposals.resolve_proposal_id(s, args.id))
    emit(args, dataclasses.asdict(detail), lambda: _detail_text(detail))
    return 0


def _ask_secret(prompt: str) -> str:
    """A passphrase typed at the terminal; never read from a pipe, where it could be echoed."""
    import warnings

    no_terminal = ValidationError(
        "A passphrase is typed at a terminal, and there is none here: run `stratplan key passphrase` "
        "in a terminal window (scripts give the current one in STRATPLAN_PASSPHRASE). Nothing was changed.")
    try:
        with warnings.catch_warnings():
            # getpass warns, then reads the pipe, when there is no terminal: refuse instead.
            warnings.simplefilter("error", getpass.GetPassWarning)
            return getpass.getpass(prompt)
    except (getpass.GetPassWarning, EOFError) as exc:
        raise no_terminal from exc


def cmd_key(args: argparse.Namespace) -> int:
    folder = paths.key_dir()
    current = os.environ.get("STRATPLAN_PASSPHRASE") or None
    if key_is_protected(folder) and current is None:
        current = _ask_secret(say(msg("Current passphrase: ")))
    identity = load_or_create_identity(folder, current)
    if args.action_name == "passphrase":
        new = _ask_secret(say(msg("New passphrase (empty for none): ")))
        if new != _ask_secret(say(msg("Repeat the new passphrase: "))):
            raise ValidationError("The two passphrases differ; nothing was changed.")
        save_identity(identity, folder, new or None)
    data = {"device_id": identity.device_id, "fingerprint": identity.fingerprint,
            "key_file": str(folder / KEY_FILE), "protected": key_is_protected(folder)}
    labels = {"device_id": msg("device id"), "fingerprint": msg("fingerprint"), "key_file": msg("key file"),
              "protected": msg("protected by a passphrase")}
    emit(args, data, lambda: "\n".join(f"{say(labels[k])}: {_yes_no(v)}" for k, v in data.items()))
    return 0


def _yes_no(value: object) -> object:
    if isinstance(value, bool):
        return say(msg("yes") if value else msg("no"))
    return value


def cmd_log(args: argparse.Namespace) -> int:
    with store_action(args) as (ws, s):
        stmt = select(SyncOp.body, SyncOp.sig).order_by(SyncOp.hlc, SyncOp.id)
        ops = [from_body(b, sig, trusted=True) for b, sig in s.execute(stmt)]
    if args.limit:
        ops = ops[-args.limit:]
    data = [{"id": o.id, "sig": o.sig, "body": json.loads(o.body)} for o in ops]
    device = say(msg("device"))
    emit(args, data, lambda: "\n".join(
        f"{hlc_text(o.hlc)}  {o.id[:12]}  {o.kind:<18} {o.entity[:8]}  {device} {o.device[:8]} #{o.seq}"
        for o in ops))
    return 0


def cmd_rebuild(args: argparse.Namespace) -> int:
    from stratplan.core.sync import held

    with store_action(args) as (ws, s):
        count = held.full_rebuild(s)
    emit(args, {"operations": count}, lambda: say(plural("Rebuilt the views from {n} operation.",
                                                         "Rebuilt the views from {n} operations.", count)))
    return 0


def cmd_window(args: argparse.Namespace) -> int:
    from stratplan.app import run_app  # Qt is loaded only when a window is wanted

    return run_app(Path(args.db) if args.db else None, demo_if_empty=args.demo_if_empty,
                   smoke=args.smoke_test)
